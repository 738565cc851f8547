"""Measure the import: the seed's parse and import time, throughput on generated articles, memory.

    .venv/bin/python benchmarks/bench_import.py [--count 1000] [--backends sqlite,postgres] [--jobs 1]
        [--profile] [--json results.json]

Each backend runs in its own process on a database of its own, made for the run and dropped
after it: a SQLite file in a temporary folder, and PostgreSQL's ``relations_bench`` on
127.0.0.1:5432 (or ``BENCH_PG_DATABASE``; created and dropped with psql as the postgres user). The command that imports is
the project's ``import_article``; the parse alone and the service alone are timed as well, so that
the database's share shows.
"""

import argparse
import cProfile
import gc
import io
import json
import os
import pstats
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.common import code_state, print_profiles_and_save, psql  # noqa: E402  (run as a script: the repo on the path first)

SEED = ROOT / "articles" / "sources" / "russia-south-korea-relations.txt"
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
# BENCH_PG_DATABASE: another name, for two runs at once on one server.
PG_DATABASE = os.environ.get("BENCH_PG_DATABASE", "relations_bench")
TARGETS = {"seed_import_s": 1.0, "throughput_per_s": 50.0}


def _median_time(function, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def _peak_traced(function):
    """Return the peak of Python allocations while ``function`` runs, in MiB."""
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


# --- the worker: one backend, in a process of its own ------------------------------------------


def _worker(args):
    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relations_site.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from articles.importing.parser import decode_source, parse_article
    from articles.models import Article
    from articles.services import article_import

    call_command("migrate", verbosity=0)
    out = {"backend": connection.vendor, "count": args.count}
    data = SEED.read_bytes()

    def parse_seed():
        return parse_article(decode_source(data))

    def import_seed():
        call_command("import_article", str(SEED), verbosity=0)

    def rolled_back(function):
        def run():
            with transaction.atomic():
                function()
                transaction.set_rollback(True)  # the next run imports into the same empty database

        return run

    parse_seed()  # warm up: imports, compiled regular expressions
    out["seed_parse_s"], out["seed_parse_min_s"] = _median_time(parse_seed, 20)
    parsed = parse_seed()
    out["seed_service_s"], _ = _median_time(
        rolled_back(lambda: article_import(parsed=parse_seed(), source_name=SEED.name)), 5
    )
    out["seed_import_s"], out["seed_import_min_s"] = _median_time(rolled_back(import_seed), 5)
    # A first import runs in a fresh process: not after the garbage of the runs above, whose
    # collection (about 50 ms) would otherwise fall into this one measurement or not by chance.
    gc.collect()
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        import_seed()  # for real: the first import of a fresh database
    out["seed_first_import_s"] = time.perf_counter() - start
    out["seed_queries"] = len(queries)
    out["seed_reimport_s"], _ = _median_time(import_seed, 5)
    out["seed_import_peak_mib"] = _peak_traced(rolled_back(import_seed))
    del parsed

    folder = Path(args.articles)
    files = sorted(folder.glob("*.txt"))[: args.count]
    blobs = [path.read_bytes() for path in files]
    start = time.perf_counter()
    for blob in blobs:
        parse_article(decode_source(blob))
    out["parse_per_s"] = len(blobs) / (time.perf_counter() - start)

    profiler = cProfile.Profile() if args.profile else None
    if profiler:
        profiler.enable()
    # One import_article command per tenth of the files (as a user imports a folder), to see
    # whether imports slow down as the database fills: compare the first and the last tenth.
    tenth = max(1, len(files) // 10)
    tenths = [files[start : start + tenth] for start in range(0, len(files), tenth)]
    times, cpu_start = [], time.process_time()
    for chunk in tenths:
        start = time.perf_counter()
        call_command("import_article", *map(str, chunk), jobs=args.jobs, verbosity=0)
        times.append(time.perf_counter() - start)
    if profiler:
        profiler.disable()
    out["jobs"] = args.jobs
    out["import_s"] = sum(times)
    out["throughput_per_s"] = len(files) / sum(times)
    # This process's own time (with --jobs 1 the parse too; the ORM; on SQLite the database's
    # work), which a busy machine disturbs less than wall time.
    out["import_cpu_ms"] = (time.process_time() - cpu_start) / len(files) * 1000
    out["first_tenth_per_s"] = len(tenths[0]) / times[0]
    out["last_tenth_per_s"] = len(tenths[-1]) / times[-1]
    out["articles_in_db"] = Article.objects.count()
    reimport = cProfile.Profile() if args.profile else None
    if reimport:
        reimport.enable()
    out["reimport_per_s"] = (
        len(files[:100])
        / _median_time(lambda: [call_command("import_article", str(p), verbosity=0) for p in files[:100]], 1)[0]
    )
    if reimport:
        reimport.disable()
    extra = sorted(Path(args.extra).glob("*.txt"))
    with CaptureQueriesContext(connection) as queries:
        call_command("import_article", str(extra[0]), verbosity=0)
    out["article_queries"] = len(queries)
    # Python's own allocations for 49 more, fresh articles (tracemalloc slows them: not timed).
    out["import_50_peak_mib"] = _peak_traced(
        lambda: [call_command("import_article", str(p), verbosity=0) for p in extra[1:]]
    )
    out["maxrss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if profiler:
        stream = io.StringIO()
        for title, profile in (("bulk import", profiler), ("re-import, nothing changed", reimport)):
            stream.write(f"\n--- {title}, by cumulative time ---\n")
            pstats.Stats(profile, stream=stream).sort_stats("cumulative").print_stats(35)
            stream.write(f"\n--- {title}, by own time ---\n")
            pstats.Stats(profile, stream=stream).sort_stats("tottime").print_stats(20)
        out["profile"] = stream.getvalue()
    json.dump(out, sys.stdout)


# --- the driver --------------------------------------------------------------------------------


def _run_backend(backend, args, workdir):
    env = dict(
        os.environ,
        DEBUG="0",
        SECRET_KEY="benchmark-only",
        ALLOWED_HOSTS="localhost",
        DJANGO_SETTINGS_MODULE="relations_site.settings",
    )
    if backend == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    else:
        psql(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
        psql(f"CREATE DATABASE {PG_DATABASE}")
        env["DATABASE_URL"] = f"{PG_SERVER}/{PG_DATABASE}"
    command = [
        sys.executable,
        __file__,
        "--worker",
        "--count",
        str(args.count),
        "--jobs",
        str(args.jobs),
        "--articles",
        str(workdir / "articles"),
        "--extra",
        str(workdir / "extra"),
    ]
    if args.profile:
        command.append("--profile")
    try:
        result = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    finally:
        if backend == "postgres":
            psql(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
    if result.returncode:
        raise SystemExit(f"{backend} worker failed:\n{result.stderr[-4000:]}")
    return json.loads(result.stdout)


ROWS = (
    ("seed: parse alone (median of 20)", "seed_parse_s", "{:.3f} s"),
    ("seed: parse + service write (median of 5, rolled back)", "seed_service_s", "{:.3f} s"),
    ("seed: import_article command (median of 5, rolled back)", "seed_import_s", "{:.3f} s"),
    ("seed: first import into a fresh database", "seed_first_import_s", "{:.3f} s"),
    ("seed: SQL queries of that import", "seed_queries", "{:d}"),
    ("seed: re-import, nothing changed (median of 5)", "seed_reimport_s", "{:.3f} s"),
    ("seed: peak Python allocations (tracemalloc)", "seed_import_peak_mib", "{:.1f} MiB"),
    ("generated: parse alone", "parse_per_s", "{:.0f} articles/s"),
    ("generated: import_article, a tenth of the files per command", "throughput_per_s", "{:.1f} articles/s"),
    ("generated: worker processes parsing (--jobs)", "jobs", "{:d}"),
    ("generated: time for all", "import_s", "{:.1f} s"),
    ("generated: this process's CPU time per article", "import_cpu_ms", "{:.1f} ms"),
    ("generated: SQL queries of one first import", "article_queries", "{:d}"),
    ("generated: first tenth imported", "first_tenth_per_s", "{:.1f} articles/s"),
    ("generated: last tenth imported", "last_tenth_per_s", "{:.1f} articles/s"),
    ("generated: re-import of 100, nothing changed", "reimport_per_s", "{:.1f} articles/s"),
    ("generated: peak Python allocations, 49 more", "import_50_peak_mib", "{:.1f} MiB"),
    ("process: peak resident memory (ru_maxrss)", "maxrss_mib", "{:.0f} MiB"),
)


def _table(results):
    names = [r["backend"] for r in results]
    lines = ["| measure | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for label, key, shape in ROWS:
        lines.append(f"| {label} | " + " | ".join(shape.format(r[key]) for r in results) + " |")
    for key, target in TARGETS.items():
        for r in results:
            ok = r[key] >= target if key.endswith("_per_s") else r[key] < target
            lines.append(f"\n{r['backend']}: {key} {'meets' if ok else 'MISSES'} the target ({target})")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--seed", default="bench")
    parser.add_argument("--jobs", type=int, default=1, help="import_article --jobs: processes parsing ahead")
    parser.add_argument("--profile", action="store_true", help="profile the bulk import (cProfile)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument(
        "--captures", type=Path, help="import the articles generate_articles.py wrote here (same --seed), not new ones"
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--articles", help=argparse.SUPPRESS)
    parser.add_argument("--extra", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return _worker(args)

    sys.path.insert(0, str(ROOT))
    from benchmarks import generate_articles

    # Others may be editing the tree while it is measured: say what code the numbers are for.
    head, dirty = code_state("articles")
    load_before = os.getloadavg()[0]
    workdir = Path(tempfile.mkdtemp(prefix="relations-bench-"))
    try:
        if args.captures:  # generating 10,000 takes longer than importing them: made once, kept
            (workdir / "articles").symlink_to(args.captures.resolve())
        else:
            generate_articles.main(
                ["--count", str(args.count), "--out", str(workdir / "articles"), "--seed", args.seed]
            )
        generate_articles.main(
            ["--count", "50", "--start", str(args.count), "--out", str(workdir / "extra"), "--seed", args.seed]
        )
        results = [_run_backend(backend, args, workdir) for backend in args.backends.split(",")]
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(
        f"\n{os.cpu_count()} CPUs, Python {sys.version.split()[0]}, {args.count} generated articles, "
        f"code at {head}"
        + (f" with uncommitted changes to {', '.join(dirty)}" if dirty else "")
        + f"; load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after\n"
    )
    print(_table(results))
    print_profiles_and_save(results, args.json)


if __name__ == "__main__":
    main()
