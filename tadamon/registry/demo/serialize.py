"""Canonical JSON of the demo records for the history, built column by column.

The history hashes the canonical JSON of each entry (sorted keys, no spaces,
UTF-8 as is: tadamon.history.chain.entry_hash). json.dumps of one dict per
record costs about 10 µs, 13 s for the 1.3 million declarations of a
500,000-organization load; filling a template per row from whole columns
costs a tenth of that. The shapes are those of tadamon.registry.services.snapshots
(organization_snapshot, declaration_snapshot, membership_snapshot), read from
its field lists so that a field added there fails here loudly, and the tests
compare both on samples.
"""

from __future__ import annotations

import json

import numpy as np

from tadamon.registry.demo.names import TEXT
from tadamon.registry.models import DECLARATION_FIGURES
from tadamon.registry.services.snapshots import ORGANIZATION_FIELDS

NEEDS_ESCAPE = ('"', "\\")
MONEY = ("revenue_mad", "value_added_mad", "subsidies_mad")


NULL = "\x1f"  # stands for a JSON null until rendered (no demo text holds a control character)


def check_json_safe(texts) -> None:
    """Refuse a source text that JSON would escape: plain quoting would then be wrong.

    The demo texts are made of the vocabulary, the census names, digits and
    ASCII punctuation; quoting them is all their JSON needs, and this check,
    run at import, proves it."""
    for value in texts:
        if any(c in value for c in NEEDS_ESCAPE) or any(ord(c) < 0x20 for c in value):
            raise ValueError(f"demo text {value!r} needs JSON escaping")


def _texts(values: np.ndarray, null: np.ndarray | None = None) -> list:
    listed = values.tolist()
    if null is not None:
        for row in np.flatnonzero(null).tolist():
            listed[row] = NULL
    return listed


def _dates(dates: np.ndarray) -> list:
    return np.where(np.isnat(dates), NULL, dates.astype(TEXT)).tolist()


def render(columns: dict[str, tuple[str, list]]) -> list[str]:
    """One canonical JSON object per row: keys sorted as json.dumps sorts them.

    `columns` maps each key to (kind, values): "text" values are quoted,
    "raw" ones (numbers, true/false) written as they are, "money" ones as
    "123.00"; NULL becomes null. Python's %-formatting over the rows
    is what made this fast: numpy text columns added one after the other
    copied each growing row again and took four times longer."""
    keys = sorted(columns)
    shapes = {"text": '"%s"', "raw": "%s", "money": '"%s.00"'}
    template = "{" + ",".join(f"{json.dumps(k)}:{shapes[columns[k][0]]}" for k in keys) + "}"
    return _fill(template, [columns[key][1] for key in keys])


def _fill(template: str, columns: list[list]) -> list[str]:
    """The template filled with each row of the columns, NULL written as null."""
    nulls = (f'"{NULL}.00"', f'"{NULL}"', NULL)
    rows = [template % row for row in zip(*columns, strict=True)]
    for row, value in enumerate(rows):
        if NULL in value:
            for null in nulls:
                value = value.replace(null, "null")
            rows[row] = value
    return rows


def organization_snapshots(orgs, registry_ids: np.ndarray) -> list[str]:
    """What organization_snapshot gives for each demo organization, as canonical JSON."""
    columns = {
        "registry_id": ("text", _texts(registry_ids, registry_ids == "")),
        "province_id": ("text", orgs.province_code.tolist()),
        "sector_id": ("text", _texts(orgs.sector, orgs.sector == "")),
        "founding_date": ("text", _dates(orgs.founding_date)),
        "registration_date": ("text", _dates(orgs.registration_date)),
        "public_utility_date": ("text", _dates(orgs.public_utility_date)),
        "public_utility": ("raw", np.where(orgs.public_utility, "true", "false").tolist()),
    }
    for name in ORGANIZATION_FIELDS:
        if name not in columns:
            columns[name] = ("text", getattr(orgs, name).tolist())
    return render({name: columns[name] for name in ORGANIZATION_FIELDS})


DECLARATION_TABLE_HEAD = (
    '{"figures":' + json.dumps(list(DECLARATION_FIGURES), separators=(",", ":"))
    + ',"organization_id":%d,"years":{'
)  # fmt: skip


def declaration_tables(declarations, organization_ids: np.ndarray) -> tuple[np.ndarray, list]:
    """Each organization's declarations as one table: the figures' names once, a row a year.

    {"figures": ["members_total", ...], "organization_id": 7, "years": {"2023": [12, ...]}}:
    the values of declaration_snapshot, in the order of DECLARATION_FIGURES,
    money as "123.00", null where not declared. Written as a table rather than
    a list of declaration_snapshot dicts, it is half the size, and the history
    is the largest table of a demo load."""
    organization = declarations.organization
    if len(organization) == 0:
        return organization, []
    figures = ",".join('"%s.00"' if name in MONEY else "%s" for name in DECLARATION_FIGURES)
    columns = [declarations.year.tolist()]
    for name in DECLARATION_FIGURES:
        values = declarations.values[name].tolist()
        for row in np.flatnonzero(declarations.missing[name]).tolist():
            values[row] = NULL
        columns.append(values)
    rows = _fill('"%s":[' + figures + "]", columns)
    starts = np.flatnonzero(np.r_[True, organization[1:] != organization[:-1]])
    stops = np.r_[starts[1:], len(organization)].tolist()
    owners = organization_ids[organization[starts]].tolist()
    tables = [
        DECLARATION_TABLE_HEAD % owner + ",".join(rows[a:b]) + "}}"
        for owner, a, b in zip(owners, starts.tolist(), stops, strict=True)
    ]
    return organization[starts], tables


def membership_snapshots(memberships, organization_ids: np.ndarray) -> list[str]:
    return render(
        {
            "member_id": ("raw", organization_ids[memberships.member].tolist()),
            "union_id": ("raw", organization_ids[memberships.union].tolist()),
            "started_on": ("text", _dates(memberships.started_on)),
            "ended_on": ("text", _dates(memberships.ended_on)),
        }
    )


def _source_texts():
    from tadamon.registry.demo import vocabulary
    from tadamon.registry.demo.duplicates import ABBREVIATIONS
    from tadamon.registry.demo.names import FORM_WORDS
    from tadamon.registry.demo.places import load_geography

    geo = load_geography()
    yield from geo.commune_name_ar + geo.commune_name_fr
    yield from geo.province_name_ar + geo.province_name_fr
    for table in (vocabulary.VIRTUES, vocabulary.DOUARS_AMAZIGH, vocabulary.DOUARS_ARABIC,
                  vocabulary.NEIGHBOURHOODS):  # fmt: skip
        for arabic, french in table:
            yield arabic
            yield from french
    for table in (vocabulary.PRODUCTS, vocabulary.CAUSES):
        for entries in table.values():
            for entry in entries:
                yield from entry[:2]
    for pair in (*vocabulary.MEMBER_GROUPS, *vocabulary.ACTIVITIES.values()):
        yield from pair
    yield from vocabulary.STATUS_REASONS.values()
    yield from geo.region_name_ar.values()
    yield from geo.region_name_fr.values()
    for pair in FORM_WORDS.values():
        yield from pair
    for options in ABBREVIATIONS.values():
        yield from options


check_json_safe(_source_texts())
