"""Small pure text helpers shared by the parser, the markup renderer and the services."""

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


def unique_slug(base, taken, fallback="item"):
    """Return ``base`` or ``base-2``, ``base-3``… whichever is not in ``taken``, and add it there."""
    base = base or fallback
    slug, counter = base, 2
    while slug in taken:
        suffix = f"-{counter}"
        slug = f"{base[: 200 - len(suffix)]}{suffix}"
        counter += 1
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
