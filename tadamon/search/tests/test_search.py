"""The search on real Moroccan names: both scripts, slips, tiers, filters, roles, API, CLI."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from conftest import cooperative_fields, make_user, register_reviewed
from tadamon.registry import services
from tadamon.search.engine import Filters, search
from tadamon.search.entries import read_names
from tadamon.search.indexing import compute_index_rows, rebuild_index
from tadamon.search.models import SearchEntry, SearchPosting, SearchTerm

DAY = dt.date(2024, 3, 1)


def register(actor, province, **fields):
    return register_reviewed(actor, cooperative_fields(province, **fields), "ملف كامل", DAY)


@pytest.fixture
def douar(national_registrar, province_hoceima):
    """Three bodies of one douar, and one elsewhere: the right one must come first."""
    womens = register(
        national_registrar, province_hoceima,
        name_ar="تعاونية تيغانيمين النسوية للأركان", name_fr="",
    )  # fmt: skip
    farmers = register(
        national_registrar, province_hoceima,
        name_ar="التعاونية الفلاحية تيغانيمين", name_fr="Coopérative agricole Tighanimine",
        sector="agriculture",
    )  # fmt: skip
    association = register(
        national_registrar, province_hoceima, legal_form="association",
        name_ar="جمعية تيغانيمين للتنمية", name_fr="Association Tighanimine pour le développement",
        sector="social_action",
    )  # fmt: skip
    other = register(
        national_registrar, province_hoceima,
        name_ar="تعاونية تافراوت للعسل", name_fr="Coopérative Tafraout du miel",
    )  # fmt: skip
    return {"womens": womens, "farmers": farmers, "association": association, "other": other}


def first(query, user, **filters):
    hits = search(query, user=user, filters=Filters(**filters)).hits
    return hits[0].organization if hits else None


def test_a_french_query_finds_the_body_recorded_only_in_arabic(douar, analyst):
    assert first("Coopérative féminine Tighanimine d'Argan", analyst) == douar["womens"]
    assert first("Cooperative feminine Tiganimin argane", analyst) == douar["womens"]


def test_an_arabic_query_finds_the_body_recorded_in_french(douar, analyst, national_registrar):
    french_only = register(
        national_registrar, douar["other"].province,
        name_ar="", name_fr="Coopérative Ait Baha des amandes",
    )  # fmt: skip
    assert first("تعاونية آيت باها للوز", analyst) == french_only


def test_the_concepts_put_the_right_body_of_the_douar_first(douar, analyst):
    assert first("جمعية تيغانيمين للتنمية", analyst) == douar["association"]
    assert first("Coop. agricole Tighanimin", analyst) == douar["farmers"]
    assert first("تعاونية تيغانيمين النسوية", analyst) == douar["womens"]


def test_slips_are_forgiven(douar, analyst):
    assert first("Coopérative Tafraut du miel", analyst) == douar["other"]  # a vowel
    assert first("تعاونية تافروات للعسل", analyst) == douar["other"]  # two letters swapped
    assert first("Assoc. Tighanimine pour le developpemetn", analyst) == douar["association"]


def test_exact_before_prefix_before_fuzzy(douar, analyst):
    hits = search("Coopérative agricole Tighanimine", user=analyst).hits
    assert hits[0].organization == douar["farmers"] and hits[0].tier_name == "exact"
    typed = search("Coopérative Tafr", user=analyst).hits
    assert typed[0].organization == douar["other"] and typed[0].tier_name == "prefix"
    tiers = [hit.tier for hit in search("تيغانيمين", user=analyst).hits]
    assert tiers == sorted(tiers)


def test_identifiers_find_their_body(douar, analyst):
    number = douar["other"].registry_id
    hit = search(number, user=analyst).hits[0]
    assert hit.organization == douar["other"] and hit.tier_name == "exact"


def test_filters(douar, analyst):
    assert first("Tighanimine", analyst, legal_form="association") == douar["association"]
    assert first("Tighanimine", analyst, sector="agriculture") == douar["farmers"]
    assert first("Tighanimine", analyst, region="06") is None
    assert first("Tighanimine", analyst, province="051") is not None


def test_the_public_does_not_find_applications(national_registrar, province_hoceima, anonymous):
    applied = services.create_organization(
        national_registrar,
        cooperative_fields(province_hoceima, name_ar="تعاونية إمي نتانوت", name_fr=""),
    )
    assert first("تعاونية إمي نتانوت", anonymous) is None
    assert first("تعاونية إمي نتانوت", national_registrar) == applied
    representative = make_user("rep_imi", "representative", organization=applied)
    assert first("تعاونية إمي نتانوت", representative) == applied


def test_a_renamed_body_is_found_by_its_new_name(douar, national_registrar, analyst):
    services.update_organization(
        national_registrar, douar["other"], {"name_fr": "Coopérative Tafraout de safran"}
    )
    assert first("Tafraout safran", analyst) == douar["other"]
    assert SearchTerm.objects.get(term="tfrt").doc_count == 1


def test_rebuild_gives_the_same_index(douar):
    before = sorted(SearchEntry.objects.values_list("organization_id", "readings", "concepts"))
    counts = dict(SearchTerm.objects.values_list("term", "doc_count"))
    assert rebuild_index() == 4
    assert (
        sorted(SearchEntry.objects.values_list("organization_id", "readings", "concepts")) == before
    )
    assert dict(SearchTerm.objects.values_list("term", "doc_count")) == counts


def _postings() -> list[tuple]:
    return sorted(
        SearchPosting.objects.values_list(
            "term__term", "organization_id", "size", "province", "legal_form", "concepts_key"
        )
    )


def test_a_rebuild_on_two_cores_gives_the_index_the_services_wrote(douar, analyst, monkeypatch):
    """Half the names read in a forked child, terms renumbered when the halves merge."""
    postings = _postings()
    counts = dict(SearchTerm.objects.values_list("term", "doc_count"))
    monkeypatch.setattr("tadamon.search.indexing.PARALLEL_FROM", 2)
    assert rebuild_index() == 4
    assert _postings() == postings
    assert dict(SearchTerm.objects.values_list("term", "doc_count")) == counts
    assert first("Tighanimine argan", analyst) == douar["womens"]


def _canonical(rows) -> tuple:
    postings = sorted(
        (rows.terms[term - 1], rows.entries[at][0])
        for term, at in zip(rows.posting_terms.tolist(), rows.posting_rows.tolist(), strict=True)
    )
    return rows.entries, postings, rows.concepts_keys.tolist(), sorted(rows.terms)


def test_names_read_ahead_give_the_rows_of_names_read_on_the_spot():
    """An import reads its file's names in a child before it knows which rows it will
    write: pairs read ahead are used, pairs not read are read, pairs unused left out."""
    names = [
        ("تعاونية تيغانيمين النسوية للأركان", "Coopérative Féminine Tighanimine d'Argan"),
        ("جمعية الأمل للتنمية", "Association Al Amal"),
        ("تعاونية تيغانيمين النسوية للأركان", "Coopérative Féminine Tighanimine d'Argan"),
        ("", "Coopérative Tafraout du miel"),
        ("جمعية النور", ""),
    ]
    pks, names_ar, names_fr = [7, 3, 9, 4, 12], [n[0] for n in names], [n[1] for n in names]
    on_the_spot = compute_index_rows(pks, names_ar, names_fr)
    unused = ("ودادية موظفي الجماعة", "Amicale des employés")
    ahead = read_names([*names[:2], unused])
    rows = compute_index_rows(pks, names_ar, names_fr, ahead)
    assert _canonical(rows) == _canonical(on_the_spot)
    unused_terms = set(read_names([unused]).terms) - set(on_the_spot.terms)
    assert unused_terms and not unused_terms & set(rows.terms)
    assert len(rows.terms) == len(set(rows.terms))
    assert sorted(set(rows.posting_terms.tolist())) == list(range(1, len(rows.terms) + 1))
    assert _canonical(compute_index_rows(pks, names_ar, names_fr, read_names(names))) == (
        _canonical(on_the_spot)
    )
    assert compute_index_rows([], [], [], ahead).entries == []


def test_empty_and_absurd_queries(douar, analyst):
    assert search("", user=analyst).count == 0
    assert search("   ", user=analyst).count == 0
    assert search("%_\\'\"", user=analyst).count == 0
    assert search("x" * 5000, user=analyst).count == 0


def test_the_api_returns_the_results_contract(douar):
    response = Client().get("/api/v1/organizations", {"q": "Cooperative Tiganimin feminine argan"})
    assert response.status_code == 200
    body = response.json()
    assert {"items", "count"} <= set(body) and body["count"] >= 1
    item = body["items"][0]
    assert item["registry_id"] == douar["womens"].registry_id
    assert item["name_ar"] == "تعاونية تيغانيمين النسوية للأركان"
    for key in ("name_fr", "legal_form", "province_code", "status"):
        assert key in item
    assert item["province_code"] == "051"


def test_the_api_filters_and_pages(douar):
    client = Client()
    page = client.get("/api/v1/organizations", {"q": "تيغانيمين", "limit": 1}).json()
    assert len(page["items"]) == 1 and page["count"] >= 3
    second = client.get("/api/v1/organizations", {"q": "تيغانيمين", "limit": 1, "offset": 1}).json()
    assert second["items"][0] != page["items"][0]
    only = client.get("/api/v1/organizations", {"q": "تيغانيمين", "legal_form": "association"})
    assert [i["legal_form"] for i in only.json()["items"]] == ["association"]


def test_the_api_answers_bad_parameters_in_json(douar):
    response = Client().get("/api/v1/organizations", {"q": "x", "limit": "many"})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_request" and "limit" in body["message_fr"]
    assert "Traceback" not in response.content.decode()


def test_the_console_prints_the_same_contract(douar):
    out = StringIO()
    call_command("search", "Coopérative Tafraout du miel", "--json", stdout=out)
    body = json.loads(out.getvalue())
    assert body["items"][0]["registry_id"] == douar["other"].registry_id
    table = StringIO()
    call_command("search", "تعاونية تافراوت", stdout=table)
    assert "Tafraout" in table.getvalue()


def test_the_api_gives_one_organization_and_redirects_a_merged_number(
    douar, national_registrar, province_hoceima
):
    from tadamon.registry.services.merging import merge_organizations

    client = Client()
    body = client.get(f"/api/v1/organizations/{douar['other'].registry_id}").json()
    assert body["name_ar"] == "تعاونية تافراوت للعسل" and "phone" not in body
    copy = register(
        national_registrar, province_hoceima,
        name_ar="تعاونية تافراوت للعسل", name_fr="Cooperative Tafraout miel",
    )  # fmt: skip
    merge_organizations(national_registrar, douar["other"], copy, reason="نفس الهيئة")
    response = client.get(f"/api/v1/organizations/{copy.registry_id}")
    assert response.status_code == 301
    assert response["Location"].endswith(f"/api/v1/organizations/{douar['other'].registry_id}")
    assert first("Cooperative Tafraout miel", national_registrar) == douar["other"]
    missing = client.get("/api/v1/organizations/01-2020-000000-0")
    assert missing.status_code == 404 and missing.json()["code"] == "organization_not_found"


def test_the_back_office_search_finds_across_scripts_best_first(douar, national_registrar):
    client = Client()
    client.force_login(national_registrar)
    response = client.get(
        "/admin/registry/organization/", {"q": "Cooperative feminine Tiganimin argan"}
    )
    assert response.status_code == 200
    rows = list(response.context["cl"].result_list)
    assert rows[0] == douar["womens"]
    filtered = client.get(
        "/admin/registry/organization/", {"q": "Tighanimine", "legal_form__exact": "association"}
    )
    assert list(filtered.context["cl"].result_list) == [douar["association"]]


def test_filters_follow_a_move_to_another_province(douar, national_registrar):
    services.update_organization(national_registrar, douar["other"], {"province": "141"})
    assert (
        first("Coopérative Tafraout du miel", national_registrar, province="141") == douar["other"]
    )
    assert first("Coopérative Tafraout du miel", national_registrar, province="051") is None
    assert first("Coopérative Tafraout du miel", national_registrar, region="06") == douar["other"]


def test_substrings_are_found_after_a_rebuild_and_for_new_records(douar, national_registrar):
    from tadamon.search import backends
    from tadamon.search.entries import normalized_name

    rebuild_index()
    assert douar["other"].pk in backends.containing("tafraout", 40)
    newer = register_reviewed(
        national_registrar,
        cooperative_fields(douar["other"].province, name_ar="", name_fr="Coopérative Imsouane"),
        "ملف",
        DAY,
    )
    assert newer.pk in backends.containing(normalized_name("imsouan"), 40)


def test_search_as_you_type_offers_longer_words_not_word_concept_pairs(douar):
    from tadamon.search.engine import _terms_found

    # "tg" begins "tgnmn" (Tighanimine) and the pairs "tgnmn=cooperative"...: the
    # longer words only.
    longer = [row[2] for row in _terms_found({"tg"}, "tg") if row[0] is None]
    assert "tgnmn" in longer
    assert not [term for term in longer if "=" in term]


def test_a_piece_of_a_word_is_found_inside_names_and_whole_words_skip_that_search(
    douar, analyst, monkeypatch
):
    from tadamon.search import backends

    found = {hit.organization for hit in search("ghanim", user=analyst).hits}
    assert {douar["farmers"], douar["association"]} <= found
    called = []
    monkeypatch.setattr(backends, "containing", lambda *args: called.append(args) or [])
    assert first("Tafraout", analyst) == douar["other"]
    assert not called  # every word of the query is in the index: no substring search


def test_a_refused_application_is_never_found_by_the_public(
    national_registrar, province_hoceima, coop_hoceima
):
    refused = services.create_organization(
        national_registrar,
        cooperative_fields(province_hoceima, name_ar="تعاونية الرفض للعسل", name_fr=""),
    )
    services.change_status(
        national_registrar, refused, "struck_off", "ملف ناقص", dt.date(2021, 1, 1)
    )
    assert search("تعاونية الرفض للعسل").hits == []
    found = search("تعاونية الرفض للعسل", user=national_registrar).hits
    assert [hit.organization.pk for hit in found][:1] == [refused.pk]
