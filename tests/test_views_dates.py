"""Dates written as precisely as they are known, and only that precisely."""

from datetime import date

from django.test import SimpleTestCase

from articles.templatetags.relations import format_partial_date, iso_partial_date, ordinal


class FormatPartialDateTests(SimpleTestCase):
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
                self.assertEqual(format_partial_date(start, precision, end), expected)

    def test_an_end_on_the_same_day_or_year_adds_nothing(self):
        self.assertEqual(format_partial_date(date(1989, 6, 2), "day", date(1989, 6, 2)), "2 June 1989")
        self.assertEqual(format_partial_date(date(1988, 1, 1), "year", date(1988, 12, 31)), "1988")

    def test_undated_keeps_the_source_words(self):
        self.assertEqual(format_partial_date(None, "", None, "May 25"), "May 25")
        self.assertEqual(format_partial_date(None, ""), "Undated")

    def test_machine_readable_form_only_when_there_is_one(self):
        self.assertEqual(iso_partial_date(date(1989, 6, 2), "day"), "1989-06-02")
        self.assertEqual(iso_partial_date(date(1986, 7, 1), "month"), "1986-07")
        self.assertEqual(iso_partial_date(date(1988, 1, 1), "year"), "1988")
        self.assertEqual(iso_partial_date(date(1980, 1, 1), "decade"), "")
        self.assertEqual(iso_partial_date(None, ""), "")

    def test_ordinals(self):
        self.assertEqual(
            [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 19, 21, 22, 101, 111)],
            ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "19th", "21st", "22nd", "101st", "111th"],
        )
