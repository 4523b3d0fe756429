"""Load benchmark of the public directory page and the API list endpoint.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tadamon_bench_portal \
        python bench/bench_portal.py --build 500000      # builds the registry first (once)
    DATABASE_URL=... python bench/bench_portal.py        # reuses it

Serves the project with gunicorn (the way `make run` does: WSGI, whitenoise)
against the PostgreSQL registry and drives it with wrk (Debian's `wrk`):
`--connections` clients (50) each sending its next request as soon as the
last one answered (the server's saturation), then again with `--think`
milliseconds (1,000) between a client's answer and its next request (fifty
people using the site at once), for `--duration` seconds per target. The requests are a
fixed, seeded mix built from the registry itself:

- directory: half searches (the first two or three words of a published
  body's Arabic or French name, as a visitor types them, some with a
  province, region or legal-form filter), half browsing (filters and pages
  1-10 without a query); Arabic and French pages;
- API: `GET /api/v1/organizations` with the same searches and filters.

Each list is played twice: "all distinct" (every request once, in turn: the
worst case, nothing repeats) and "popular" (50,000 draws from the same
requests by Zipf's law, as a public site sees them: the home-page-like few
often, the long tail rarely). Each target gets a fresh server, so none
profits from another's cache.

The baseline, in the same run and the same way: a static file (the portal's
stylesheet, served by whitenoise through the same WSGI stack), the floor of
what one request costs there. Prints p50, p95, p99, requests per
second and errors for each, the ratio of each p95 to the baseline's, and the
machine. Results go to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(PROJECT / "bench"))

from bench_demo import machine  # noqa: E402

LUA = PROJECT / "bench" / "portal_load.lua"
BIN = Path(sys.executable).parent


def _postgres_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("DATABASE_URL must point at a PostgreSQL database (the target is on PostgreSQL)")
    return url


def _build(url: str, organizations: int) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {name}")
    env = {**os.environ, "DATABASE_URL": url}
    tadamon = [str(BIN / "tadamon")]
    subprocess.run([*tadamon, "migrate", "-v", "0"], env=env, check=True)
    subprocess.run(
        [
            *tadamon,
            "demo",
            "--orgs",
            str(organizations),
            "--years",
            "1",
            "--seed",
            "1",
            "--no-funding",
        ],
        env=env,
        check=True,
    )


def _requests(url: str, count: int, seed: int) -> tuple[list[str], list[str]]:
    """(directory lines, API lines), "lang<TAB>path", drawn from the registry."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tadamon.settings")
    import django

    django.setup()
    from tadamon.registry.models import Organization
    from tadamon.registry.vocabulary import LegalForm

    rng = random.Random(seed)
    top = Organization.objects.order_by("-id").values_list("id", flat=True).first()
    sample = list(
        Organization.objects.filter(
            status="registered", id__in=[rng.randint(1, top) for _ in range(count * 3)]
        ).values_list("name_ar", "name_fr", "province_id", "province__region_id", "legal_form")
    )[:count]
    forms = list(LegalForm.values)
    directory, api = [], []
    for name_ar, name_fr, province, region, legal_form in sample:
        name = name_ar if (rng.random() < 0.6 and name_ar) or not name_fr else name_fr
        words = name.split()[: rng.choice((2, 3))]
        params = {"q": " ".join(words)}
        roll = rng.random()
        if roll < 0.3:
            params["province"] = province
        elif roll < 0.45:
            params["region"] = region
        elif roll < 0.55:
            params["legal_form"] = legal_form
        lang = "ar" if rng.random() < 0.7 else "fr"
        query = urllib.parse.urlencode(params)
        directory.append(f"{lang}\t/organizations/?{query}")
        api.append(f"{lang}\t/api/v1/organizations?{query}&limit=20")
        browse: dict[str, str] = {}
        roll = rng.random()
        if roll < 0.35:
            browse["region"] = region
        elif roll < 0.65:
            browse["province"] = province
        elif roll < 0.85:
            browse["legal_form"] = rng.choice(forms)
        page = rng.choice((1, 1, 1, 2, 3, 5, 10))
        if page > 1:
            browse["page"] = str(page)
        directory.append(f"{lang}\t/organizations/?{urllib.parse.urlencode(browse)}")
    return directory, api


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(url: str, port: int, workers: int, threads: int, folder: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "TADAMON_CONN_MAX_AGE": "600",
        "TADAMON_VAR_DIR": str(folder),
        # One machine plays fifty clients from one address: the per-client limit
        # of the API would answer 429 to most of them.
        "TADAMON_API_RATE_ANONYMOUS": "100000000/min",
    }
    subprocess.run([str(BIN / "tadamon"), "collectstatic", "--no-input", "-v", "0"], env=env,
                   check=True)  # fmt: skip
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "tadamon.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--threads", str(threads), "--timeout", "300",
         "--log-level", "warning"],
        env=env, cwd=PROJECT, start_new_session=True,
    )  # fmt: skip
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).read()
            return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    sys.exit("gunicorn did not answer")


def _wrk(
    port: int, lines: list[str], connections: int, seconds: int, folder: Path, think: int
) -> dict:
    listing = folder / f"requests-{len(lines)}-{abs(hash(tuple(lines)))}.txt"
    listing.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = subprocess.run(
        ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s",
         "-s", str(LUA), f"http://127.0.0.1:{port}", "--", str(listing), str(think)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    line = next(x for x in out.stdout.splitlines() if x.startswith("RESULT "))
    result = json.loads(line[len("RESULT ") :])
    result["per_second"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


# Pages no target asks for: the workers import, connect and count the territories
# before the clock starts, without filling the cache with a target's answers.
WARM_UP = [
    "ar\t/organizations/?q=%D8%AA%D8%B9%D8%A7%D9%88%D9%86%D9%8A%D8%A9&legal_form=mutual",
    "fr\t/organizations/?legal_form=foundation&page=7",
    "ar\t/api/v1/organizations?q=Mutuelle&limit=3",
    "fr\t/api/v1/organizations?q=Fondation&limit=3",
] * 4


def _popular(lines: list[str], rng: random.Random, draws: int = 50_000) -> list[str]:
    """Requests as a public site gets them: a few often, most rarely (Zipf's law,
    exponent 1, over the distinct requests in a shuffled order)."""
    ranked = lines[:]
    rng.shuffle(ranked)
    weights = [1 / rank for rank in range(1, len(ranked) + 1)]
    return rng.choices(ranked, weights=weights, k=draws)


def _warm(port: int, lines: list[str]) -> None:
    """A few requests first: imports, connections and the territory counts."""
    for line in lines:
        lang, path = line.split("\t")
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{path}", headers={"Cookie": f"tadamon_lang={lang}"}
        )
        urllib.request.urlopen(request, timeout=30).read()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build", type=int, default=0, help="build a registry of N bodies first")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--duration", type=int, default=30, help="seconds per target")
    # As `make run` serves: two processes of four threads.
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--requests", type=int, default=2_000, help="distinct searches")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--think", type=int, default=1000,
        help="also play each list with this pause (ms) between a client's requests; 0: not",
    )  # fmt: skip
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install wrk")
    url = _postgres_url()
    if args.build:
        _build(url, args.build)
    directory, api = _requests(url, args.requests, args.seed)
    from tadamon.registry.models import Organization

    size = Organization.objects.count()
    rng = random.Random(args.seed)
    targets = {
        "baseline: static file": ["ar\t/static/portal/tadamon.css"],
        "directory, all distinct": directory,
        "directory, popular": _popular(directory, rng),
        "API list, all distinct": api,
        "API list, popular": _popular(api, rng),
    }
    runs = [(name, lines, 0) for name, lines in targets.items()]
    if args.think:
        runs += [(f"{name}, {args.think} ms apart", lines, args.think)
                 for name, lines in targets.items() if not name.startswith("baseline")]  # fmt: skip
    results = {}
    for name, lines, think in runs:
        # A fresh server each time: no target profits from the one before's cache.
        folder = Path(tempfile.mkdtemp(prefix="bench-portal-"))
        port = _free_port()
        server = _serve(url, port, args.workers, args.threads, folder)
        try:
            _warm(port, WARM_UP)
            results[name] = _wrk(port, lines, args.connections, args.duration, folder, think)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
            shutil.rmtree(folder, ignore_errors=True)
    base = results["baseline: static file"]["p95_us"] or 1
    served = f"gunicorn {args.workers} workers x {args.threads} threads"
    print(f"\n{size:,} organizations on PostgreSQL; {args.connections} clients, "
          f"{args.duration} s each; {served}")  # fmt: skip
    print(f"{'target':40} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>8} "
          f"{'errors':>7} {'p95 / baseline':>15}")  # fmt: skip
    for name, r in results.items():
        errors = r["non_2xx_3xx"] + r["socket_errors"]
        print(f"{name:40} {r['p50_us'] / 1e3:8.1f} {r['p95_us'] / 1e3:8.1f} "
              f"{r['p99_us'] / 1e3:8.1f} {r['per_second']:8.0f} {errors:7d} "
              f"{r['p95_us'] / base:15.1f}")  # fmt: skip
    print("machine:", json.dumps(machine()))
    print("load average:", os.getloadavg())


if __name__ == "__main__":
    main()
