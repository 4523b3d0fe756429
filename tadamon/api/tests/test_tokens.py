"""API tokens: issued and revoked by administrators (service, back office, console), stored
hashed, each change in the history, and what the API makes of them."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from tadamon.accounts.models import ApiToken
from tadamon.accounts.tokens import create_token, key_digest, revoke_token
from tadamon.api.tests.conftest import Api, key_for
from tadamon.errors import DomainError, PermissionDeniedError
from tadamon.history.models import HistoryEntry

ME = "/api/v1/organizations"


def test_an_administrator_issues_a_token_kept_only_as_a_digest(administrator, analyst):
    issued = create_token(administrator, analyst, "لوحة المرصد")
    token = ApiToken.objects.get()
    assert issued.key.startswith("tdm_") and len(issued.key) > 40
    assert token.key_digest == key_digest(issued.key) and issued.key not in token.key_digest
    assert issued.key.startswith(token.prefix)
    entry = HistoryEntry.objects.get(action="token:create")
    assert entry.actor == administrator and entry.after["user_id"] == analyst.pk
    assert issued.key not in str(entry.after) and token.key_digest not in str(entry.after)


@pytest.mark.parametrize(
    "who", ["national_registrar", "registrar_tanger", "representative", "analyst", "anonymous"]
)
def test_only_administrators_issue_tokens(request, who, analyst):
    with pytest.raises(PermissionDeniedError):
        create_token(request.getfixturevalue(who), analyst, "مفتاح")
    assert not ApiToken.objects.exists()


def test_a_token_needs_a_name_and_an_active_user(administrator, analyst):
    with pytest.raises(DomainError) as failure:
        create_token(administrator, analyst, "  ")
    assert failure.value.code == "token_name_invalid"
    analyst.is_active = False
    analyst.save()
    with pytest.raises(DomainError) as failure:
        create_token(administrator, analyst, "مفتاح")
    assert failure.value.code == "user_inactive"


def test_a_revoked_token_stops_working_at_once(administrator, analyst, coop_hoceima):
    issued = create_token(administrator, analyst, "مفتاح")
    api = Api(issued.key)
    assert api.get(ME).status_code == 200
    revoke_token(administrator, issued.token, "تسرب")
    response = api.get(ME)
    assert response.status_code == 401 and response.json()["code"] == "invalid_token"
    entry = HistoryEntry.objects.get(action="token:revoke")
    assert entry.reason == "تسرب" and entry.after["revoked_at"]
    with pytest.raises(DomainError):
        revoke_token(administrator, issued.token)


def test_a_user_may_revoke_its_own_token_but_not_anothers(
    administrator, analyst, national_registrar
):
    own = create_token(administrator, analyst, "مفتاحي").token
    other = create_token(administrator, national_registrar, "مفتاح غيري").token
    revoke_token(analyst, own)
    with pytest.raises(PermissionDeniedError):
        revoke_token(analyst, other)
    other.refresh_from_db()
    assert not other.revoked


def test_a_deactivated_users_token_is_refused(analyst, coop_hoceima):
    api = Api(key_for(analyst))
    analyst.is_active = False
    analyst.save()
    assert api.get(ME).status_code == 401


@pytest.mark.parametrize(
    "header", ["Bearer", "Bearer ", "Basic YWxpOnNlc2FtZQ==", "Token abc", "tdm_x"]
)
def test_a_malformed_authorization_header_is_refused_not_ignored(db, header):
    response = Api().get(ME, Authorization=header)
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_token"


def test_last_use_is_recorded_at_most_once_a_minute(analyst, coop_hoceima):
    key = key_for(analyst)
    token = ApiToken.objects.get()
    assert token.last_used_at is None
    Api(key).get(ME)
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    Api(key).get(ME)
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - dt.timedelta(minutes=2))
    Api(key).get(ME)
    token.refresh_from_db()
    assert token.last_used_at > first - dt.timedelta(seconds=1)
    assert token.last_used_at <= timezone.now()


def test_the_console_creates_lists_and_revokes(analyst, coop_hoceima):
    out, err = StringIO(), StringIO()
    call_command("token", "create", "analyst", "--name", "تصدير ليلي", stdout=out, stderr=err)
    key = out.getvalue().strip()
    assert key.startswith("tdm_") and "not shown again" in err.getvalue()
    assert Api(key).get(ME).status_code == 200
    listing = StringIO()
    call_command("token", "list", stdout=listing)
    token = ApiToken.objects.get()
    assert token.prefix in listing.getvalue() and "تصدير ليلي" in listing.getvalue()
    assert key not in listing.getvalue()
    call_command("token", "revoke", token.prefix, "--reason", "انتهى", stdout=StringIO())
    assert Api(key).get(ME).status_code == 401
    entries = HistoryEntry.objects.filter(object_type="api_token").order_by("seq")
    assert [(e.action, e.actor_label) for e in entries] == [
        ("token:create", "system"), ("token:revoke", "system"),
    ]  # fmt: skip


def test_the_console_names_what_is_wrong(db):
    with pytest.raises(CommandError, match="n'existe pas"):
        call_command("token", "create", "nobody", "--name", "x")
    with pytest.raises(CommandError, match="aucun jeton"):
        call_command("token", "revoke", "tdm_nothing")


def test_an_administrator_issues_a_token_in_the_back_office(client, administrator, analyst):
    client.force_login(administrator)
    response = client.post(
        reverse("admin:accounts_apitoken_add"), {"user": analyst.pk, "name": "لوحة"}, follow=True
    )
    assert response.status_code == 200
    token = ApiToken.objects.get()
    shown = [str(m) for m in response.context["messages"]]
    key = next(word for text in shown for word in text.split() if word.startswith("tdm_"))
    assert key_digest(key) == token.key_digest
    assert HistoryEntry.objects.get(action="token:create").actor == administrator
    listing = client.get(reverse("admin:accounts_apitoken_changelist"))
    assert token.prefix in listing.content.decode() and key not in listing.content.decode()


def test_an_administrator_revokes_tokens_in_the_back_office(client, administrator, analyst):
    token = create_token(administrator, analyst, "لوحة").token
    client.force_login(administrator)
    client.post(
        reverse("admin:accounts_apitoken_changelist"),
        {"action": "revoke_selected", "_selected_action": [token.pk]},
    )
    token.refresh_from_db()
    assert token.revoked
    assert HistoryEntry.objects.get(action="token:revoke").actor == administrator


@pytest.mark.parametrize(
    ("who", "status"), [("administrator", 200), ("national_registrar", 403), ("analyst", 403)]
)
def test_only_administrators_open_the_tokens_page(client, request, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("admin:accounts_apitoken_changelist")).status_code == status


def test_the_back_office_pages_of_a_token_show_no_key(client, administrator, analyst):
    issued = create_token(administrator, analyst, "لوحة")
    client.force_login(administrator)
    assert client.get(reverse("admin:accounts_apitoken_add")).status_code == 200
    page = client.get(reverse("admin:accounts_apitoken_change", args=[issued.token.pk]))
    assert page.status_code == 200
    assert issued.token.prefix in page.content.decode()
    assert issued.key not in page.content.decode()
    assert issued.token.key_digest not in page.content.decode()
