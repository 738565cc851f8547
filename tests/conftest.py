import os

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # Tests create many users; MD5 keeps them quick. Never used outside tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    # The cache outlives each test's rolled-back transaction: a page cached by one test would
    # otherwise be served to the next, whose database no longer holds what it shows.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session", autouse=True)
def _own_content_generation(tmp_path_factory):
    # Without Redis the page cache's content generation is a file that every process of the
    # checkout shares (the dev server, other test runs): the tests get one of their own, and so do
    # the processes they start.
    from django.conf import settings
    from django.test import override_settings

    if "generation" not in settings.CACHES:
        yield
        return
    folder = tmp_path_factory.mktemp("cache")
    generation = {**settings.CACHES["generation"], "LOCATION": str(folder / "generation")}
    previous = os.environ.get("LOCAL_CACHE_DIR")
    os.environ["LOCAL_CACHE_DIR"] = str(folder)
    try:
        with override_settings(CACHES={**settings.CACHES, "generation": generation}):
            yield
    finally:
        if previous is None:
            os.environ.pop("LOCAL_CACHE_DIR")
        else:
            os.environ["LOCAL_CACHE_DIR"] = previous


# --- What the default run leaves out, and how to run it --------------------------------------

LOAD_TESTS_VARIABLE = "RELATIONS_LOAD_TESTS"


def pytest_collection_modifyitems(config, items):
    """Skip the timed load tests (marker ``load``) unless RELATIONS_LOAD_TESTS=1."""
    if os.environ.get(LOAD_TESTS_VARIABLE):
        return
    skip = pytest.mark.skip(reason=f"timed load test: runs with {LOAD_TESTS_VARIABLE}=1")
    for item in items:
        if "load" in item.keywords:
            item.add_marker(skip)


def _skipped_kind(report, vendor):
    """Name the kind of a skipped test and the command that runs it (``vendor``: the run's database)."""
    reason = str(report.longrepr[-1]) if isinstance(report.longrepr, tuple) else str(report.longrepr)
    if "browser" in report.keywords:
        return "browser tests", "bash .ci/browser-setup.sh (as root: Chromium, ChromeDriver, Java)"
    if "load" in report.keywords:
        return "timed load tests", f"{LOAD_TESTS_VARIABLE}=1 ./dev.sh test tests/test_faults.py"
    if "redis" in reason.lower():
        return "Redis tests", "redis-server (on 127.0.0.1:6379)"
    if vendor == "postgresql":
        return "tests of SQLite or of psycopg without pipelines", "./dev.sh test without DATABASE_URL"
    if "postgres" in reason.lower() or "pipeline" in reason.lower():
        return "PostgreSQL tests", "DATABASE_URL=postgres://USER@HOST:5432/NAME ./dev.sh test"
    return "other tests", "see the reasons above (-ra)"


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_terminal_summary(terminalreporter):
    """End the run with one line: what was skipped, and the command that runs each kind."""
    result = yield
    from django.db import connection

    kinds = {}
    for report in terminalreporter.stats.get("skipped", []):
        kind, command = _skipped_kind(report, connection.vendor)
        count, _ = kinds.get(kind, (0, command))
        kinds[kind] = (count + 1, command)
    if kinds:
        parts = [f"{count} {kind} ({command})" for kind, (count, command) in sorted(kinds.items())]
        terminalreporter.write_line("skipped: " + "; ".join(parts), yellow=True, bold=True)
    return result
