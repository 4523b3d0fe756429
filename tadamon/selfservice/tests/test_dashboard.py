"""A representative's own pages: who may open them, and what the dashboard shows."""

import pytest
from django.urls import reverse

from conftest import DAY
from tadamon.registry import services

PAGES = [
    ("get", reverse("selfservice:dashboard")),
    ("get", reverse("selfservice:profile")),
    ("post", reverse("selfservice:profile")),
    ("get", reverse("selfservice:declaration", args=[2024])),
    ("post", reverse("selfservice:declaration", args=[2024])),
    ("post", reverse("selfservice:declaration_check", args=[2024])),
]


@pytest.mark.parametrize(("method", "url"), PAGES)
def test_an_anonymous_visitor_is_sent_to_log_in(client, method, url):
    response = getattr(client, method)(url, {"members_total": "5"} if method == "post" else None)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('selfservice:login')}?next={url}"


@pytest.mark.parametrize(("method", "url"), PAGES)
@pytest.mark.parametrize(
    "who", ["national_registrar", "registrar_tanger", "analyst", "administrator"]
)
def test_accounts_without_an_organization_get_a_clear_page(
    client, request, who, method, url, coop_hoceima
):
    client.force_login(request.getfixturevalue(who))
    response = getattr(client, method)(url, {"members_total": "5"})
    assert response.status_code == 403
    assert 'id="no-organization"' in response.content.decode()
    assert not coop_hoceima.declarations.exists()


def test_the_dashboard_shows_what_the_registry_holds(
    client, representative, coop_hoceima, association_casa, union_hoceima
):
    services.file_declaration(
        representative, coop_hoceima, 2023, {"members_total": 31, "members_women": 27}
    )
    client.force_login(representative)
    response = client.get(reverse("selfservice:dashboard"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "تعاونية تيغانيمين للأركان" in page
    assert coop_hoceima.registry_id in page
    # Private fields of its own organization, marked as such.
    assert coop_hoceima.phone in page and "contact@tighanimine.ma" in page
    assert 'data-field="phone"' in page
    # Status history, declarations, the union it belongs to.
    assert "ملف كامل" in page and DAY.isoformat() in page
    assert 'data-year="2023"' in page and "31" in page
    assert "27" in page
    assert "اتحاد تعاونيات الريف" in page
    # Nothing of another organization.
    assert "جمعية حي السلام للتنمية" not in page
    assert association_casa.phone not in page


def test_a_union_sees_its_members(client, national_registrar, union_hoceima):
    from tadamon.accounts.models import User

    union_rep = User.objects.create_user(
        "rep_union", password="pass-Tadamon-2026", role="representative", organization=union_hoceima
    )
    client.force_login(union_rep)
    page = client.get(reverse("selfservice:dashboard")).content.decode()
    assert 'id="members"' in page and "تعاونية تيغانيمين للأركان" in page


def test_the_dashboard_offers_the_recent_years_to_declare(client, representative, coop_hoceima):
    import datetime as dt

    services.file_declaration(representative, coop_hoceima, dt.date.today().year - 2, {})
    client.force_login(representative)
    page = client.get(reverse("selfservice:dashboard")).content.decode()
    last = dt.date.today().year - 1
    assert reverse("selfservice:declaration", args=[last]) in page
    assert f'data-year="{last + 1}"' not in page  # the year under way is not offered


def test_the_dashboard_reads_in_a_fixed_number_of_queries(
    client, representative, coop_hoceima, union_hoceima, django_assert_max_num_queries
):
    for year in (2021, 2022, 2023):
        services.file_declaration(representative, coop_hoceima, year, {"members_total": 10})
    client.force_login(representative)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("selfservice:dashboard")).status_code == 200
