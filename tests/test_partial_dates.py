"""Dates written as precisely as they are known, and only that precisely: articles.partial_dates."""

from datetime import date
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase

from articles.importing.parser import parse_article
from articles.models import Event
from articles.partial_dates import PRECISIONS, as_iso, as_key, as_text, ordinal, parse_key

SEED = Path(settings.BASE_DIR) / "articles" / "sources" / "russia-south-korea-relations.txt"


class TextTests(SimpleTestCase):
    def test_each_precision(self):
        cases = [
            (date(1989, 6, 2), "day", None, "2 June 1989"),
            (date(1989, 6, 2), "day", date(1989, 6, 10), "2–10 June 1989"),
            (date(1989, 6, 28), "day", date(1989, 7, 3), "28 June – 3 July 1989"),
            (date(1989, 12, 30), "day", date(1990, 1, 2), "30 December 1989 – 2 January 1990"),
            (date(1986, 7, 1), "month", None, "July 1986"),
            (date(1986, 7, 1), "month", date(1986, 8, 31), "July–August 1986"),
            (date(1986, 12, 1), "month", date(1987, 1, 31), "December 1986 – January 1987"),
            (date(1988, 1, 1), "year", None, "1988"),
            (date(1910, 1, 1), "year", date(1945, 1, 1), "1910–1945"),
            (date(1980, 1, 1), "decade", None, "the 1980s"),
            (date(1800, 1, 1), "century", None, "the 19th century"),
            (date(1801, 1, 1), "century", None, "the 19th century"),
            (date(2000, 1, 1), "century", None, "the 21st century"),
        ]
        for start, precision, end, expected in cases:
            with self.subTest(expected):
                self.assertEqual(as_text(start, precision, end), expected)

    def test_an_end_on_the_same_day_or_year_adds_nothing(self):
        self.assertEqual(as_text(date(1989, 6, 2), "day", date(1989, 6, 2)), "2 June 1989")
        self.assertEqual(as_text(date(1988, 1, 1), "year", date(1988, 12, 31)), "1988")

    def test_undated_keeps_the_source_words(self):
        self.assertEqual(as_text(None, "", None, "May 25"), "May 25")
        self.assertEqual(as_text(None, ""), "Undated")

    def test_machine_readable_form_only_when_there_is_one(self):
        self.assertEqual(as_iso(date(1989, 6, 2), "day"), "1989-06-02")
        self.assertEqual(as_iso(date(1986, 7, 1), "month"), "1986-07")
        self.assertEqual(as_iso(date(1988, 1, 1), "year"), "1988")
        self.assertEqual(as_iso(date(1980, 1, 1), "decade"), "")
        self.assertEqual(as_iso(None, ""), "")

    def test_ordinals(self):
        self.assertEqual(
            [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 19, 21, 22, 101, 111)],
            ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "19th", "21st", "22nd", "101st", "111th"],
        )


class KeyTests(SimpleTestCase):
    def test_dates_are_written_at_their_precision(self):
        cases = [
            (date(1989, 6, 2), "day", "1989-06-02"),
            (date(1986, 7, 1), "month", "1986-07"),
            (date(1988, 1, 1), "year", "1988"),
            (date(1980, 1, 1), "decade", "1980s"),
            (date(1800, 1, 1), "century", "1800s"),
            (date(950, 1, 1), "year", "0950"),
        ]
        for value, precision, text in cases:
            with self.subTest(text):
                self.assertEqual(as_key(value, precision), text)
                self.assertEqual(parse_key(text), value)

    def test_a_date_that_shortening_would_change_is_written_in_full(self):
        self.assertEqual(as_key(date(1986, 7, 15), "month"), "1986-07-15")
        self.assertEqual(as_key(date(1985, 1, 1), "decade"), "1985-01-01")
        self.assertEqual(as_key(date(1801, 1, 1), "century"), "1801-01-01")
        self.assertIsNone(as_key(None, ""))

    def test_text_that_is_not_a_date_is_refused(self):
        for text in ["1980's", "86", "1986-7", "1986-13", "late 1980s", ""]:
            with self.subTest(text), self.assertRaises(ValueError):
                parse_key(text)


class OneHomeTests(SimpleTestCase):
    def test_the_precisions_are_the_models(self):
        self.assertEqual(set(PRECISIONS), set(Event.Precision.values))

    def test_event_slugs_start_with_the_key_of_their_date(self):
        article = parse_article(SEED.read_text(encoding="utf-8"))
        dated = [event for event in article.events if event.date.start]
        self.assertTrue(dated)
        for event in dated:
            with self.subTest(event.slug):
                key = as_key(event.date.start, event.date.precision)
                self.assertTrue(event.slug.startswith(f"{key}-"))
                self.assertEqual(parse_key(key), event.date.start)  # the parser's days start their period
        undated = [event for event in article.events if not event.date.start]
        self.assertTrue(all(event.slug.startswith("undated") for event in undated))
