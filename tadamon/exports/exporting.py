"""Writing the open data into a folder: what `tadamon export` and the download cache call.

    export(["csv", "jsonld"], Path("out"), "https://tadamon.ma")

Layout of the folder (every format, `--format all`):

    organizations.csv, declarations-by-province.csv      csv (UTF-8 with BOM)
    organizations.xlsx, declarations-by-province.xlsx    xlsx
    datapackage/datapackage.json + the two CSVs           datapackage
    organizations.jsonld                                  jsonld
    murmurations/<registry_id>.json                       murmurations

Organizations are read once per file, streamed (public.organization_records);
only the small province aggregate is held in memory.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tadamon.errors import DomainError
from tadamon.exports import aggregates, datapackage, jsonld, murmurations, public
from tadamon.exports.tables import counted, write_table_csv, write_table_xlsx

FORMATS = ("csv", "xlsx", "datapackage", "jsonld", "murmurations")
ORGANIZATIONS = "organizations"
AGGREGATE = aggregates.TABLE_NAME
JSONLD_FILE = "organizations.jsonld"
MURMURATIONS_DIR = "murmurations"
DATAPACKAGE_DIR = "datapackage"

Progress = Callable[[str, int, int], None]


def parse_formats(text: str) -> list[str]:
    """`all`, one format, or several separated by commas; refuses an unknown one."""
    names = [name.strip().lower() for name in text.split(",") if name.strip()]
    if names == ["all"]:
        return list(FORMATS)
    unknown = [name for name in names if name not in FORMATS]
    if unknown or not names:
        known = ", ".join((*FORMATS, "all"))
        shown = ", ".join(unknown) or text
        raise DomainError(
            "unknown_format",
            f"صيغة غير معروفة «{shown}»: الصيغ المتاحة {known}",
            f"Format inconnu « {shown} » : formats possibles {known}",
            "format",
        )
    return list(dict.fromkeys(names))


class Exporter:
    """Writes each format into `out`; `progress(stage, done, total)` follows the rows."""

    def __init__(self, out: Path, base_url: str, progress: Progress | None = None):
        self.out = out
        self.base_url = base_url
        self.progress = progress
        self._total: int | None = None
        self._aggregate: list[list[Any]] | None = None
        self._provinces = public.province_names()
        self._sectors = public.sector_labels()

    # -- shared pieces ------------------------------------------------------------------

    @property
    def total(self) -> int:
        if self._total is None:
            self._total = public.count_public_organizations()
        return self._total

    def aggregate_rows(self) -> list[list[Any]]:
        if self._aggregate is None:
            rows = aggregates.declarations_by_province()
            self._aggregate = [aggregates.aggregate_row(row) for row in rows]
        return self._aggregate

    def _organizations(self, stage: str):
        return counted(public.organization_rows(), self._tick(stage, self.total))

    def _tick(self, stage: str, total: int):
        if self.progress is None:
            return None
        self.progress(stage, 0, total)
        return lambda done: self.progress(stage, done, total)

    def _aggregate_stage(self, stage: str) -> list[list[Any]]:
        rows = self.aggregate_rows()
        if self.progress:
            self.progress(stage, len(rows), len(rows))
        return rows

    # -- formats --------------------------------------------------------------------------

    def csv(self, folder: Path | None = None, *, bom: bool = True) -> list[Path]:
        folder = folder or self.out
        organizations = folder / f"{ORGANIZATIONS}.csv"
        aggregate = folder / f"{AGGREGATE}.csv"
        write_table_csv(
            organizations, public.organization_columns(),
            self._organizations(str(organizations.relative_to(self.out))), bom=bom,
        )  # fmt: skip
        write_table_csv(
            aggregate, aggregates.aggregate_columns(),
            self._aggregate_stage(str(aggregate.relative_to(self.out))), bom=bom,
        )  # fmt: skip
        return [organizations, aggregate]

    def xlsx(self) -> list[Path]:
        organizations = self.out / f"{ORGANIZATIONS}.xlsx"
        aggregate = self.out / f"{AGGREGATE}.xlsx"
        write_table_xlsx(
            organizations, ORGANIZATIONS, public.organization_columns(),
            self._organizations(organizations.name),
        )  # fmt: skip
        write_table_xlsx(
            aggregate, AGGREGATE, aggregates.aggregate_columns(),
            self._aggregate_stage(aggregate.name),
        )  # fmt: skip
        return [organizations, aggregate]

    def datapackage(self) -> list[Path]:
        folder = self.out / DATAPACKAGE_DIR
        folder.mkdir(exist_ok=True)
        # Programs read a Data Package: plain UTF-8, its declared encoding, no BOM.
        tables = self.csv(folder, bom=False)
        return [datapackage.write_descriptor(folder, self.base_url), *tables]

    def jsonld(self) -> list[Path]:
        path = self.out / JSONLD_FILE
        with path.open("w", encoding="utf-8") as handle:
            nodes = jsonld.organization_nodes(self.base_url)
            for piece in jsonld.jsonld_pieces(counted(nodes, self._tick(path.name, self.total))):
                handle.write(piece)
        return [path]

    def murmurations(self) -> list[Path]:
        folder = self.out / MURMURATIONS_DIR
        folder.mkdir(exist_ok=True)
        records = public.organization_records(with_end_date=True)
        for record in counted(records, self._tick(f"{MURMURATIONS_DIR}/", self.total)):
            data = murmurations.profile(record, self.base_url, self._provinces, self._sectors)
            path = folder / f"{record['registry_id']}.json"
            path.write_text(murmurations.profile_json(data), encoding="utf-8")
        return [folder]


def export(
    formats: list[str], out: Path, base_url: str, progress: Progress | None = None
) -> list[Path]:
    """Every format asked for, into `out` (created if missing); the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    exporter = Exporter(out, base_url, progress)
    written: list[Path] = []
    for name in formats:
        written += getattr(exporter, name)()
    return written
