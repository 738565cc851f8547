"""A reader on a phone (390 x 844 CSS pixels, a touch screen): the timeline's folded filters, taps on
glossary links, and section headings as a screen reader names them. Headless Chromium with touch
emulation; taps are real touch events (CDP Input.dispatchTouchEvent), so pointerType is "touch"."""

import re
from urllib.parse import urlsplit

import pytest
from browser_support import BrowserTestCase, set_viewport, wait_for

from articles.models import Section, Topic

pytestmark = pytest.mark.browser

PHONE = (390, 844)
WAIT = 5


class PhoneTestCase(BrowserTestCase):
    def setUp(self):
        super().setUp()
        # A phone's viewport (mobile: the meta viewport applies), whatever the window's size.
        width, height = PHONE
        self.driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": True},
        )
        self.driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 5})

    def tearDown(self):
        self.driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": False})
        self.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        super().tearDown()

    def tap(self, element):
        """Touch the middle of ``element`` (scrolled into view first) and lift the finger."""
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        x, y = self.driver.execute_script(
            "const r = arguments[0].getClientRects()[0]; return [r.left + r.width / 2, r.top + r.height / 2];",
            element,
        )
        self.touch(x, y)

    def touch(self, x, y):
        point = {"x": x, "y": y}
        self.driver.execute_cdp_cmd("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [point]})
        self.driver.execute_cdp_cmd("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})

    def wait(self, condition, message):
        return wait_for(self.driver, condition, message, WAIT)

    def css(self, selector):
        return self.driver.find_element("css selector", selector)

    def visible(self, selector):
        """Whether the element is rendered and seen (Selenium's is_displayed() takes any content of a
        closed <details> for hidden, whatever the stylesheet shows)."""
        return self.driver.execute_script(
            "const e = document.querySelector(arguments[0]);"
            "return !!e && e.checkVisibility({contentVisibilityAuto: true, visibilityProperty: true})"
            " && e.getBoundingClientRect().height > 0;",
            selector,
        )


class PhoneTimelineTests(PhoneTestCase):
    def top_of(self, selector):
        return self.driver.execute_script(
            "return document.querySelector(arguments[0]).getBoundingClientRect().top", selector
        )

    def test_the_filters_fold_away_and_the_results_start_on_the_first_screen(self):
        self.open("/events/")
        self.assertFalse(self.visible("#event-filters"), "the filters are unfolded on a phone")
        summary = self.css("#filters-disclosure > summary")
        self.assertTrue(summary.is_displayed())
        self.assertEqual(summary.text, "Filters")
        self.assertLess(self.top_of("li.timeline-event"), PHONE[1], "the first event is below the first screen")
        self.screenshot("phone-timeline-390", full_page=False)

    def test_the_summary_counts_the_active_filters(self):
        self.open("/events/?topic=diplomacy&year_from=1980")
        self.assertEqual(self.css("#filters-disclosure > summary").text, "Filters (2 active)")

    def test_applying_filters_lands_on_the_results(self):
        topic = Topic.objects.filter(events__isnull=False).order_by("slug").first()
        self.open("/events/")
        self.tap(self.css("#filters-disclosure > summary"))
        self.wait(lambda d: self.visible("#event-filters"), "tapping the summary did not unfold the filters")
        self.tap(self.css(f"#event-filters input[name=topic][value='{topic.slug}']"))
        self.tap(self.css("#event-filters [type=submit]"))
        self.wait(lambda d: "topic=" in d.current_url, "the filters were not applied")
        self.assertEqual(urlsplit(self.driver.current_url).fragment, "results")
        self.wait(lambda d: abs(self.top_of("#results")) <= 2, "the page did not land on the results")
        self.assertLess(self.top_of("li.timeline-event"), PHONE[1])
        self.screenshot("phone-timeline-filtered-390", full_page=False)

    def test_on_a_wide_screen_the_filters_show_without_a_summary(self):
        self.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        set_viewport(self.driver, 1280, 900)
        self.open("/events/")
        self.assertTrue(self.visible("#event-filters"), "the filters are folded on a wide screen")
        self.assertTrue(self.visible("#event-filters [type=submit]"))
        self.assertFalse(self.visible("#filters-disclosure > summary"))


class PhoneGlossaryTests(PhoneTestCase):
    ARTICLE = "/articles/russia-south-korea-relations/"

    def card_shown(self):
        return self.driver.execute_script(
            "const c = document.getElementById('glossary-preview'); return !!c && !c.hidden && c.getClientRects().length > 0;"
        )

    def glossary_links(self):
        return self.driver.find_elements("css selector", "a.glossary-link[data-term]")

    def test_a_tap_opens_the_card_with_a_link_to_the_entry_and_back_closes_it(self):
        self.open(self.ARTICLE)
        link = self.glossary_links()[0]
        self.tap(link)
        self.wait(lambda d: self.card_shown(), "a tap on a glossary link opened no card")
        self.assertEqual(urlsplit(self.driver.current_url).path, self.ARTICLE, "the tap followed the link")
        card = self.css("#glossary-preview")
        self.assertEqual(card.get_attribute("role"), "dialog")
        more = card.find_element("css selector", "a")
        self.assertEqual(urlsplit(more.get_attribute("href")).path, urlsplit(link.get_attribute("href")).path)
        self.screenshot("phone-glossary-card-390", full_page=False)

        self.driver.back()
        self.wait(lambda d: not self.card_shown(), "Back did not close the card")
        self.assertEqual(urlsplit(self.driver.current_url).path, self.ARTICLE, "Back left the article")

        # Open again; the card's link leads to the entry; coming back, no card is open.
        self.tap(self.glossary_links()[0])
        self.wait(lambda d: self.card_shown(), "the card did not open again")
        self.tap(self.css("#glossary-preview a"))
        self.wait(lambda d: "/glossary/" in d.current_url, "the card's link did not lead to the entry")
        self.driver.back()
        self.wait(lambda d: urlsplit(d.current_url).path == self.ARTICLE, "Back did not return to the article")
        self.assertFalse(self.card_shown(), "the card is still open after coming back")

    def test_a_page_restored_from_the_back_forward_cache_shows_no_card(self):
        self.open(self.ARTICLE)
        self.tap(self.glossary_links()[0])
        self.wait(lambda d: self.card_shown(), "a tap on a glossary link opened no card")
        self.driver.execute_script("window.dispatchEvent(new PageTransitionEvent('pageshow', {persisted: true}))")
        self.assertFalse(self.card_shown(), "the card stayed open after a restore from the back/forward cache")

    def test_a_second_tap_on_the_link_follows_it(self):
        self.open(self.ARTICLE)
        link = self.glossary_links()[0]
        href = urlsplit(link.get_attribute("href")).path
        self.tap(link)
        self.wait(lambda d: self.card_shown(), "a tap on a glossary link opened no card")
        self.tap(link)
        self.wait(lambda d: urlsplit(d.current_url).path == href, "a second tap did not follow the link")

    def test_near_the_bottom_of_the_window_the_card_opens_above_the_link(self):
        self.open(self.ARTICLE)
        # A link far enough down the page for the window to scroll it to its bottom edge.
        link = next(
            each
            for each in self.glossary_links()
            if self.driver.execute_script("return arguments[0].getBoundingClientRect().top + window.scrollY", each)
            > 2 * PHONE[1]
        )
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'end'})", link)
        x, y = self.driver.execute_script(
            "const r = arguments[0].getClientRects()[0]; return [r.left + r.width / 2, r.top + r.height / 2];", link
        )
        self.assertGreater(y, PHONE[1] - 60, "the link is not near the bottom of the window")
        self.touch(x, y)
        self.wait(lambda d: self.card_shown(), "a tap on a glossary link opened no card")
        card, anchor = self.driver.execute_script(
            "return [document.getElementById('glossary-preview').getBoundingClientRect().toJSON(),"
            " arguments[0].getClientRects()[0].toJSON()];",
            link,
        )
        self.assertLessEqual(card["bottom"], anchor["top"] + 1, f"the card {card} is not above its link {anchor}")
        self.assertGreaterEqual(card["top"], 0, "the card starts above the window")


class HeadingNameTests(PhoneTestCase):
    def test_a_section_heading_is_named_by_its_title_alone(self):
        self.open("/articles/russia-south-korea-relations/")
        titles = list(Section.objects.filter(order__gt=0).order_by("order").values_list("title", flat=True))
        headings = self.driver.find_elements("css selector", "section.article-section > h2")
        self.assertEqual(len(headings), len(titles))
        names = [heading.accessible_name for heading in headings]
        self.assertEqual(names, titles)
        self.assertFalse([name for name in names if re.search(r"#\s*$", name)])
