"""Filing and correcting the yearly declaration, and its check as it is typed."""

import datetime as dt
import html

import pytest
from django.urls import reverse

from tadamon.errors import DomainError, ValidationFailed
from tadamon.history.models import HistoryEntry
from tadamon.registry import services
from tadamon.registry.models import DECLARATION_FIGURES, Declaration
from tadamon.selfservice.checking import GROUPS, declaration_problems
from tadamon.selfservice.tests.conftest import as_language

YEAR = 2024


def page_url(year: int = YEAR) -> str:
    return reverse("selfservice:declaration", args=[year])


def check_url(year: int = YEAR) -> str:
    return reverse("selfservice:declaration_check", args=[year])


@pytest.fixture
def rep_client(client, representative):
    client.force_login(representative)
    return client


def test_every_figure_is_on_the_form_once():
    on_form = [name for _title, names in GROUPS for name in names]
    assert sorted(on_form) == sorted(DECLARATION_FIGURES)


def test_the_form_explains_each_rule_next_to_its_field(rep_client):
    page = rep_client.get(page_url()).content.decode()
    assert 'id="rules-members_women"' in page
    rules = page.split('id="rules-members_women"', 1)[1].split("</div>", 1)[0]
    assert "لا يمكن أن يتجاوز: عدد الأعضاء." in rules
    assert 'hx-post="' + check_url() + '"' in page
    as_language(rep_client, "fr")
    page = html.unescape(rep_client.get(page_url()).content.decode())
    assert "Ne peut pas dépasser : nombre de membres." in page
    assert "Ne peut pas dépasser : salariés permanents + salariés saisonniers." in page
    assert "Montant en dirhams ; il peut être négatif (perte)." in page


def test_a_representative_files_its_declaration(rep_client, representative, coop_hoceima):
    data = {"members_total": "40", "members_women": "38", "revenue_mad": "350000.50"}
    response = rep_client.post(page_url(), data)
    assert response.status_code == 302
    declaration = Declaration.objects.get(organization=coop_hoceima, year=YEAR)
    assert declaration.members_women == 38
    assert str(declaration.revenue_mad) == "350000.50"
    entry = HistoryEntry.objects.get(action="declaration:file")
    assert entry.actor == representative


def test_filing_again_is_a_correction_shown_with_the_filed_figures(
    rep_client, representative, coop_hoceima
):
    services.file_declaration(representative, coop_hoceima, YEAR, {"members_total": 40})
    page = rep_client.get(page_url()).content.decode()
    assert 'value="40"' in page
    rep_client.post(page_url(), {"members_total": "41"})
    assert Declaration.objects.get(organization=coop_hoceima).members_total == 41
    assert HistoryEntry.objects.filter(action="declaration:correct").count() == 1


def test_a_mistake_is_shown_next_to_its_field_and_nothing_typed_is_lost(rep_client, coop_hoceima):
    data = {"members_total": "40", "members_women": "45", "revenue_mad": "350000"}
    response = rep_client.post(page_url(), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="40"' in page and 'value="45"' in page and 'value="350000"' in page
    error = page.split('id="error-members_women"', 1)[1].split("</div>", 1)[0]
    assert "عدد العضوات (45) يتجاوز عدد الأعضاء (40)" in error
    assert 'aria-invalid="true"' in page
    assert not Declaration.objects.exists()


def test_arabic_indic_digits_are_read(rep_client, coop_hoceima):
    rep_client.post(page_url(), {"members_total": "١٢", "members_women": "٩"})
    assert Declaration.objects.get(organization=coop_hoceima).members_women == 9


def test_the_check_answers_beside_each_field_and_writes_nothing(rep_client):
    before = HistoryEntry.objects.count()
    response = rep_client.post(check_url(), {"members_total": "40", "members_women": "45"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="error-members_women" hx-swap-oob="innerHTML"><p' in page
    assert "عدد العضوات (45) يتجاوز عدد الأعضاء (40)" in page
    assert 'id="error-members_total" hx-swap-oob="innerHTML"></div>' in page
    assert HistoryEntry.objects.count() == before
    assert not Declaration.objects.exists()


def test_the_check_speaks_french_on_a_french_page(rep_client):
    as_language(rep_client, "fr")
    page = rep_client.post(check_url(), {"members_total": "trois"}).content.decode()
    assert "la valeur « trois » n&#x27;est pas un nombre valide" in page


CASES = [
    {"members_total": "40", "members_women": "45"},
    {"members_total": "40", "members_youth": "41", "members_women": "-1"},
    {"employees_permanent": "2", "employees_seasonal": "3", "employees_women": "6"},
    {"members_total": "12.5", "revenue_mad": "abc"},
    {"beneficiaries_total": "100", "beneficiaries_women": "101", "subsidies_mad": "-5"},
    {"value_added_mad": "-20000", "revenue_mad": "1e999"},
    {"members_total": "40", "members_women": "38", "value_added_mad": "-1500.75"},
    {},
]


@pytest.mark.parametrize("typed", CASES)
@pytest.mark.parametrize("year", [YEAR, dt.date.today().year + 1, 2010])
def test_the_check_finds_what_the_service_refuses(representative, coop_hoceima, typed, year):
    """The page's check and the service agree on every case: the same rules, not a copy."""
    figures = {name: typed.get(name, "") for name in DECLARATION_FIGURES}
    checked = {(p.code, p.field) for p in declaration_problems(coop_hoceima, year, figures)}
    try:
        services.file_declaration(representative, coop_hoceima, year, figures)
    except ValidationFailed as failure:
        refused = {(e.code, e.field) for e in failure.errors}
    except DomainError as failure:
        refused = {(failure.code, failure.field)}
    else:
        refused = set()
    # The service stops at the first figure it cannot read; the page reports them all.
    assert refused <= checked if refused else not checked
    assert bool(refused) == bool(checked)


def test_a_year_not_begun_is_said_above_the_form(rep_client):
    year = dt.date.today().year + 1
    page = rep_client.get(page_url(year)).content.decode()
    problems = page.split('id="general-problems"', 1)[1].split("</form>", 1)[0]
    assert f"لا يمكن التصريح بسنة {year} لم تبدأ بعد" in problems
    assert rep_client.post(page_url(year), {"members_total": "3"}).status_code == 200
    assert not Declaration.objects.exists()


def test_an_application_not_yet_registered_cannot_declare(
    client, national_registrar, province_hoceima
):
    from conftest import cooperative_fields
    from tadamon.accounts.models import User

    application = services.create_organization(
        national_registrar,
        cooperative_fields(province_hoceima, name_ar="تعاونية الأمل", name_fr="", phone=""),
    )
    rep = User.objects.create_user(
        "rep_amal", password="pass-Tadamon-2026", role="representative", organization=application
    )
    client.force_login(rep)
    response = client.post(page_url(), {"members_total": "3"})
    assert response.status_code == 200
    assert "لا يمكن التصريح لهيئة لم تسجل بعد" in response.content.decode()
    assert not Declaration.objects.exists()


@pytest.mark.parametrize("year", [1899, 2201])
def test_a_year_out_of_any_range_is_not_a_page(rep_client, year):
    assert rep_client.get(page_url(year)).status_code == 404
    assert rep_client.post(check_url(year), {}).status_code == 404


def test_the_check_takes_only_a_post(rep_client):
    assert rep_client.get(check_url()).status_code == 405


def test_a_representative_declares_only_for_its_own_organization(
    rep_client, coop_hoceima, association_casa
):
    rep_client.post(page_url(), {"members_total": "7"})
    assert list(Declaration.objects.values_list("organization_id", flat=True)) == [coop_hoceima.pk]
