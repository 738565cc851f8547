"""Two editors in two headless Chromiums, under the site's own policy: presence, edit summary, Recent changes, watchlist.

Ada watches an article and opens one of its sections; Grace opens the same section and sees that
Ada has it open, and Ada's page learns of Grace at its next ping; Grace edits the text with an
edit summary and saves (nothing was locked); the change and its summary are in Recent changes,
and on Ada's admin home page among the changes to what she watches.

Needs Debian's chromium and chromium-driver and selenium (`bash .ci/browser-setup.sh`); without
them the test skips, saying what is missing (with CI=true it fails instead).
"""

from unittest import mock

import pytest
from browser_support import (  # tests/ is on sys.path
    AXE_JS,
    BrowserTestCase,
    admin_sign_in,
    chrome_driver,
    console_errors,
    format_axe,
    quit_driver,
    set_viewport,
    wait_for,
)
from editorial_support import EDITOR_PASSWORD, admin_url, make_editor

from articles.models import Article, Section, Status

pytestmark = pytest.mark.browser

WAIT = 15  # seconds: the longest a page, or a presence ping, may take
SUMMARY = "Give the date of the visit"
ADDED = "Grace added this sentence"


# What this feature adds to the admin's pages: axe-core checks these (Django's own admin is not ours to fix).
OURS = ["#presence", ".watch-form", ".edit-summary", ".changes-filter", ".change-list-table", "#watchlist"]


def axe_within(driver, selectors):
    """axe-core's violations inside the elements that ``selectors`` match on the current page."""
    present = [selector for selector in selectors if driver.find_elements("css selector", selector)]
    if not present:
        return []
    if not driver.execute_script("return typeof window.axe === 'object'"):
        driver.execute_script(AXE_JS.read_text(encoding="utf-8"))
    result = driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        axe.run({include: arguments[0]}, {resultTypes: ['violations']})
            .then(results => done({violations: results.violations}))
            .catch(error => done({error: String(error)}));
        """,
        [[selector] for selector in present],
    )
    if "error" in result:
        raise AssertionError(f"axe-core failed to run: {result['error']}")
    return result["violations"]


class TwoEditorsTests(BrowserTestCase):
    needs = ("chromium", "selenium", "axe")

    def setUp(self):
        super().setUp()
        make_editor("ada")
        make_editor("grace")
        self.section = Section.objects.filter(order__gt=0, status=Status.PUBLISHED).order_by("order").first()
        self.article = self.section.article
        self.grace = chrome_driver()
        self.addCleanup(quit_driver, self.grace)
        # Pings every 5 seconds rather than 20, so that the test need not wait long.
        patcher = mock.patch("articles.editorial.presence.PING_SECONDS", 5)
        patcher.start()
        self.addCleanup(patcher.stop)

    def css(self, driver, selector):
        return driver.find_element("css selector", selector)

    def go(self, driver, path):
        driver.get(self.live_server_url + path)
        wait_for(driver, lambda d: d.execute_script("return document.readyState") == "complete", "no page", WAIT)

    def shoot(self, driver, name):
        """Screenshots at desktop width and at a phone's (390 × 844); axe-core's findings on the page."""
        self.problems += console_errors(driver)  # the page's own, before axe-core styles anything
        self.accessibility += format_axe(name, axe_within(driver, OURS))
        console_errors(driver)  # axe-core's inline styles, refused by the policy, are not the page's
        previous, self.driver = self.driver, driver
        try:
            self.screenshot(f"{name}-desktop")
            set_viewport(driver, 390, 844)
            self.screenshot(f"{name}-phone")
            set_viewport(driver, 1280)
        finally:
            self.driver = previous

    def test_presence_summary_recent_changes_and_watchlist(self):
        ada, grace = self.driver, self.grace
        self.accessibility, self.problems = [], []
        set_viewport(grace, 1280)
        admin_sign_in(ada, self.live_server_url, "ada", EDITOR_PASSWORD)
        admin_sign_in(grace, self.live_server_url, "grace", EDITOR_PASSWORD)

        # 1. Ada watches the article (and so its sections), then opens one of its sections.
        self.go(ada, admin_url(Article, "change", self.article.pk))
        self.css(ada, "form.watch-form button").click()
        wait_for(ada, lambda d: "You now watch" in self.css(d, ".messagelist").text, "watching said nothing", WAIT)
        self.assertEqual(self.css(ada, "form.watch-form button").text.lower(), "stop watching")
        self.go(ada, "/admin/")  # her last visit: nothing new yet
        self.assertIn("Nothing new since then.", self.css(ada, "#watchlist").text)
        self.go(ada, admin_url(Section, "change", self.section.pk))
        self.assertFalse(self.css(ada, "#presence").is_displayed())

        # 2. Grace opens the same section: she sees that Ada has it open, and since when.
        self.go(grace, admin_url(Section, "change", self.section.pk))
        note = self.css(grace, "#presence")
        self.assertTrue(note.is_displayed())
        self.assertIn("ada (since ", note.text)
        self.assertIn("has this record open too", note.text)
        self.shoot(grace, "changes-presence")

        # 3. Ada's open form learns of Grace at its next ping, without a reload.
        wait_for(ada, lambda d: "grace (since " in self.css(d, "#presence").text, "Ada never saw Grace", WAIT)

        # 4. Grace edits the text with an edit summary and saves: nothing is locked.
        body = self.css(grace, "#id_body")
        grace.execute_script("arguments[0].scrollIntoView({block: 'center'})", body)
        body.click()
        body.send_keys("\n\n" + ADDED + ".")
        self.css(grace, "#id_edit_summary").send_keys(SUMMARY)
        self.css(grace, "input[name=_publish]").click()  # the section is live: Publish saves it
        wait_for(grace, lambda d: "is live" in self.css(d, ".messagelist").text, "not saved", WAIT)
        self.section.refresh_from_db()
        self.assertIn(ADDED, self.section.body)
        self.assertEqual(self.section.history.latest().history_change_reason, SUMMARY)

        # 5. Recent changes, reached from the link on every admin page, lists it with its summary.
        self.css(grace, "#user-tools a[href='/admin/recent-changes/']").click()
        wait_for(grace, lambda d: "/admin/recent-changes/" in d.current_url, "no Recent changes", WAIT)
        first = self.css(grace, ".change-list-table tbody tr")
        self.assertEqual(self.css(first, ".change-who").text, "grace")
        self.assertEqual(self.css(first, ".change-summary").text, SUMMARY)
        self.assertIn(self.section.title[:20], self.css(first, ".change-record").text)
        self.shoot(grace, "changes-recent")
        self.css(first, ".change-links a").click()
        wait_for(grace, lambda d: "/history/compare/" in d.current_url, "no diff", WAIT)
        self.assertIn(ADDED, self.css(grace, ".history-diff").text)
        self.assertIn(SUMMARY, self.css(grace, ".diff-edit-summary").text)

        # 6. Ada's home page shows Grace's change to what she watches, with its summary.
        self.go(ada, "/admin/")
        watchlist = self.css(ada, "#watchlist")
        self.assertIn(SUMMARY, watchlist.text)
        self.assertIn("grace", watchlist.text)
        self.shoot(ada, "changes-watchlist")

        problems = self.problems + console_errors(ada) + console_errors(grace)
        self.assertEqual(problems, [], "\n".join(problems))
        self.assertEqual(self.accessibility, [], "\n".join(self.accessibility))
