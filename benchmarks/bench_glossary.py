"""Measure the glossary's index page as the glossary grows: server-side time, queries and size.

    .venv/bin/python benchmarks/bench_glossary.py --database-url URL [--sizes 300,2000,10000] [--repeat 10]

The generated articles share a small world of terms (a few hundred at any scale), so the page
benchmark never sees a large glossary. This one adds published entries to a database (one
prepared by ``bench_pages.py prepare``, or its PostgreSQL copy) up to each size, in one
transaction rolled back at the end: the database is left as it was. For each size it requests
``/glossary/`` and a letter's page through Django's test client, DEBUG off and the page cache off,
and prints the median and p95 time, the queries and the size of the page.
"""

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.bench_pages import _collectstatic, _environment, _setup  # noqa: E402  (the repo on the path first)
from benchmarks.common import code_state  # noqa: E402

WORDS = "accord basin canal charter council embassy frontier pipeline quota railway reactor strait summit tariff treaty"


def _measure(sizes, repeat):
    _setup()
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from articles.models import GlossaryEntry, Status

    rows, words, client = [], WORDS.split(), Client()
    generator = random.Random(1)
    with transaction.atomic():
        for size in sizes:
            have = GlossaryEntry.objects.count()
            GlossaryEntry.objects.bulk_create(
                GlossaryEntry(
                    term=f"{generator.choice('ABCDEFGHIKLMNOPRSTUVWZ')}{generator.choice(words)} {have + number}",
                    slug=f"bench-glossary-{have + number}",
                    definition=" ".join(generator.choice(words) for _ in range(40)) + "...",
                    status=Status.PUBLISHED,
                )
                for number in range(max(0, size - have))
            )
            for label, path in (("/glossary/", "/glossary/"), ("a letter's page", "/glossary/?letter=M")):
                client.get(path)  # warm up
                times = []
                for _ in range(repeat):
                    start = time.perf_counter()
                    response = client.get(path)
                    times.append((time.perf_counter() - start) * 1000)
                with CaptureQueriesContext(connection) as queries:
                    client.get(path)
                times.sort()
                rows.append({
                    "entries": GlossaryEntry.objects.count(), "page": label, "status": response.status_code,
                    "p50_ms": statistics.median(times), "p95_ms": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))],
                    "queries": len(queries), "kib": len(response.content) / 1024,
                })
        transaction.set_rollback(True)
    json.dump(rows, sys.stdout)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--sizes", default="300,2000,10000", type=lambda text: [int(s) for s in text.split(",")])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return _measure(args.sizes, args.repeat)
    head, changed = code_state("articles", "templates")
    static_root = Path(tempfile.mkdtemp(prefix="relations-glossary-static-"))
    try:
        _collectstatic(static_root)  # the settings, DEBUG off, need the manifest
        env = _environment(args.database_url, static_root)
        subprocess.run([sys.executable, "manage.py", "migrate", "--verbosity", "0"], env=env, cwd=ROOT, check=True)
        worker = [sys.executable, __file__, "--worker", "--database-url", args.database_url,
                  "--sizes", ",".join(map(str, args.sizes)), "--repeat", str(args.repeat)]
        rows = json.loads(subprocess.run(worker, env=env, cwd=ROOT, check=True, capture_output=True, text=True).stdout)
    finally:
        shutil.rmtree(static_root, ignore_errors=True)
    state = f"code at {head}" + (f" with {len(changed)} files changed in the tree" if changed else "")
    print(f"\n{os.cpu_count()} CPUs, {state}; {args.repeat} requests a page\n")
    print("| entries | page | status | p50 / p95 ms | queries | KiB |")
    print("|---:|---|---:|---:|---:|---:|")
    for row in rows:
        print(f"| {row['entries']} | {row['page']} | {row['status']} | {row['p50_ms']:.1f} / {row['p95_ms']:.1f} "
              f"| {row['queries']} | {row['kib']:.0f} |")


if __name__ == "__main__":
    main()
