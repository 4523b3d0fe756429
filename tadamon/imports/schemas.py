"""The import layouts: the project's copy of shared/schemas (Frictionless Table Schemas).

The organizations layout is extended with `public_utility_date`, which the
registry's rules require as soon as `public_utility` is true.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tadamon.imports.problems import WARNING, FileRejected, ImportProblem

SCHEMAS = Path(__file__).resolve().parent / "schemas"
KINDS = ("organizations", "declarations")
# Each kind needs one of these columns to name the record (besides the schema's required ones).
ONE_OF = {
    "organizations": ("name_ar", "name_fr"),
    "declarations": ("registry_id", "external_id"),
}


@dataclass(frozen=True)
class Layout:
    kind: str
    columns: tuple[str, ...]
    required: tuple[str, ...]
    one_of: tuple[str, ...]


@cache
def layout(kind: str) -> Layout:
    schema = json.loads((SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8"))
    columns = tuple(f["name"] for f in schema["fields"])
    required = tuple(
        f["name"] for f in schema["fields"] if f.get("constraints", {}).get("required")
    )
    return Layout(kind, columns, required, ONE_OF[kind])


def check_header(kind: str, header: list[str]) -> tuple[dict[str, int], list[ImportProblem]]:
    """Positions of the known columns, and a warning per unknown column (they are ignored).

    A missing required column, or a column named twice, rejects the file: no
    row could be read right."""
    spec = layout(kind)
    positions: dict[str, int] = {}
    warnings = []
    names = [h.strip().lower() for h in header]
    doubled = sorted({n for n in names if n and names.count(n) > 1})
    if doubled:
        listed = "، ".join(doubled)
        raise FileRejected(
            "column_twice",
            f"أعمدة مكررة في السطر الأول: {listed}",
            f"Colonnes en double dans la première ligne : {', '.join(doubled)}",
            1,
        )
    for position, name in enumerate(names):
        if name in spec.columns:
            positions[name] = position
        elif name:
            warnings.append(
                ImportProblem(
                    1, header[position], "", "column_unknown",
                    f"العمود «{header[position]}» غير معروف وسيتم تجاهله",
                    f"Colonne « {header[position]} » inconnue : elle est ignorée",
                    severity=WARNING,
                )
            )  # fmt: skip
    missing = [c for c in spec.required if c not in positions]
    if not any(c in positions for c in spec.one_of):
        missing.append(" / ".join(spec.one_of))
    if missing:
        raise FileRejected(
            "column_missing",
            f"أعمدة إلزامية غائبة: {'، '.join(missing)} (الأعمدة المقبولة: "
            f"{', '.join(spec.columns)})",
            f"Colonnes obligatoires absentes : {', '.join(missing)} (colonnes admises : "
            f"{', '.join(spec.columns)})",
            1,
        )
    return positions, warnings
