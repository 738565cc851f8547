"""Working copies in a real headless Chromium, on the seed article: draft, preview, review, publish, schedule.

An editor (not a reviewer) edits a published section and saves a draft: anonymous readers keep the
old text, even from the page cache, while the preview shows the new text in the article page. The
editor submits it for review; a reviewer approves it from the review queue; readers now get the new
text. A draft scheduled by the reviewer goes live when `publish_scheduled` runs past its time.

Needs Debian's chromium and chromium-driver and selenium (`bash .ci/browser-setup.sh`); without
them the test skips, saying what is missing (with CI=true it fails instead).
"""

from datetime import timedelta
from io import StringIO
from unittest import mock

import pytest
from browser_support import (  # tests/ is on sys.path
    BrowserTestCase,
    admin_sign_in,
    console_errors,
    set_viewport,
    wait_for,
)
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from editorial_support import EDITOR_PASSWORD, admin_url, make_editor

from articles.models import Section, Status, WorkingCopy

pytestmark = pytest.mark.browser

WAIT = 10
DRAFTED = "A sentence the editor drafted in the browser"
SCHEDULED = "A sentence scheduled to go live later"


@override_settings(PAGE_CACHE_SECONDS=3600)
class DraftFlowTests(BrowserTestCase):
    needs = ("chromium", "selenium")

    def setUp(self):
        super().setUp()
        make_editor("drafting-editor", reviewer=False, email="editor@example.org")
        make_editor("drafting-reviewer", email="reviewer@example.org")
        self.section = Section.objects.filter(order__gt=0, status=Status.PUBLISHED).order_by("order").first()
        self.article_url = self.section.article.get_absolute_url()

    def by_css(self, css):
        return self.driver.find_element("css selector", css)

    def wait_for(self, condition, message):
        return wait_for(self.driver, lambda driver: condition(), message, WAIT)

    def message(self, level):
        return " ".join(element.text for element in self.driver.find_elements("css selector", f".messagelist .{level}"))

    def sign_in(self, username):
        self.driver.delete_all_cookies()
        admin_sign_in(self.driver, self.live_server_url, username, EDITOR_PASSWORD)

    def reader_sees(self):
        """The article page as an anonymous reader gets it, through the page cache."""
        self.client.logout()
        response = self.client.get(self.article_url)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def add_to_body(self, text):
        from selenium.webdriver.common.keys import Keys

        self.open(admin_url(Section, "change", self.section.pk))
        body = self.by_css("#id_body")
        body.click()
        body.send_keys(Keys.CONTROL, Keys.END)
        body.send_keys(f"\n\n{text}.")

    def test_draft_preview_review_publish_and_schedule(self):
        problems = []
        old_start = self.section.body.split("[[")[0].strip()[:40]
        self.assertIn(old_start, self.reader_sees())  # the page is in the anonymous cache now

        # 1. The editor saves a draft of the published section; readers keep the old text.
        self.sign_in("drafting-editor")
        self.add_to_body(DRAFTED)
        self.assertFalse(self.driver.find_elements("css selector", "input[name=_publish]"))
        self.by_css("input[name=_save_draft]").click()
        self.wait_for(lambda: "Draft saved" in self.message("success"), "saving the draft said nothing")
        self.assertIn("Live, with unpublished changes by drafting-editor", self.by_css(".draft-state").text)
        self.screenshot("drafts-change-form")
        set_viewport(self.driver, 390, 844)
        self.screenshot("drafts-change-form-phone", full_page=False)
        set_viewport(self.driver, 1280)
        reader_page = self.reader_sees()
        self.assertNotIn(DRAFTED, reader_page)
        self.assertIn(old_start, reader_page)

        # 2. The preview opens in a new tab: the article page with the draft section in place.
        form_window = self.driver.current_window_handle
        self.by_css("a.draft-preview-link").click()
        self.wait_for(lambda: len(self.driver.window_handles) > 1, "the preview did not open a tab")
        self.driver.switch_to.window(next(h for h in self.driver.window_handles if h != form_window))
        self.wait_for(lambda: self.driver.find_elements("css selector", ".preview-banner"), "no preview banner")
        self.assertIn(DRAFTED, self.by_css(f"#{self.section.slug}").text)
        self.assertTrue(self.driver.find_elements("css selector", "h1"))
        self.screenshot("drafts-preview")
        problems += console_errors(self.driver)
        self.driver.close()
        self.driver.switch_to.window(form_window)
        self.assertNotIn(DRAFTED, self.reader_sees())  # the preview never reaches the page cache

        # 3. The editor submits it for review.
        self.open(admin_url(Section, "change", self.section.pk))
        self.by_css("input[name=_submit_review]").click()
        self.wait_for(lambda: "Submitted for review" in self.message("success"), "submitting said nothing")
        self.assertNotIn(DRAFTED, self.reader_sees())

        # 4. A reviewer approves it from the review queue; readers now get the new text.
        self.sign_in("drafting-reviewer")
        self.open(admin_url(WorkingCopy, "changelist"))
        self.assertIn(DRAFTED, self.by_css(".review-item ins").text)
        self.screenshot("drafts-review-queue")
        set_viewport(self.driver, 390, 844)
        self.screenshot("drafts-review-queue-phone", full_page=False)
        set_viewport(self.driver, 1280)
        self.by_css(".review-item input[name=_approve]").click()
        self.wait_for(lambda: "Approved" in self.message("success"), "approving said nothing")
        self.assertIn(DRAFTED, self.reader_sees())
        problems += console_errors(self.driver)

        # 5. The reviewer schedules another draft; publish_scheduled publishes it once its time has passed.
        self.add_to_body(SCHEDULED)
        self.by_css("input[name=_save_draft]").click()
        self.wait_for(lambda: "Draft saved" in self.message("success"), "saving the draft said nothing")
        self.by_css("a.draft-schedule-link").click()
        self.wait_for(lambda: self.driver.find_elements("css selector", "#id_go_live_at"), "no schedule form")
        go_live = timezone.localtime() + timedelta(hours=1)
        self.driver.execute_script(
            "arguments[0].value = arguments[1]", self.by_css("#id_go_live_at"), go_live.strftime("%Y-%m-%dT%H:%M")
        )
        self.by_css("#content-main input[type=submit]").click()
        self.wait_for(lambda: "Schedule saved" in self.message("success"), "scheduling said nothing")
        self.open(admin_url(Section, "changelist"))
        self.assertIn("Scheduled", self.by_css(f'tr:has(input[value="{self.section.pk}"]) .publication-state').text)
        call_command("publish_scheduled", stdout=StringIO())
        self.assertNotIn(SCHEDULED, self.reader_sees())
        with mock.patch("django.utils.timezone.now", return_value=timezone.now() + timedelta(hours=2)):
            call_command("publish_scheduled", stdout=StringIO())
        self.assertIn(SCHEDULED, self.reader_sees())

        problems = [problem for problem in problems if "/favicon.ico" not in problem]
        self.assertEqual(problems, [], "console errors during the drafts flow")
