"""The run's tooling: the last line names what was skipped, and CI names a missing service."""

import importlib.util
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings
from django.test import SimpleTestCase

from tests.conftest import _skipped_kind

ROOT = Path(settings.BASE_DIR)


def skipped(reason, *markers):
    return SimpleNamespace(longrepr=("tests/test_x.py", 1, f"Skipped: {reason}"), keywords=dict.fromkeys(markers))


class SkippedSummaryTests(SimpleTestCase):
    def test_each_kind_names_the_command_that_runs_it(self):
        browser = "browser test dependencies missing: /usr/bin/chromium not found"
        cases = [
            (skipped(browser, "browser"), "sqlite", ".ci/browser-setup.sh"),
            (skipped("timed load test: runs with RELATIONS_LOAD_TESTS=1", "load"), "sqlite", "RELATIONS_LOAD_TESTS=1"),
            (skipped("psycopg's pipeline mode is PostgreSQL's"), "sqlite", "DATABASE_URL=postgres://"),
            (skipped("EXPLAIN of PostgreSQL's indexes"), "sqlite", "DATABASE_URL=postgres://"),
            (skipped("EXPLAIN QUERY PLAN of SQLite's indexes"), "postgresql", "without DATABASE_URL"),
            (skipped("without pipelines only"), "postgresql", "without DATABASE_URL"),
            (skipped("no Redis answers at redis://127.0.0.1:6379/15; start redis-server"), "sqlite", "redis-server"),
        ]
        for report, vendor, command in cases:
            with self.subTest(command):
                self.assertIn(command, _skipped_kind(report, vendor)[1])


class ServiceCheckTests(SimpleTestCase):
    def test_a_missing_service_is_named(self):
        spec = importlib.util.spec_from_file_location("check_services", ROOT / ".ci" / "check_services.py")
        check_services = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(check_services)
        problems = check_services.missing_services("postgres://postgres@127.0.0.1:1/x", "redis://127.0.0.1:1/15")
        self.assertEqual(len(problems), 2)
        self.assertTrue(problems[0].startswith("PostgreSQL does not answer at postgresql://postgres@127.0.0.1:1/"))
        self.assertTrue(problems[1].startswith("Redis does not answer at redis://127.0.0.1:1/15"))
