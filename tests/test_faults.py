"""Load and faults against the real server: gunicorn with 2 workers on 127.0.0.1, on a database of
its own (a SQLite file; on the PostgreSQL run, <name>_faults beside the suite's database, reached
through a TCP proxy that can cut it off).

Short versions run in the suite: 8 readers and 2 editors for 8 seconds (no 5xx, no lost edit), a
worker SIGKILLed mid-load, the database cut off and back (503 page, /healthz 503, recovery without
a restart), an import SIGKILLed inside its transaction. The timed loads (marked ``load``: the short
ones and the full one, 50 readers for 60 seconds) run only with RELATIONS_LOAD_TESTS=1, as CI
does; the full load is also loadtests/run_load.py. Figures: LOADTESTS.md.
"""

import json
import os
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connection

from loadtests import harness

VENDOR = connection.vendor  # the suite's database decides which one these tests use


@pytest.fixture(scope="module")
def site():
    """A prepared database and gunicorn in front of it, for the module; dropped afterwards."""
    database = harness.make_database(VENDOR, os.environ.get("DATABASE_URL", ""), suffix="faults")
    proxy = None
    try:
        env = harness.prepare_site(database)
        changes = {"PAGE_CACHE_SECONDS": 0}  # every page asks the database (the faults must show)
        if VENDOR == "postgresql":
            target = urlsplit(database.url)
            proxy = harness.TcpProxy(target.hostname, target.port or 5432).start()
            # Kept connections, as production runs: a cut must not leave a dead one in use.
            changes["DATABASE_URL"] = target._replace(netloc=f"{target.username}@127.0.0.1:{proxy.port}").geturl()
            changes["CONN_MAX_AGE"] = 60
        server = harness.Gunicorn({**env, **{k: str(v) for k, v in changes.items()}}, workers=2).start()
        try:
            yield server, env, database, proxy
        finally:
            server.stop()
    finally:
        if proxy:
            proxy.stop()
        database.drop()


def log_tail(server):
    return Path(server.log_path).read_text(errors="replace")[-3000:]


@pytest.mark.load
def test_short_load_no_server_error_and_no_lost_edit(site):
    server, env, _, _ = site
    report = harness.run_load(server, env, readers=8, editors=2, seconds=8)
    assert report["reads"]["server_errors"] == 0, (report, log_tail(server))
    assert report["reads"]["no_answer"] == 0, report
    assert report["saves"]["server_errors"] == 0, (report, log_tail(server))
    assert report["saves"]["outcomes"].get("saved", 0) >= 2, report
    assert report["saves"]["lost"] == [], report


@pytest.mark.load
def test_a_worker_killed_mid_load_and_requests_keep_being_served(site):
    server, env, _, _ = site
    before = set(server.worker_pids())
    report = harness.run_load(server, env, readers=8, editors=0, seconds=8, kill_worker_at=3)
    killed = report["worker_killed"]
    assert killed["pid"] in before
    assert report["reads"]["server_errors"] == 0, report
    # Only the request the killed worker was answering can go unanswered.
    assert report["reads"]["no_answer"] <= 1, report
    assert killed["ok_after_kill"] > 0 and killed["ok_after_kill"] == killed["reads_after_kill"], report
    assert harness.poll_until(server.port, "/healthz", 200) is not None
    assert len(server.worker_pids()) == 2 and killed["pid"] not in server.worker_pids()


def test_the_database_unreachable_gives_the_503_page_and_the_site_recovers_without_restart(site):
    server, _, database, proxy = site
    workers = set(server.worker_pids())
    outage = proxy or harness.SqliteOutage(database.sqlite_path)
    outage.cut()
    try:
        for _ in range(4):  # both workers, whatever connection each had kept
            page = harness.get(server.port, "/events/")
            assert page.status == 503, page.text()[:500]
            assert "Temporarily unavailable" in page.text() and 'class="site-header"' in page.text()
            assert page.headers.get("retry-after") == "30"
            health = harness.get(server.port, "/healthz")
            assert health.status == 503
            assert json.loads(health.body)["checks"]["database"]["status"] == "error"
    finally:
        outage.restore()
    assert harness.poll_until(server.port, "/healthz", 200, timeout=30) is not None, log_tail(server)
    for _ in range(4):
        assert harness.get(server.port, "/events/").status == 200
    assert set(server.worker_pids()) == workers, "the workers were restarted"


def test_an_import_killed_midway_leaves_the_database_as_before_and_a_rerun_completes(site):
    _, env, _, _ = site
    with tempfile.TemporaryDirectory() as folder:
        source = harness.generated_article(folder)
        before = harness.database_dump(env)
        # Killed once its sections, glossary and people are written, before its events: all in
        # the import's one transaction.
        assert harness.import_killed_midway(env, source, stop_after_model="Event") == -9
        assert harness.database_dump(env) == before
        harness.manage("import_article", str(source), env=env)
    after = json.loads(harness.database_dump(env))
    articles = [row for row in after if row["model"] == "articles.article"]
    assert len(articles) == 2
    assert len(after) > len(json.loads(before))


@pytest.mark.load
def test_full_load(site):
    server, env, _, _ = site
    started = time.monotonic()
    report = harness.run_load(server, env, readers=50, editors=2, seconds=60)
    assert time.monotonic() - started < 300
    assert report["reads"]["server_errors"] == 0 and report["saves"]["server_errors"] == 0, report
    assert report["saves"]["lost"] == [], report
