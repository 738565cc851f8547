"""Typed text survives a sign-out: a save posted after the session ended comes back after sign-in.

Needs Debian's chromium and chromium-driver and selenium; without them the test skips.
"""

import pytest
from browser_support import BrowserTestCase, admin_sign_in, wait_for
from editorial_support import EDITOR_PASSWORD, admin_url, make_editor

from articles.models import Section

pytestmark = pytest.mark.browser

WAIT = 10
TYPED = "Words typed before the session ended."


class TypedTextTests(BrowserTestCase):
    needs = ("chromium", "selenium")

    def setUp(self):
        super().setUp()
        make_editor("alice")
        self.section = Section.objects.order_by("pk").first()
        admin_sign_in(self.driver, self.live_server_url, "alice", EDITOR_PASSWORD)
        self.open(admin_url(Section, "change", self.section.pk))

    def type_text(self):
        from selenium.webdriver.common.keys import Keys

        body = self.driver.find_element("css selector", "#id_body")
        body.click()
        body.send_keys(Keys.CONTROL, Keys.END)
        body.send_keys(f"\n\n{TYPED}")

    def test_a_save_after_the_session_ended_brings_the_text_back_after_sign_in(self):
        self.type_text()
        self.driver.delete_cookie("sessionid")
        self.driver.find_element("css selector", "input[name=_publish]").click()
        wait_for(self.driver, lambda d: "/admin/login/" in d.current_url, "the save did not ask to sign in", WAIT)
        self.driver.find_element("css selector", "#id_username").send_keys("alice")
        self.driver.find_element("css selector", "#id_password").send_keys(EDITOR_PASSWORD)
        self.driver.find_element("css selector", "#login-form [type=submit]").click()
        wait_for(self.driver, lambda d: "/change/" in d.current_url, "sign-in did not lead back to the form", WAIT)
        self.section.refresh_from_db()
        self.assertNotIn(TYPED, self.section.body)

        note = wait_for(self.driver, lambda d: d.find_elements("css selector", ".kept-text-note"), "no note", WAIT)[0]
        self.assertIn("was not saved", note.text)
        note.find_element("xpath", ".//button[normalize-space()='Put my text back']").click()
        body = self.driver.find_element("css selector", "#id_body").get_attribute("value")
        self.assertIn(TYPED, body)
        self.driver.find_element("css selector", "input[name=_publish]").click()
        wait_for(self.driver, lambda d: d.find_elements("css selector", ".messagelist .success"), "not saved", WAIT)
        self.section.refresh_from_db()
        self.assertIn(TYPED, self.section.body)
        # Saved: the form shows the text, and the kept copy is gone.
        self.driver.refresh()
        self.assertEqual(self.driver.find_elements("css selector", ".kept-text-note"), [])

    def test_leaving_a_changed_form_asks_first(self):
        # The browser asks when a beforeunload handler cancels the event (headless Chromium's driver
        # answers such prompts itself, so the event is sent here as the browser would send it).
        leaving = (
            "const event = new Event('beforeunload', {cancelable: true});"
            "window.dispatchEvent(event); return event.defaultPrevented;"
        )
        self.assertFalse(self.driver.execute_script(leaving))
        self.type_text()
        self.assertTrue(self.driver.execute_script(leaving))
