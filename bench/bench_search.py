"""Benchmark of the search: recall on the demo's ground truth and latency through the API.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/bench_search.py
    python bench/bench_search.py --orgs 20000          # SQLite, smaller

Builds a fresh database (PostgreSQL: `tadamon_bench_search`, dropped and
created; SQLite: a temporary file), loads `tadamon demo --orgs N --years 1`
with its near-duplicates' truth, takes the duplicates out of the search index
(each one's name is a query; its original is the right answer), then runs
every query in the same process, without filter and with the province (and
the region) of the body sought as filter:

- through the API (`GET /api/v1/organizations?q=…`, Django's test client: the
  whole request path but the socket), for recall@1, recall@10 and latency;
- the baseline: a plain trigram search on the raw names (pg_trgm nearest
  names by trigram distance `<->` over `name_ar` and `name_fr` with GiST
  indexes; SQLite: FTS5 trigram MATCH on the raw words), the same queries,
  same data (the first `--baseline-queries` of them: it is slow at scale).

Recall is printed for all variants and for the kinds the issue names (other
script, other spelling, a slip, an abbreviation: not a dropped or added word).
Results go to docs/benchmarks.md.
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


def _reused_url(folder: Path) -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return f"{url.rsplit('/', 1)[0]}/{DATABASE}"
    return f"sqlite:///{folder / 'bench_search.sqlite3'}"


def _load(url: str, folder: Path, orgs: int, seed: int) -> tuple[Path, float]:
    env = {**os.environ, "DATABASE_URL": url, "TADAMON_VAR_DIR": str(folder)}
    subprocess.run([*TADAMON, "migrate", "--no-input", "-v0"], check=True, env=env)
    truth = folder / "truth.csv"
    started = time.perf_counter()
    subprocess.run(
        [*TADAMON, "demo", "--orgs", str(orgs), "--years", "1", "--seed", str(seed),
         "--truth", str(truth), "--no-funding"],
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
            for column in ("name_ar", "name_fr"):  # GiST: nearest names first, by index
                cursor.execute(
                    f"CREATE INDEX IF NOT EXISTS bench_knn_{column} ON registry_organization "
                    f"USING gist ({column} gist_trgm_ops)"
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

    def run(text: str, province: str = "", region: str = "") -> list[int]:
        where, place = "", []
        if province:
            where, place = " AND o.province_id = %s", [province]
        elif region:
            where = (
                " AND o.province_id IN (SELECT code FROM territory_province WHERE region_id = %s)"
            )
            place = [region]
        with connection.cursor() as cursor:
            if vendor == "postgresql":
                nearest = (
                    "(SELECT o.id, o.{c} <-> %s AS distance FROM registry_organization o"
                    " WHERE o.{c} <> ''{w} ORDER BY o.{c} <-> %s LIMIT 40)"
                )
                cursor.execute(
                    nearest.format(c="name_fr", w=where)
                    + " UNION ALL "
                    + nearest.format(c="name_ar", w=where)
                    + " ORDER BY distance, id LIMIT 40",
                    [text, *place, text, text, *place, text],
                )
            else:
                words = [w.replace('"', "") for w in text.split() if len(w) >= 3]
                if not words:
                    return []
                match = " OR ".join(f'"{w}"' for w in words)
                cursor.execute(
                    "SELECT b.rowid FROM bench_raw b JOIN registry_organization o"
                    f" ON o.id = b.rowid WHERE bench_raw MATCH %s{where}"
                    " ORDER BY bm25(bench_raw) LIMIT 40",
                    [match, *place],
                )
            return [r[0] for r in cursor.fetchall() if r[0] not in hidden][:10]

    return run


ISSUE_KINDS_EXCLUDED = {"missing_word", "extra_word"}  # the issue names other script,
# other spelling, a slip, an abbreviation; a dropped or added word is not one of them


def _measure(queries, run, places: dict | None = None) -> list[tuple[bool, bool, float]]:
    """(right body first, right body in the first ten, seconds) for each query."""
    results = []
    for query in queries:
        started = time.perf_counter()
        ranked = run(query.text, **(places[query.expected] if places else {}))
        results.append(
            (ranked[:1] == [query.expected], query.expected in ranked[:10],
             time.perf_counter() - started)
        )  # fmt: skip
    return results


def _figures(results, queries, issue_kinds_only: bool) -> dict:
    chosen = [
        r for r, q in zip(results, queries, strict=True)
        if not (issue_kinds_only and ISSUE_KINDS_EXCLUDED & set(q.kinds.split("|")))
    ]  # fmt: skip
    seconds = [r[2] for r in chosen]
    n = len(chosen)
    return {
        "n": n,
        "recall@1": sum(r[0] for r in chosen) / n,
        "recall@10": sum(r[1] for r in chosen) / n,
        "p50 ms": 1000 * statistics.median(seconds),
        "p95 ms": 1000 * _percentile(seconds, 0.95),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orgs", type=int, default=500_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--queries", type=int, default=2000, help="at most this many")
    parser.add_argument(
        "--baseline-queries", type=int, default=300,
        help="the baseline runs on the first N queries only (it takes seconds a query at 500,000)",
    )  # fmt: skip
    parser.add_argument(
        "--reuse", type=Path, metavar="DIR",
        help="skip the load: DIR/truth.csv and the database of an earlier run (reindexed here)",
    )  # fmt: skip
    parser.add_argument(
        "--no-reindex", action="store_true", help="with --reuse: keep the index as it is"
    )
    args = parser.parse_args()
    if args.reuse:
        folder, load_seconds = args.reuse, 0.0
        url = _reused_url(folder)
        truth = folder / "truth.csv"
    else:
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
    from tadamon.search.evaluation import hide_duplicates, truth_queries, truth_rows

    hidden = {int(r["duplicate_id"]) for r in truth_rows(truth)}
    if args.reuse and not args.no_reindex:
        from tadamon.search.indexing import rebuild_index

        started = time.perf_counter()
        rebuild_index()
        print(f"index rebuilt in {time.perf_counter() - started:.0f} s", flush=True)
    hide_duplicates(truth)
    from tadamon.search.indexing import vacuum_index

    vacuum_index()  # what `tadamon search --reindex` and `tadamon demo` end with
    queries = truth_queries(truth)[: args.queries]
    wanted = [q.expected for q in queries] + [q.duplicate for q in queries]
    provinces = dict(Organization.objects.filter(pk__in=wanted).values_list("pk", "province_id"))
    from tadamon.territory.models import Province

    regions = dict(Province.objects.values_list("code", "region_id"))
    client = Client()
    by_registry_id = dict(
        Organization.objects.filter(pk__in=[q.expected for q in queries]).values_list(
            "registry_id", "pk"
        )
    )

    def api(text: str, province: str = "", region: str = "") -> list[int]:
        params = {"q": text, "limit": 10, "province": province, "region": region}
        items = client.get("/api/v1/organizations", params).json()["items"]
        return [by_registry_id.get(i["registry_id"], -1) for i in items]

    # The filter a registrar who knows where the body is adds: its province (or
    # region). Not the copy's: a copy filed in another province (the demo's
    # `other_province` variant) would be unfindable under its own by construction.
    by_province = {q.expected: {"province": provinces[q.expected]} for q in queries}
    by_region = {q.expected: {"region": regions[provinces[q.expected]]} for q in queries}
    for query in queries[:20]:  # warm the caches as a running server would be
        api(query.text)
    print(f"machine: {machine()}")
    print(f"database: {connection.vendor}, {args.orgs} organizations")
    print(f"demo load: {load_seconds:.0f} s")
    print(f"queries: {len(queries)} near-duplicates of the demo truth (each its original's answer)")
    ours = _report("tadamon search via API", api, queries, by_province, by_region)
    sample = queries[: args.baseline_queries]
    if not sample:
        return
    base = _report(
        f"plain trigram, raw names (first {len(sample)})",
        _baseline(connection.vendor, hidden), sample, by_province, by_region,
    )  # fmt: skip
    ours_sample = _figures(ours["no filter"][: len(sample)], sample, False)
    base_figures = _figures(base["no filter"], sample, False)
    print(
        f"p95 without filter on the same {len(sample)} queries, ours / baseline: "
        f"{ours_sample['p95 ms']:.1f} / {base_figures['p95 ms']:.1f} ms"
        f" = {ours_sample['p95 ms'] / base_figures['p95 ms']:.2f}"
    )


def _report(label, run, queries, by_province, by_region) -> dict:
    results = {
        "no filter": _measure(queries, run),
        "province filter": _measure(queries, run, by_province),
        "region filter": _measure(queries, run, by_region),
    }
    for filter_label, measured in results.items():
        for subset, only in (("all variants", False), ("issue kinds", True)):
            f = _figures(measured, queries, only)
            print(
                f"{label:26} {filter_label:16} {subset:13} n={f['n']:5}"
                f"  recall@1 {f['recall@1']:.3f}  recall@10 {f['recall@10']:.3f}"
                f"  p50 {f['p50 ms']:6.1f} ms  p95 {f['p95 ms']:6.1f} ms",
                flush=True,
            )
    return results


if __name__ == "__main__":
    main()
