"""Benchmark of `tadamon demo`: 500,000 organizations with 5 years of declarations.

    python bench/bench_demo.py                    # the whole benchmark, printed
    python bench/bench_demo.py --orgs 50000 -n 3  # a quicker one
    DATABASE_URL=postgres://... python bench/bench_demo.py --orgs 100000

Each run starts from a fresh, migrated, empty database (SQLite: a copy of a
template migrated once; PostgreSQL: a database created from a migrated
template) and times the whole `tadamon demo` process, start-up included. The
baseline, run in turn with it (A B A B ...), writes the same number of
organization and declaration rows into the same tables of the same schema
with the plainest tool there is (sqlite3 executemany, or psycopg COPY) and
nothing else: no generation, no rules, no registry numbers, no history. The
ratio says what the demo's realism and its history cost over bare writing.

The two steps also run alone, so that an outside timer can run them:
    python bench/bench_demo.py prepare DIR        # DIR/template.sqlite3
    python bench/bench_demo.py demo DIR           # one timed demo run on a fresh copy
    python bench/bench_demo.py baseline DIR       # one timed baseline run on a fresh copy
Results and the exact commands are in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
TADAMON = [sys.executable, "-c", "from tadamon.cli import main; main()"]
DECLARATIONS_PER_ORGANIZATION = 2.6  # what the demo writes at 5 years (1,296,000 for 500,000)


def machine() -> dict[str, str]:
    cpu = "unknown"
    if Path("/proc/cpuinfo").exists():
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = "unknown"
    if Path("/proc/meminfo").exists():
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kib / 1024**2:.1f} GiB"
    return {
        "processors": str(os.cpu_count()),
        "cpu": cpu,
        "memory": memory,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "system": platform.platform(),
    }


def _postgres() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def _environment(folder: Path, database_url: str | None = None) -> dict[str, str]:
    env = {**os.environ, "TADAMON_VAR_DIR": str(folder), "PYTHONPATH": str(PROJECT)}
    if database_url:
        env["DATABASE_URL"] = database_url
    else:
        env.pop("DATABASE_URL", None)
    return env


def prepare(folder: Path) -> None:
    """Migrate an empty database once: the template every run starts from."""
    folder.mkdir(parents=True, exist_ok=True)
    url = _postgres()
    if url:
        _pg_admin(url, "DROP DATABASE IF EXISTS {db}_template", "CREATE DATABASE {db}_template")
        url = _pg_database(url, "_template")
    subprocess.run(
        [*TADAMON, "migrate", "--no-input", "--verbosity", "0"],
        env=_environment(folder, url),
        check=True,
    )
    if not url:
        shutil.copy(folder / "tadamon.sqlite3", folder / "template.sqlite3")


def _fresh(folder: Path) -> tuple[Path, str | None]:
    """A fresh empty database for one run, from the template."""
    run = Path(tempfile.mkdtemp(prefix="run-", dir=folder))
    url = _postgres()
    if url:
        _pg_admin(
            url,
            "DROP DATABASE IF EXISTS {db}_run",
            "CREATE DATABASE {db}_run TEMPLATE {db}_template",
        )
        return run, _pg_database(url, "_run")
    shutil.copy(folder / "template.sqlite3", run / "tadamon.sqlite3")
    return run, None


def run_demo(folder: Path, orgs: int, years: int, seed: int) -> float:
    run, url = _fresh(folder)
    started = time.perf_counter()
    subprocess.run(
        # The registry's load is what is timed (issue 3); the funding chain is its own step.
        [
            *TADAMON,
            "demo",
            "--orgs",
            str(orgs),
            "--years",
            str(years),
            "--seed",
            str(seed),
            "--no-funding",
        ],
        env=_environment(run, url),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    elapsed = time.perf_counter() - started
    shutil.rmtree(run, ignore_errors=True)
    return elapsed


def run_baseline(folder: Path, orgs: int) -> float:
    """The same rows written bare: one transaction, executemany (SQLite) or COPY (PostgreSQL)."""
    run, url = _fresh(folder)
    declarations = int(orgs * DECLARATIONS_PER_ORGANIZATION)
    started = time.perf_counter()
    if url:
        _baseline_postgres(url, orgs, declarations)
    else:
        _baseline_sqlite(run / "tadamon.sqlite3", orgs, declarations)
    elapsed = time.perf_counter() - started
    shutil.rmtree(run, ignore_errors=True)
    return elapsed


ORGANIZATION_COLUMNS = (
    "id", "registry_id", "external_id", "legal_form", "name_ar", "name_fr", "acronym",
    "province_id", "commune", "address", "founding_date", "registration_date", "sector_id",
    "activity", "status", "public_utility", "public_utility_date", "ice", "phone", "email",
    "website", "created_at", "updated_at",
)  # fmt: skip
DECLARATION_COLUMNS = (
    "organization_id", "year", "members_total", "members_women", "members_youth",
    "employees_permanent", "employees_seasonal", "employees_women", "revenue_mad",
    "value_added_mad", "subsidies_mad", "beneficiaries_total", "beneficiaries_women", "filed_at",
)  # fmt: skip


def _organization_rows(orgs: int):
    stamp = "2026-01-01 00:00:00"
    for i in range(1, orgs + 1):
        yield (
            i, f"09-2015-{i:06d}-0", f"REC-541-{i:06d}", "association",
            "جمعية حي السلام للتنمية", "Association Hay Salam pour le développement", "",
            "541", "Taroudannt", "", "2015-03-01", "2015-03-20", "local_development",
            "Projets de développement local", "registered", False, None, "", "", "", "",
            stamp, stamp,
        )  # fmt: skip


def _declaration_rows(orgs: int, declarations: int):
    """`declarations` rows spread evenly: each organization gets 2 or 3 years, from 2021."""
    for organization in range(orgs):
        years = (organization + 1) * declarations // orgs - organization * declarations // orgs
        for year in range(2021, 2021 + years):
            yield (organization + 1, year, 25, 12, 8, 1, 3, 2, 80000, 30000, None, 150, 80,
                   "2026-01-01 00:00:00")  # fmt: skip


def _baseline_sqlite(path: Path, orgs: int, declarations: int) -> None:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("BEGIN IMMEDIATE")
    connection.executemany(
        f"INSERT INTO registry_organization ({', '.join(ORGANIZATION_COLUMNS)}) "
        f"VALUES ({', '.join('?' * len(ORGANIZATION_COLUMNS))})",
        _organization_rows(orgs),
    )
    connection.executemany(
        f"INSERT INTO registry_declaration ({', '.join(DECLARATION_COLUMNS)}) "
        f"VALUES ({', '.join('?' * len(DECLARATION_COLUMNS))})",
        _declaration_rows(orgs, declarations),
    )
    connection.execute("COMMIT")
    connection.close()


def _baseline_postgres(url: str, orgs: int, declarations: int) -> None:
    import psycopg

    with psycopg.connect(url) as connection, connection.cursor() as cursor:
        for table, columns, rows in (
            ("registry_organization", ORGANIZATION_COLUMNS, _organization_rows(orgs)),
            ("registry_declaration", DECLARATION_COLUMNS, _declaration_rows(orgs, declarations)),
        ):
            with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)


def _pg_database(url: str, suffix: str) -> str:
    return url + suffix


def _pg_admin(url: str, *statements: str) -> None:
    import psycopg

    server, _, name = url.rpartition("/")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        for statement in statements:
            admin.execute(statement.format(db=name))


def benchmark(orgs: int, years: int, seed: int, runs: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="tadamon-bench-"))
    try:
        prepare(folder)
        run_demo(folder, min(orgs, 20_000), years, seed)  # warm-up: imports, page cache
        demo, bare = [], []
        for _ in range(runs):
            demo.append(run_demo(folder, orgs, years, seed))
            bare.append(run_baseline(folder, orgs))
        ratios = [a / b for a, b in zip(demo, bare, strict=True)]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    database = "PostgreSQL" if _postgres() else "SQLite"
    print(f"tadamon demo --orgs {orgs} --years {years} --seed {seed}  ({database}, {runs} runs)")
    for label, values in (("demo, s", demo), ("baseline, s", bare), ("ratio", ratios)):
        print(f"  {label:<12} median {statistics.median(values):7.2f}   "
              f"min {min(values):7.2f}   max {max(values):7.2f}")  # fmt: skip
    for key, value in machine().items():
        print(f"  {key:<12} {value}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("step", nargs="?", choices=("prepare", "demo", "baseline"))
    parser.add_argument("folder", nargs="?", type=Path)
    parser.add_argument("--orgs", type=int, default=500_000)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-n", "--runs", type=int, default=3)
    options = parser.parse_args()
    if options.step is None:
        benchmark(options.orgs, options.years, options.seed, options.runs)
        return
    if options.folder is None:
        parser.error("the steps need a folder (where the template database lives)")
    if options.step == "prepare":
        prepare(options.folder)
    elif options.step == "demo":
        print(f"{run_demo(options.folder, options.orgs, options.years, options.seed):.2f} s")
    else:
        print(f"{run_baseline(options.folder, options.orgs):.2f} s")


if __name__ == "__main__":
    main()
