"""The cast every test can call on (as healthchecks' hc/test.py does).

A national registrar, two regional registrars of different regions
(Tanger-Tétouan-Al Hoceïma `01` and Casablanca-Settat `06`), a representative
of one organization, an analyst, an administrator and an anonymous visitor;
organizations with Arabic names in both regions.
"""

import datetime as dt
import itertools

import pytest
from django.contrib.auth.models import AnonymousUser

from tadamon.accounts.models import User
from tadamon.registry import services
from tadamon.territory.models import Province, Region

DAY = dt.date(2020, 3, 15)


@pytest.fixture
def reference_data(transactional_db):
    """Territories and sectors for transactional tests (browser, concurrency).

    Migrations load them once, but a transactional test's teardown flushes
    every table; reloading (idempotent) is simpler and surer than serialized
    rollback, which did not restore them on PostgreSQL.
    """
    from tadamon.registry.models import Sector
    from tadamon.registry.sectors import load_sectors
    from tadamon.territory.reference import load_territories

    load_territories(Region, Province)
    load_sectors(Sector)
    _observatory_reference()


def _observatory_reference() -> None:
    """The observatory's reference figures and built-in definitions (flushed too)."""
    from tadamon.observatory.builtin import install_builtins
    from tadamon.observatory.models import Indicator, ReferenceValue, Source, Target, ValidationRule
    from tadamon.observatory.reference import load_reference

    if not ReferenceValue.objects.exists():
        load_reference(Source, ReferenceValue)
    install_builtins(Indicator, Target, ValidationRule)


@pytest.fixture
def region_tanger(db):
    return Region.objects.get(code="01")


@pytest.fixture
def region_casa(db):
    return Region.objects.get(code="06")


@pytest.fixture
def province_hoceima(db):
    return Province.objects.get(code="051")


@pytest.fixture
def province_casablanca(db):
    return Province.objects.get(code="141")


def make_user(username: str, role: str, **extra) -> User:
    return User.objects.create_user(
        username=username, password="pass-Tadamon-2026", role=role, is_staff=True, **extra
    )


@pytest.fixture
def national_registrar(db):
    return make_user("national", "national_registrar")


@pytest.fixture
def registrar_tanger(region_tanger):
    return make_user("registrar_tanger", "regional_registrar", region=region_tanger)


@pytest.fixture
def registrar_casa(region_casa):
    return make_user("registrar_casa", "regional_registrar", region=region_casa)


@pytest.fixture
def analyst(db):
    return make_user("analyst", "analyst")


@pytest.fixture
def administrator(db):
    return make_user("admin_user", "administrator")


@pytest.fixture
def anonymous():
    return AnonymousUser()


PHONES = itertools.count(1)


def register_reviewed(actor, fields, reason="ملف كامل", effective_on=None):
    """Register in one step, the registrar having checked the look-alikes (distinct bodies
    of one place, or a duplicate a test means to create)."""
    return services.register_organization(
        actor, fields, reason, effective_on, duplicates_reviewed=True
    )


def cooperative_fields(province, **overrides):
    """A cooperative's fields; each call gets its own phone (a shared phone is a duplicate sign)."""
    fields = {
        "legal_form": "cooperative",
        "name_ar": "تعاونية تيغانيمين للأركان",
        "name_fr": "Coopérative Tighanimine pour l'argane",
        "province": province,
        "commune": "الحسيمة",
        "founding_date": dt.date(2015, 6, 1),
        "sector": "argan",
        "phone": f"+212 600 {next(PHONES):06d}"[:16],
        "email": "contact@tighanimine.ma",
    }
    fields.update(overrides)
    return fields


@pytest.fixture
def coop_hoceima(national_registrar, province_hoceima):
    """A registered cooperative in Al Hoceïma (region 01)."""
    return register_reviewed(
        national_registrar, cooperative_fields(province_hoceima), "ملف كامل", DAY
    )


@pytest.fixture
def association_casa(national_registrar, province_casablanca):
    """A registered association in Casablanca (region 06)."""
    return register_reviewed(
        national_registrar,
        {
            "legal_form": "association",
            "name_ar": "جمعية حي السلام للتنمية",
            "name_fr": "Association Hay Salam pour le développement",
            "province": province_casablanca,
            "founding_date": dt.date(2010, 1, 10),
            "sector": "social_action",
            "phone": "+212 522 000 002",
        },
        "ملف كامل",
        DAY,
    )


@pytest.fixture
def representative(coop_hoceima):
    return User.objects.create_user(
        username="rep_tighanimine",
        password="pass-Tadamon-2026",
        role="representative",
        organization=coop_hoceima,
    )


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """PBKDF2 is slow on purpose; tests only need a hasher that works."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


FIGURES_MINIMAL = {"members_total": 12, "members_women": 9, "members_youth": 3}


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: cached answers are keyed by the history's
    last entry, and two tests' rolled-back registries can share that number."""
    from django.core.cache import cache

    cache.clear()
    yield
