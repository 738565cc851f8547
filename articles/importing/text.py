"""Small pure text helpers shared by the parser, the markup renderer and the services."""

import bisect
import re
import unicodedata
from functools import lru_cache

_DASHES = re.compile(r"[\u2010-\u2015\u2212/]")
_NOT_IN_SLUG = re.compile(r"[^\w\s-]")
_SEPARATORS = re.compile(r"[-\s_]+")


def slugify(value, max_length=200):
    """Return an ASCII slug; dashes and slashes separate words ("Russia–Korea" -> "russia-korea")."""
    value = _DASHES.sub(" ", str(value))
    if not value.isascii():  # ASCII text has nothing to decompose or drop
        value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    value = _NOT_IN_SLUG.sub("", value.lower())
    value = _SEPARATORS.sub("-", value).strip("-")
    return value[:max_length].rstrip("-")


# Counters tried one by one before galloping: an article repeats a slug a few times at most, but a
# hostile file could repeat one for every line, and trying each counter would be quadratic.
_LINEAR_PROBES = 20


def _numbered(base, counter):
    suffix = f"-{counter}"
    return f"{base[: 200 - len(suffix)]}{suffix}"


def unique_slug(base, taken, fallback="item"):
    """Return ``base`` or ``base-2``, ``base-3``… whichever is not in ``taken``, and add it there.

    The first free counter, tried in order up to 20; past that the numbers taken are assumed to
    run without gaps, found by doubling then halving (logarithmic, not linear, per slug).
    """
    base = base or fallback
    slug, counter = base, 2
    while slug in taken and counter < _LINEAR_PROBES:
        slug = _numbered(base, counter)
        counter += 1
    if slug in taken:
        low, high = counter - 1, counter  # low is taken; find a free high, then the first free
        while _numbered(base, high) in taken:
            low, high = high, high * 2
        while high - low > 1:
            middle = (low + high) // 2
            low, high = (middle, high) if _numbered(base, middle) in taken else (low, middle)
        slug = _numbered(base, high)
    taken.add(slug)
    return slug


@lru_cache(maxsize=4096)
def _whole_phrase_pattern(phrase):
    return re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)")


def whole_phrase_matches(phrase, text):
    """Return the matches of ``phrase`` in ``text`` where it is not part of a longer word."""
    if phrase not in text:
        return ()  # most texts lack most phrases: tell it without a regex
    return _whole_phrase_pattern(phrase).finditer(text)


def has_whole_phrase(phrase, text):
    """Tell whether ``phrase`` stands in ``text`` other than as part of a longer word."""
    return phrase in text and _whole_phrase_pattern(phrase).search(text) is not None


class Spans:
    """Disjoint spans (start, end) of a text, kept sorted: telling whether another overlaps one of
    them is a bisection, so a text with thousands of mentions is not read quadratically."""

    def __init__(self):
        self._spans = []

    def overlaps(self, start, end):
        place = bisect.bisect_left(self._spans, (start, end))
        before = place and self._spans[place - 1][1] > start
        return bool(before or (place < len(self._spans) and self._spans[place][0] < end))

    def add(self, start, end):
        bisect.insort(self._spans, (start, end))
