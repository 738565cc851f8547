"""The timeline's time axis: its layout (pure) and the page's SVG and table, which follow the filters."""

import itertools
import re
from datetime import date
from html import unescape
from itertools import pairwise
from types import SimpleNamespace

from django.db.models import Count
from django.test import SimpleTestCase, TestCase
from factories import make_event
from test_views_helpers import build_site

from articles.models import Event, Period, Status, Topic
from articles.public import time_axis
from articles.public.selectors import DateYear


def period(name, start, end):
    return SimpleNamespace(name=name, slug=name.lower(), start_year=start, end_year=end)


def build(counts, periods=(), undated=0):
    return time_axis.build(
        counts,
        list(periods),
        undated=undated,
        span_url=lambda first, last: f"/events/?year_from={first}&year_to={last}",
        period_url=lambda each: f"/events/?period={each.slug}",
        period_years=lambda each: f"{each.start_year}–{each.end_year}",
    )


class LayoutTests(SimpleTestCase):
    def test_no_dated_event_no_axis(self):
        self.assertIsNone(build({}, undated=3))

    def test_a_short_span_has_a_column_per_year_even_without_events(self):
        axis = build({1990: 2, 1993: 1})
        self.assertEqual(axis.unit, "year")
        self.assertEqual(
            [(c.label, c.count) for c in axis.columns], [("1990", 2), ("1991", 0), ("1992", 0), ("1993", 1)]
        )
        self.assertEqual(axis.columns[0].url, "/events/?year_from=1990&year_to=1990")
        self.assertEqual(axis.columns[0].bar_height, time_axis.BAR_HEIGHT)  # the highest bar is full height
        self.assertEqual(axis.columns[3].bar_height, time_axis.BAR_HEIGHT // 2)
        self.assertEqual(axis.columns[1].bar_height, 0)

    def test_a_long_span_is_zoomed_out_to_decades_then_centuries(self):
        axis = build({1948: 1, 1950: 2, 1959: 3, 1991: 1})
        self.assertEqual(axis.unit, "decade")
        self.assertEqual([(c.label, c.count) for c in axis.columns][:2], [("1940s", 1), ("1950s", 5)])
        self.assertEqual(axis.columns[1].url, "/events/?year_from=1950&year_to=1959")
        self.assertEqual(axis.dated, 7)
        self.assertEqual(build({1200: 1, 1999: 1}).unit, "century")

    def test_shown_labels_never_run_into_each_other(self):
        for counts in (
            {1950: 1, 2009: 1},
            {1800: 1, 1999: 1},
            {1990: 1, 1999: 1},
            {1960: 1, 1999: 1},
            {1200: 1, 1999: 1},
        ):
            axis = build(counts)
            shown = [column for column in axis.columns if column.show_label]
            self.assertTrue(shown, counts)
            for left, right in pairwise(shown):
                room = right.centre - left.centre
                half_widths = (len(left.label) + len(right.label)) * time_axis.CHARACTER_WIDTH / 2
                self.assertGreaterEqual(room, half_widths + time_axis.LABEL_GAP, (counts, left.label, right.label))

    def test_one_event_is_always_seen(self):
        axis = build({1990: 1000, 1991: 1})
        self.assertGreaterEqual(axis.columns[1].bar_height, 3)

    def test_period_bands_are_cut_to_the_axis_and_placed_on_its_scale(self):
        axis = build(
            {1950: 1, 1969: 1},
            [period("Ancient", None, 1900), period("War", 1945, 1955), period("Open", 1960, None)],
        )
        self.assertEqual([band.name for band in axis.bands], ["War", "Open"])  # Ancient ends before the axis
        war, open_ = axis.bands
        column = time_axis.COLUMN_WIDTH
        self.assertEqual((war.x, war.width), (time_axis.MARGIN, 5 * column))  # 1950 to 1955, a column a year
        self.assertEqual(open_.x + open_.width, axis.width - time_axis.MARGIN)  # runs to the axis's end
        self.assertEqual(war.url, "/events/?period=war")


class TimelineAxisTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_site()

    def page(self, query=""):
        return self.client.get("/events/" + query).content.decode()

    def columns(self, html):
        return re.findall(r'<a href="([^"]+)" class="axis-column" aria-label="([^"]+)">', html)

    def test_the_axis_draws_a_linked_bar_per_decade_and_states_its_counts_in_a_table(self):
        html = self.page()
        self.assertIn('<h2 id="time-axis-heading" class="time-axis-heading">Events per decade</h2>', html)
        self.assertEqual(
            [(unescape(url), label) for url, label in self.columns(html)],
            [
                ("/events/?year_from=1800&year_to=1809#results", "1800s: 1 event"),
                ("/events/?year_from=1980&year_to=1989#results", "1980s: 3 events"),
                ("/events/?year_from=1990&year_to=1999#results", "1990s: 1 event"),
            ],
        )
        table = re.search(r'<details class="time-axis-table">(.*?)</details>', html, re.S).group(1)
        rows = re.findall(r"<tr><th scope=\"row\">(?:<a [^>]+>)?([^<]+)(?:</a>)?</th><td>(\d+)</td></tr>", table)
        self.assertEqual(len(rows), 20)  # every decade from the 1800s to the 1990s
        self.assertIn(("1980s", "3"), rows)
        self.assertIn("5 dated events on the axis; 1 undated, listed after them.", html)
        self.assertIn('aria-label="Period: Rapprochement, 1985–1991"', html)

    def test_the_axis_follows_the_filters_and_zooms_in_to_years(self):
        html = self.page("?topic=diplomacy&year_from=1980")
        self.assertIn("Events per year", html)
        self.assertEqual(
            [(unescape(url), label) for url, label in self.columns(html)],
            [
                ("/events/?topic=diplomacy&year_from=1980&year_to=1980#results", "1980: 1 event"),
                ("/events/?topic=diplomacy&year_from=1986&year_to=1986#results", "1986: 1 event"),
                ("/events/?topic=diplomacy&year_from=1989&year_to=1989#results", "1989: 1 event"),
            ],
        )
        band = re.search(r'<a href="([^"]+)" class="axis-band[^"]*" aria-label="Period: Rapprochement', html).group(1)
        self.assertEqual(unescape(band), "/events/?topic=diplomacy&period=rapprochement#results")

    def test_no_axis_when_no_event_has_a_year_or_a_filter_is_invalid(self):
        self.assertNotIn("time-axis", self.page("?year_from=soon"))
        self.assertNotIn("time-axis", self.page("?period=russian-federation&year_from=2050"))


class DateYearTests(TestCase):
    def test_the_year_is_the_dates_own_before_1000_and_none_without_a_date(self):
        for day in (date(985, 6, 1), date(1991, 12, 31), date(2024, 1, 1)):
            make_event(date=day)
        make_event(date=None, precision="")
        rows = Event.objects.order_by().values_list(DateYear("date")).annotate(count=Count("pk"))
        self.assertEqual(dict(rows), {985: 1, 1991: 1, 2024: 1, None: 1})


class KeptFacetCountsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_site(scale=2)
        topics = list(Topic.objects.order_by("pk")[:2])
        undated = make_event(date=None, precision="", period=None)
        undated.topics.set(topics)
        draft = make_event(date=date(1990, 1, 1), status=Status.DRAFT, period=Period.objects.first())
        draft.topics.set(topics)

    def test_the_kept_counts_are_those_counted_over_the_events_for_every_filter(self):
        from articles.public.selectors import combined_facet_counts, kept_facet_counts

        periods, topics = list(Period.objects.order_by("pk")), list(Topic.objects.order_by("pk"))
        period_choices = [[], periods[:1], periods[1:3]]
        topic_choices = [[], topics[:1], topics[:3]]
        year_choices = [(None, None), (1900, None), (None, 1990), (1985, 1995)]
        for checked_periods, checked_topics, (year_from, year_to) in itertools.product(
            period_choices, topic_choices, year_choices
        ):
            events = Event.objects.published()
            if year_from is not None:
                events = events.filter(date__year__gte=year_from)
            if year_to is not None:
                events = events.filter(date__year__lte=year_to)
            with self.subTest(periods=checked_periods, topics=checked_topics, years=(year_from, year_to)):
                self.assertEqual(
                    kept_facet_counts(
                        {period.pk for period in checked_periods},
                        {topic.pk for topic in checked_topics},
                        year_from,
                        year_to,
                    ),
                    combined_facet_counts(events, checked_periods, checked_topics),
                )
