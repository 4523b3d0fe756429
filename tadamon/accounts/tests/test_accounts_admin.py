import pytest
from django.urls import reverse

from tadamon.accounts.models import User
from tadamon.accounts.services import save_account
from tadamon.errors import DomainError, PermissionDeniedError
from tadamon.history.models import HistoryEntry


def test_an_administrator_gives_a_user_the_regional_registrar_role(administrator, region_casa):
    user = User(username="nouveau_registraire", role="regional_registrar", region=region_casa)
    save_account(administrator, user, "pass-Tadamon-2026")
    user.refresh_from_db()
    assert user.is_staff
    assert user.check_password("pass-Tadamon-2026")
    entry = HistoryEntry.objects.get(action="account:save")
    assert entry.after["role"] == "regional_registrar"
    assert entry.actor == administrator


def test_a_regional_registrar_needs_a_region(administrator):
    with pytest.raises(DomainError) as failure:
        save_account(administrator, User(username="x", role="regional_registrar"))
    assert failure.value.code == "region_required"


def test_a_registrar_cannot_manage_users(national_registrar):
    with pytest.raises(PermissionDeniedError):
        save_account(national_registrar, User(username="y", role="analyst"))
    assert not User.objects.filter(username="y").exists()


def test_a_representative_is_not_staff(administrator, coop_hoceima):
    user = User(username="rep", role="representative", organization=coop_hoceima)
    save_account(administrator, user)
    assert not user.is_staff


@pytest.mark.parametrize(
    ("who", "status"),
    [("administrator", 200), ("national_registrar", 403), ("analyst", 403)],
)
def test_only_administrators_open_the_users_page(client, request, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == status
