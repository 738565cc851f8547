"""Measure the pages whose size follows the number of glossary entries and people, as both grow.

    .venv/bin/python benchmarks/bench_growth.py --database-url URL [--sizes 300,2000,10000] [--repeat 10]

The generated articles share a small world of terms and people (a few hundred of each at any
scale), so the page benchmark never sees a large glossary or thousands of people. This one adds
published glossary entries, and published people each named by a published event, to a
database (one prepared by ``bench_pages.py prepare``, or its PostgreSQL copy) up to each size, in
one transaction rolled back at the end: the database is left as it was. For each size it
requests the glossary, a letter's page of it, the timeline and a filtered timeline (whose person
menu once listed everyone), and the people listing (its country and role menus) through Django's test client, DEBUG off and the page cache off, and
prints the median and p95 time, the queries and the size of the page.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.bench_pages import _collectstatic, _environment, _setup, measure, percentile  # noqa: E402  (the repo on the path first)
from benchmarks.common import code_state  # noqa: E402

WORDS = "accord basin canal charter council embassy frontier pipeline quota railway reactor strait summit tariff treaty"


PAGES = (
    ("glossary", "/glossary/"),
    ("glossary, a letter's page", "/glossary/?letter=M"),
    ("timeline", "/events/"),
    ("timeline, a topic", "/events/?topic=diplomacy"),
    ("people", "/people/"),
)


def _grow(size, generator):
    """Add published glossary entries and people (each named by an event) up to ``size`` of each."""
    from articles.models import Event, GlossaryEntry, Person, Status

    words = WORDS.split()
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
    have = Person.objects.count()
    people = Person.objects.bulk_create(
        # A role of its own for one person in ten ("Tariff envoy 40"), one of 200 countries.
        Person(
            name=f"Person {generator.choice(words).title()} {have + number}",
            slug=f"bench-person-{have + number}",
            role=f"{words[(have + number) // 10 % len(words)].title()} envoy {(have + number) // 10}",
            country=f"Country {generator.randrange(200)}",
            status=Status.PUBLISHED,
        )
        for number in range(max(0, size - have))
    )
    events = list(Event.objects.published().values_list("pk", flat=True))
    assert events, "the database has no published event to name the people"
    Event.people.through.objects.bulk_create(
        Event.people.through(event_id=generator.choice(events), person_id=person.pk) for person in people
    )


def _measure(sizes, repeat):
    _setup()
    from django.db import transaction
    from django.test import Client

    from articles.models import GlossaryEntry, Person
    from relations_site import page_cache

    rows, client, generator = [], Client(), random.Random(1)
    with transaction.atomic():
        for size in sizes:
            _grow(size, generator)
            page_cache.bump()  # bulk writes send no signal: start a new content generation by hand
            for label, path in PAGES:
                # Warmed up first: what is kept per content generation is then computed.
                queries, times, _ = measure(client, path, repeat)
                response = client.get(path)
                rows.append(
                    {
                        "entries": GlossaryEntry.objects.count(),
                        "people": Person.objects.count(),
                        "page": label,
                        "status": response.status_code,
                        "p50_ms": statistics.median(times),
                        "p95_ms": percentile(times, 0.95),
                        "queries": queries,
                        "kib": len(response.content) / 1024,
                    }
                )
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
    static_root = Path(tempfile.mkdtemp(prefix="relations-growth-static-"))
    try:
        _collectstatic(static_root)  # the settings, DEBUG off, need the manifest
        env = _environment(args.database_url, static_root)
        subprocess.run([sys.executable, "manage.py", "migrate", "--verbosity", "0"], env=env, cwd=ROOT, check=True)
        worker = [
            sys.executable,
            __file__,
            "--worker",
            "--database-url",
            args.database_url,
            "--sizes",
            ",".join(map(str, args.sizes)),
            "--repeat",
            str(args.repeat),
        ]
        rows = json.loads(subprocess.run(worker, env=env, cwd=ROOT, check=True, capture_output=True, text=True).stdout)
    finally:
        shutil.rmtree(static_root, ignore_errors=True)
    state = f"code at {head}" + (f" with {len(changed)} files changed in the tree" if changed else "")
    print(f"\n{os.cpu_count()} CPUs, {state}; {args.repeat} requests a page\n")
    print("| glossary entries | people | page | status | p50 / p95 ms | queries | KiB |")
    print("|---:|---:|---|---:|---:|---:|---:|")
    for row in rows:
        print(
            f"| {row['entries']} | {row['people']} | {row['page']} | {row['status']} "
            f"| {row['p50_ms']:.1f} / {row['p95_ms']:.1f} | {row['queries']} | {row['kib']:.0f} |"
        )


if __name__ == "__main__":
    main()
