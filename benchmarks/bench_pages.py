"""Measure every public page type: SQL queries per request and server-side time, at 1×, 100×, 1,000×.

    .venv/bin/python benchmarks/bench_pages.py [--scales 1,100,1000] [--backends sqlite,postgres]
        [--repeat 30] [--profile] [--json results.json]
    .venv/bin/python benchmarks/bench_pages.py --database-url URL [--repeat 30] [--profile]
    .venv/bin/python benchmarks/bench_pages.py prepare --scale 100 --database-url URL [--captures DIR]
    .venv/bin/python benchmarks/bench_pages.py copy --from sqlite:////tmp/x.sqlite3 --to postgres://…/db

1× is the seed article; N× is the seed and N − 1 generated articles (benchmarks/generate_articles.py),
imported with ``import_article`` (parsing in a worker per CPU), the scales one after another into one database per backend, made
for the run and dropped after it (a SQLite file; PostgreSQL's ``relations_pages_bench``).

Each page is requested through Django's test client in the worker process (the whole middleware
stack, no network), with DEBUG off, the page cache off (``PAGE_CACHE_SECONDS=0``: every request
renders) and kept database connections (``CONN_MAX_AGE=60``), after two warm-up requests. The SQL
queries of one request are counted; the time is the median (p50) and 95th percentile (p95) of
``--repeat`` requests; the CPU columns are the worker process's own time (on SQLite the database's
work too), less sensitive than wall time to a busy machine. The last column is the time of a
page-cache hit. ``--profile`` adds a cProfile of the slowest listing, filter or search page at the largest scale.

``prepare`` only builds a database at one scale (for benchmarks/bench_http.sh). ``--database-url``
measures such a database as it is (migrated first, nothing imported, nothing dropped): a 1,000×
database takes long to build, and can then be measured before and after each change. ``copy``
loads a prepared SQLite database into a PostgreSQL one (migrated, emptied, then every table copied
row for row and analysed): the same data on both, built once.
"""

import argparse
import cProfile
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
from contextlib import contextmanager, nullcontext
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.common import code_state, print_profiles_and_save, psql  # noqa: E402  (run as a script: the repo on the path first)

SEED = ROOT / "articles" / "sources" / "russia-south-korea-relations.txt"
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_DATABASE = "relations_pages_bench"
TARGET_P95_MS = 50.0
TARGETED = ("listing", "filter", "search")  # the kinds of page the p95 target is for
WARM_UP = 2

# --- data ---------------------------------------------------------------------------------------


def _environment(database_url, static_root):
    """The environment of a production-like process on this database (DEBUG off, plain HTTP)."""
    return dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="relations_site.settings",
        DEBUG="false",
        SECRET_KEY="benchmark-only",
        ALLOWED_HOSTS="testserver,127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        SECURE_HSTS_SECONDS="0",
        DATABASE_URL=database_url,
        CONN_MAX_AGE="60",
        STATIC_ROOT=str(static_root),
        LOG_LEVEL="WARNING",  # no request log line per request
    )


def import_articles(paths):
    """Import captured articles as an editor imports a folder: ``import_article``, its batches of
    50 files a transaction, the captures parsed in a worker process per CPU."""
    from django.core.management import call_command

    if paths:
        call_command("import_article", *map(str, paths), jobs=os.cpu_count() or 1, verbosity=0)


def settle():
    """Leave the database as a site's is some time after a bulk import.

    On PostgreSQL, do what autovacuum does: VACUUM ANALYZE. Right after the import the planner
    has no statistics and the GIN indexes' pending lists hold every new row, so the full-text
    search reads whole tables (1.3 s a search at 1,000×). On SQLite, what import_article does
    after an import: a sampled ANALYZE.
    """
    from django.db import connection

    from articles.services import refresh_planner_statistics

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    else:
        refresh_planner_statistics()


def generated(folder, count):
    return sorted(Path(folder).glob("*.txt"))[:count]


# --- the pages ----------------------------------------------------------------------------------


def page_list():
    """Return (label, kind, url) for every page type, with slugs and values of the current data.

    ``kind`` is listing, filter, search, detail or other; the p95 target holds for the first three.
    """
    from django.db.models import Count, Q

    from articles.models import Article, Event, GlossaryEntry, Period, Person, Status, Topic

    published = Q(events__status=Status.PUBLISHED)
    article = Article.objects.published().order_by("pk").first()
    dated = Event.objects.published().exclude(date=None).order_by("date", "title", "pk")
    event = dated.first()
    # Its neighbours are found from its place in the timeline: the first and a middle one.
    middle_event = dated[dated.count() // 2]
    person = Person.objects.published().annotate(n=Count("events", filter=published)).order_by("-n", "pk").first()
    entry = GlossaryEntry.objects.published().annotate(n=Count("sections")).order_by("-n", "pk").first()
    periods = list(Period.objects.annotate(n=Count("events", filter=published)).order_by("-n", "pk"))
    topics = list(Topic.objects.annotate(n=Count("events", filter=published)).order_by("-n", "pk"))
    country = (
        Person.objects.published()
        .exclude(country="")
        .values_list("country", flat=True)
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    role = (
        Person.objects.published()
        .exclude(role="")
        .values_list("role", flat=True)
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    last_page = max(1, -(-Event.objects.published().count() // 20))
    p, t, t2 = periods[0].slug, topics[0].slug, topics[1].slug
    return [
        ("home", "listing", "/"),
        ("articles", "listing", "/articles/"),
        ("articles, title", "filter", "/articles/?q=relations"),
        ("article", "detail", article.get_absolute_url()),
        ("timeline", "listing", "/events/"),
        ("timeline, newest first", "filter", "/events/?ordering=newest"),
        ("timeline, last page", "filter", f"/events/?page={last_page}"),
        ("timeline, period", "filter", f"/events/?period={p}"),
        ("timeline, two topics", "filter", f"/events/?topic={t}&topic={t2}"),
        ("timeline, years", "filter", "/events/?year_from=1990&year_to=2005"),
        ("timeline, person", "filter", f"/events/?person={person.slug}"),
        ("timeline, words", "filter", "/events/?q=visit"),
        (
            "timeline, every filter",
            "filter",
            f"/events/?period={p}&topic={t}&topic={t2}&year_from=1950&year_to=2010&q=the&ordering=newest",
        ),
        ("event", "detail", event.get_absolute_url()),
        ("event, mid-timeline", "detail", middle_event.get_absolute_url()),
        ("people", "listing", "/people/"),
        ("people, country and role", "filter", f"/people/?country={country}&role={role}"),
        ("people, name", "filter", "/people/?q=kim"),
        ("person", "detail", person.get_absolute_url()),
        ("glossary", "listing", "/glossary/"),
        ("glossary, words", "filter", "/glossary/?q=republic"),
        ("glossary entry", "detail", entry.get_absolute_url()),
        ("period", "listing", periods[0].get_absolute_url()),
        ("topic", "listing", topics[0].get_absolute_url()),
        ("search, one word", "search", "/search/?q=treaty"),
        ("search, three words", "search", "/search/?q=president+official+visit"),
        ("search, no match", "search", "/search/?q=zzyzx"),
        ("feed", "other", "/events/feed/"),
        ("sitemap index", "other", "/sitemap.xml"),
        ("sitemap, events", "other", "/sitemap-events.xml"),
    ]


def measure(client, url, repeat):
    """Return (queries of one request, sorted wall times, sorted CPU times) in ms for ``repeat``
    requests of ``url``. CPU time is this process's: on SQLite it includes the database's work."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(WARM_UP):
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    count = len(queries)  # now: the next request empties the connection's log
    times, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return count, sorted(times), sorted(cpu)


def percentile(sorted_values, share):
    return sorted_values[min(len(sorted_values) - 1, round(share * (len(sorted_values) - 1)))]


def measure_pages(repeat):
    from django.core.cache import cache
    from django.test import Client, override_settings

    client = Client()
    rows = []
    for label, kind, url in page_list():
        queries, times, cpu = measure(client, url, repeat)
        with override_settings(PAGE_CACHE_SECONDS=3600):
            cache.clear()
            _, cached, _ = measure(client, url, max(10, repeat // 3))
        rows.append(
            {
                "label": label,
                "kind": kind,
                "url": url,
                "queries": queries,
                "p50_ms": statistics.median(times),
                "p95_ms": percentile(times, 0.95),
                "cpu_p50_ms": statistics.median(cpu),
                "cpu_p95_ms": percentile(cpu, 0.95),
                "cached_p50_ms": statistics.median(cached),
            }
        )
    return rows


def profile_page(url, requests=30):
    from django.test import Client

    client = Client()
    client.get(url)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        client.get(url)
    profiler.disable()
    stream = io.StringIO()
    stream.write(f"\n--- {url}, {requests} requests, by cumulative time ---\n")
    pstats.Stats(profiler, stream=stream).sort_stats("cumulative").print_stats(40)
    stream.write("\n--- by own time ---\n")
    pstats.Stats(profiler, stream=stream).sort_stats("tottime").print_stats(25)
    return stream.getvalue()


# --- the worker: one backend, every scale, in a process of its own ------------------------------


def _setup():
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.conf import settings

    settings.PAGE_CACHE_SECONDS = 0  # every measured request renders its page


def _worker(args):
    _setup()
    from django.core.management import call_command
    from django.db import connection

    from articles.models import Article, Event

    call_command("migrate", verbosity=0)
    out = {"backend": connection.vendor, "scales": []}

    def measure_scale(scale, load_s):
        articles = Article.objects.count()
        out["scales"].append(
            {
                "scale": scale or articles,
                "articles": articles,
                "events": Event.objects.count(),
                "load_s": load_s,
                "pages": measure_pages(args.repeat),
            }
        )

    if args.existing:
        measure_scale(None, 0.0)  # the database as it is: its scale is its number of articles
    else:
        articles = generated(args.articles, max(args.scales) - 1)
        loaded = 0
        for scale in args.scales:
            start = time.perf_counter()
            if loaded == 0:
                import_articles([SEED])
                loaded = 1
            import_articles(articles[loaded - 1 : scale - 1])
            loaded = scale
            load_s = time.perf_counter() - start
            settle()
            measure_scale(scale, load_s)
    out["memory"] = memory_report()
    if args.profile:
        targeted = [row for row in out["scales"][-1]["pages"] if row["kind"] in TARGETED]
        slowest = max(targeted, key=lambda row: row["p95_ms"])
        out["profile"] = profile_page(slowest["url"])
    Path(args.out).write_text(json.dumps(out))


def memory_report():
    """Return the measuring process's peak resident memory and the database's size, in MiB."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            database_bytes = cursor.fetchone()[0]
    else:
        name = str(connection.settings_dict["NAME"])  # and its write-ahead log, not yet checkpointed
        database_bytes = sum(os.path.getsize(path) for path in (name, f"{name}-wal") if os.path.exists(path))
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return {"peak_rss_mib": peak_kib / 1024, "database_mib": database_bytes / 2**20}


def _prepare_worker(args):
    _setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    import_articles([SEED])
    import_articles(generated(args.articles, args.scale - 1))
    settle()
    memory = memory_report()
    print(
        f"prepare: {args.scale} articles imported and settled in {time.perf_counter() - start:.0f} s; "
        f"peak resident memory {memory['peak_rss_mib']:.0f} MiB; database {memory['database_mib']:.0f} MiB"
    )


# --- the driver ---------------------------------------------------------------------------------


def _generate(folder, count, seed):
    sys.path.insert(0, str(ROOT))
    from benchmarks import generate_articles

    if count > 0:
        generate_articles.main(["--count", str(count), "--out", str(folder), "--seed", seed])


def _collectstatic(static_root):
    env = _environment("sqlite:///:memory:", static_root)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"], env=env, cwd=ROOT, check=True
    )


@contextmanager
def throwaway_database(backend, workdir):
    """Yield the URL of an empty database made for this run, dropped after it."""
    if backend == "sqlite":
        yield f"sqlite:///{workdir / 'pages.sqlite3'}"
        return
    psql(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
    psql(f"CREATE DATABASE {PG_DATABASE}")
    try:
        yield f"{PG_SERVER}/{PG_DATABASE}"
    finally:
        psql(f"DROP DATABASE IF EXISTS {PG_DATABASE}")


def _run_backend(backend, args, workdir):
    out = workdir / f"{backend}.json"
    command = [
        sys.executable,
        __file__,
        "--worker",
        "--scales",
        ",".join(map(str, args.scales)),
        "--repeat",
        str(args.repeat),
        "--articles",
        str(workdir / "articles"),
        "--out",
        str(out),
    ]
    command += ["--profile"] if args.profile else []
    if args.database_url:
        command.append("--existing")
    database = nullcontext(args.database_url) if args.database_url else throwaway_database(backend, workdir)
    with database as url:
        env = {**_environment(url, workdir / "static"), "LOCAL_CACHE_DIR": str(workdir / "cache")}
        result = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"{backend} worker failed:\n{result.stderr[-4000:]}")
    return json.loads(out.read_text())


def _table(result):
    scales = result["scales"]
    head = ["page", "kind"] + [f"queries {s['scale']}×" for s in scales]
    head += [f"p50 / p95 ms {s['scale']}×" for s in scales]
    head += [f"CPU p50 / p95 ms {scales[-1]['scale']}×", f"cached p50 ms {scales[-1]['scale']}×"]
    lines = ["| " + " | ".join(head) + " |", "|---|---|" + "---:|" * (len(head) - 2)]
    missed = []
    for index, row in enumerate(scales[0]["pages"]):
        rows = [scale["pages"][index] for scale in scales]
        counts = [r["queries"] for r in rows]
        cells = [row["label"], row["kind"]] + [str(c) for c in counts]
        cells += [f"{r['p50_ms']:.1f} / {r['p95_ms']:.1f}" for r in rows]
        cells.append(f"{rows[-1]['cpu_p50_ms']:.1f} / {rows[-1]['cpu_p95_ms']:.1f}")
        cells.append(f"{rows[-1]['cached_p50_ms']:.2f}")
        lines.append("| " + " | ".join(cells) + " |")
        if len(set(counts)) > 1:
            missed.append(f"{row['label']}: queries grow with the data {counts}")
        if row["kind"] in TARGETED and rows[-1]["p95_ms"] >= TARGET_P95_MS:
            missed.append(f"{row['label']}: p95 {rows[-1]['p95_ms']:.1f} ms at {scales[-1]['scale']}×")
    data = ", ".join(f"{s['scale']}× = {s['articles']} articles, {s['events']} events" for s in scales)
    lines.append(f"\nData: {data}.")
    memory = result["memory"]
    lines.append(
        f"Memory: the measuring process peaked at {memory['peak_rss_mib']:.0f} MiB resident; "
        f"the database holds {memory['database_mib']:.0f} MiB."
    )
    lines.append(
        "Targets (same queries at every scale; p95 < 50 ms at the largest for listings, filters, "
        "search): " + ("all met." if not missed else "MISSED: " + "; ".join(missed))
    )
    return "\n".join(lines)


def _code_state():
    head, dirty = code_state()
    return f"code at {head}" + (f" with {len(dirty)} files changed in the tree" if dirty else "")


def prepare(argv):
    parser = argparse.ArgumentParser(prog="bench_pages.py prepare", description="Build a database at one scale.")
    parser.add_argument("--scale", type=int, required=True)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--static-root", type=Path, required=True, help="collected static files (made here)")
    parser.add_argument("--seed", default="bench")
    parser.add_argument("--captures", type=Path, help="import the articles generate_articles.py wrote here")
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="relations-pages-"))
    try:
        if args.captures:  # generating 10,000 takes longer than importing them: made once, kept
            (workdir / "articles").symlink_to(args.captures.resolve())
        else:
            _generate(workdir / "articles", args.scale - 1, args.seed)
        _collectstatic(args.static_root)
        if args.database_url.startswith(("postgres://", "postgresql://")):
            _create_missing_database(args.database_url)
        env = _environment(args.database_url, args.static_root)
        subprocess.run(
            [
                sys.executable,
                __file__,
                "--prepare-worker",
                "--scale",
                str(args.scale),
                "--articles",
                str(workdir / "articles"),
            ],
            env=env,
            cwd=ROOT,
            check=True,
        )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def copy_database(argv):
    """Copy every table of a SQLite database into a PostgreSQL database migrated to the same code."""
    import sqlite3

    import psycopg

    parser = argparse.ArgumentParser(prog="bench_pages.py copy", description=copy_database.__doc__)
    parser.add_argument("--from", dest="source", required=True, help="sqlite:////path")
    parser.add_argument("--to", dest="target", required=True, help="postgres://…/database")
    args = parser.parse_args(argv)
    _create_missing_database(args.target)
    static_root = Path(tempfile.mkdtemp(prefix="relations-pages-static-"))
    _collectstatic(static_root)  # the settings, DEBUG off, need the manifest
    env = _environment(args.target, static_root)
    subprocess.run([sys.executable, "manage.py", "migrate", "--verbosity", "0"], env=env, cwd=ROOT, check=True)
    source = sqlite3.connect(args.source.removeprefix("sqlite:///"))
    with psycopg.connect(args.target.replace("postgres://", "postgresql://"), autocommit=False) as target:
        target.execute("SET TIME ZONE 'UTC'")  # Django stores UTC datetimes in SQLite without an offset
        target.execute("SET session_replication_role = replica")  # foreign keys checked by SQLite already
        tables = [
            row[0]
            for row in target.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'django_migrations'"
            )
        ]
        target.execute("TRUNCATE " + ", ".join(f'"{table}"' for table in tables))
        for table in tables:
            columns = [
                row[0]
                for row in target.execute(  # not the generated ones (search vectors)
                    "SELECT column_name FROM information_schema.columns WHERE table_name = %s AND is_generated = 'NEVER'",
                    [table],
                )
            ]
            names = ", ".join(f'"{column}"' for column in columns)
            with target.cursor().copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                for row in source.execute(f'SELECT {names} FROM "{table}"'):
                    copy.write_row(row)
        target.commit()
    source.close()
    sql = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "sqlsequencereset",
            "articles",
            "auth",
            "admin",
            "contenttypes",
            "sessions",
            "axes",
        ],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    with psycopg.connect(args.target.replace("postgres://", "postgresql://"), autocommit=True) as target:
        target.execute(sql)
        target.execute("VACUUM ANALYZE")
    shutil.rmtree(static_root, ignore_errors=True)


def _create_missing_database(url):
    """Create the URL's PostgreSQL database when its server has none of that name."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url.replace("postgres://", "postgresql://", 1))
    name = parts.path.lstrip("/")
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as server:
        if server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["prepare"]:
        return prepare(argv[1:])
    if argv[:1] == ["copy"]:
        return copy_database(argv[1:])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="1,100,1000", type=lambda text: [int(s) for s in text.split(",")])
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--seed", default="bench")
    parser.add_argument("--profile", action="store_true", help="profile the slowest page at the largest scale")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--database-url", help="measure this database as it is (--scales and --backends are ignored)")
    parser.add_argument("--existing", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--prepare-worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--scale", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--articles", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return _worker(args)
    if args.prepare_worker:
        return _prepare_worker(args)

    state, load_before = _code_state(), os.getloadavg()[0]
    workdir = Path(tempfile.mkdtemp(prefix="relations-pages-"))
    if args.database_url:
        args.backends = "postgres" if args.database_url.startswith("postgres") else "sqlite"
    try:
        if not args.database_url:
            _generate(workdir / "articles", max(args.scales) - 1, args.seed)
        _collectstatic(workdir / "static")
        results = [_run_backend(backend, args, workdir) for backend in args.backends.split(",")]
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(
        f"\n{os.cpu_count()} CPUs, Python {sys.version.split()[0]}, {state}; "
        f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after; {args.repeat} requests a page\n"
    )
    for result in results:
        print(f"\n### {result['backend']}\n")
        print(_table(result))
    print_profiles_and_save(results, args.json)


if __name__ == "__main__":
    main()
