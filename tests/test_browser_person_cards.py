"""A person's preview card in a real Chromium: on a phone (390 x 844, touch) a tap opens it with the
portrait, role, country and first events, linked; on a desktop, keyboard focus shows it as a tooltip."""

import pytest
from browser_support import console_errors, format_axe, run_axe, set_viewport
from test_browser_phone import PHONE, PhoneTestCase
from test_images import TemporaryMediaRoot, photo, upload

from articles.models import Image, Person
from articles.services import images

pytestmark = pytest.mark.browser

ARTICLE = "/articles/russia-south-korea-relations/"
PERSON = "mikhail-gorbachev"  # four events in the seed: the card lists three and counts the fourth
LINK = f'a.glossary-link[data-term="person:{PERSON}"]'


class PersonCardTestCase(TemporaryMediaRoot, PhoneTestCase):
    def setUp(self):
        super().setUp()
        self.person = Person.objects.get(slug=PERSON)
        portrait = images.image_save(
            image=Image(alt_text="Mikhail Gorbachev in 1987"), upload=upload(photo((900, 1200)), "gorbachev.jpg")
        )
        Person.objects.filter(pk=self.person.pk).update(portrait=portrait)
        self.events = list(self.person.events.published().order_by("date", "title"))

    def card_shown(self):
        return self.driver.execute_script(
            "const c = document.getElementById('glossary-preview'); return !!c && !c.hidden && c.getClientRects().length > 0;"
        )

    def card_text(self):
        return self.css("#glossary-preview").text


class PhonePersonCardTests(PersonCardTestCase):
    def test_a_tap_opens_the_persons_card_with_portrait_role_country_and_linked_events(self):
        self.open(ARTICLE)
        console_errors(self.driver)
        self.tap(self.css(LINK))
        self.wait(lambda d: self.card_shown(), "a tap on a person's name opened no card")
        card = self.css("#glossary-preview")
        self.assertEqual(card.get_attribute("role"), "dialog")
        self.assertEqual(card.get_attribute("aria-label"), "Mikhail Gorbachev")
        text = self.card_text()
        self.assertIn("Mikhail Gorbachev", text)
        self.assertIn("President, Soviet Union", text)

        portrait = card.find_element("css selector", ".glossary-preview-portrait img")
        self.assertEqual(portrait.get_attribute("alt"), "Mikhail Gorbachev in 1987")
        self.wait(
            lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth", portrait),
            "the portrait did not load",
        )
        current = self.driver.execute_script("return arguments[0].currentSrc", portrait)
        self.assertTrue(current.endswith("-320w.webp"), current)  # the smallest rendition, in WebP
        self.assertLessEqual(portrait.rect["width"], 80)

        items = card.find_elements("css selector", ".glossary-preview-events li")
        self.assertEqual(len(items), 3)
        links = card.find_elements("css selector", ".glossary-preview-events a")
        self.assertEqual(
            [link.get_attribute("pathname") for link in links], [event.get_absolute_url() for event in self.events[:3]]
        )
        self.assertIn(self.events[0].title, items[0].text)
        self.assertIn(str(self.events[0].date.year), items[0].text)
        self.assertIn("and 1 more event", text)
        self.assertIn("See the page of Mikhail Gorbachev", text)

        box = self.driver.execute_script(
            "return document.getElementById('glossary-preview').getBoundingClientRect().toJSON();"
        )
        self.assertGreaterEqual(box["left"], 0)
        self.assertLessEqual(box["right"], PHONE[0], "the card is wider than the phone's screen")
        self.assertGreaterEqual(box["top"], 0, "the card starts above the window")
        self.assertLessEqual(box["bottom"], PHONE[1], "the card runs past the bottom of the window")
        self.screenshot("phone-person-card-390", full_page=False)
        self.assertEqual(format_axe("person card", run_axe(self.driver)) + console_errors(self.driver), [])

        self.tap(links[0])
        self.wait(
            lambda d: d.execute_script("return location.pathname") == self.events[0].get_absolute_url(),
            "tapping an event in the card did not open it",
        )

    def test_a_tap_elsewhere_closes_the_card(self):
        self.open(ARTICLE)
        self.tap(self.css(LINK))
        self.wait(lambda d: self.card_shown(), "a tap on a person's name opened no card")
        self.tap(self.css("h1"))
        self.wait(lambda d: not self.card_shown(), "a tap outside the card did not close it")


class DesktopPersonCardTests(PersonCardTestCase):
    def setUp(self):
        super().setUp()
        self.driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": False})
        self.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        set_viewport(self.driver, 1280, 900)

    def test_keyboard_focus_shows_the_card_as_a_tooltip_and_escape_hides_it(self):
        self.open(ARTICLE)
        link = self.css(LINK)
        self.driver.execute_script("arguments[0].focus()", link)
        self.wait(lambda d: self.card_shown(), "focus on a person's name showed no card")
        card = self.css("#glossary-preview")
        self.assertEqual(card.get_attribute("role"), "tooltip")
        self.assertEqual(link.get_attribute("aria-describedby"), "glossary-preview")
        self.assertIn("President, Soviet Union", self.card_text())
        self.assertEqual(len(card.find_elements("css selector", ".glossary-preview-events li")), 3)
        self.assertEqual(card.find_elements("css selector", "a"), [], "a tooltip holds text only")
        self.screenshot("desktop-person-card", full_page=False)
        self.assertEqual(format_axe("person card", run_axe(self.driver)), [])
        link.send_keys("\ue00c")  # Escape
        self.wait(lambda d: not self.card_shown(), "Escape did not hide the card")
        self.assertIsNone(link.get_attribute("aria-describedby"))
