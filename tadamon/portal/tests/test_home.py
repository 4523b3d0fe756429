import pytest
from django.urls import reverse

from conftest import DAY, cooperative_fields, register_reviewed
from tadamon.registry import services


def test_the_home_page_is_arabic_right_to_left_by_default(client, db):
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9,en;q=0.8")
    assert page.status_code == 200
    assert '<html lang="ar" dir="rtl">' in page.content.decode()
    assert "bootstrap.rtl.min.css" in page.content.decode()


def test_the_visitor_switches_to_french_and_it_is_remembered(client, db):
    switch = client.get(reverse("home") + "?lang=fr")
    assert switch.status_code == 302
    page = client.get(reverse("home"))
    html = page.content.decode()
    assert '<html lang="fr" dir="ltr">' in html
    assert "bootstrap.min.css" in html
    page = client.get(reverse("home") + "?lang=en", follow=True)
    assert '<html lang="en" dir="ltr">' in page.content.decode()


def test_it_counts_registered_organizations_by_legal_form_and_region(
    client, coop_hoceima, association_casa, national_registrar, province_hoceima
):
    services.create_organization(  # submitted: not on the register yet
        national_registrar, cooperative_fields(province_hoceima, name_ar="تعاونية الأمل")
    )
    other = register_reviewed(
        national_registrar, cooperative_fields(province_hoceima, name_ar="تعاونية الوحدة"), "م", DAY
    )
    services.change_status(national_registrar, other, "dissolved", "حل", DAY)
    page = client.get(reverse("home"))
    assert page.context["total"] == 2
    forms = {f["code"]: f["count"] for f in page.context["forms"]}
    assert forms["cooperative"] == 1
    assert forms["association"] == 1
    regions = {r["region"].code: r["count"] for r in page.context["regions"]}
    assert regions["01"] == 1
    assert regions["06"] == 1
    assert len(regions) == 12
    assert "طنجة-تطوان-الحسيمة" in page.content.decode()


@pytest.mark.django_db
def test_the_home_page_takes_a_constant_number_of_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        client.get(reverse("home"))


def test_an_unknown_page_is_a_friendly_404_without_a_trace(client, db):
    page = client.get("/no-such-page/")
    assert page.status_code == 404
    assert "Traceback" not in page.content.decode()
    assert 'dir="rtl"' in page.content.decode()


def test_a_server_error_shows_a_page_in_arabic_without_a_trace(client, db, monkeypatch):
    from tadamon.portal import views

    def broken(*args, **kwargs):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(views, "render", broken)
    client.raise_request_exception = False
    page = client.get(reverse("home"))
    assert page.status_code == 500
    html = page.content.decode()
    assert "secret internal detail" not in html
    assert "Traceback" not in html
    assert 'lang="ar" dir="rtl"' in html


def test_the_home_page_searches_the_directory_in_either_script(client, coop_hoceima):
    html = client.get(reverse("home")).content.decode()
    assert 'action="/organizations/"' in html and 'name="q"' in html
    assert 'href="/territories/01/"' in html
    found = client.get("/organizations/", {"q": "Cooperative Tighanimine"})
    assert found.context["page"].organizations == [coop_hoceima]
