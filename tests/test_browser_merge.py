"""Two editors in two browsers edit one section; the second save is merged by paragraph, nothing lost.

Needs Debian's chromium and chromium-driver and selenium; without them the test skips.
"""

import pytest
from browser_support import BrowserTestCase, admin_sign_in, chrome_driver, page_left, quit_driver, wait_for
from editorial_support import EDITOR_PASSWORD, admin_url, make_editor

from articles.markup import paragraphs
from articles.models import Section

pytestmark = pytest.mark.browser

WAIT = 10


class TwoEditorMergeTests(BrowserTestCase):
    needs = ("chromium", "selenium")

    def setUp(self):
        super().setUp()
        make_editor("alice")
        make_editor("bob")
        self.section = max(Section.objects.all(), key=lambda section: len(paragraphs(section.body)))
        self.assertGreater(len(paragraphs(self.section.body)), 1)
        self.bob = chrome_driver()
        self.addCleanup(quit_driver, self.bob)

    def edit_paragraph(self, driver, index, addition):
        """Append words to one paragraph of the body textarea, as typing would leave it."""
        body = driver.find_element("css selector", "#id_body")
        parts = paragraphs(body.get_attribute("value"))
        parts[index] += addition
        driver.execute_script("arguments[0].value = arguments[1]", body, "\n\n".join(parts))

    def open_in_both(self):
        """Alice (the test's browser) and Bob (a second one) sign in and open the section's form."""
        change = admin_url(Section, "change", self.section.pk)
        admin_sign_in(self.driver, self.live_server_url, "alice", EDITOR_PASSWORD)
        admin_sign_in(self.bob, self.live_server_url, "bob", EDITOR_PASSWORD)
        self.open(change)
        self.bob.get(self.live_server_url + change)

    def save(self, driver):
        publish = driver.find_element("css selector", "input[name=_publish]")
        publish.click()
        # The form's page must be gone first: right after the click it is still "complete".
        wait_for(driver, page_left(publish), "the form was not submitted", WAIT)
        wait_for(driver, lambda d: d.execute_script("return document.readyState") == "complete", "no page", WAIT)

    def save_after_alice(self, bob_paragraph):
        """Both open the form; Alice adds to the first paragraph and saves, then Bob to `bob_paragraph`."""
        self.open_in_both()
        self.edit_paragraph(self.driver, 0, " Alice was here.")
        self.save(self.driver)
        self.edit_paragraph(self.bob, bob_paragraph, " Bob was here.")
        self.save(self.bob)

    def test_edits_of_different_paragraphs_are_merged_for_review(self):
        self.save_after_alice(bob_paragraph=-1)

        errors = self.bob.find_element("css selector", ".errornote, .errorlist").text
        page = self.bob.find_element("css selector", "#content").text
        self.assertIn("Their changes and yours touched different paragraphs", page, errors)
        body = self.bob.find_element("css selector", "#id_body").get_attribute("value")
        self.assertIn("Alice was here.", body)
        self.assertIn("Bob was here.", body)
        link = self.bob.find_element("link text", "See their change")
        self.assertEqual(link.get_attribute("target"), "_blank")

        self.save(self.bob)
        self.section.refresh_from_db()
        self.assertIn("Alice was here.", self.section.body)
        self.assertIn("Bob was here.", self.section.body)

    def test_back_after_saving_a_merged_form_opens_the_form_not_a_resubmission(self):
        self.save_after_alice(bob_paragraph=-1)
        self.assertTrue(self.bob.find_elements("css selector", ".errornote"), "the save was not refused")
        self.save(self.bob)
        self.assertTrue(self.bob.find_elements("css selector", ".messagelist .success"), "the merged save failed")
        saved_at = self.bob.current_url

        self.bob.back()
        wait_for(self.bob, lambda d: d.current_url != saved_at, "Back did not leave the page", WAIT)
        wait_for(self.bob, lambda d: d.execute_script("return document.readyState") == "complete", "no page", WAIT)
        page = self.bob.execute_script("return document.documentElement.innerText")
        self.assertNotIn("ERR_CACHE_MISS", page)
        self.assertNotIn("Confirm Form Resubmission", page)
        self.assertEqual(self.bob.current_url, self.live_server_url + admin_url(Section, "change", self.section.pk))
        form = self.bob.find_element("css selector", "#section_form")
        self.assertFalse(self.bob.find_elements("css selector", ".errornote"), "the refused page came back")
        # The form opens on the saved text, both changes in it.
        body = form.find_element("css selector", "#id_body").get_attribute("value")
        self.assertIn("Alice was here.", body)
        self.assertIn("Bob was here.", body)
        self.assertEqual(self.bob.find_elements("css selector", ".kept-text-note"), [], "saved text offered back")

    def test_reloading_a_refused_form_opens_the_form_and_offers_the_text_back(self):
        self.save_after_alice(bob_paragraph=0)
        self.assertTrue(self.bob.find_elements("css selector", "table.merge-clashes"), "the save did not clash")

        self.bob.refresh()
        page = self.bob.execute_script("return document.documentElement.innerText")
        self.assertNotIn("ERR_CACHE_MISS", page)
        self.assertFalse(self.bob.find_elements("css selector", ".errornote"), "the refused save was posted again")
        note = wait_for(self.bob, lambda d: d.find_elements("css selector", ".kept-text-note"), "no note", WAIT)[0]
        note.find_element("xpath", ".//button[normalize-space()='Put my text back']").click()
        body = self.bob.find_element("css selector", "#id_body").get_attribute("value")
        self.assertIn("Bob was here.", body)
        self.assertNotIn("Alice was here.", body)

    def test_edits_of_the_same_paragraph_show_the_three_versions_and_keep_yours(self):
        from browser_support import set_viewport

        self.save_after_alice(bob_paragraph=0)

        table = self.bob.find_element("css selector", "table.merge-clashes")
        self.assertIn("Alice was here.", table.text)
        self.assertIn("Bob was here.", table.text)
        body = self.bob.find_element("css selector", "#id_body").get_attribute("value")
        self.assertIn("Bob was here.", body)
        self.assertNotIn("Alice was here.", body)
        for width in (1280, 390):
            set_viewport(self.bob, width, 844)
            self.bob.execute_script("arguments[0].scrollIntoView()", table)
            self.bob.save_screenshot(f"/tmp/edit-merge-clash-{width}.png")


class HistoryOnAPhoneTests(BrowserTestCase):
    needs = ("chromium", "selenium")

    def test_the_list_of_versions_fits_a_phone(self):
        from browser_support import set_viewport

        make_editor("alice")
        section = Section.objects.order_by("pk").first()
        admin_sign_in(self.driver, self.live_server_url, "alice", EDITOR_PASSWORD)
        set_viewport(self.driver, 390, 844)
        self.open(admin_url(Section, "history", section.pk))
        table = self.driver.find_element("css selector", "table.history-list")
        self.assertLessEqual(table.size["width"], 390)
        label = "return getComputedStyle(arguments[0], '::before').content"
        cell = table.find_element("css selector", "tbody td[data-label='Changed by']")
        self.assertEqual(self.driver.execute_script(label, cell), '"Changed by: "')
        self.driver.save_screenshot("/tmp/edit-history-390.png")
