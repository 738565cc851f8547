"""The site's settings with every cache off: what a request costs when the page cache misses.

``PAGE_CACHE_SECONDS=0`` stops the page cache; the dummy backend stops everything kept per
content generation too (facet counts, menus, the articles telling a period). The content
generation itself, which ETags carry, stays in its own cache. Used by benchmarks/bench_wagtail.py:

    DJANGO_SETTINGS_MODULE=benchmarks.uncached_settings
"""

from relations_site.settings import *  # noqa: F403  (these settings, changed only below)
from relations_site.settings import CACHES

PAGE_CACHE_SECONDS = 0
CACHES = {**CACHES, "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
