"""Each malformed file of the corpus gives its exact error, and nothing is written.

The files are in files/ (made by make_corpus.py, which says how each was
made); the 10 MB cell is built here. Expected: (row, column, value, code,
message in Arabic, message in French) of every error, in order.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import cooperative_fields
from tadamon.history.models import HistoryEntry
from tadamon.imports.services import run_import
from tadamon.registry import services
from tadamon.registry.models import Declaration, Organization
from tests.bad_input.make_corpus import huge_cell_csv

FILES = Path(__file__).resolve().parent / "files"
COLUMNS = (
    "registry_id, external_id, legal_form, name_ar, name_fr, acronym, province_code, commune, "
    "address, founding_date, registration_date, sector, activity, status, public_utility, "
    "public_utility_date, ice, parent_registry_id, phone, email, website"
)
NOT_TEXT = (
    None, "", "", "file_binary",
    "هذا الملف ليس ملفا نصيا (CSV) ولا ملف Excel (.xlsx): احفظه بصيغة CSV أو .xlsx",
    "Ce fichier n'est ni un fichier texte (CSV) ni un classeur Excel (.xlsx) : enregistrez-le en "
    "CSV ou en .xlsx",
)  # fmt: skip

EXPECTED = {
    "mixed_encoding.csv": [(
        3, "", "", "encoding_mixed",
        "الملف يخلط ترميزين (UTF-8 وWindows-1256)، أول سطر بترميز مختلف: 3. احفظ الملف كله بترميز "
        "واحد",
        "Le fichier mélange deux encodages (UTF-8 et Windows-1256), première ligne dans l'autre "
        "encodage : 3. Enregistrez tout le fichier dans un seul encodage",
    )],
    "utf16_without_bom.csv": [NOT_TEXT],
    "binary.csv": [NOT_TEXT],
    "missing_column.csv": [(
        1, "", "", "column_missing",
        f"أعمدة إلزامية غائبة: province_code (الأعمدة المقبولة: {COLUMNS})",
        f"Colonnes obligatoires absentes : province_code (colonnes admises : {COLUMNS})",
    )],
    "unknown_province.csv": [(
        2, "province_code", "أطلانتس", "province_unknown",
        "الإقليم أو العمالة «أطلانتس» غير موجود", "Province ou préfecture « أطلانتس » inconnue",
    )],
    "impossible_date.csv": [(
        2, "founding_date", "31/02/2020", "date_impossible",
        "تاريخ التأسيس: التاريخ «31/02/2020» غير موجود في التقويم",
        "date de création : la date « 31/02/2020 » n'existe pas",
    )],
    "duplicate_keys.csv": [
        (row, "external_id", "BAD-1", "key_repeated_in_file",
         "القيمة «BAD-1» مكررة في الملف (الأسطر 2, 3)",
         "La valeur « BAD-1 » figure plusieurs fois dans le fichier (lignes 2, 3)")
        for row in (2, 3)
    ],
    "formula_in_name.csv": [(
        2, "name_fr", '=HYPERLINK("http://evil.example","Coop")', "formula_in_cell",
        "العمود «name_fr»: الخلية تبدأ بـ«=» وسيشغلها برنامج الجداول كصيغة؛ اكتب القيمة نفسها "
        "بدل الصيغة",
        "Colonne « name_fr » : la cellule commence par « = » et un tableur l'exécuterait comme "
        "une formule ; écrivez la valeur elle-même",
    )],
    "empty.csv": [(None, "", "", "file_empty", "الملف فارغ", "Le fichier est vide")],
    "header_only.csv": [(
        None, "", "", "file_has_no_rows",
        "الملف لا يحتوي إلا على سطر العناوين: لا توجد أسطر للاستيراد",
        "Le fichier ne contient que la ligne d'en-tête : aucune ligne à importer",
    )],
    "truncated.xlsx": [(
        None, "", "", "xlsx_unreadable",
        "تعذرت قراءة ملف Excel: الملف مبتور أو تالف. أعد حفظه من Excel ثم أرسله من جديد",
        "Classeur Excel illisible : le fichier est tronqué ou abîmé. Enregistrez-le à nouveau "
        "depuis Excel puis renvoyez-le",
    )],
    "huge_cell.csv": [(
        2, "", "", "cell_too_large",
        "خلية في السطر 2، العمود «name_ar» تتجاوز 32767 حرفا (حد الخلية في Excel): الملف تالف أو "
        "ليس جدولا",
        "Une cellule (ligne 2, colonne « name_ar ») dépasse 32767 caractères (la limite d'une "
        "cellule Excel) : fichier abîmé ou qui n'est pas un tableau",
    )],
    "negative_counts.csv": [(
        2, "members_total", "-5", "negative_figure",
        "عدد الأعضاء لا يمكن أن يكون سالبا (-5)", "nombre de membres ne peut pas être négatif (-5)",
    )],
    "women_above_total.csv": [(
        2, "members_women", "15", "members_women_exceeds_total",
        "عدد العضوات (15) يتجاوز عدد الأعضاء (12)",
        "nombre de femmes membres (15) dépasse nombre de membres (12)",
    )],
    "duplicate_declaration_years.csv": [
        (row, "year", "2023", "key_repeated_in_file",
         "تصريحان أو أكثر لنفس الهيئة عن سنة 2023 في الملف (الأسطر 2, 3)",
         "Plusieurs déclarations de la même organisation pour 2023 dans le fichier (lignes 2, 3)")
        for row in (2, 3)
    ],
}  # fmt: skip
DECLARATION_FILES = {
    "negative_counts.csv", "women_above_total.csv", "duplicate_declaration_years.csv",
}  # fmt: skip


def corpus_file(name: str) -> bytes:
    return huge_cell_csv() if name == "huge_cell.csv" else (FILES / name).read_bytes()


def test_every_file_of_the_corpus_has_its_expected_error():
    committed = {p.name for p in FILES.iterdir()}
    assert committed | {"huge_cell.csv"} == set(EXPECTED)


@pytest.mark.parametrize("on_error", ["abort", "skip"])
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_it_gives_the_exact_error_and_writes_nothing(name, on_error, national_registrar,
                                                     province_hoceima):  # fmt: skip
    services.register_organization(
        national_registrar, cooperative_fields(province_hoceima, external_id="DECL-1"), "ملف"
    )
    state = (Organization.objects.count(), Declaration.objects.count(),
             HistoryEntry.objects.count())  # fmt: skip
    kind = "declarations" if name in DECLARATION_FILES else "organizations"
    result = run_import(national_registrar, kind, corpus_file(name), name, on_error=on_error)
    got = [(p.row, p.column, p.value, p.code, p.message_ar, p.message_fr) for p in result.errors]
    assert got == EXPECTED[name]
    assert state == (Organization.objects.count(), Declaration.objects.count(),
                     HistoryEntry.objects.count())  # fmt: skip
