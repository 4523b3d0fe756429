"""Benchmark of the search: recall on the demo's ground truth and latency through the API.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/bench_search.py
    python bench/bench_search.py --orgs 20000          # SQLite, smaller

Builds a fresh database (PostgreSQL: `tadamon_bench_search`, dropped and
created; SQLite: a temporary file), loads `tadamon demo --orgs N --years 1`
with its near-duplicates' truth, takes the duplicates out of the search index
(each one's name is a query; its original is the right answer), then runs
every query twice in the same process:

- through the API (`GET /api/v1/organizations?q=…`, Django's test client: the
  whole request path but the socket), for recall@1, recall@10 and latency;
- the baseline: a plain trigram search on the raw names (pg_trgm `%` and
  `similarity` over `name_ar`/`name_fr` with GIN indexes; SQLite: FTS5 trigram
  MATCH on the raw names), the same queries, same data.

Recall is printed without filter and with the query's province as filter (a
registrar searching for a body of a province). Results go to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(PROJECT / "bench"))

from bench_demo import machine  # noqa: E402

TADAMON = [sys.executable, "-c", "from tadamon.cli import main; main()"]
DATABASE = "tadamon_bench_search"


def _database_url(folder: Path) -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        base = url.rsplit("/", 1)[0]
        import psycopg

        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
            admin.execute(f"CREATE DATABASE {DATABASE}")
        return f"{base}/{DATABASE}"
    return f"sqlite:///{folder / 'bench_search.sqlite3'}"


def _load(url: str, folder: Path, orgs: int, seed: int) -> tuple[Path, float]:
    env = {**os.environ, "DATABASE_URL": url, "TADAMON_VAR_DIR": str(folder)}
    subprocess.run([*TADAMON, "migrate", "--no-input", "-v0"], check=True, env=env)
    truth = folder / "truth.csv"
    started = time.perf_counter()
    subprocess.run(
        [*TADAMON, "demo", "--orgs", str(orgs), "--years", "1", "--seed", str(seed),
         "--truth", str(truth)],
        check=True, env=env, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    return truth, time.perf_counter() - started


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _baseline(vendor: str, hidden: set[int]):
    """Plain trigram search on the raw names: what a database gives without our keys."""
    from django.db import connection

    with connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            for column in ("name_ar", "name_fr"):
                cursor.execute(
                    f"CREATE INDEX IF NOT EXISTS bench_raw_{column} ON registry_organization "
                    f"USING gin ({column} gin_trgm_ops)"
                )
            cursor.execute("ANALYZE registry_organization")
        else:
            cursor.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS bench_raw USING fts5(name_ar, name_fr,"
                " tokenize='trigram')"
            )
            cursor.execute("DELETE FROM bench_raw")
            cursor.execute(
                "INSERT INTO bench_raw(rowid, name_ar, name_fr)"
                " SELECT id, name_ar, name_fr FROM registry_organization"
            )

    def run(text: str, province: str = "") -> list[int]:
        with connection.cursor() as cursor:
            if vendor == "postgresql":
                where = "AND province_id = %s" if province else ""
                params = [text, text, text, text] + ([province] if province else [])
                cursor.execute(
                    "SELECT id FROM registry_organization WHERE (name_fr %% %s OR name_ar %% %s) "
                    f"{where} ORDER BY greatest(similarity(name_fr, %s), similarity(name_ar, %s))"
                    " DESC, id LIMIT 40",
                    params[:2] + params[4:] + params[2:4],
                )
            else:
                words = [w.replace('"', "") for w in text.split() if len(w) >= 3]
                if not words:
                    return []
                match = " OR ".join(f'"{w}"' for w in words)
                cursor.execute(
                    "SELECT b.rowid FROM bench_raw b JOIN registry_organization o"
                    " ON o.id = b.rowid WHERE bench_raw MATCH %s"
                    + (" AND o.province_id = %s" if province else "")
                    + " ORDER BY bm25(bench_raw) LIMIT 40",
                    [match] + ([province] if province else []),
                )
            return [r[0] for r in cursor.fetchall() if r[0] not in hidden][:10]

    return run


def _measure(queries, run, provinces=None) -> dict:
    at_1 = at_10 = 0
    seconds = []
    for query in queries:
        started = time.perf_counter()
        ranked = run(query.text, provinces[query.expected] if provinces else "")
        seconds.append(time.perf_counter() - started)
        at_1 += ranked[:1] == [query.expected]
        at_10 += query.expected in ranked[:10]
    n = len(queries)
    return {
        "recall@1": at_1 / n,
        "recall@10": at_10 / n,
        "p50 ms": 1000 * statistics.median(seconds),
        "p95 ms": 1000 * _percentile(seconds, 0.95),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orgs", type=int, default=500_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--queries", type=int, default=2000, help="at most this many")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-search-"))
    url = _database_url(folder)
    truth, load_seconds = _load(url, folder, args.orgs, args.seed)

    os.environ["DATABASE_URL"] = url
    os.environ["TADAMON_VAR_DIR"] = str(folder)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tadamon.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from tadamon.registry.models import Organization
    from tadamon.search.evaluation import _truth_rows, hide_duplicates, truth_queries

    hidden = {int(r["duplicate_id"]) for r in _truth_rows(truth)}
    hide_duplicates(truth)
    queries = truth_queries(truth)[: args.queries]
    provinces = dict(
        Organization.objects.filter(pk__in=[q.expected for q in queries]).values_list(
            "pk", "province_id"
        )
    )
    client = Client()
    by_registry_id = dict(
        Organization.objects.filter(pk__in=provinces).values_list("registry_id", "pk")
    )

    def api(text: str, province: str = "") -> list[int]:
        params = {"q": text, "limit": 10}
        if province:
            params["province"] = province
        items = client.get("/api/v1/organizations", params).json()["items"]
        return [by_registry_id.get(i["registry_id"], -1) for i in items]

    for query in queries[:20]:  # warm the caches as a running server would be
        api(query.text)
    ours = _measure(queries, api)
    ours_province = _measure(queries, api, provinces)
    baseline_run = _baseline(connection.vendor, hidden)
    base = _measure(queries, baseline_run)
    base_province = _measure(queries, baseline_run, provinces)

    print(f"machine: {machine()}")
    print(f"database: {connection.vendor}, {args.orgs} organizations")
    print(f"demo load: {load_seconds:.0f} s")
    print(f"queries: {len(queries)} near-duplicates of the demo truth")
    for label, figures in (
        ("tadamon search via API", ours),
        ("  with province filter", ours_province),
        ("plain trigram, raw names", base),
        ("  with province filter", base_province),
    ):
        print(
            f"{label:26} recall@1 {figures['recall@1']:.3f}  recall@10 {figures['recall@10']:.3f}"
            f"  p50 {figures['p50 ms']:.1f} ms  p95 {figures['p95 ms']:.1f} ms"
        )
    print(f"p95 ratio (ours / baseline): {ours['p95 ms'] / base['p95 ms']:.2f}")


if __name__ == "__main__":
    main()
