"""Find the dates a sentence states, each at the precision the words give, never more."""

import re
from dataclasses import dataclass
from datetime import date

from articles.importing.document import PartialDate
from articles.importing.text import Spans

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[0-9]{3}|20[0-9]{2})"
_TO = r"\s*(?:-|–|—|\bto\b|\buntil\b|\bthrough\b|\btill\b)\s*"
_QUALIFIER = r"(?:(?:early|mid|middle|late)[- ]?)?"
_ORDINAL = r"(\d{1,2})(?:st|nd|rd|th)"
# A four-digit number is not a year when it counts something.
_COUNTED = (
    r"(?!\s+(?:people|persons|soldiers|troops|men|women|children|workers|students|km|kilometres|"
    r"kilometers|miles|metres|meters|m|ft|feet|tons|tonnes|units|households|dollars|won|rubles|"
    r"roubles|yen|euros|pounds|ships|vessels|aircraft|cars|hectares|acres|votes|copies)\b)"
)

PATTERNS = [
    # June 2 to June 10, 1989 / June 2–10, 1989
    (
        "day_range_md",
        rf"(?:from\s+)?(?P<m1>{_MONTH})\s+(?P<d1>{_DAY}){_TO}(?:(?P<m2>{_MONTH})\s+)?(?P<d2>{_DAY}),?\s+(?P<y>{_YEAR})\b",
    ),
    # 2 to 10 June 1989 / 2–10 June 1989
    (
        "day_range_dm",
        rf"(?:from\s+)?(?P<d1>{_DAY})(?:\s+(?P<m1>{_MONTH}))?{_TO}(?P<d2>{_DAY})\s+(?P<m2>{_MONTH}),?\s+(?P<y>{_YEAR})\b",
    ),
    # November 20, 1992 / July 23 1997
    ("day_md", rf"(?P<m>{_MONTH})\s+(?P<d>{_DAY})(?:,\s*|\s+)(?P<y>{_YEAR})\b"),
    # 20 November 1992
    ("day_dm", rf"\b(?P<d>{_DAY})\s+(?P<m>{_MONTH}),?\s+(?P<y>{_YEAR})\b"),
    # May 25 (no year: the day is known, the date is not)
    ("day_no_year", rf"(?P<m>{_MONTH})\s+(?P<d>{_DAY})\b(?!,?\s*\d)"),
    # July to September 1990
    ("month_range", rf"(?:from\s+)?(?P<m1>{_MONTH}){_TO}(?P<m2>{_MONTH})\s+(?P<y>{_YEAR})\b"),
    # July 1986
    ("month", rf"(?P<m>{_MONTH}),?\s+(?P<y>{_YEAR})\b"),
    # the late 19th and early 20th centuries / the 19th century
    (
        "century_range",
        rf"(?:the\s+)?{_QUALIFIER}{_ORDINAL}(?:\s+century)?\s+(?:and|to|-|–)\s+{_QUALIFIER}(\d{{1,2}})(?:st|nd|rd|th)\s+centuries\b",
    ),
    ("century", rf"(?:the\s+)?{_QUALIFIER}{_ORDINAL}[- ]century\b"),
    # the late 1930s and early 1940s / the 1980s
    (
        "decade_range",
        rf"(?:the\s+)?{_QUALIFIER}(?P<y1>\d{{3}}0)s\s+(?:and|to|-|–)\s+(?:the\s+)?{_QUALIFIER}(?P<y2>\d{{3}}0)s\b",
    ),
    ("decade", rf"(?:the\s+)?{_QUALIFIER}(?P<y>1\d{{2}}0|20\d0)s\b"),
    # 1910-1945 / from 1950 to 1953 / between 1950 and 1953
    (
        "year_range",
        rf"(?:(?:from|between)\s+)?(?<![\d$£€.,])(?P<y1>{_YEAR})(?:{_TO}|\s+and\s+)(?P<y2>{_YEAR})\b(?![.,]?\d)",
    ),
    ("year", rf"(?<![\d$£€.,])(?P<y>{_YEAR})\b(?![.,]?\d|%|s\b){_COUNTED}"),
]
# What a wording cannot do without. Most sentences name no month, decade or century, and few
# hold two months or two years, so looking for these first skips most patterns, whose scans took
# most of the time. (Between the two months or years of a range stand no digits.)
CLUE_PATTERNS = {
    "month then number": re.compile(rf"{_MONTH},?\s+\d"),
    "number then month": re.compile(rf"\d(?:st|nd|rd|th)?\s+{_MONTH}"),
    "two months": re.compile(rf"{_MONTH}\D+{_MONTH}"),
    "century": re.compile("century"),
    "centuries": re.compile("centuries"),
    "decade": re.compile(r"\d0s"),
    "year": re.compile(_YEAR),
    "two years": re.compile(rf"{_YEAR}\D+{_YEAR}"),
}
CLUES = {
    "day_range_md": "month then number",
    "day_range_dm": "number then month",
    "day_md": "month then number",
    "day_dm": "number then month",
    "day_no_year": "month then number",
    "month_range": "two months",
    "month": "month then number",
    "century_range": "centuries",
    "century": "century",
    "decade_range": "decade",
    "decade": "decade",
    "year_range": "two years",
    "year": "year",
}
COMPILED = [(name, re.compile(pattern), CLUES[name]) for name, pattern in PATTERNS]
DIGIT = re.compile(r"\d")
LEADING_NUMBER = re.compile(r"\d+")


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    value: PartialDate


def _month(word):
    return MONTHS[word.lower().rstrip(".")]


def _day_number(word):
    return int(LEADING_NUMBER.match(word).group())


def _safe_date(year, month=1, day=1):
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _day_range(group, text):
    year = int(group["y"])
    first_month = group["m1"] or group["m2"]
    start = _safe_date(year, _month(first_month), _day_number(group["d1"]))
    end = _safe_date(year, _month(group["m2"] or first_month), _day_number(group["d2"]))
    return PartialDate(start, "day", end, text) if start and end and end >= start else None


def _day(group, text):
    value = _safe_date(int(group["y"]), _month(group["m"]), _day_number(group["d"]))
    return PartialDate(value, "day", None, text) if value else None


def _day_without_year(group, text):
    return PartialDate(None, "", None, text)


def _month_range(group, text):
    year = int(group["y"])
    start, end = date(year, _month(group["m1"]), 1), date(year, _month(group["m2"]), 1)
    return PartialDate(start, "month", end, text) if end >= start else None


def _month_of_year(group, text):
    return PartialDate(date(int(group["y"]), _month(group["m"]), 1), "month", None, text)


def _century_range(match, text):
    first, last = int(match.group(1)), int(match.group(2))
    if 1 <= first < last <= 21:
        return PartialDate(date((first - 1) * 100 or 1, 1, 1), "century", date((last - 1) * 100, 1, 1), text)
    return None


def _century(match, text):
    number = int(match.group(1))
    return PartialDate(date((number - 1) * 100, 1, 1), "century", None, text) if 2 <= number <= 21 else None


def _decade_range(group, text):
    first, last = int(group["y1"]), int(group["y2"])
    return PartialDate(date(first, 1, 1), "decade", date(last, 1, 1), text) if 1000 <= first < last else None


def _decade(group, text):
    return PartialDate(date(int(group["y"]), 1, 1), "decade", None, text)


def _year_range(group, text):
    first, last = int(group["y1"]), int(group["y2"])
    return PartialDate(date(first, 1, 1), "year", date(last, 1, 1), text) if first < last else None


def _year(group, text):
    return PartialDate(date(int(group["y"]), 1, 1), "year", None, text)


# How each wording's numbers make a date; the centuries' patterns number their groups.
READERS = {
    "day_range_md": _day_range,
    "day_range_dm": _day_range,
    "day_md": _day,
    "day_dm": _day,
    "day_no_year": _day_without_year,
    "month_range": _month_range,
    "month": _month_of_year,
    "century_range": _century_range,
    "century": _century,
    "decade_range": _decade_range,
    "decade": _decade,
    "year_range": _year_range,
    "year": _year,
}
_BY_POSITION = {"century_range", "century"}


def _value(kind, match):
    """Return the PartialDate a pattern's match states, or None when the numbers are impossible."""
    text = match.group(0).strip()
    return READERS[kind](match if kind in _BY_POSITION else match.groupdict(), text)


def find_dates(sentence):
    """Return the dates stated in the sentence, in order; overlapping wordings count once."""
    if not DIGIT.search(sentence):
        return []  # every wording of a date has a number
    taken = Spans()
    mentions = []
    clue_found = {}
    for kind, pattern, clue in COMPILED:
        if clue not in clue_found:  # keyed by name: hashing a compiled pattern hashes its code
            clue_found[clue] = CLUE_PATTERNS[clue].search(sentence) is not None
        if not clue_found[clue]:
            continue
        for match in pattern.finditer(sentence):
            start, end = match.span()
            if taken.overlaps(start, end):
                continue
            value = _value(kind, match)
            if value is None:
                continue
            taken.add(start, end)
            mentions.append(DateMention(start, end, value))
    return sorted(mentions, key=lambda mention: mention.start)
