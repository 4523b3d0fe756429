"""Editing the public profile through the organizations service."""

import html

from django.urls import reverse

from tadamon.history.models import HistoryEntry
from tadamon.selfservice.tests.conftest import as_language

PROFILE = reverse("selfservice:profile")


def profile_data(organization, **changes) -> dict:
    fields = ("acronym", "commune", "address", "activity", "phone", "email", "website")
    data = {name: getattr(organization, name) for name in fields}
    data.update(changes)
    return data


def test_the_form_shows_the_current_profile(client, representative, coop_hoceima):
    client.force_login(representative)
    page = client.get(PROFILE).content.decode()
    assert 'value="الحسيمة"' in page
    assert 'name="name_ar"' not in page  # the registrar's field, not the representative's


def test_a_representative_edits_its_profile_and_the_history_says_so(
    client, representative, coop_hoceima
):
    client.force_login(representative)
    response = client.post(
        PROFILE,
        profile_data(
            coop_hoceima, activity="إنتاج زيت الأركان وتسويقه", website="https://argan.ma"
        ),
    )
    assert response.status_code == 302
    coop_hoceima.refresh_from_db()
    assert coop_hoceima.activity == "إنتاج زيت الأركان وتسويقه"
    entry = HistoryEntry.objects.filter(action="update").latest("seq")
    assert entry.actor == representative
    assert set(entry.after) == {"activity", "website"}


def test_fields_beyond_the_profile_are_ignored(client, representative, coop_hoceima):
    client.force_login(representative)
    client.post(PROFILE, profile_data(coop_hoceima, name_ar="اسم آخر", status="dissolved"))
    coop_hoceima.refresh_from_db()
    assert coop_hoceima.name_ar == "تعاونية تيغانيمين للأركان"
    assert coop_hoceima.status == "registered"


def test_an_error_is_shown_next_to_its_field_and_nothing_typed_is_lost(
    client, representative, coop_hoceima
):
    client.force_login(representative)
    as_language(client, "fr")
    before = HistoryEntry.objects.count()
    response = client.post(
        PROFILE, profile_data(coop_hoceima, website="argan point ma", address="دوار تيغانيمين")
    )
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert 'value="دوار تيغانيمين"' in page
    assert 'value="argan point ma"' in page
    assert 'id="error-website"' in page and 'aria-invalid="true"' in page
    coop_hoceima.refresh_from_db()
    assert coop_hoceima.address == ""
    assert HistoryEntry.objects.count() == before


def test_a_service_refusal_reaches_the_page(client, representative, coop_hoceima, monkeypatch):
    """A rule only the service knows (here: a merged record is frozen) is shown, not raised."""
    from tadamon.errors import DomainError
    from tadamon.registry import services

    def refuse(*args, **kwargs):
        raise DomainError("organization_merged", "هذه الهيئة مدمجة", "Organisation fusionnée")

    monkeypatch.setattr(services, "update_organization", refuse)
    client.force_login(representative)
    response = client.post(PROFILE, profile_data(coop_hoceima, acronym="TGN"))
    assert response.status_code == 200
    assert "هذه الهيئة مدمجة" in response.content.decode()
