"""Scheduled publishing: a working copy's go-live time, a live record's expiry, `publish_scheduled`."""

import threading
from datetime import timedelta
from io import StringIO
from unittest import mock, skipUnless

from django.core.management import call_command
from django.db import connection
from django.test import TestCase, TransactionTestCase
from django.utils import timezone
from editorial_support import admin_url, make_editor  # tests/ is on sys.path
from factories import make_article, make_section

from articles.editorial import drafts
from articles.models import Expiry, Section, Status, WorkingCopy

START = timezone.now().replace(microsecond=0)


def run_at(moment):
    """Run publish_scheduled with the clock at ``moment``; return what it wrote."""
    out = StringIO()
    with mock.patch("django.utils.timezone.now", return_value=moment):
        call_command("publish_scheduled", stdout=out, stderr=out)
    return out.getvalue()


class PublishScheduledTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reviewer = make_editor("rita")
        cls.section = make_section(article=make_article(), body="Live text.")

    def schedule(self, when, body="Scheduled text."):
        copy_ = drafts.save_draft(self.section, {"body": body}, self.reviewer)
        WorkingCopy.objects.filter(pk=copy_.pk).update(go_live_at=when)

    def body(self):
        self.section.refresh_from_db()
        return self.section.body

    def test_a_working_copy_goes_live_at_its_time_not_before(self):
        self.schedule(START + timedelta(hours=1))
        self.assertIn("0 published", run_at(START + timedelta(minutes=59)))
        self.assertEqual(self.body(), "Live text.")
        self.assertIn("1 published", run_at(START + timedelta(hours=1, seconds=1)))
        self.assertEqual(self.body(), "Scheduled text.")
        self.assertIsNone(drafts.working_copy(self.section))
        latest = self.section.history.latest()
        self.assertEqual(
            (latest.history_change_reason, latest.history_user), ("published at its scheduled time", self.reviewer)
        )

    def test_running_again_changes_nothing(self):
        self.schedule(START)
        run_at(START + timedelta(minutes=1))
        versions = self.section.history.count()
        self.assertIn("0 published, 0 unpublished", run_at(START + timedelta(minutes=2)))
        self.assertEqual(self.section.history.count(), versions)

    def test_a_live_record_expires(self):
        drafts.set_expiry(self.section, START + timedelta(hours=2), self.reviewer)
        run_at(START + timedelta(hours=1))
        self.section.refresh_from_db()
        self.assertEqual(self.section.status, Status.PUBLISHED)
        self.assertIn("1 unpublished", run_at(START + timedelta(hours=2)))
        self.section.refresh_from_db()
        self.assertEqual(self.section.status, Status.DRAFT)
        self.assertFalse(Expiry.objects.exists())
        self.assertIn("0 unpublished", run_at(START + timedelta(hours=3)))

    def test_an_invalid_working_copy_is_reported_and_kept(self):
        other = make_section(article=self.section.article)
        self.schedule(START, body="x")
        WorkingCopy.objects.update(data={"slug": other.slug})
        output = run_at(START + timedelta(minutes=1))
        self.assertIn("Not published", output)
        self.assertIsNotNone(drafts.working_copy(self.section))

    def test_the_schedule_page_sets_both_times(self):
        self.client.force_login(self.reviewer)
        self.schedule(None)
        url = admin_url(Section, "schedule", self.section.pk)
        self.assertEqual(self.client.get(url).status_code, 200)
        response = self.client.post(url, {"go_live_at": "2030-01-02T03:04", "expires_at": "2031-01-02T03:04"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(drafts.working_copy(self.section).go_live_at.year, 2030)
        self.assertEqual(drafts.expiry(self.section).expires_at.year, 2031)
        changelist = self.client.get(admin_url(Section, "changelist"))
        self.assertContains(changelist, ">Scheduled<")

    def test_editors_who_may_not_publish_may_not_schedule(self):
        self.client.force_login(make_editor("ada", reviewer=False))
        self.assertEqual(self.client.get(admin_url(Section, "schedule", self.section.pk)).status_code, 403)


@skipUnless(
    connection.vendor == "postgresql", "row locks: two runs at once only race on PostgreSQL (SQLite serializes writers)"
)
class TwoRunsAtOnceTests(TransactionTestCase):
    serialized_rollback = True

    def test_two_runs_at_once_publish_each_working_copy_once(self):
        reviewer = make_editor("rita")
        sections = [make_section(article=make_article(), body="Live text.") for _ in range(6)]
        for section in sections:
            copy_ = drafts.save_draft(section, {"body": "Scheduled text."}, reviewer)
            WorkingCopy.objects.filter(pk=copy_.pk).update(go_live_at=START)
        barrier = threading.Barrier(2)
        results = []

        def run():
            barrier.wait(timeout=10)
            try:
                results.append(drafts.publish_due(START + timedelta(minutes=1)))
            finally:
                connection.close()

        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        published = [name for names, _failed in results for name in names]
        self.assertEqual(len(published), len(sections))
        for section in sections:
            reasons = list(section.history.values_list("history_change_reason", flat=True))
            self.assertEqual(reasons.count("published at its scheduled time"), 1)
        self.assertFalse(WorkingCopy.objects.exists())
