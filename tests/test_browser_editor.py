"""The editor's whole flow in a real headless Chromium, on the seed article, under the site's own policy.

Sign in; edit a section's text and watch the live preview; save it as a draft and preview it in
the article page; publish it; see the change on the public page; compare versions in the history,
restore the imported one and publish it; see the old text back on the public page.

Needs Debian's chromium and chromium-driver and selenium (`bash .ci/browser-setup.sh`); without
them the test skips, saying what is missing (with CI=true it fails instead).
"""

import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from test_images import TemporaryMediaRoot, photo

from articles.models import GlossaryEntry, Person, Section, Status
from tests.browser_support import (
    BrowserTestCase,
    admin_sign_in,
    console_errors,
    page_left,
    upload_portrait,
    wait_for,
)
from tests.editorial_support import EDITOR_PASSWORD, admin_url, make_editor

pytestmark = pytest.mark.browser

WAIT = 10  # seconds: the longest a page or the preview may take to answer
NEW_TEXT = "An editor added this sentence in the browser"
BROKEN_TERM = "No such term anywhere"


class EditorFlowTests(TemporaryMediaRoot, BrowserTestCase):
    needs = ("chromium", "selenium")

    def setUp(self):
        super().setUp()
        make_editor("flow-editor")
        self.section = Section.objects.filter(order__gt=0, status=Status.PUBLISHED).order_by("order").first()
        self.term = GlossaryEntry.objects.published().order_by("slug").first()
        self.article_url = self.section.article.get_absolute_url()

    # -- helpers ---------------------------------------------------------------------------------

    def by_css(self, css, within=None):
        return (within or self.driver).find_element("css selector", css)

    def wait_for(self, condition, message):
        return wait_for(self.driver, lambda driver: condition(), message, WAIT)

    def wait_for_page(self, url_part):
        self.wait_for(lambda: url_part in self.driver.current_url, f"the browser never reached {url_part}")
        self.wait_for(lambda: self.driver.execute_script("return document.readyState") == "complete", "no page")

    def message(self, level):
        return " ".join(element.text for element in self.driver.find_elements("css selector", f".messagelist .{level}"))

    def sign_in(self):
        # Waits until the browser has left the login page: the login page has a #site-name too,
        # and a page opened before the sign-in's redirect arrives finds no session.
        admin_sign_in(self.driver, self.live_server_url, "flow-editor", EDITOR_PASSWORD)

    def publish_from_change_form(self):
        self.open(admin_url(Section, "change", self.section.pk))
        self.by_css("input[name=_publish]").click()
        self.wait_for(lambda: "is live" in self.message("success"), "publishing said nothing")

    def public_section_text(self):
        """The section's text on the public page, as the signed-in editor sees it."""
        self.open(self.article_url)
        return self.by_css(f"#{self.section.slug}").text

    def reader_sees(self):
        """The article page as an anonymous reader gets it (no session)."""
        self.client.logout()
        response = self.client.get(self.article_url)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    # -- the flow --------------------------------------------------------------------------------

    def test_edit_preview_publish_and_restore(self):
        from selenium.webdriver.common.keys import Keys

        original = self.section.body
        original_start = original.split("[[")[0].strip()[:40]
        problems = []
        self.sign_in()

        # 1. Edit the section's text; the live preview renders it, links and broken links included.
        self.open(admin_url(Section, "change", self.section.pk))
        body = self.by_css("#id_body")
        body.click()
        body.send_keys(Keys.CONTROL, Keys.END)
        body.send_keys(f"\n\n{NEW_TEXT}, about [[{self.term.term}]] and [[{BROKEN_TERM}]].")
        preview = self.by_css("#section-preview")
        self.wait_for(lambda: NEW_TEXT in preview.text, "the live preview never showed the new text")
        self.wait_for(lambda: BROKEN_TERM in self.by_css(".link-notes-broken", preview).text, "no broken link note")
        self.by_css(f'a.glossary-link[data-term="{self.term.slug}"]', preview)
        self.assertIn("Links to terms that do not exist", preview.text)
        self.screenshot("editor-live-preview", full_page=False)

        # 2. Save it as a draft: a warning about the broken link, but saved.
        self.by_css("input[name=_save_draft]").click()
        self.wait_for(lambda: self.message("warning"), "no warning about the broken link")
        self.assertIn(BROKEN_TERM, self.message("warning"))
        problems += console_errors(self.driver)

        # 3. Readers do not see the draft; the editor previews it in the article page.
        self.assertNotIn(NEW_TEXT, self.reader_sees())
        self.open(urlsplit(self.by_css("a.draft-preview-link").get_attribute("href")).path)
        section = self.by_css(f"#{self.section.slug}")
        self.assertIn(NEW_TEXT, section.text)
        self.assertIn("Preview — not public", self.by_css(".preview-banner").text)
        self.screenshot("editor-draft-preview")

        # 3b. Upload a portrait for a person, through the person's form; readers see it on the person's page.
        person = Person.objects.published().order_by("slug").first()
        alt_text = f"Portrait of {person.name}"
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "portrait.jpg"
            path.write_bytes(photo((1200, 900)))
            upload_portrait(self.driver, self.live_server_url, person, path, alt_text)
        self.open(person.get_absolute_url())
        portrait = self.by_css("figure.picture-portrait img")
        self.assertEqual(portrait.get_dom_attribute("alt"), alt_text)
        loaded = "return arguments[0].complete && arguments[0].naturalWidth > 0"
        self.wait_for(lambda: self.driver.execute_script(loaded, portrait), "the portrait never loaded")
        self.assertIn(f'alt="{alt_text}"', self.client.get(person.get_absolute_url()).content.decode())
        problems += console_errors(self.driver)

        # 4. Publish it from its change form, which opens on the draft.
        self.publish_from_change_form()

        # 5. The change is on the public page, for the editor and for readers.
        text = self.public_section_text()
        self.assertIn(NEW_TEXT, text)
        self.assertFalse(self.driver.find_elements("css selector", f"#{self.section.slug} .draft-banner"))
        self.assertIn(NEW_TEXT, self.reader_sees())
        problems += console_errors(self.driver)

        # 6. The history: compare the imported version with the newest, then restore the imported one.
        self.open(admin_url(Section, "history", self.section.pk))
        imported_row = self.by_css("#change-history tbody tr:has(td[data-reason=import])")
        self.by_css("input[name=from]", imported_row).click()
        self.by_css(".history-compare-form [type=submit]").click()
        self.wait_for_page("/history/compare/")
        added = self.by_css("tr.diff-body td.diff-new ins")
        self.assertIn(NEW_TEXT, added.text)
        self.screenshot("editor-compare")

        self.driver.back()
        # The comparison's address holds "/history/" too: wait for its page to go first.
        wait_for(self.driver, page_left(added), "the browser never went back to the history", WAIT)
        self.wait_for_page("/history/")
        imported_row = self.by_css("#change-history tbody tr:has(td[data-reason=import])")
        self.by_css("a.history-version-link", imported_row).click()
        self.wait_for(lambda: self.driver.find_elements("css selector", "input[value=Revert]"), "no Revert button")
        self.assertEqual(self.by_css("#id_body").get_attribute("value").replace("\r\n", "\n"), original)
        self.by_css("input[value=Revert]").click()
        self.wait_for(lambda: self.message("success"), "restoring said nothing")
        self.assertIn(NEW_TEXT, self.reader_sees())  # the restored version is a draft until published
        self.publish_from_change_form()

        # 7. The old text is back on the public page.
        text = self.public_section_text()
        self.assertNotIn(NEW_TEXT, text)
        self.assertIn(original_start, text)
        self.assertNotIn(NEW_TEXT, self.reader_sees())
        problems += console_errors(self.driver)

        self.section.refresh_from_db()
        self.assertEqual((self.section.body, self.section.status), (original, Status.PUBLISHED))
        problems = [problem for problem in problems if "/favicon.ico" not in problem]
        self.assertEqual(problems, [], "console errors during the editor's flow")
