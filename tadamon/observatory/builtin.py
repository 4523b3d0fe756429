# ruff: noqa: E501 -- bilingual definitions read better unbroken than split mid-phrase
"""The built-in indicators, targets and validation rules, as data.

`install_builtins` (run by a data migration and by `tadamon setup_demo`) writes
them into the database, where analysts may refine names, definitions and
formulas; codes stay, because the API, the dashboards and the targets name them.
"""

from __future__ import annotations

import csv

from tadamon.observatory.reference import DATA_DIR

# code, group, unit, decimals, numerator, denominator, factor, name ar, name fr,
# definition ar, definition fr
INDICATORS: list[dict] = [
    {
        "code": "population",
        "group": "population",
        "unit": "number",
        "numerator": "population",
        "name_ar": "السكان",
        "name_fr": "Population",
        "definition_ar": "السكان القانونيون حسب الإحصاء العام للسكان والسكنى 2024 (المندوبية السامية "
        "للتخطيط)، مستعملون لكل سنة إلى أن تحمّل تقديرات سنوية.",
        "definition_fr": "Population légale du RGPH 2024 (HCP), utilisée pour chaque année tant "
        "qu'aucune estimation annuelle n'est chargée.",
    },
    {
        "code": "organizations",
        "group": "registry",
        "unit": "number",
        "numerator": "organizations",
        "name_ar": "الهيئات المسجلة",
        "name_fr": "Organisations inscrites",
        "definition_ar": "الهيئات المقيدة في السجل في 31 دجنبر من السنة (مسجلة أو موقوفة)، دون "
        "السجلات المدمجة في غيرها.",
        "definition_fr": "Organisations inscrites au registre au 31 décembre de l'année "
        "(enregistrées ou suspendues), hors fiches fusionnées dans une autre.",
    },
    {
        "code": "organizations_active",
        "group": "registry",
        "unit": "number",
        "numerator": "organizations_active",
        "name_ar": "الهيئات النشيطة",
        "name_fr": "Organisations actives",
        "definition_ar": "الهيئات التي كانت حالتها «مسجلة» في 31 دجنبر من السنة حسب تاريخ تغييرات "
        "الحالة (الموقوفة والمنحلة والمشطب عليها لا تحسب).",
        "definition_fr": "Organisations au statut « enregistrée » au 31 décembre de l'année, d'après "
        "l'historique daté des statuts (suspendues, dissoutes et radiées exclues).",
    },
    {
        "code": "organizations_per_10k",
        "group": "registry",
        "unit": "per_10k",
        "decimals": 2,
        "numerator": "organizations_active",
        "denominator": "population",
        "factor": 10000,
        "name_ar": "الهيئات النشيطة لكل 10.000 نسمة",
        "name_fr": "Organisations actives pour 10 000 habitants",
        "definition_ar": "الهيئات النشيطة مقسومة على السكان القانونيين (إحصاء 2024)، مضروبة في 10.000.",
        "definition_fr": "Organisations actives divisées par la population légale (RGPH 2024), "
        "multipliées par 10 000.",
    },
    {
        "code": "organizations_growth",
        "group": "registry",
        "unit": "percent",
        "decimals": 1,
        "numerator": "organizations_active - organizations_active[year=-1]",
        "denominator": "organizations_active[year=-1]",
        "factor": 100,
        "name_ar": "نمو عدد الهيئات النشيطة",
        "name_fr": "Croissance du nombre d'organisations actives",
        "definition_ar": "التغير في عدد الهيئات النشيطة مقارنة بالسنة السابقة، بالنسبة المئوية.",
        "definition_fr": "Variation du nombre d'organisations actives par rapport à l'année "
        "précédente, en pourcentage.",
    },
    {
        "code": "declarations_completeness",
        "group": "registry",
        "unit": "percent",
        "decimals": 1,
        "numerator": "declarations",
        "denominator": "organizations",
        "factor": 100,
        "name_ar": "نسبة إيداع التصريح السنوي",
        "name_fr": "Complétude des déclarations annuelles",
        "definition_ar": "عدد الهيئات التي أودعت تصريحها لهذه السنة مقسوما على الهيئات المقيدة في "
        "السجل في نهاية السنة، بالنسبة المئوية.",
        "definition_fr": "Organisations ayant déposé leur déclaration de l'année, divisées par les "
        "organisations inscrites au registre en fin d'année, en pourcentage.",
    },
    {
        "code": "members",
        "group": "members",
        "unit": "number",
        "numerator": "members",
        "name_ar": "الأعضاء",
        "name_fr": "Membres",
        "definition_ar": "مجموع الأعضاء المصرح بهم في التصاريح السنوية للسنة.",
        "definition_fr": "Somme des membres déclarés dans les déclarations annuelles de l'année.",
    },
    {
        "code": "members_per_10k",
        "group": "members",
        "unit": "per_10k",
        "decimals": 1,
        "numerator": "members",
        "denominator": "population",
        "factor": 10000,
        "name_ar": "الأعضاء لكل 10.000 نسمة",
        "name_fr": "Membres pour 10 000 habitants",
        "definition_ar": "الأعضاء المصرح بهم مقسومون على السكان القانونيين، مضروبون في 10.000.",
        "definition_fr": "Membres déclarés divisés par la population légale, multipliés par 10 000.",
    },
    {
        "code": "members_women_share",
        "group": "members",
        "unit": "percent",
        "decimals": 1,
        "numerator": "members[sex=female]",
        "denominator": "members",
        "factor": 100,
        "name_ar": "حصة النساء من الأعضاء",
        "name_fr": "Part des femmes parmi les membres",
        "definition_ar": "العضوات مقسومات على مجموع الأعضاء المصرح بهم، بالنسبة المئوية.",
        "definition_fr": "Femmes membres divisées par l'ensemble des membres déclarés, en "
        "pourcentage.",
    },
    {
        "code": "members_youth_share",
        "group": "members",
        "unit": "percent",
        "decimals": 1,
        "numerator": "members[age=youth]",
        "denominator": "members",
        "factor": 100,
        "name_ar": "حصة الشباب من الأعضاء",
        "name_fr": "Part des jeunes parmi les membres",
        "definition_ar": "الأعضاء دون 35 سنة مقسومون على مجموع الأعضاء، بالنسبة المئوية.",
        "definition_fr": "Membres de moins de 35 ans divisés par l'ensemble des membres, en "
        "pourcentage.",
    },
    {
        "code": "members_growth",
        "group": "members",
        "unit": "percent",
        "decimals": 1,
        "numerator": "members_panel - members_panel_previous",
        "denominator": "members_panel_previous",
        "factor": 100,
        "name_ar": "نمو عدد الأعضاء (نفس الهيئات)",
        "name_fr": "Croissance des membres (mêmes organisations)",
        "definition_ar": "تغير أعضاء الهيئات التي صرحت هذه السنة والسنة السابقة، بالنسبة المئوية.",
        "definition_fr": "Variation des membres des organisations ayant déclaré cette année et la "
        "précédente, en pourcentage.",
    },
    {
        "code": "jobs",
        "group": "jobs",
        "unit": "number",
        "numerator": "jobs",
        "name_ar": "مناصب الشغل",
        "name_fr": "Emplois",
        "definition_ar": "مجموع الأجراء الدائمين والموسميين المصرح بهم.",
        "definition_fr": "Somme des salariés permanents et saisonniers déclarés.",
    },
    {
        "code": "jobs_women_share",
        "group": "jobs",
        "unit": "percent",
        "decimals": 1,
        "numerator": "jobs[sex=female]",
        "denominator": "jobs",
        "factor": 100,
        "name_ar": "حصة النساء من مناصب الشغل",
        "name_fr": "Part des femmes dans les emplois",
        "definition_ar": "الأجيرات مقسومات على مجموع مناصب الشغل، بالنسبة المئوية.",
        "definition_fr": "Salariées divisées par l'ensemble des emplois, en pourcentage.",
    },
    {
        "code": "jobs_created",
        "group": "jobs",
        "unit": "number",
        "numerator": "jobs_panel - jobs_panel_previous",
        "name_ar": "مناصب الشغل المحدثة خلال السنة",
        "name_fr": "Emplois créés dans l'année",
        "definition_ar": "مناصب شغل الهيئات التي صرحت هذه السنة والسنة السابقة ناقص مناصبها في السنة "
        "السابقة (صاف: الإحداثات ناقص الفقدان). الهيئات التي لم تصرح في السنتين لا تحسب.",
        "definition_fr": "Emplois des organisations ayant déclaré cette année et la précédente, moins "
        "leurs emplois de l'année précédente (net : créations moins pertes). Les organisations "
        "sans déclaration l'une des deux années ne comptent pas.",
    },
    {
        "code": "jobs_growth",
        "group": "jobs",
        "unit": "percent",
        "decimals": 1,
        "numerator": "jobs_panel - jobs_panel_previous",
        "denominator": "jobs_panel_previous",
        "factor": 100,
        "name_ar": "نمو مناصب الشغل (نفس الهيئات)",
        "name_fr": "Croissance des emplois (mêmes organisations)",
        "definition_ar": "مناصب الشغل المحدثة مقسومة على مناصب نفس الهيئات في السنة السابقة.",
        "definition_fr": "Emplois créés divisés par les emplois des mêmes organisations l'année "
        "précédente.",
    },
    {
        "code": "revenue",
        "group": "economy",
        "unit": "mad",
        "numerator": "revenue",
        "name_ar": "رقم المعاملات",
        "name_fr": "Chiffre d'affaires",
        "definition_ar": "مجموع رقم المعاملات المصرح به بالدرهم.",
        "definition_fr": "Somme des chiffres d'affaires déclarés, en dirhams.",
    },
    {
        "code": "value_added",
        "group": "economy",
        "unit": "mad",
        "numerator": "value_added",
        "name_ar": "القيمة المضافة",
        "name_fr": "Valeur ajoutée",
        "definition_ar": "مجموع القيمة المضافة المصرح بها بالدرهم.",
        "definition_fr": "Somme des valeurs ajoutées déclarées, en dirhams.",
    },
    {
        "code": "sse_gdp_share",
        "group": "economy",
        "unit": "percent",
        "decimals": 3,
        "numerator": "value_added",
        "denominator": "gdp",
        "factor": 100,
        "name_ar": "حصة الاقتصاد الاجتماعي والتضامني من الناتج الداخلي الإجمالي",
        "name_fr": "Part de l'ESS dans le PIB",
        "definition_ar": "القيمة المضافة المصرح بها مقسومة على الناتج الداخلي الإجمالي بالأسعار الجارية "
        "(الحسابات الوطنية والجهوية للمندوبية السامية للتخطيط)، بالنسبة المئوية. لا تنشر الجهات "
        "10 و11 و12 إلا مجتمعة: تحسب لها الحصة مجتمعة فقط (10+11+12).",
        "definition_fr": "Valeur ajoutée déclarée divisée par le PIB aux prix courants (comptes "
        "nationaux et régionaux du HCP), en pourcentage. Les régions 10, 11 et 12 ne sont "
        "publiées qu'ensemble : leur part n'est calculée que pour le groupe (10+11+12).",
    },
    {
        "code": "sse_value_added_share",
        "group": "economy",
        "unit": "percent",
        "decimals": 3,
        "numerator": "value_added",
        "denominator": "gross_value_added",
        "factor": 100,
        "name_ar": "حصة الاقتصاد الاجتماعي من القيمة المضافة الوطنية",
        "name_fr": "Part de l'économie sociale dans la valeur ajoutée nationale",
        "definition_ar": "القيمة المضافة المصرح بها مقسومة على القيمة المضافة الإجمالية للاقتصاد. "
        "القيمة المضافة الإجمالية الوطنية غير محملة بعد في المعطيات المرجعية.",
        "definition_fr": "Valeur ajoutée déclarée divisée par la valeur ajoutée brute de "
        "l'économie. La valeur ajoutée brute nationale n'est pas encore chargée dans les données "
        "de référence.",
    },
    {
        "code": "unemployment_rate",
        "group": "population",
        "unit": "percent",
        "decimals": 1,
        "numerator": "unemployment_rate",
        "name_ar": "معدل البطالة (إحصاء 2024)",
        "name_fr": "Taux de chômage (RGPH 2024)",
        "definition_ar": "معدل البطالة كما نشره الإحصاء العام 2024 لكل مجال ترابي (ليس معدل البحث "
        "الوطني حول التشغيل).",
        "definition_fr": "Taux de chômage publié par le RGPH 2024 pour chaque territoire (pas le "
        "taux de l'Enquête nationale sur l'emploi).",
    },
]

DISPARITIES: list[dict] = [
    {
        "code": "organizations_per_10k_cv",
        "kind": "cv",
        "of": "organizations_per_10k",
        "decimals": 3,
        "name_ar": "تفاوت كثافة الهيئات بين الأقاليم (معامل الاختلاف)",
        "name_fr": "Disparité de la densité d'organisations entre provinces (coefficient de "
        "variation)",
        "definition_ar": "الانحراف المعياري لعدد الهيئات النشيطة لكل 10.000 نسمة بين أقاليم المجال "
        "مقسوما على متوسطه (غير مرجح). 0 = لا تفاوت.",
        "definition_fr": "Écart type des organisations actives pour 10 000 habitants entre les "
        "provinces du territoire, divisé par leur moyenne (non pondérée). 0 = aucune disparité.",
    },
    {
        "code": "organizations_per_10k_theil",
        "kind": "theil",
        "of": "organizations_per_10k",
        "decimals": 4,
        "name_ar": "تفاوت توزيع الهيئات بين الأقاليم (مؤشر ثيل)",
        "name_fr": "Disparité de la répartition des organisations entre provinces (indice de "
        "Theil)",
        "definition_ar": "مؤشر ثيل: مجموع حصة كل إقليم من الهيئات مضروبة في لوغاريتم نسبتها إلى حصته "
        "من السكان. 0 عندما يكون لكل إقليم حصة من الهيئات تساوي حصته من السكان.",
        "definition_fr": "Indice de Theil : somme, sur les provinces, de leur part des "
        "organisations multipliée par le logarithme du rapport entre cette part et leur part de "
        "la population. 0 quand chaque province a autant d'organisations que sa part de la "
        "population.",
    },
]

# fact in sse_facts.csv → target definition (indicator measured, statements)
TARGETS: list[dict] = [
    {
        "code": "government_sse_gdp_8pct_2035",
        "fact": "government_target_sse_gdp_share_pct",
        "indicator": "sse_gdp_share",
        "baseline_fact": "sse_gdp_share_pct",
        "statement_ar": "الاقتصاد الاجتماعي والتضامني 8% من الناتج الداخلي الإجمالي في أفق 2035 "
        "(الحكومة، يوليوز 2024).",
        "statement_fr": "L'ESS à 8 % du PIB à l'horizon 2035 (gouvernement, juillet 2024).",
    },
    {
        "code": "nmd_social_economy_value_added_8pct_2035",
        "fact": "nmd_target_social_economy_value_added_share_pct",
        "indicator": "sse_value_added_share",
        "statement_ar": "مساهمة الاقتصاد الاجتماعي في القيمة المضافة 8% في 2035 (النموذج التنموي "
        "الجديد).",
        "statement_fr": "Contribution de l'économie sociale à la valeur ajoutée : 8 % en 2035 "
        "(Nouveau modèle de développement).",
    },
    {
        "code": "government_sse_jobs_50k_per_year_2035",
        "fact": "government_target_sse_jobs_per_year",
        "indicator": "jobs_created",
        "statement_ar": "إحداث 50.000 منصب شغل سنويا في الاقتصاد الاجتماعي والتضامني في أفق 2035 "
        "(الحكومة، يوليوز 2024).",
        "statement_fr": "50 000 emplois par an dans l'ESS à l'horizon 2035 (gouvernement, juillet "
        "2024).",
    },
    {
        "code": "forum_sse_gdp_4pct_2035",
        "fact": None,
        "indicator": "sse_gdp_share",
        "baseline_fact": "sse_gdp_share_pct",
        "target_value": 4,
        "target_year": 2035,
        "source": "WeXchange forum, as quoted in the project's design brief (DESIGN.md): from about "
        "2% of GDP to 4% by 2035. No primary source is recorded in sse_facts.csv.",
        "note": "Source not verified: the statement has no row in the reference facts file.",
        "statement_ar": "من حوالي 2% إلى 4% من الناتج الداخلي الإجمالي في أفق 2035 (منتدى "
        "WeXchange).",
        "statement_fr": "De 2 % environ à 4 % du PIB à l'horizon 2035 (forum WeXchange).",
    },
]

# code, left, operator, right, legal form, name ar, name fr
RULES: list[tuple[str, str, str, str, str, str, str]] = [
    (
        "members_women_within_members",
        "members_women",
        "<=",
        "members_total",
        "",
        "العضوات لا يتجاوزن مجموع الأعضاء",
        "Les femmes membres ne dépassent pas l'ensemble des membres",
    ),
    (
        "members_youth_within_members",
        "members_youth",
        "<=",
        "members_total",
        "",
        "الأعضاء الشباب لا يتجاوزون مجموع الأعضاء",
        "Les jeunes membres ne dépassent pas l'ensemble des membres",
    ),
    (
        "employees_women_within_jobs",
        "employees_women",
        "<=",
        "employees_permanent + employees_seasonal",
        "",
        "الأجيرات لا يتجاوزن مجموع الأجراء",
        "Les salariées ne dépassent pas l'ensemble des salariés",
    ),
    (
        "beneficiaries_women_within_beneficiaries",
        "beneficiaries_women",
        "<=",
        "beneficiaries_total",
        "",
        "المستفيدات لا يتجاوزن مجموع المستفيدين",
        "Les bénéficiaires femmes ne dépassent pas l'ensemble des bénéficiaires",
    ),
    (
        "value_added_within_revenue_and_subsidies",
        "value_added_mad",
        "<=",
        "revenue_mad + subsidies_mad",
        "",
        "القيمة المضافة لا تتجاوز رقم المعاملات والإعانات",
        "La valeur ajoutée ne dépasse pas le chiffre d'affaires plus les subventions",
    ),
    (
        "cooperative_has_five_members",
        "members_total",
        ">=",
        "5",
        "cooperative",
        "للتعاونية خمسة أعضاء على الأقل (القانون 112.12)",
        "Une coopérative compte au moins cinq membres (loi 112-12)",
    ),
]


def _facts() -> dict[str, list[dict[str, str]]]:
    facts: dict[str, list[dict[str, str]]] = {}
    with (DATA_DIR / "sse_facts.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            facts.setdefault(row["fact"], []).append(row)
    return facts


def install_builtins(indicator_model, target_model, rule_model) -> None:
    """Create the built-in definitions that are missing; an analyst's edits are kept."""
    for position, spec in enumerate(INDICATORS, start=1):
        defaults = {
            "name_ar": spec["name_ar"],
            "name_fr": spec["name_fr"],
            "definition_ar": spec["definition_ar"],
            "definition_fr": spec["definition_fr"],
            "numerator": spec["numerator"],
            "denominator": spec.get("denominator", ""),
            "factor": spec.get("factor", 1),
            "unit": spec["unit"],
            "decimals": spec.get("decimals", 0),
            "group": spec["group"],
            "position": position,
            "built_in": True,
        }
        indicator_model.objects.get_or_create(code=spec["code"], defaults=defaults)
    for position, spec in enumerate(DISPARITIES, start=len(INDICATORS) + 1):
        indicator_model.objects.get_or_create(
            code=spec["code"],
            defaults={
                "kind": spec["kind"],
                "of_indicator": indicator_model.objects.get(code=spec["of"]),
                "name_ar": spec["name_ar"],
                "name_fr": spec["name_fr"],
                "definition_ar": spec["definition_ar"],
                "definition_fr": spec["definition_fr"],
                "unit": "index",
                "decimals": spec["decimals"],
                "group": "disparity",
                "position": position,
                "built_in": True,
            },
        )
    facts = _facts()
    for position, spec in enumerate(TARGETS, start=1):
        fact = facts[spec["fact"]][0] if spec["fact"] else None
        baseline = facts[spec["baseline_fact"]][0] if spec.get("baseline_fact") else None
        target_model.objects.get_or_create(
            code=spec["code"],
            defaults={
                "indicator": indicator_model.objects.get(code=spec["indicator"]),
                "statement_ar": spec["statement_ar"],
                "statement_fr": spec["statement_fr"],
                "target_value": float(fact["value"]) if fact else spec["target_value"],
                "target_year": int(fact["as_of"][:4]) if fact else spec["target_year"],
                "baseline_value": float(baseline["value"]) if baseline else None,
                "baseline_year": int(baseline["as_of"][:4]) if baseline else None,
                "source": fact["source"] if fact else spec["source"],
                "note": fact["note"] if fact else spec["note"],
                "position": position,
            },
        )
    for code, left, operator, right, legal_form, name_ar, name_fr in RULES:
        rule_model.objects.get_or_create(
            code=code,
            defaults={
                "left": left,
                "operator": operator,
                "right": right,
                "legal_form": legal_form,
                "name_ar": name_ar,
                "name_fr": name_fr,
                "built_in": True,
            },
        )
