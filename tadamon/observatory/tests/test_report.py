"""Territory reports on a small demo registry: the PDF in Arabic and French rendered to
PNG and read back as text, the HTML format, the southern regions' GDP group, the
offline fetcher, the command's errors and the download view."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import include, path
from django.utils import translation
from PIL import Image

import tadamon.urls
from tadamon.errors import DomainError
from tadamon.observatory import engine, reports
from tadamon.observatory.models import Indicator
from tadamon.observatory.reports import figures
from tadamon.observatory.reports.pdf import LocalFetcher
from tadamon.observatory.reports.render import FONT_DIR
from tadamon.registry.demo.generator import generate_dataset
from tadamon.registry.demo.loader import load_demo_registry
from tadamon.territory.models import Province, Region

# The download view as the project will include it (tadamon/urls.py), with every other page.
urlpatterns = [
    path("observatory/report/", include("tadamon.observatory.report_urls")),
    *tadamon.urls.urlpatterns,
]
handler404 = tadamon.urls.handler404

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

AS_OF = dt.date(2026, 6, 30)  # declarations for 2024 and 2025
YEAR = 2025
REGION = "09"  # Souss-Massa: six provinces and prefectures
A4_AT_40_DPI = (331, 468)  # 210 × 297 mm at 40 pixels per inch, rounded up by pdftoppm
BIDI_MARKS = re.compile("[\u202a-\u202e\u2066-\u2069]")
needs_poppler = pytest.mark.skipif(
    shutil.which("pdftoppm") is None, reason="poppler-utils (pdftoppm, pdftotext) not installed"
)


@pytest.fixture
def demo(db):
    """300 organizations over the 75 provinces, two years of declarations."""
    load_demo_registry(None, generate_dataset(300, 2, seed=5, as_of=AS_OF))
    assert engine.periods() == [2024, 2025]


def pdf_text(content: bytes, tmp_path: Path, *, bbox: bool = False) -> str:
    source = tmp_path / "report.pdf"
    source.write_bytes(content)
    options = ["-bbox"] if bbox else []
    out = subprocess.run(
        ["pdftotext", *options, str(source), "-"], capture_output=True, text=True, check=True
    )
    return BIDI_MARKS.sub("", out.stdout)


def first_page(content: bytes, tmp_path: Path) -> Image.Image:
    source = tmp_path / "report.pdf"
    source.write_bytes(content)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(source), str(tmp_path / "page")],
        check=True,
    )
    (png,) = tmp_path.glob("page*.png")
    return Image.open(png).convert("RGB")


def share_of(image: Image.Image, test) -> float:
    pixels = np.asarray(image, dtype=int)
    return float(test(pixels[..., 0], pixels[..., 1], pixels[..., 2]).mean())


def is_ink(r, g, b):
    return r + g + b < 600


def is_observatory_green(r, g, b):  # #0f6b4f, the headings and the map's darkest class
    return (r < 60) & (g > 80) & (g < 140) & (b > 50) & (b < 110)


def word_boxes(content: bytes, tmp_path: Path, word: str) -> list[tuple[float, float]]:
    """(xMin, xMax) of every occurrence of a word on page 1, and the page width last
    (pdftotext -bbox writes an Arabic word's letters in visual order, right to left)."""
    xml = pdf_text(content, tmp_path, bbox=True)
    page = xml.split("</page>")[0]
    width = float(re.search(r'<page width="([\d.]+)"', page).group(1))
    boxes = [
        (float(a), float(b))
        for a, b, text in re.findall(
            r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)<', page
        )
        if text in (word, word[::-1])
    ]
    return [*boxes, (width, width)]


@needs_poppler
def test_an_arabic_region_report_is_a_shaped_right_to_left_a4_pdf(demo, tmp_path):
    document = reports.make(REGION, YEAR, "ar", "pdf")
    assert document.content.startswith(b"%PDF-")
    assert document.filename == "tadamon-report-09-2025-ar.pdf"
    page = first_page(document.content, tmp_path)
    assert page.size == A4_AT_40_DPI
    assert share_of(page, is_ink) > 0.04  # headings, key figures, map: not a blank page
    assert share_of(page, is_observatory_green) > 0.002

    text = pdf_text(document.content, tmp_path)
    region = Region.objects.get(code=REGION)
    assert region.name_ar in text  # سوس-ماسة, read back letter for letter
    for label in ("الهيئات النشيطة", "حصة النساء من الأعضاء", "الأهداف الوطنية", "المغرب"):
        assert label in text, label
    for province in Province.objects.filter(region=region):
        assert province.name_ar in text, province.name_ar  # the table of provinces
    assert "Haut-Commissariat au Plan, RGPH 2024" in text  # the census credit line
    assert "organizations_active" in text and "population" in text  # the annex's formulas

    # Right to left: the masthead's first word sits at the right of the page.
    *boxes, (width, _w) = word_boxes(document.content, tmp_path, "تضامن")
    assert boxes and boxes[0][1] > width * 0.8


@needs_poppler
def test_a_french_region_report_reads_left_to_right_with_french_figures(demo, tmp_path):
    document = reports.make(REGION, YEAR, "fr", "pdf")
    assert first_page(document.content, tmp_path).size == A4_AT_40_DPI
    text = pdf_text(document.content, tmp_path)
    assert Region.objects.get(code=REGION).name_fr in text
    assert "Organisations actives" in text and "Chiffres clés 2025" in text
    active = Indicator.objects.get(code="organizations_active")
    (value,) = engine.compute([active], [REGION], [YEAR])
    # French grouping: a narrow no-break space between thousands.
    grouped = f"{value.value:,.0f}".replace(",", "\u202f")
    assert grouped in text
    *boxes, (width, _w) = word_boxes(document.content, tmp_path, "Tadamon")
    assert boxes and boxes[0][0] < width * 0.2


def test_the_html_report_stands_alone_with_its_map_and_fonts(demo):
    document = reports.make(REGION, YEAR, "ar", "html")
    html = document.content.decode("utf-8")
    assert document.content_type.startswith("text/html")
    assert '<html lang="ar" dir="rtl">' in html
    codes = set(re.findall(r'<path d="M[^"]+" fill="#[0-9a-f]{6}"[^>]*data-code="(\d{3})"', html))
    assert codes == set(Province.objects.filter(region_id=REGION).values_list("code", flat=True))
    assert html.count("data:font/woff2;base64,") == 4  # offline in a browser too
    assert not re.search(r'(src|href)="https?:', html)
    # Each key figure names its indicator, for the annex's formula.
    for code in ("organizations_active", "members_women_share", "declarations_completeness"):
        assert f'<tr data-indicator="{code}">' in html
        assert f'<div class="indicator" data-indicator="{code}">' in html


def test_a_province_report_compares_it_with_the_other_provinces_of_its_region(demo):
    with translation.override("fr"):
        report = figures.gather("001", YEAR, "fr")  # Agadir-Ida-Ou-Tanane, in Souss-Massa
    assert report.place.level == "province" and report.whole_name == "Souss-Massa"
    marked = [r.place.code for r in report.part_rows if r.highlight]
    assert marked == ["001"] and len(report.part_rows) == 6


def test_the_nation_report_compares_the_regions_and_sums_the_legal_forms(demo):
    with translation.override("ar"):
        report = figures.gather("MA", YEAR, "ar")
    assert [r.place.code for r in report.part_rows] == [f"{i:02d}" for i in range(1, 13)]
    active = next(f for f in report.key_figures if f.indicator.code == "organizations_active")
    assert active.nation is None and active.value.value > 0
    assert sum(row.count for row in report.legal_forms) == active.value.value
    assert sum(row.share for row in report.legal_forms) == pytest.approx(100)


def test_a_southern_region_shows_the_gdp_share_of_its_group_never_its_own(db):
    # Declarations for 2023, the year of HCP's regional accounts.
    load_demo_registry(None, generate_dataset(300, 1, seed=5, as_of=dt.date(2024, 6, 30)))
    with translation.override("fr"):
        report = figures.gather("10", 2023, "fr")
    share = next(f for f in report.key_figures if f.indicator.code == "sse_gdp_share")
    assert share.value.value is None
    assert share.value.note == "published_for_group:10+11+12"
    assert share.group.territory == "10+11+12" and share.group.value is not None
    assert "10+11+12" in share.note and "HCP" in share.note
    assert "Guelmim-Oued Noun" in share.group_name and "Dakhla" in share.group_name


def test_a_report_needs_a_known_territory_and_a_year_with_data(demo):
    with pytest.raises(DomainError) as unknown:
        reports.make("99", YEAR, "ar", "pdf")
    assert unknown.value.code == "territory_unknown"
    with pytest.raises(DomainError) as no_data:
        reports.make(REGION, 2019, "fr", "html")
    assert no_data.value.code == "report_year_without_data"
    assert "2024–2025" in no_data.value.message_ar and "2024–2025" in no_data.value.message_fr


def test_the_fetcher_reads_the_report_fonts_and_refuses_anything_else(tmp_path):
    fetcher = LocalFetcher()
    font = next(FONT_DIR.glob("*.woff2"))
    response = fetcher.fetch(font.as_uri())
    assert response.read()[:4] in (b"\x00\x01\x00\x00", b"OTTO", b"true")  # decompressed
    outside = tmp_path / "secret.txt"
    outside.write_text("x")
    for url in (
        "http://127.0.0.1/font.woff2",
        "https://example.org/logo.png",
        outside.as_uri(),
        (FONT_DIR / ".." / ".." / "svg.py").resolve().as_uri(),
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


# --- the command ----------------------------------------------------------------------


def test_the_command_writes_the_report_it_is_asked_for(demo, tmp_path):
    target = tmp_path / "souss.html"
    out = io.StringIO()
    call_command(
        "report", "--territory", REGION, "--year", str(YEAR), "--lang", "fr",
        "--format", "html", "--output", str(target), stdout=out, stderr=io.StringIO(),
    )  # fmt: skip
    assert str(target) in out.getvalue()
    assert "Souss-Massa" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("territory", "year", "arabic", "french"),
    [
        ("99", YEAR, "غير معروف", "inconnu"),
        (REGION, 2019, "لا توجد معطيات السجل لسنة 2019", "Aucune donnée du registre pour 2019"),
    ],
)
def test_the_command_refuses_in_arabic_and_french(demo, tmp_path, territory, year, arabic, french):
    target = tmp_path / "report.pdf"
    with pytest.raises(CommandError) as refused:
        call_command(
            "report", "--territory", territory, "--year", str(year), "--output", str(target),
            stdout=io.StringIO(), stderr=io.StringIO(),
        )  # fmt: skip
    assert arabic in str(refused.value) and french in str(refused.value)
    assert not target.exists()


def test_the_command_refuses_a_folder_that_does_not_exist(demo, tmp_path):
    with pytest.raises(CommandError, match="n'existe pas"):
        call_command(
            "report", "--territory", REGION, "--year", str(YEAR),
            "--output", str(tmp_path / "missing" / "r.pdf"), stderr=io.StringIO(),
        )  # fmt: skip


# --- the download view ----------------------------------------------------------------


@needs_poppler
def test_the_download_is_a_pdf_attachment_kept_until_the_registry_changes(
    demo, tmp_path, monkeypatch
):
    cache.clear()
    made = []
    real_make = reports.make
    monkeypatch.setattr(reports, "make", lambda *a: made.append(a) or real_make(*a))
    first = Client().get(f"/observatory/report/{REGION}/{YEAR}/ar.pdf")
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    assert first["Content-Disposition"] == 'attachment; filename="tadamon-report-09-2025-ar.pdf"'
    assert Region.objects.get(code=REGION).name_ar in pdf_text(first.content, tmp_path)
    again = Client().get(f"/observatory/report/{REGION}/{YEAR}/ar.pdf")
    assert again.content == first.content and len(made) == 1


def test_the_html_download_and_the_pages_that_do_not_exist(demo):
    answer = Client().get(f"/observatory/report/{REGION}/{YEAR}/fr.html")
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/html")
    assert "tadamon-report-09-2025-fr.html" in answer["Content-Disposition"]
    for missing in (
        f"/observatory/report/99/{YEAR}/ar.pdf",  # no such territory
        f"/observatory/report/{REGION}/2019/ar.pdf",  # no declarations that year
        f"/observatory/report/{REGION}/{YEAR}/en.pdf",  # no English report
        f"/observatory/report/{REGION}/{YEAR}/ar.docx",
    ):
        page = Client().get(missing)
        assert page.status_code == 404, missing
        assert b"Traceback" not in page.content
