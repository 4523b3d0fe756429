"""What each note beside a missing or partial value means, in Arabic and French.

The engine and the targets attach a short code; the API returns the code, the
pages and reports show these sentences.
"""

from __future__ import annotations

from django.utils import translation

NOTES: dict[str, tuple[str, str]] = {
    "no_registry_data": (
        "لا توجد معطيات السجل لهذه السنة (أو للسنة السابقة التي يقارن بها المؤشر)",
        "pas de données du registre pour cette année (ou pour l'année précédente à laquelle "
        "l'indicateur la compare)",
    ),
    "not_published": (
        "الرقم المرجعي غير منشور لهذا المجال أو لهذه السنة",
        "chiffre de référence non publié pour ce territoire ou cette année",
    ),
    "published_for_group": (
        "تنشر المندوبية السامية للتخطيط هذا الرقم لمجموعة الجهات {group} مجتمعة فقط: لا يخترع له "
        "تقسيم",
        "le HCP ne publie ce chiffre que pour le groupe de régions {group} : aucune répartition "
        "n'est inventée",
    ),
    "denominator_zero": ("المقام يساوي صفرا", "le dénominateur est nul"),
    "needs_several_provinces": (
        "يقاس التفاوت بين أقاليم مجال ترابي يضم إقليمين على الأقل",
        "la disparité se mesure entre les provinces d'un territoire qui en compte au moins deux",
    ),
    "some_provinces_missing": (
        "بعض الأقاليم بلا قيمة ولم تدخل في الحساب",
        "certaines provinces sans valeur n'entrent pas dans le calcul",
    ),
    "mean_zero": ("المتوسط يساوي صفرا", "la moyenne est nulle"),
    "no_data": ("لا توجد معطيات", "pas de données"),
    "no_actual_value": (
        "لا توجد بعد أي قيمة فعلية للمؤشر الذي يقيس هذا الهدف",
        "l'indicateur qui mesure cette cible n'a encore aucune valeur observée",
    ),
    "too_few_positive_values": (
        "يلزم على الأقل قيمتان فعليتان موجبتان لحساب الاتجاه",
        "il faut au moins deux valeurs observées positives pour calculer la tendance",
    ),
    "trend_not_rising": (
        "الاتجاه الحالي لا يرتفع: لن يبلغ الهدف بهذه الوتيرة",
        "la tendance actuelle ne monte pas : la cible ne sera pas atteinte à ce rythme",
    ),
    "beyond_horizon": (
        "بالوتيرة الحالية لن يبلغ الهدف قبل سنة 2100",
        "au rythme actuel, la cible ne serait pas atteinte avant 2100",
    ),
    "reached": ("الهدف مبلوغ", "cible atteinte"),
}


def explain(note: str, language: str | None = None) -> str:
    """The sentence for a note code (`published_for_group:10+11+12` names its group)."""
    if not note:
        return ""
    code, _sep, group = note.partition(":")
    ar, fr = NOTES.get(code, (code, code))
    language = language or translation.get_language() or "ar"
    text = ar if language.startswith("ar") else fr
    return text.format(group=group)
