"""The analytics API, the indicator definitions and the observatory's pages, on a
hand-built registry: one cooperative in Al Hoceïma (region 01), one association
in Casablanca (region 06), declarations for 2023 and 2024."""

from __future__ import annotations

import pytest
from django.test import Client

from tadamon.observatory.models import ReferenceValue
from tadamon.registry.services.declarations import file_declaration

pytestmark = pytest.mark.django_db


@pytest.fixture
def declared(national_registrar, coop_hoceima, association_casa):
    figures = {
        (coop_hoceima, 2023): {"members_total": 20, "members_women": 15, "value_added_mad": 1000},
        (coop_hoceima, 2024): {"members_total": 30, "members_women": 24, "value_added_mad": 2000},
        (association_casa, 2024): {"members_total": 70, "members_women": 7, "revenue_mad": 5},
    }
    for (organization, year), values in figures.items():
        file_declaration(national_registrar, organization, year, values)
    return coop_hoceima, association_casa


def population(code: str) -> float:
    return ReferenceValue.objects.get(code="population_legal", territory_code=code).value


def analytics(client: Client, query: str):
    return client.get(f"/api/v1/analytics?{query}")


def test_values_carry_numerator_and_denominator(declared):
    answer = analytics(Client(), "indicator=organizations_per_10k&territory=051&period=2024")
    assert answer.status_code == 200
    (item,) = answer.json()["items"]
    assert item["numerator"] == 1
    assert item["denominator"] == population("051")
    assert item["value"] == pytest.approx(10000 / population("051"))


def test_a_region_sums_numerators_and_denominators(declared):
    body = analytics(
        Client(), "indicator=members_women_share&territory=MA&territory=01&territory=06&period=2024"
    ).json()
    values = {i["territory"]: i for i in body["items"]}
    assert values["01"]["value"] == pytest.approx(80.0)
    assert values["06"]["value"] == pytest.approx(10.0)
    # (24 + 7) / (30 + 70), not the mean of 80 % and 10 %.
    assert values["MA"]["numerator"] == 31 and values["MA"]["denominator"] == 100
    assert values["MA"]["value"] == pytest.approx(31.0)


def test_several_of_each_in_the_order_asked(declared):
    body = analytics(
        Client(),
        "indicator=members&indicator=organizations&territory=06&territory=MA"
        "&period=2024&period=2023",
    ).json()
    order = [(i["indicator"], i["territory"], i["period"]) for i in body["items"]]
    assert body["count"] == 8
    assert order[:4] == [
        ("members", "06", 2024),
        ("members", "06", 2023),
        ("members", "MA", 2024),
        ("members", "MA", 2023),
    ]


def test_the_group_of_southern_regions_is_never_split(declared):
    body = analytics(
        Client(), "indicator=sse_gdp_share&territory=10&territory=10%2B11%2B12&period=2023"
    ).json()
    alone, group = body["items"]
    assert alone["value"] is None and alone["note"] == "published_for_group:10+11+12"
    assert "10+11+12" in alone["note_ar"] and "HCP" in alone["note_fr"]
    assert group["denominator"] == pytest.approx(0.048 * 1479.76e9)


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("indicator=nothing_such", "indicator_unknown"),
        ("indicator=members&territory=99", "territory_unknown"),
        ("indicator=members&territory=01%2BMA", "territory_unknown"),
        ("indicator=members&legal_form=bank", "legal_form_unknown"),
    ],
)
def test_bad_requests_say_what_in_arabic_and_french(declared, query, code):
    answer = analytics(Client(), query)
    assert answer.status_code == 400
    body = answer.json()
    assert body["code"] == code
    assert body["message_ar"] and body["message_fr"] and body["message_ar"] != body["message_fr"]


def test_too_many_values_are_refused(declared):
    indicators = "&".join(f"indicator={c}" for c in ("members", "jobs", "revenue", "population"))
    territories = "&".join(["territory=MA"] + [f"territory={r:02d}" for r in range(1, 13)])
    periods = "&".join(f"period={y}" for y in range(1900, 2000))  # 4 × 13 × 100 = 5,200
    answer = analytics(Client(), f"{indicators}&{territories}&{periods}")
    assert answer.status_code == 400 and answer.json()["code"] == "too_many_values"


def test_a_new_declaration_shows_at_once_and_etags_change(declared, national_registrar):
    coop, _association = declared
    client = Client()
    first = analytics(client, "indicator=members&territory=051&period=2024")
    assert first.json()["items"][0]["value"] == 30
    again = client.get(
        "/api/v1/analytics?indicator=members&territory=051&period=2024",
        HTTP_IF_NONE_MATCH=first["ETag"],
    )
    assert again.status_code == 304
    file_declaration(national_registrar, coop, 2024, {"members_total": 45, "members_women": 24})
    fresh = client.get(
        "/api/v1/analytics?indicator=members&territory=051&period=2024",
        HTTP_IF_NONE_MATCH=first["ETag"],
    )
    assert fresh.status_code == 200 and fresh.json()["items"][0]["value"] == 45


def test_indicator_definitions(declared):
    body = Client().get("/api/v1/indicators").json()
    codes = {i["code"]: i for i in body["items"]}
    for code in (
        "population",
        "organizations_active",
        "organizations_per_10k",
        "members_women_share",
        "jobs",
        "value_added",
        "sse_gdp_share",
    ):
        assert code in codes
    share = codes["sse_gdp_share"]
    assert share["numerator"] == "value_added" and share["denominator"] == "gdp"
    assert share["factor"] == 100 and share["data_elements"] == ["value_added", "gdp"]
    assert "الناتج الداخلي" in share["name_ar"]
    assert codes["organizations_per_10k_theil"]["of_indicator"] == "organizations_per_10k"
    missing = Client().get("/api/v1/indicators/nothing_such")
    assert missing.status_code == 404 and missing.json()["code"] == "indicator_not_found"


def test_the_national_dashboard_in_arabic_and_french(declared):
    client = Client()
    page = client.get("/observatory/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'dir="rtl"' in html and 'lang="ar"' in html
    assert 'data-indicator="organizations_active"' in html
    assert "/observatory/indicators/sse_gdp_share/" in html
    assert 'id="report-ar"' in html and "observatory-charts" in html
    client.cookies["django_language"] = "fr"
    french = client.get("/observatory/", HTTP_ACCEPT_LANGUAGE="fr")
    assert 'lang="fr"' in french.content.decode() and 'dir="ltr"' in french.content.decode()


def test_region_and_province_pages_and_unknown_ones(declared):
    client = Client()
    region = client.get("/observatory/01/?year=2024")
    assert region.status_code == 200
    assert "الحسيمة" in region.content.decode()  # its provinces are listed
    assert client.get("/observatory/051/").status_code == 200
    assert client.get("/observatory/10+11+12/").status_code == 200
    assert client.get("/observatory/999/").status_code == 404


def test_every_chart_downloads_as_csv(declared):
    client = Client()
    answer = client.get("/observatory/?year=2024&download=map")
    text = answer.content.decode("utf-8")
    assert answer["Content-Type"].startswith("text/csv")
    assert text.startswith("\ufeff")
    lines = text.strip().splitlines()
    assert len(lines) == 13  # header and 12 regions
    legal = client.get("/observatory/01/?year=2024&download=legal_forms").content.decode()
    assert any(line.endswith(",1") or line.endswith(",1.0") for line in legal.splitlines())
    assert client.get("/observatory/?download=nothing").status_code == 404


def test_indicator_targets_and_quality_pages(declared):
    client = Client()
    indicator = client.get("/observatory/indicators/members_women_share/").content.decode()
    assert "members[sex=female]" in indicator and "RGPH" not in indicator.split("elements")[0]
    values = client.get("/observatory/indicators/members_women_share/?download=values")
    assert "MA" in values.content.decode()
    targets = client.get("/observatory/targets/").content.decode()
    assert "2035" in targets and "libe.ma" in targets
    quality = client.get("/observatory/quality/?year=2024")
    assert quality.status_code == 200
    assert "members_women" in quality.content.decode()
