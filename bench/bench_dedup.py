"""Batch deduplication at national scale, next to Splink out of the box on raw names.

    python bench/bench_dedup.py                 # 500,000 organizations, seed 1
    python bench/bench_dedup.py --orgs 50000 --seed 2

Steps, all in one process:
1. a fresh SQLite registry in a temporary folder: migrate, then
   `tadamon demo --orgs N --years 1 --seed S --truth truth.csv` (not timed);
2. **tadamon dedup**, timed end to end: `identity.dedup.run.run_dedup` reads
   the organizations from the database, reads their names into keys, trains and
   runs Splink, clusters, and writes the review flags with their history;
3. **baseline**, timed the same way from the same database (extraction and
   Splink; it writes nothing): Splink's default comparisons (NameComparison on
   name_ar and name_fr as written, JaroWinkler on the commune, exact province,
   legal form, founding date, ICE, phone), blocking on a shared raw word in one
   province and legal form and on the same identifiers, trained the way
   Splink's tutorials do (u by random sampling, m by expectation maximisation);
4. precision and recall of both against the truth (pairs), at the same
   threshold and along a curve of thresholds (scored again below the threshold,
   not timed), and the cluster view of ours; what the truth cannot count
   (homonymous bodies; wrong pairs that agree on name, place, form and founding
   date) and the share of duplicates with evidence beyond the name.

Set DATABASE_URL to a PostgreSQL database to run it there (it is dropped and
created again as <name>_bench).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))


def machine() -> dict[str, str]:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    kib = int(Path("/proc/meminfo").read_text().split()[1])
    import duckdb
    import splink

    return {
        "processors": str(os.cpu_count()),
        "cpu": cpu,
        "memory": f"{kib / 1024**2:.1f} GiB",
        "python": platform.python_version(),
        "splink": splink.__version__,
        "duckdb": duckdb.__version__,
        "system": platform.platform(),
    }


def setup_django(folder: Path) -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tadamon.settings")
    import django

    django.setup()
    return url


def baseline(threshold: float, seed: int) -> tuple[list[tuple[int, int, float]], float, int]:
    """Splink out of the box on raw names, from the same database.

    Returns the pairs scored at or above `threshold` with their probability, the
    seconds taken and the pairs compared."""
    import logging

    import duckdb
    from splink import DuckDBAPI, Linker, block_on

    from tadamon.identity.dedup import features, model

    started = time.perf_counter()
    table = features.feature_table(features.rows_from_registry())
    con = duckdb.connect()
    db_api = DuckDBAPI(con)
    frame = db_api.register(table, table_name="organizations")
    linker = Linker(frame, model.baseline_settings(1e-6), log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("ice"), block_on("province_code", "legal_form", "name_fr", "founding_date")],
        recall=0.7,
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=3e6, seed=seed)
    for rule in (
        block_on("province_code", "legal_form", "founding_date"),
        block_on("province_code", "legal_form", "word_fr"),
    ):
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    blocked = linker.inference.compute_blocked_pairs_for_predict()
    compared = con.execute(f"SELECT count(*) FROM {blocked.physical_name}").fetchall()[0][0]
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    rows = con.execute(
        f"SELECT unique_id_l, unique_id_r, match_probability FROM {predictions.physical_name}"
    )
    pairs = [(int(a), int(b), float(p)) for a, b, p in rows.fetchall()]
    con.close()
    return pairs, time.perf_counter() - started, compared


def evidence_beyond_names(truth) -> dict:
    """How many truth pairs share something besides the name (founding date, phone, ICE,
    street address), and how many pairs of distinct bodies share the whole name."""
    from django.db.models import Count

    from tadamon.identity.dedup.features import clean_phone
    from tadamon.registry.models import Organization

    ids = {i for pair in truth for i in pair}
    rows = {
        r["id"]: r
        for r in Organization.objects.filter(id__in=ids).values(
            "id", "founding_date", "phone", "ice", "address"
        )
    }

    def shared(a, b) -> bool:
        x, y = rows[a], rows[b]
        return (
            (x["founding_date"] is not None and x["founding_date"] == y["founding_date"])
            or (
                clean_phone(x["phone"]) is not None
                and clean_phone(x["phone"]) == clean_phone(y["phone"])
            )
            or (x["ice"] != "" and x["ice"] == y["ice"])
            or (any(c.isdigit() for c in x["address"]) and x["address"] == y["address"])
        )

    with_evidence = sum(shared(a, b) for a, b in truth)
    duplicates = {max(pair) for pair in truth}  # the copy is always the later row
    groups = (
        Organization.objects.exclude(id__in=duplicates)
        .values("province_id", "legal_form", "name_ar", "name_fr")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .values_list("n", flat=True)
    )
    homonym_pairs = sum(n * (n - 1) // 2 for n in groups)
    return {
        "truth_pairs_with_evidence_beyond_name": with_evidence,
        "truth_pairs": len(truth),
        "homonym_pairs_among_originals": homonym_pairs,
    }


CURVE = (0.5, 0.6, 0.8, 0.9, 0.95, 0.99, 0.999)


def curve(scored, truth) -> dict[str, dict]:
    from tadamon.identity.dedup import evaluation

    return {
        str(t): evaluation.score_pairs([(a, b) for a, b, p in scored if p >= t], truth).as_dict()
        for t in CURVE
    }


def indistinguishable(pairs, truth) -> int:
    """Wrong pairs whose two bodies have the same name (either script), province, legal
    form and founding date: nothing recorded tells them apart, a registrar would look."""
    from tadamon.registry.models import Organization

    wrong = [p for p in pairs if (min(p), max(p)) not in truth]
    ids = {i for p in wrong for i in p}
    rows = {
        r[0]: r[1:]
        for r in Organization.objects.filter(id__in=ids).values_list(
            "id", "name_ar", "name_fr", "province_id", "legal_form", "founding_date"
        )
    }

    def alike(a, b) -> bool:
        (ar1, fr1, *rest1), (ar2, fr2, *rest2) = rows[a], rows[b]
        same_name = (ar1 and ar1 == ar2) or (fr1 and fr1 == fr2)
        return bool(same_name) and rest1 == rest2 and rest1[-1] is not None

    return sum(alike(a, b) for a, b in wrong)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orgs", type=int, default=500_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threshold", type=float, default=None)
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument(
        "--skip-baseline", action="store_true", help="time and score tadamon dedup only"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench_dedup_") as tmp:
        folder = Path(tmp)
        url = setup_django(folder)
        from django.core.management import call_command

        from tadamon.identity.dedup import evaluation
        from tadamon.identity.dedup.run import DEFAULT_THRESHOLD, run_dedup

        threshold = args.threshold or DEFAULT_THRESHOLD
        truth_file = folder / "truth.csv"
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        with open(os.devnull, "w") as quiet:
            call_command(
                "demo", orgs=args.orgs, years=1, seed=args.seed, truth=truth_file,
                as_of=dt.date(2026, 6, 30), stdout=quiet,
            )  # fmt: skip
        print(
            f"registry ready: {args.orgs:,} organizations in {time.perf_counter() - started:.0f} s"
        )
        truth = evaluation.read_truth(truth_file)

        started = time.perf_counter()
        report = run_dedup(None, threshold, seed=1)
        ours_s = time.perf_counter() - started
        pairs = [(p.id_l, p.id_r) for p in report.result.pairs]
        ours = evaluation.score_pairs(pairs, truth)
        cluster_of = {}
        for p in report.result.pairs:
            cluster_of[p.id_l] = cluster_of[p.id_r] = p.cluster
        ours_clusters = evaluation.score_pairs(evaluation.cluster_pairs(cluster_of), truth)

        # The same model below the threshold (not timed): how precision trades for recall.
        from tadamon.identity.dedup import features, pipeline

        table = features.feature_table(features.rows_from_registry())
        low = pipeline.score(table, threshold=CURVE[0], seed=1, with_reasons=False).pairs
        ours_curve = curve([(p.id_l, p.id_r, p.probability) for p in low], truth)

        if args.skip_baseline:
            base_scored, base_s, base_compared = [], 0.0, 0
        else:
            base_scored, base_s, base_compared = baseline(CURVE[0], seed=1)
        base_pairs = [(a, b) for a, b, p in base_scored if p >= threshold]
        base = evaluation.score_pairs(base_pairs, truth)

        results = {
            "orgs": args.orgs,
            "seed": args.seed,
            "threshold": threshold,
            "database": url.split(":", 1)[0],
            "machine": machine(),
            "tadamon_dedup": {
                "seconds": round(ours_s, 1),
                "steps": report.run.timings,
                "pairs_compared": report.run.pairs_compared,
                "flags_raised": report.run.flags_raised,
                "pairs": ours.as_dict(),
                "clusters_as_pairs": ours_clusters.as_dict(),
                "wrong_pairs_indistinguishable": indistinguishable(pairs, truth),
                "by_kind": evaluation.missed_by_kind(pairs, truth),
                "curve": ours_curve,
            },
            "baseline": {
                "seconds_to_threshold_0.5": round(base_s, 1),
                "pairs_compared": base_compared,
                "pairs": base.as_dict(),
                "by_kind": evaluation.missed_by_kind(base_pairs, truth),
                "curve": curve(base_scored, truth),
            },
            "truth": evidence_beyond_names(truth),
        }
    text = json.dumps(results, indent=2, ensure_ascii=False)
    print(text)
    if args.json:
        args.json.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
