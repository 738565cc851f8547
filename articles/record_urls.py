"""Record URLs without a reverse() per record.

Every record's page is at ``<prefix><slug><suffix>`` for its view: the URL is reversed once per
view, script prefix and URLconf, then the slug put in. A page that links hundreds of records (an
article's glossary links, its events and people) called reverse() a hundred and fifty times, a
quarter of its rendering.
"""

import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

SLUG_MARK = "slug-mark"  # stands for a record's slug in a URL reversed once


@functools.lru_cache
def _url_around_slug(view_name, script_prefix, urlconf):
    before, _mark, after = reverse(view_name, kwargs={"slug": SLUG_MARK}, urlconf=urlconf).rpartition(SLUG_MARK)
    return before, after


def slug_url(view_name, slug):
    """Return ``reverse(view_name, kwargs={"slug": slug})``. Slugs need no quoting in a path."""
    before, after = _url_around_slug(view_name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    return f"{before}{slug}{after}"
