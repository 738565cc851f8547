"""A date known to a precision, written every way the project writes one.

An event's date is a day (``start``) and a precision: ``day``, ``month``, ``year``, ``decade`` or
``century`` (the values of ``Event.Precision``; ``""`` when undated), with an optional ``end``. The
day is the first of what is known: 1 July 1986 for "July 1986", 1 January 1980 for "the 1980s".
It is written three ways, never more precisely than it is known:

- ``as_text``: for readers, "2–10 June 1989", "July 1986", "1988", "the 1980s", "the 19th century";
- ``as_iso``: ISO 8601 at the precision, for ``<time datetime>`` and schema.org, "1989-06-02",
  "1986-07", "1988" (decades and centuries have none);
- ``as_key``: short, sortable and read back by ``parse_key``, for event slugs and the JSON export,
  "1989-06-02", "1986-07", "1988", "1980s", "1800s" (a century).

Pure Python, no Django: the parser uses it as well as the site.
"""

import re
from datetime import date

DAY, MONTH, YEAR, DECADE, CENTURY = "day", "month", "year", "decade", "century"
PRECISIONS = (DAY, MONTH, YEAR, DECADE, CENTURY)

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def ordinal(number):
    """Return 1st, 2nd, 3rd, 4th… 11th, 12th, 13th… 21st."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _month(day):
    return MONTHS[day.month - 1]


def _day_range(start, end):
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {_month(start)} {start.year}"
    if start.year == end.year:
        return f"{start.day} {_month(start)} – {end.day} {_month(end)} {end.year}"
    return f"{start.day} {_month(start)} {start.year} – {end.day} {_month(end)} {end.year}"


def _month_range(start, end):
    if start.year == end.year:
        return f"{_month(start)}–{_month(end)} {end.year}"
    return f"{_month(start)} {start.year} – {_month(end)} {end.year}"


def as_text(start, precision, end=None, text=""):
    """Write a date for readers: "2–10 June 1989", "July 1986", "1988", "the 1980s".

    An undated event keeps the source's own words (``text``), since there is no date to format.
    """
    if start is None:
        return text or "Undated"
    if precision == CENTURY:
        return f"the {ordinal(start.year // 100 + 1)} century"
    if precision == DECADE:
        return f"the {start.year // 10 * 10}s"
    if precision == MONTH:
        if end and (end.year, end.month) != (start.year, start.month):
            return _month_range(start, end)
        return f"{_month(start)} {start.year}"
    if precision == DAY:
        if end and end != start:
            return _day_range(start, end)
        return f"{start.day} {_month(start)} {start.year}"
    if end and end.year != start.year:
        return f"{start.year}–{end.year}"
    return str(start.year)


def event_text(event):
    """Write for readers the date of an event (anything with ``date``, ``precision``, ``end_date``
    and ``date_text``)."""
    return as_text(event.date, event.precision, event.end_date, event.date_text)


def as_iso(day, precision):
    """Return the date in ISO 8601 at its precision ("1989-06-02", "1986-07", "1988").

    Decades and centuries have no such form: return "".
    """
    if day is None:
        return ""
    if precision == DAY:
        return day.isoformat()
    if precision == MONTH:
        return f"{day.year:04d}-{day.month:02d}"
    if precision == YEAR:
        return f"{day.year:04d}"
    return ""


def _starts_its_period(day, precision):
    if precision == MONTH:
        return day.day == 1
    starts_year = (day.month, day.day) == (1, 1)
    if precision == YEAR:
        return starts_year
    if precision == DECADE:
        return starts_year and day.year % 10 == 0
    if precision == CENTURY:
        return starts_year and day.year % 100 == 0
    return False


def as_key(day, precision):
    """Return the date written at its precision: "1989-06-02", "1986-07", "1988", "1980s", "1800s".

    A day that is not the first of its month, year, decade or century (an editor's) is written in
    full, so that ``parse_key`` always reads back the same day. None for no date.
    """
    if day is None:
        return None
    if not _starts_its_period(day, precision):
        return day.isoformat()
    if precision in (DECADE, CENTURY):
        return f"{day.year:04d}s"
    return as_iso(day, precision)


_KEY = re.compile(r"(?P<year>\d{4})(?:s|-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?")


def parse_key(text):
    """Return the day a date written by ``as_key`` stands for ("1980s", "1986-07"…), or raise ValueError."""
    match = _KEY.fullmatch(text)
    try:
        return date(int(match["year"]), int(match["month"] or 1), int(match["day"] or 1))
    except (TypeError, ValueError):  # no match, or no such day
        raise ValueError(f"{text!r} is not a date") from None
