"""Shared pieces of the self-service tests: an invitation and a cooperative in a union."""

import datetime as dt

import pytest

from conftest import cooperative_fields, register_reviewed
from tadamon.accounts.invitations import invite_representative
from tadamon.registry import services

INVITEE = "fatima.zahra@example.ma"


@pytest.fixture
def invitation(registrar_tanger, coop_hoceima):
    """An invitation from Tanger's registrar to represent the Al Hoceïma cooperative."""
    return invite_representative(registrar_tanger, coop_hoceima, INVITEE)


@pytest.fixture
def union_hoceima(national_registrar, province_hoceima, coop_hoceima):
    """A union of cooperatives that coop_hoceima joined in 2021."""
    union = register_reviewed(
        national_registrar,
        cooperative_fields(
            province_hoceima,
            legal_form="cooperative_union",
            name_ar="اتحاد تعاونيات الريف",
            name_fr="Union des coopératives du Rif",
            phone="+212 539 000 111",
            email="",
        ),
        "ملف كامل",
        dt.date(2020, 3, 15),
    )
    services.add_membership(national_registrar, coop_hoceima, union, dt.date(2021, 1, 10))
    return union


def as_language(client, language: str):
    """The visitor's language choice, as the portal's cookie keeps it."""
    client.cookies["tadamon_lang"] = language
    return client
