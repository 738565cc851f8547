"""Anonymous page caching and conditional GET, invalidated by a content generation.

The content generation is one value that changes whenever anything a public page may show
changes. Every cached page is stored with the generation it was rendered in and served only while
that generation lasts, and every ETag carries it, so a new generation retires every earlier page at
once: no page has to be found and deleted, and nothing can be served stale after the change is
committed. Every process must read the same value: with Redis (REDIS_URL) the
generation and the pages are in Redis, one for every worker of every server; without it the pages
are in each process's local memory and the generation in a file (the "generation" cache), one for
every process of the machine: web workers, ``import_article``, the shell.

What bumps the generation:

- ``post_save``, ``post_delete`` and ``m2m_changed`` of every model of the ``articles`` app (its
  history records excepted), connected in ``ArticlesConfig.ready()``: admin forms, inlines,
  deletes, the shell, the importer's saves;
- explicit calls to :func:`bump` where a write bypasses the signals: a queryset ``update()`` or
  ``bulk_create()``/``bulk_update()``, raw SQL. The import service and the admin's
  publish/unpublish actions bump once for all their writes (:func:`changes_in_bulk`). **Any other
  such write must call** ``relations_site.page_cache.bump()`` (in the shell: ``from relations_site.page_cache import
  bump; bump()``).

A change made inside a transaction bumps at once and again when the transaction commits: a
reader who rendered the old content in between (the change was not visible yet) cached it under
the intermediate generation, which the second bump leaves behind.

Pages are stored and served by a middleware keyed for anonymous GET requests only
(:class:`AnonymousPageCacheMiddleware`), and only pages of views marked with :func:`public_page`
(in the URLconfs) are stored. A middleware, not a per-view cache: a hit then skips the whole
middleware stack below it (sessions, CSRF, auth, CSP…) and costs two cache reads (one round trip to
Redis), and the stored page keeps the headers that stack gave it. A request is looked up or stored
only when it is an anonymous GET/HEAD: one that carries a session cookie (an editor, a staff
preview) bypasses the cache both ways, and a public view seen by a signed-in user marks its
response private.
"""

import contextvars
import hashlib
import logging
import math
import secrets
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import cache, wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import QueryDict
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import parse_http_date_safe
from django.views.decorators.http import condition

from relations_site.cache_backend import cache_recovered

logger = logging.getLogger("relations.cache")

GENERATION_KEY = "relations:content-generation"
PAGE_KEY_PREFIX = "relations:page"
CACHE_HEADER = "X-Page-Cache"  # hit, miss, bypass or off: says what the page cache did (benchmarks, tests)
_M2M_CHANGES = {"post_add", "post_remove", "post_clear"}
_suppressed = contextvars.ContextVar("relations_cache_bumps_suppressed", default=False)
_private = contextvars.ContextVar("relations_private_generation", default=None)


def _pages():
    return caches["default"]


def _generation_alias():
    """The cache of the content generation: its own ("generation", a file that every process of
    the machine reads) when settings give one, else the default cache (Redis: every machine)."""
    return "generation" if "generation" in settings.CACHES else "default"


def _generations():
    return caches[_generation_alias()]


# --- the content generation --------------------------------------------------------------------


def current_generation():
    """Return the content generation: nanoseconds since the epoch at the last change, or None
    when the cache cannot be read (then nothing is looked up or stored: every page is a miss).

    A cache that lost the value (restart, eviction) starts a new one from the clock, never an
    earlier value, so no page cached before can be served again.
    """
    private = _private.get()
    if private is not None:
        return private
    generation = _generations().get(GENERATION_KEY)
    if generation is None:
        _generations().add(GENERATION_KEY, time.time_ns(), timeout=None)
        generation = _generations().get(GENERATION_KEY)
    return generation


def _new_generation():
    """Start a new generation; a cache that cannot take it is logged, never raised: the change that
    bumps is made (committed, even) and must be reported as done."""
    try:
        _generations().set(GENERATION_KEY, time.time_ns(), timeout=None)
    except Exception as error:
        logger.error(
            "Could not start a new content generation (%s): cached pages may show the previous content",
            type(error).__name__,
            exc_info=True,
        )


# The per-connection count of commits that bumped: a transaction's bumps register one callback
# each, and the first to run at its commit bumps for all of them.
_commits = contextvars.ContextVar("relations_cache_commits", default=None)


def bump(using=DEFAULT_DB_ALIAS):
    """Start a new content generation now, and again when the current transaction commits.

    Never raises for the cache: a cache that cannot be written is logged by its backend, which
    starts a new generation when it answers again (relations_site/cache_backend.py).
    """
    _new_generation()
    if transaction.get_autocommit(using):
        return
    commits = _commits.get()
    if commits is None:
        commits = {}
        _commits.set(commits)
    registered_at = commits.get(using, 0)

    def bump_on_commit():
        if commits.get(using, 0) == registered_at:
            commits[using] = registered_at + 1
            _new_generation()

    # robust: a failure at commit time is logged, never raised after the data is committed.
    transaction.on_commit(bump_on_commit, using=using, robust=True)


def _cache_recovered(sender, cache=None, **kwargs):
    """A cache that failed answers again: a change made meanwhile may not have bumped it."""
    if cache is _generations():
        _new_generation()


@contextmanager
def changes_in_bulk(using=DEFAULT_DB_ALIAS):
    """Bump once for all the writes of the block instead of once per saved record.

    For imports and other bulk writes: the signals of the records saved inside do not bump; the
    block bumps when it ends, even after a failure (a rolled-back write bumps for nothing, harmlessly).
    """
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)
        bump(using)


@contextmanager
def private_generation():
    """Render from changes that are never committed (a staff preview of a working copy).

    Inside the block the content generation is a value of its own, which no other request ever
    reads: whatever is cached meanwhile from the uncommitted content stays out of readers' sight.
    The writes of the block do not bump the shared generation: they are rolled back.
    """
    private, suppressed = _private.set(-1 - secrets.randbits(62)), _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(suppressed)
        _private.reset(private)


@cache
def is_content_model(model):
    """Return whether a model's rows may show on a public page: every model of the articles app
    (many-to-many tables included) except django-simple-history's records of their changes."""
    return model._meta.app_label == "articles" and not hasattr(model, "instance_type")


def _content_saved_or_deleted(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    if is_content_model(sender) and not _suppressed.get():
        bump(using)


def _content_relation_changed(sender, action, using=DEFAULT_DB_ALIAS, **kwargs):
    if action in _M2M_CHANGES:
        _content_saved_or_deleted(sender, using)


# What a request computed from all the content (articles.public.selectors.per_content_generation),
# by key: a page that needs a figure twice computes it once, even with the cache off or down.
_request_figures = contextvars.ContextVar("relations_request_figures", default=None)


def request_figures():
    """Return the figures the current request computed, {key: value}; None outside a request."""
    return _request_figures.get()


def written_without_signals(model, using=DEFAULT_DB_ALIAS):
    """Bump as a save of ``model`` would, for a write that sends no signal (``QuerySet.update()``).

    Inside ``changes_in_bulk()`` (which bumps when it ends) or a preview (rolled back) it does not.
    """
    _content_saved_or_deleted(model, using)


def connect_signals():
    """Bump on every save, delete and many-to-many change of a content model (from ready())."""
    post_save.connect(_content_saved_or_deleted, dispatch_uid="relations-cache-post-save")
    post_delete.connect(_content_saved_or_deleted, dispatch_uid="relations-cache-post-delete")
    m2m_changed.connect(_content_relation_changed, dispatch_uid="relations-cache-m2m-changed")
    cache_recovered.connect(_cache_recovered, dispatch_uid="relations-cache-recovered")


# --- which requests and responses are cached ---------------------------------------------------


def is_anonymous_read(request):
    """Return whether the request is a GET or HEAD by a reader who is not signed in.

    A session cookie alone excludes the request: whoever holds one may be an editor, and the
    session is not even read to find out (that would cost a query per request).
    """
    if request.method not in ("GET", "HEAD") or settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def _generation(request):
    """Return the generation for this request, read from the cache once per request."""
    if not hasattr(request, "_relations_generation"):
        request._relations_generation = current_generation()
    return request._relations_generation


def normalise_query(request):
    """Keep of an anonymous read's query string only what the public page reads, in one order.

    The page's view says which parameters it reads (``query_parameters``, see :func:`public_page`);
    the others are dropped from the request before the view sees it, with the empty values, and the
    rest put in the order the view names them: ``?b=2&a=1&utm=x&q=`` and ``?a=1&b=2`` are one page,
    rendered and cached once, so junk query strings cannot fill the cache. Views that declare nothing keep every parameter.
    """
    if not request.META.get("QUERY_STRING"):
        return
    try:
        names = getattr(resolve(request.path_info).func, "query_parameters", None)
    except Resolver404:
        return
    if names is None:
        return
    kept = urlencode([(name, value) for name in names for value in request.GET.getlist(name) if value.strip()])
    request.GET = QueryDict(kept)
    request.META["QUERY_STRING"] = kept


def _page_digest(request):
    # The absolute URI: scheme and host are part of the page (absolute links of feeds, robots.txt).
    return hashlib.blake2b(request.build_absolute_uri().encode(), digest_size=16).hexdigest()


def page_etag(request, *args, **kwargs):
    """The same page for the same content generation: the generation and the URL make the ETag."""
    generation = _generation(request)
    if generation is None:
        return None
    return f'"{generation:x}-{_page_digest(request)[:16]}"'


def page_last_modified(request, *args, **kwargs):
    """Return the time of the last content change, rounded up to the next whole second.

    HTTP dates have whole seconds: a page served during the second of a change could not be told
    from one changed later in that second, so none is sent then (clients fall back on the ETag).
    """
    generation = _generation(request)
    if generation is None:
        return None
    seconds = math.floor(generation / 1e9) + 1
    if time.time() < seconds:
        return None
    return datetime.fromtimestamp(seconds, tz=UTC)


def _cached_page(request, key):
    """Return the page stored under ``key`` if it was rendered in the current generation, else None.

    Each page is stored with the generation it was rendered in. When the generation and the pages
    share a cache (Redis), both are read in one round trip.
    """
    if _generation_alias() == "default":
        found = _pages().get_many([GENERATION_KEY, key])
        if GENERATION_KEY in found:
            request._relations_generation = found[GENERATION_KEY]
        entry = found.get(key)
    else:
        entry = _pages().get(key)
    generation = _generation(request)
    if entry is not None and generation is not None and entry[0] == generation:
        return entry[1]
    return None


def _is_storable(response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in cache_control
        and "no-store" not in cache_control
    )


class AnonymousPageCacheMiddleware:
    """Answer anonymous GET and HEAD requests of public pages from the cache; store those pages.

    Near the top of MIDDLEWARE (after whitenoise and the request log), so that a hit costs the reads
    of the generation and of the page (one round trip to Redis) and skips the rest of the stack, and a stored page keeps every
    header the middleware below gave it (Content-Security-Policy, X-Frame-Options, Vary…). Only the
    responses of views decorated with :func:`public_page` are stored, and only when that view saw an
    anonymous reader; a request with a session cookie is neither looked up nor stored.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_figures.set({})
        try:
            return self._respond(request)
        finally:
            _request_figures.reset(token)

    def _respond(self, request):
        timeout = settings.PAGE_CACHE_SECONDS
        if not timeout or request.method not in ("GET", "HEAD") or settings.SESSION_COOKIE_NAME in request.COOKIES:
            return self.get_response(request)
        normalise_query(request)
        key = f"{PAGE_KEY_PREFIX}:{_page_digest(request)}"
        response = _cached_page(request, key)
        if response is not None:
            response[CACHE_HEADER] = "hit"
            last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
            return get_conditional_response(request, response.get("ETag"), last_modified, response)
        response = self.get_response(request)
        if (
            getattr(request, "_relations_public_page", False)
            and _is_storable(response)
            and _generation(request) is not None
        ):
            # Under the generation read before rendering: a change made meanwhile makes it a miss.
            _pages().set(key, (_generation(request), response), timeout)
        return response


def public_page(view, *, query=None):
    """Mark a view's page as public: cacheable for anonymous readers, with conditional GET.

    ``query`` names the query parameters the page reads (default: the view's, or its class's,
    ``query_parameters``; None keeps them all): an anonymous read sees only those
    (:func:`normalise_query`).

    Anonymous reads get an ETag and a Last-Modified taken from the content generation (a 304 when
    the reader has the page already) and ``Cache-Control: no-cache`` (a browser keeps the page but
    asks each time); AnonymousPageCacheMiddleware stores the page. Every other request gets the
    view's own response, marked private, and stores nothing.
    """
    conditional = condition(etag_func=page_etag, last_modified_func=page_last_modified)(view)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        patch = {}
        if is_anonymous_read(request):
            request._relations_public_page = True
            response = conditional(request, *args, **kwargs)
            if response.status_code not in (200, 304):
                for header in ("ETag", "Last-Modified"):
                    response.headers.pop(header, None)
            response[CACHE_HEADER] = "miss" if settings.PAGE_CACHE_SECONDS else "off"
            patch["no_cache"] = True
        else:
            response = view(request, *args, **kwargs)
            response[CACHE_HEADER] = "bypass"
            patch.update(private=True, no_cache=True)
        patch_cache_control(response, **patch)
        patch_vary_headers(response, ["Cookie"])
        return response

    if query is None:
        query = getattr(getattr(view, "view_class", view), "query_parameters", None)
    wrapper.query_parameters = None if query is None else tuple(dict.fromkeys(query))
    return wrapper
