"""What a reader does, in a real headless Chromium, on the public site with the seed article imported.

Also: axe-core on every page type (no violations), the Nu Html Checker on every page type (no errors),
no console errors under a strict Content-Security-Policy, nothing wider than a 360 px phone.

Needs Debian's chromium and chromium-driver, selenium (requirements-browser.txt), node_modules (npm ci)
and Java: `bash .ci/browser-setup.sh` installs them all. Without them these tests skip, saying what is
missing; with CI=true they fail instead. Screenshots land in $BROWSER_SCREENSHOT_DIR
(default /tmp/relations-screenshots).
"""

import re
from contextlib import contextmanager
from pathlib import Path
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.test import TestCase, override_settings
from django.urls import resolve

from articles.models import Event, GlossaryEntry, Period, Topic
from tests.browser_support import (
    BrowserTestCase,
    StrictCSPMiddleware,
    console_errors,
    expected_status,
    format_axe,
    import_seed,
    page_types,
    require,
    run_axe,
    run_vnu,
    set_viewport,
    wait_for,
)

pytestmark = pytest.mark.browser

WAIT = 5  # seconds: the longest a page's script may take to react


def keys():
    from selenium.webdriver.common.keys import Keys

    return Keys


def wait(driver, condition, message, timeout=WAIT):
    return wait_for(driver, condition, message, timeout)


def plain(markup):
    """Text of a definition as a reader sees it: [[Term|text]] and [[Term]] links become their text."""
    text = re.sub(r"\[\[(?:[^\]|]*\|)?([^\]]*)\]\]", r"\1", markup)
    return " ".join(text.split())


def query(url):
    return parse_qs(urlsplit(url).query)


class GlossaryPreviewTests(BrowserTestCase):
    """A reader reads the article and peeks at glossary terms without leaving it."""

    def article_url(self):
        return "/articles/russia-south-korea-relations/"

    def active(self):
        return self.driver.switch_to.active_element

    def tab_to(self, css, limit=400):
        """Press Tab until the focused element matches `css`, as a keyboard user would; return it."""
        from selenium.webdriver.common.action_chains import ActionChains

        for _ in range(limit):
            ActionChains(self.driver).send_keys(keys().TAB).perform()
            if self.driver.execute_script("return document.activeElement.matches(arguments[0])", css):
                return self.active()
        self.fail(f"{limit} presses of Tab never reached an element matching {css!r}")

    def preview(self):
        return self.driver.find_element("css selector", "#glossary-preview")

    def preview_shown(self):
        return self.driver.execute_script(
            """const p = document.getElementById('glossary-preview');
               return !!p && !p.hidden && p.getClientRects().length > 0
                   && getComputedStyle(p).visibility !== 'hidden' && getComputedStyle(p).display !== 'none';"""
        )

    def entry_with_definition(self, slug):
        entry = GlossaryEntry.objects.get(slug=slug)
        self.assertTrue(entry.definition.strip(), f"glossary entry {slug!r} has no definition to preview")
        return entry

    def assert_preview_shows(self, link):
        slug = link.get_attribute("data-term")
        self.assertEqual(urlsplit(link.get_attribute("href")).path, f"/glossary/{slug}/")
        entry = self.entry_with_definition(slug)
        wait(self.driver, lambda d: self.preview_shown(), f"the preview card of {slug!r} did not appear")
        preview = self.preview()
        wait(
            self.driver,
            lambda d: plain(entry.definition)[:40].lower() in " ".join(preview.text.split()).lower(),
            f"the preview card does not show the definition of {slug!r}",
        )
        text = " ".join(preview.text.split())
        self.assertIn(entry.term.lower(), text.lower())
        self.assertEqual(preview.get_attribute("role"), "tooltip")
        self.assertEqual(link.get_attribute("aria-describedby"), "glossary-preview")
        # The card sits by its link: just below (or above, when there is no room below), overlapping it across.
        card, anchor = preview.rect, link.rect
        near = (
            abs(card["y"] - (anchor["y"] + anchor["height"])) <= 24
            or abs(card["y"] + card["height"] - anchor["y"]) <= 24
        )
        overlaps = card["x"] < anchor["x"] + anchor["width"] and anchor["x"] < card["x"] + card["width"]
        self.assertTrue(near and overlaps, f"the preview card {card} is not next to its link {anchor}")
        return preview

    def test_keyboard_focus_shows_the_definition_and_escape_hides_it(self):
        self.open(self.article_url())
        self.assertTrue(self.driver.find_elements("css selector", "a.glossary-link"), "the article links no term")
        self.assertFalse(self.preview_shown(), "the preview card shows before any link is focused")

        # The first Tab stop is a visible skip link to the main content.
        skip = self.tab_to("a[href^='#']", limit=1)
        target = skip.get_attribute("href").split("#", 1)[1]
        self.assertTrue(self.driver.find_elements("id", target), f"the skip link points at a missing #{target}")
        self.assertTrue(skip.is_displayed() and skip.rect["y"] >= 0, "the focused skip link is not visible")

        link = self.tab_to("a.glossary-link")
        self.assertFocusVisible(link)
        preview = self.assert_preview_shows(link)
        box = preview.rect
        self.assertLessEqual(box["x"] + box["width"], self.driver.execute_script("return window.innerWidth") + 1)
        self.screenshot("article-preview-1280", full_page=False)

        self.active().send_keys(keys().ESCAPE)
        wait(self.driver, lambda d: not self.preview_shown(), "Escape did not hide the preview card")
        self.assertIsNone(link.get_attribute("aria-describedby"), "aria-describedby stays after Escape")
        self.assertEqual(self.active(), link, "Escape moved the focus away from the link")

        # Tabbing on to the next term shows that term's card.
        following = self.tab_to("a.glossary-link")
        self.assert_preview_shows(following)

    def test_keyboard_preview_fits_a_phone(self):
        set_viewport(self.driver, 360)
        self.open(self.article_url())
        link = self.tab_to("a.glossary-link")
        preview = self.assert_preview_shows(link)
        box = preview.rect
        self.assertGreaterEqual(box["x"], 0, "the preview card starts left of the screen")
        self.assertLessEqual(box["x"] + box["width"], 360 + 1, "the preview card overflows a 360 px screen")
        self.screenshot("article-preview-360", full_page=False)

    def test_hover_shows_the_definition(self):
        from selenium.webdriver.common.action_chains import ActionChains

        self.open(self.article_url())
        link = self.driver.find_elements("css selector", "a.glossary-link")[0]
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
        ActionChains(self.driver).move_to_element(link).perform()
        preview = self.assert_preview_shows(link)
        # The pointer may move onto the card without it vanishing (WCAG 1.4.13, hoverable).
        ActionChains(self.driver).move_to_element(preview).perform()
        self.assertTrue(self.preview_shown(), "the preview card vanished when the pointer moved onto it")
        heading = self.driver.find_element("css selector", "h1")
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", heading)
        ActionChains(self.driver).move_to_element(heading).perform()
        wait(self.driver, lambda d: not self.preview_shown(), "the preview card stays after the pointer left")

    def assertFocusVisible(self, element):
        style = self.driver.execute_script(
            """const s = getComputedStyle(arguments[0]);
               return [s.outlineStyle, s.outlineWidth, s.boxShadow];""",
            element,
        )
        outline_style, outline_width, box_shadow = style
        visible = (outline_style != "none" and outline_width not in ("0px", "")) or box_shadow not in ("none", "")
        self.assertTrue(visible, f"no visible focus indicator on {element.get_attribute('outerHTML')[:120]}: {style}")


class TimelineTests(BrowserTestCase):
    """A reader narrows the timeline by topic and period, pages through it and clears a filter."""

    PER_PAGE = 2

    def setUp(self):
        super().setUp()
        self.events = Event.objects.published()
        self.topic, self.period = self.pick_topic_and_period()

    @contextmanager
    def per_page(self, count):
        view = resolve("/events/").func.view_class
        with mock.patch.object(view, "paginate_by", count):
            yield

    def pick_topic_and_period(self):
        """A topic and a period whose events overlap in more than one page, but not entirely."""
        for period in Period.objects.order_by("slug"):
            for topic in Topic.objects.order_by("slug"):
                both = self.events.filter(period=period, topics=topic).count()
                if (
                    both > self.PER_PAGE
                    and both < self.events.filter(period=period).count()
                    and both < self.events.filter(topics=topic).distinct().count()
                ):
                    return topic, period
        self.fail("the seed has no topic and period that overlap over several pages")

    def facets(self):
        """{(name, value): (count, checked)} of every period and topic option of the filter form."""
        rows = self.driver.execute_script(
            """return Array.from(document.querySelectorAll(
                   '#event-filters input[type=checkbox][name=period], #event-filters input[type=checkbox][name=topic]'
               )).map(input => {
                   const label = input.closest('label') || document.querySelector(`label[for="${input.id}"]`);
                   const count = label && label.querySelector('.facet-count');
                   return [input.name, input.value, count ? count.textContent : null, input.checked];
               });"""
        )
        facets = {}
        for name, value, count, checked in rows:
            self.assertIsNotNone(count, f"the {name} option {value!r} shows no .facet-count in its label")
            digits = re.sub(r"\D", "", count)
            self.assertTrue(digits, f"the {name} option {value!r} has a facet count without a number: {count!r}")
            facets[(name, value)] = (int(digits), checked)
        return facets

    def expected_facets(self, topics=(), periods=()):
        """Disjunctive facet counts: an option's count applies every active filter but its own group's."""
        with_topics = self.events.filter(topics__slug__in=topics).distinct() if topics else self.events
        with_periods = self.events.filter(period__slug__in=periods) if periods else self.events
        expected = {}
        for period in Period.objects.all():
            expected[("period", period.slug)] = (with_topics.filter(period=period).count(), period.slug in periods)
        for topic in Topic.objects.all():
            expected[("topic", topic.slug)] = (
                with_periods.filter(topics=topic).distinct().count(),
                topic.slug in topics,
            )
        return expected

    def shown_events(self):
        return [
            element.get_attribute("data-slug")
            for element in self.driver.find_elements("css selector", "ol.timeline li.timeline-event")
        ]

    def walk_pages(self, keep):
        """Follow rel=next to the last page, checking each keeps the `keep` filters; return every slug."""
        slugs = self.shown_events()
        pages = 1
        while True:
            following = self.driver.find_elements("css selector", "nav.pagination a[rel~=next]")
            if not following:
                return slugs, pages
            following[0].click()
            pages += 1
            wait(self.driver, lambda d, pages=pages: f"page={pages}" in d.current_url, f"page {pages} did not open")
            params = query(self.driver.current_url)
            for name, values in keep.items():
                self.assertEqual(sorted(params.get(name, [])), sorted(values), f"page {pages} lost the {name} filter")
            for (name, value), (_count, checked) in self.facets().items():
                self.assertEqual(checked, value in keep.get(name, []), f"page {pages}: {name}={value} checkbox")
            slugs += self.shown_events()

    def check(self, name, value):
        box = self.driver.find_element("css selector", f"#event-filters input[name={name}][value='{value}']")
        if not box.is_selected():
            self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
            box.click()
        return box

    def submit(self):
        self.driver.find_element("css selector", "#event-filters [type=submit]").click()

    def test_filter_by_topic_and_period_page_forward_and_clear_a_chip(self):
        topic, period = self.topic.slug, self.period.slug
        with self.per_page(self.PER_PAGE):
            self.open("/events/")
            self.assertEqual(self.facets(), self.expected_facets(), "facet counts of the whole timeline")
            self.assertFalse(self.driver.find_elements("css selector", "a.filter-chip"), "chips with no filter on")

            self.check("topic", topic)
            self.check("period", period)
            self.submit()
            wait(self.driver, lambda d: "topic=" in d.current_url and "period=" in d.current_url, "no filtered URL")
            self.assertEqual(query(self.driver.current_url).get("topic"), [topic])
            self.assertEqual(query(self.driver.current_url).get("period"), [period])

            # The counts now answer "how many with the other filters", and changed.
            filtered = self.facets()
            self.assertEqual(filtered, self.expected_facets(topics=[topic], periods=[period]))
            self.assertNotEqual(filtered, self.expected_facets(), "the facet counts did not change")

            # Two chips, one per active filter; the right events, over several pages, filters kept.
            self.assertEqual(len(self.driver.find_elements("css selector", "a.filter-chip")), 2)
            expected = self.events.filter(topics=self.topic, period=self.period).distinct()
            slugs, pages = self.walk_pages(keep={"topic": [topic], "period": [period]})
            self.assertGreater(pages, 1, "the filtered timeline did not paginate")
            self.assertEqual(len(slugs), len(set(slugs)), f"an event shows twice: {slugs}")
            self.assertEqual(set(slugs), set(expected.values_list("slug", flat=True)))
            for slug in slugs:
                self.assertEqual(Event.objects.get(slug=slug).period_id, self.period.pk)
            self.screenshot("timeline-filtered-last-page-1280")

            # Clear the topic through its chip (from the last page): the period stays.
            chips = self.driver.find_elements("css selector", "a.filter-chip")
            topic_chips = [chip for chip in chips if topic not in query(chip.get_attribute("href")).get("topic", [])]
            self.assertEqual(len(topic_chips), 1, "no single chip removes the topic filter")
            chip_params = query(topic_chips[0].get_attribute("href"))
            self.assertEqual(chip_params.get("period"), [period], "the topic chip also drops the period filter")
            topic_chips[0].click()
            wait(self.driver, lambda d: "topic=" not in d.current_url, "the chip did not remove the topic filter")
            self.assertEqual(query(self.driver.current_url).get("period"), [period])
            self.assertEqual(self.facets(), self.expected_facets(periods=[period]))
            self.assertEqual(len(self.driver.find_elements("css selector", "a.filter-chip")), 1)
            slugs, _pages = self.walk_pages(keep={"period": [period]})
            self.assertEqual(set(slugs), set(self.events.filter(period=self.period).values_list("slug", flat=True)))

    def test_print_leaves_out_the_filters_chips_and_pagination(self):
        with self.per_page(self.PER_PAGE):
            self.open(f"/events/?topic={self.topic.slug}")
            self.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
            try:
                for css in ("#event-filters", "a.filter-chip", "nav.pagination", ".skip-link"):
                    for element in self.driver.find_elements("css selector", css):
                        self.assertFalse(element.is_displayed(), f"{css} is printed")
                events = self.driver.find_elements("css selector", "ol.timeline li.timeline-event")
                self.assertTrue(events and all(event.is_displayed() for event in events), "events are not printed")
            finally:
                self.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})

    def test_year_range_and_newest_first(self):
        from selenium.webdriver.support.ui import Select

        dated = self.events.filter(date__isnull=False).order_by("date")
        first, last = dated.first().date.year, dated.last().date.year
        low, high = first + (last - first) // 3, first + 2 * (last - first) // 3
        with self.per_page(1000):
            self.open("/events/")
            self.driver.find_element("css selector", "#event-filters input[name=year_from]").send_keys(str(low))
            self.driver.find_element("css selector", "#event-filters input[name=year_to]").send_keys(str(high))
            ordering = Select(self.driver.find_element("css selector", "#event-filters select[name=ordering]"))
            newest = [o for o in ordering.options if "newest" in o.text.lower()]
            self.assertTrue(newest, f"no 'newest' ordering among {[o.text for o in ordering.options]}")
            ordering.select_by_visible_text(newest[0].text)
            self.submit()
            wait(self.driver, lambda d: "year_from=" in d.current_url, "the form was not submitted")
            slugs = self.shown_events()
            expected = self.events.in_year_range(low, high)
            self.assertEqual(set(slugs), set(expected.values_list("slug", flat=True)))
            dates = [Event.objects.get(slug=slug).date for slug in slugs]
            self.assertEqual(dates, sorted(dates, reverse=True), "'newest' does not list the latest event first")
            self.assertEqual(len(self.driver.find_elements("css selector", "a.filter-chip")), 3)

    def test_an_empty_result_says_so_and_offers_to_clear(self):
        self.open("/events/?q=zzqxjv-nothing-matches")
        empty = self.driver.find_element("css selector", "p.empty-result")
        self.assertTrue(empty.is_displayed())
        self.assertEqual(self.shown_events(), [])
        clear = [
            link
            for link in self.driver.find_elements("css selector", "main a")
            if urlsplit(link.get_attribute("href")).path == "/events/"
            and not urlsplit(link.get_attribute("href")).query
        ]
        self.assertTrue(clear, "the empty result offers no link to the unfiltered timeline")

    def test_timeline_at_phone_and_desktop_widths(self):
        for width in (360, 1280):
            set_viewport(self.driver, width)
            self.open(f"/events/?topic={self.topic.slug}")
            overflow = self.driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
            self.assertLessEqual(overflow, 0, f"the timeline is {overflow}px wider than a {width}px screen")
            self.screenshot(f"timeline-{width}")


@contextmanager
def quiet_server_errors():
    """Keep the deliberate error behind the 500 page out of the test output."""
    import logging

    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


@override_settings(
    MIDDLEWARE=[*settings.MIDDLEWARE, f"{StrictCSPMiddleware.__module__}.StrictCSPMiddleware"],
    ROOT_URLCONF=StrictCSPMiddleware.__module__,
)
class EveryPageTypeTests(BrowserTestCase):
    """Checks that run over one page of every public page type."""

    def visit_all(self, check):
        problems = []
        with quiet_server_errors():
            for name, path in page_types():
                self.open(path)
                if not self.driver.execute_script("return document.querySelector('main h1')?.textContent.trim()"):
                    problems.append(f"{name} {path}: no page heading (main h1): did the page render?")
                problems += check(name, path)
        return problems

    def test_axe_reports_no_violations(self):
        problems = self.visit_all(lambda name, path: format_axe(f"{name} {path}", run_axe(self.driver)))
        if problems:
            self.fail("axe-core violations:\n" + "\n".join(problems))

    def test_no_violations_or_overflow_at_360px(self):
        set_viewport(self.driver, 360)

        def check(name, path):
            found = format_axe(f"{name} {path} @360px", run_axe(self.driver))
            overflow = self.driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
            if overflow > 0:
                wide = self.driver.execute_script(
                    """return Array.from(document.querySelectorAll('body *'))
                           .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                           .slice(0, 3).map(e => e.outerHTML.slice(0, 100));"""
                )
                found.append(f"{name} {path} @360px: {overflow}px wider than the screen, e.g. {wide}")
            return found

        problems = self.visit_all(check)
        if problems:
            self.fail("at 360 px:\n" + "\n".join(problems))

    def test_no_console_errors_under_a_strict_content_security_policy(self):
        """No script errors, and nothing a strict CSP blocks: no inline script/style, nothing off-site."""

        def check(name, path):
            errors = []
            for message in console_errors(self.driver):
                if "/favicon.ico" in message:
                    continue  # a missing icon is no script or policy error
                if name in ("404", "500") and path in message and name in message:
                    continue  # the error page's own status
                errors.append(f"{name} {path}: {message}")
            return errors

        problems = self.visit_all(check)
        if problems:
            self.fail("console errors:\n" + "\n".join(problems))


@override_settings(ROOT_URLCONF=StrictCSPMiddleware.__module__)
class HtmlValidityTests(TestCase):
    """The Nu Html Checker finds no error in the HTML the server sends, on every public page type,
    nor in the site's own stylesheets and SVG images."""

    @classmethod
    def setUpClass(cls):
        require("vnu")
        super().setUpClass()

    @classmethod
    def setUpTestData(cls):
        import_seed()

    def test_vnu_reports_no_errors(self):
        documents = {}
        self.client.raise_request_exception = False
        with quiet_server_errors():
            responses = [(name, path, self.client.get(path)) for name, path in page_types()]
        for name, path, response in responses:
            self.assertEqual(response.status_code, expected_status(name), path)
            self.assertTrue(response["Content-Type"].startswith("text/html"), path)
            documents[f"{name} {path}"] = response.content.decode()
        static = sorted(
            path
            for folder in settings.STATICFILES_DIRS
            for path in Path(folder).rglob("*")
            if path.suffix in (".css", ".svg")
        )
        problems = run_vnu(documents, files=static)
        if problems:
            self.fail("Nu Html Checker errors:\n" + "\n".join(problems))
