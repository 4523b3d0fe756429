import io

from django.core.management import call_command

from tadamon.accounts.management.commands.setup_demo import DEMO_PASSWORD
from tadamon.accounts.models import User
from tadamon.history.chain import verify_chain
from tadamon.registry.models import Organization


def test_setup_loads_the_demo_once_and_prints_working_logins(db):
    out = io.StringIO()
    call_command("setup_demo", orgs=300, years=2, seed=3, stdout=out)
    count = Organization.objects.count()
    assert count >= 300
    registrar = User.objects.get(username="registrar")
    assert registrar.role == "national_registrar"
    assert registrar.check_password(DEMO_PASSWORD)
    assert "registrar" in out.getvalue() and DEMO_PASSWORD in out.getvalue()
    assert User.objects.get(username="registrar_souss").region_id == "09"
    representative = User.objects.get(username="cooperative")
    assert representative.role == "representative"
    assert representative.check_password(DEMO_PASSWORD)
    represented = representative.organization
    assert represented.status == "registered" and represented.province.region_id == "09"
    assert represented.name_ar in out.getvalue() or represented.name_fr in out.getvalue()

    again = io.StringIO()
    call_command("setup_demo", orgs=300, years=2, seed=3, stdout=again)
    assert Organization.objects.count() == count
    assert "not reloaded" in again.getvalue()
    assert User.objects.filter(username="registrar").count() == 1
    assert User.objects.get(username="cooperative").organization == represented
    assert verify_chain().ok
