"""The invitee's page: choosing a username and password, or learning why the link is dead."""

import datetime as dt
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from tadamon.accounts.invitations import accept_invitation, revoke_invitation
from tadamon.accounts.models import User
from tadamon.selfservice.tests.conftest import as_language


def page_url(token: str) -> str:
    return reverse("selfservice:invitation", args=[token])


def test_the_invitee_sees_whom_it_will_represent(client, invitation):
    _stored, token = invitation
    response = client.get(page_url(token))
    assert response.status_code == 200
    page = response.content.decode()
    assert "تعاونية تيغانيمين للأركان" in page
    assert 'name="username"' in page and 'name="password"' in page


def test_the_invitee_opens_its_account_and_lands_on_its_organization(client, invitation):
    stored, token = invitation
    response = client.post(
        page_url(token), {"username": "fatima_tighanimine", "password": "argane-Rif-2026"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("selfservice:dashboard")
    user = User.objects.get(username="fatima_tighanimine")
    assert user.organization_id == stored.organization_id
    dashboard = client.get(reverse("selfservice:dashboard"))
    assert dashboard.status_code == 200
    assert "تعاونية تيغانيمين للأركان" in dashboard.content.decode()


def test_errors_are_shown_next_to_their_fields_and_the_username_kept(
    client, invitation, representative
):
    _stored, token = invitation
    response = client.post(page_url(token), {"username": "rep_tighanimine", "password": "1"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="rep_tighanimine"' in page
    assert "اسم المستخدم «rep_tighanimine» مستعمل" in page
    assert 'id="error-password"' in page and 'aria-invalid="true"' in page
    assert User.objects.filter(role="representative").count() == 1


@pytest.mark.parametrize(
    ("case", "status", "arabic", "french"),
    [
        ("used", 410, "استعملت هذه الدعوة من قبل", "Cette invitation a déjà été utilisée"),
        ("expired", 410, "انتهت صلاحية هذه الدعوة", "Cette invitation a expiré"),
        ("revoked", 410, "ألغى المسجل هذه الدعوة", "Le registraire a annulé cette invitation"),
        ("unknown", 404, "رابط الدعوة هذا غير معروف", "Ce lien d'invitation est inconnu"),
    ],
)
@pytest.mark.parametrize("language", ["ar", "fr"])
def test_a_dead_link_says_why_in_arabic_and_french(
    client, invitation, registrar_tanger, case, status, arabic, french, language
):
    stored, token = invitation
    if case == "used":
        accept_invitation(token, "fatima_tighanimine", "argane-Rif-2026")
    elif case == "revoked":
        revoke_invitation(registrar_tanger, stored, "أرسلت إلى عنوان خاطئ")
    elif case == "expired":
        stored.expires_at = timezone.now() - dt.timedelta(seconds=1)
        stored.save(update_fields=["expires_at"])
    else:
        token = token[::-1]
    as_language(client, language)
    for response in (
        client.get(page_url(token)),
        client.post(page_url(token), {"username": "someone_else", "password": "argane-Rif-2026"}),
    ):
        assert response.status_code == status
        page = html.unescape(response.content.decode())
        assert arabic in page and french in page
        assert f'<html lang="{language}"' in page
        assert f'data-code="invitation_{case}"' in page
    assert not User.objects.filter(username="someone_else").exists()
