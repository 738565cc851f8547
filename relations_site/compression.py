"""Gzip for the public pages, and only for them.

Django's GZipMiddleware, placed above the page cache (settings.MIDDLEWARE): the cache stores each
page uncompressed under a key of its URL alone, and the page is compressed on its way out, for the
readers who accept gzip, on every response, whether it was a hit or a miss. A compressed page's ETag
is made weak (W/"…"), which conditional GETs compare weakly: a 304 still answers the reader's copy.
Below the cache, a compressed page would be stored and served to a reader who does not accept gzip.

BREACH: compression leaks, through the size of many responses, a secret on a page that also
repeats something an attacker chose. The pages compressed here are anonymous readers' (no session
cookie, so no signed-in editor's page) whose rendering used no CSRF token; the admin's pages and
forms, which hold one, are left uncompressed.
"""

from django.conf import settings
from django.middleware.gzip import GZipMiddleware


def may_hold_a_secret(request, response):
    """Whether ``response`` may hold a secret: it answers a session (perhaps a signed-in editor),
    or its page used a CSRF token (CsrfViewMiddleware then sends the token's cookie with it)."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES or settings.CSRF_COOKIE_NAME in response.cookies


class PublicGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if may_hold_a_secret(request, response):
            return response
        return super().process_response(request, response)
