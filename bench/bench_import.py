"""Benchmark of `tadamon import organizations`: 100,000 rows with full validation and history.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tadamon_bench python bench/bench_import.py
    python bench/bench_import.py --rows 20000 -n 3          # SQLite, quicker
    python bench/bench_import.py --stages                   # one run in process, stage by stage

The file is built from the demo generator (tadamon.registry.demo, seed 1, no
near-duplicates) as a registrar's office would send it: UTF-8 with a BOM,
semicolons, dates as dd/mm/yyyy, legal forms by their Arabic label, statuses
and sectors by code. Each run starts from a fresh migrated database holding
one national registrar (PostgreSQL: a copy of a migrated template, made with
bench_demo's helpers) and times the whole `tadamon import organizations FILE`
process, start-up included; the command's own clock (reading to commit) is
printed beside it. The baseline, run in turn with it, is a plain `COPY` of the
same file into a table of the same columns and types without constraints or
indexes (SQLite: executemany of the rows read by the csv module), in one
transaction: no checks, no registry numbers, no history.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import re
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_demo import TADAMON, _environment, _fresh, _pg_admin, _postgres, machine

PROJECT = Path(__file__).resolve().parent.parent
COLUMNS = (
    "external_id", "legal_form", "name_ar", "name_fr", "acronym", "province_code", "commune",
    "address", "founding_date", "registration_date", "sector", "activity", "status",
    "public_utility", "public_utility_date", "ice", "phone", "email", "website",
)  # fmt: skip
DATES = ("founding_date", "registration_date", "public_utility_date")
PLAIN_TABLE = (
    "CREATE TABLE plain_organization ("
    + ", ".join(
        f"{c} {'date' if c in DATES else 'boolean' if c == 'public_utility' else 'text'}"
        for c in COLUMNS
    )
    + ")"
)
FORM_AR = {
    "association": "جمعية", "cooperative": "تعاونية", "cooperative_union": "اتحاد التعاونيات",
    "federation": "جامعة", "mutual": "تعاضدية", "amicale": "ودادية", "foundation": "مؤسسة",
    "social_enterprise": "مقاولة اجتماعية",
}  # fmt: skip


def build_file(path: Path, rows: int, seed: int = 1) -> None:
    """The demo generator's organizations as an office's CSV (UTF-8 BOM, ';', dd/mm/yyyy)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tadamon.settings")
    import django

    django.setup()
    from tadamon.registry.demo.generator import generate_dataset

    orgs = generate_dataset(rows, 0, seed, 0.0, dt.date(2026, 1, 1)).organizations
    columns = {c: getattr(orgs, c).tolist() for c in COLUMNS if c in orgs.__dataclass_fields__}
    columns["province_code"] = orgs.province_code.tolist()
    columns["sector"] = orgs.sector.tolist()
    for name in DATES:
        columns[name] = [
            "" if d is None else d.strftime("%d/%m/%Y")
            for d in getattr(orgs, name).astype(object).tolist()
        ]
    columns["legal_form"] = [FORM_AR[f] for f in orgs.legal_form.tolist()]
    columns["public_utility"] = ["true" if p else "false" for p in orgs.public_utility.tolist()]
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(COLUMNS)
        writer.writerows(zip(*(columns[c] for c in COLUMNS), strict=True))


def prepare(folder: Path) -> None:
    """A migrated empty database with one national registrar: the template of every run."""
    from bench_demo import prepare as migrate_template

    migrate_template(folder)
    url = _postgres()
    code = ("from tadamon.accounts.models import User; "
            "User.objects.create_user('bench', role='national_registrar')")  # fmt: skip
    subprocess.run([*TADAMON, "shell", "-c", code],
                   env=_environment(folder, url and url + "_template"), check=True)  # fmt: skip
    if not url:
        shutil.copy(folder / "tadamon.sqlite3", folder / "template.sqlite3")


def run_import(folder: Path, path: Path) -> tuple[float, float, float]:
    run, url = _fresh(folder)
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [*TADAMON, "import", "organizations", str(path), "--as", "bench", "--no-progress"],
        env=_environment(run, url), check=True, capture_output=True, text=True,
    )  # fmt: skip
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_seconds = after.ru_utime + after.ru_stime - cpu.ru_utime - cpu.ru_stime
    shutil.rmtree(run, ignore_errors=True)
    summary = next(line for line in done.stdout.splitlines() if line.startswith("organizations:"))
    if "create" not in summary or "rejected 0" not in summary:
        raise SystemExit(f"the import did not write every row: {summary}")
    own = float(re.search(r"in ([\d.]+) s$", summary).group(1))
    return elapsed, own, cpu_seconds


def run_baseline(folder: Path, path: Path) -> float:
    run, url = _fresh(folder)
    started = time.perf_counter()
    if url:
        import psycopg

        with psycopg.connect(url) as connection, connection.cursor() as cursor:
            cursor.execute(PLAIN_TABLE)
            cursor.execute("SET datestyle = 'ISO, DMY'")
            with (
                path.open("rb") as handle,
                cursor.copy("COPY plain_organization FROM STDIN WITH (FORMAT csv, HEADER true, "
                            "DELIMITER ';', ENCODING 'UTF8')") as copy,
            ):  # fmt: skip
                handle.read(3)  # the BOM
                while chunk := handle.read(1 << 20):
                    copy.write(chunk)
    else:
        connection = sqlite3.connect(run / "tadamon.sqlite3", isolation_level=None)
        connection.execute(PLAIN_TABLE)
        connection.execute("BEGIN IMMEDIATE")
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle, delimiter=";")
            next(reader)
            connection.executemany(
                f"INSERT INTO plain_organization VALUES ({', '.join('?' * len(COLUMNS))})", reader
            )
        connection.execute("COMMIT")
        connection.close()
    elapsed = time.perf_counter() - started
    shutil.rmtree(run, ignore_errors=True)
    return elapsed


# The stages an instrumented run times: (module, function or Class.method, label).
STAGES = (
    ("tadamon.imports.services", "read_table", "reading the file"),
    ("tadamon.imports.organizations", "check_rows", "checking"),
    ("tadamon.imports.writing", "prepare_new", "ids, numbers, rows"),
    ("tadamon.imports.writing", "NewOrganizations.write", "organizations COPY"),
    ("tadamon.forking", "InChild.get", "waiting for children"),
    ("tadamon.imports.services", "_index_for_search", "search index"),
    ("tadamon.search.indexing", "compute_index_rows", "  gathering rows"),
    ("tadamon.search.indexing", "_ensure_terms", "  terms, variants"),
    ("tadamon.search.indexing", "write_rows", "  entries, postings COPY"),
    ("tadamon.search.indexing", "_add_counts", "  term counts"),
    ("tadamon.history.bulk", "ChainAppender.finish", "history (its child, COPY)"),
)


def stages(path: Path) -> None:
    """One import in this process (DATABASE_URL: a fresh database), each stage timed,
    and the CPU of this process, of its children and of its PostgreSQL backend."""
    import functools
    import importlib

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tadamon.settings")
    import django

    django.setup()
    from django.db import connection, connections

    from tadamon.accounts.models import User
    from tadamon.imports.services import run_import as import_file

    spent = dict.fromkeys([label for _module, _name, label in STAGES] + ["commit"], 0.0)

    def timed(owner, name: str, label: str) -> None:
        function = getattr(owner, name)

        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[label] = spent.get(label, 0.0) + time.perf_counter() - started

        setattr(owner, name, wrapper)

    for module, dotted, label in STAGES:
        owner = importlib.import_module(module)
        *classes, name = dotted.split(".")
        for class_name in classes:
            owner = getattr(owner, class_name)
        timed(owner, name, label)
    timed(type(connections["default"]), "commit", "commit")
    actor = User.objects.get(username="bench")
    backend = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = Path(f"/proc/{cursor.fetchone()[0]}/stat")

    def backend_cpu() -> float:
        if backend is None or not backend.exists():
            return float("nan")
        fields = backend.read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    data = path.read_bytes()
    server, cpu, started = backend_cpu(), os.times(), time.perf_counter()
    result = import_file(actor, "organizations", data, path.name)
    elapsed, after = time.perf_counter() - started, os.times()
    print(f"import in process: {elapsed:.2f} s, {result.counts}, rejected {result.rejected}"
          " (parsing: what the stages below leave)")  # fmt: skip
    own = after.user + after.system - cpu.user - cpu.system
    children = after.children_user + after.children_system - cpu.children_user - cpu.children_system
    print(f"  cpu: this process {own:.2f} s, its children {children:.2f} s, "
          f"its database backend {backend_cpu() - server:.2f} s")  # fmt: skip
    for label, seconds in spent.items():
        print(f"  {label:<26} {seconds:6.2f} s")


def benchmark_stages(rows: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="tadamon-bench-import-"))
    try:
        path = folder / "organizations.csv"
        build_file(path, rows)
        prepare(folder)
        run, url = _fresh(folder)
        subprocess.run([sys.executable, __file__, "--stages-of", str(path)],
                       env=_environment(run, url), check=True)  # fmt: skip
    finally:
        url = _postgres()
        if url:
            _pg_admin(
                url, "DROP DATABASE IF EXISTS {db}_run", "DROP DATABASE IF EXISTS {db}_template"
            )
        shutil.rmtree(folder, ignore_errors=True)
    print(f"  load average    {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def benchmark(rows: int, runs: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="tadamon-bench-import-"))
    try:
        path = folder / "organizations.csv"
        build_file(path, rows)
        prepare(folder)
        imports, owns, cpus, bare = [], [], [], []
        for _ in range(runs):
            whole, own, cpu = run_import(folder, path)
            imports.append(whole)
            owns.append(own)
            cpus.append(cpu)
            bare.append(run_baseline(folder, path))
    finally:
        url = _postgres()
        if url:
            _pg_admin(
                url, "DROP DATABASE IF EXISTS {db}_run", "DROP DATABASE IF EXISTS {db}_template"
            )
        shutil.rmtree(folder, ignore_errors=True)
    database = "PostgreSQL" if _postgres() else "SQLite"
    print(f"tadamon import organizations: {rows} rows ({database}, {runs} runs)")
    ratios = [a / b for a, b in zip(imports, bare, strict=True)]
    for label, values in (("import, s", imports), ("  its clock", owns), ("  its cpu, s", cpus),
                          ("COPY, s" if _postgres() else "executemany, s", bare),
                          ("ratio", ratios)):  # fmt: skip
        print(f"  {label:<15} median {statistics.median(values):7.2f}   "
              f"min {min(values):7.2f}   max {max(values):7.2f}")  # fmt: skip
    print(
        f"  rows/s          {rows / statistics.median(imports):,.0f} whole process, "
        f"{rows / statistics.median(owns):,.0f} by the command's clock"
    )
    for key, value in machine().items():
        print(f"  {key:<15} {value}")
    print(f"  load average    {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("-n", "--runs", type=int, default=3)
    parser.add_argument("--file", type=Path, help="only write the benchmark's CSV here")
    parser.add_argument("--stages", action="store_true",
                        help="one import in process instead, each stage timed")  # fmt: skip
    parser.add_argument("--stages-of", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.file:
        build_file(options.file, options.rows)
        return
    if options.stages_of:
        stages(options.stages_of)
    elif options.stages:
        benchmark_stages(options.rows)
    else:
        benchmark(options.rows, options.runs)


if __name__ == "__main__":
    main()
