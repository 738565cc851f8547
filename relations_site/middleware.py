"""Middleware of the site's operations: request logs, the Permissions-Policy header, the 503 page.

RequestLogMiddleware            one structured log line per request (relations_site.logging formats it)
QueryStringMiddleware           a query string with a control character is a 400, before any view
PermissionsPolicyMiddleware     settings.PERMISSIONS_POLICY on every response that has none
DatabaseUnavailableMiddleware   a view that loses the database answers with the styled 503 page
"""

import ipaddress
import logging
import re
import time
from functools import cache

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseBadRequest
from django.template import loader
from django.utils.cache import add_never_cache_headers

request_logger = logging.getLogger("relations.request")
error_logger = logging.getLogger("relations.errors")

# What a lost or refused database connection raises (the database is down, restarting, full…).
DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30

# Paths polled by load balancers: a successful poll is not worth a log line.
QUIET_PATHS = ("/healthz",)


def client_ip(request):
    """Return the client's address: REMOTE_ADDR, or the one the trusted proxies put in X-Forwarded-For.

    X-Forwarded-For is believed only as far as trusted proxies wrote it: starting from the peer
    (REMOTE_ADDR), while the address in hand is one of ``settings.TRUSTED_PROXY_ADDRESSES`` and at
    most ``settings.TRUSTED_PROXY_COUNT`` times, the next address from the right is taken. A client
    that reaches the app's port directly is its own address, whatever header it sends.
    Also used by django-axes (AXES_CLIENT_IP_CALLABLE) so that a lockout is per client, not per proxy.
    """
    address = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if not proxies:
        return address
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    trusted = trusted_networks(tuple(getattr(settings, "TRUSTED_PROXY_ADDRESSES", ())))
    for _ in range(proxies):
        if not forwarded or not _in_networks(address, trusted):
            break
        address = forwarded.pop()
    return address


@cache
def trusted_networks(addresses):
    return tuple(ipaddress.ip_network(address, strict=False) for address in addresses)


def _in_networks(address, networks):
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def database_unavailable_response():
    """Return the styled 503 page, rendered without a request: nothing may touch the database."""
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


def log_database_error(request, exception):
    error_logger.error(
        "Database unavailable: %s",
        type(exception).__name__,
        exc_info=(type(exception), exception, exception.__traceback__),
        extra={"request": request, "status_code": 503},
    )


class DatabaseUnavailableMiddleware:
    """Answer 503 (the styled page, Retry-After) when a view or its template loses the database.

    Nothing is kept from the failure: the next request opens a new connection, so the site
    recovers by itself when the database answers again. Failures outside views (in another
    middleware) reach ``relations_site.health.server_error``, which answers the same way.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_ERRORS):
            return None
        log_database_error(request, exception)
        return database_unavailable_response()


# Control characters no reader types: NUL makes PostgreSQL refuse the query outright.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class QueryStringMiddleware:
    """Answer 400 to a request whose query string holds a control character (tab and line breaks
    aside): cleaned at the edge, so no view, filter or search ever passes one to the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.META.get("QUERY_STRING") and any(
            CONTROL_CHARACTERS.search(text) for name, values in request.GET.lists() for text in (name, *values)
        ):
            return HttpResponseBadRequest("The query string holds a control character.", content_type="text/plain")
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Send ``settings.PERMISSIONS_POLICY`` (browser features the site never uses, turned off)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = ", ".join(
            f"{feature}=({' '.join(allowed)})" for feature, allowed in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy:
            response.headers.setdefault("Permissions-Policy", self.policy)
        return response


class RequestLogMiddleware:
    """Log every request once, after its response: method, path, status, duration, client, user.

    Server errors also carry the request's headers and POST data, which the logging filter
    (relations_site.logging.SensitiveDataFilter) masks before they are written.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        request.client_ip = client_ip(request)
        response = self.get_response(request)
        status = response.status_code
        if request.path in QUIET_PATHS and status == 200:
            return response
        extra = {
            "method": request.method,
            "path": request.path,
            "status_code": status,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            "client_ip": request.client_ip,
        }
        # Only a user already loaded: looking one up here would query the database again.
        user = getattr(request, "_cached_user", None)
        if user is not None and user.is_authenticated:
            extra["user_id"] = user.pk
        if status >= 500:
            extra["request"] = request
        level = logging.ERROR if status >= 500 else logging.WARNING if status >= 400 else logging.INFO
        request_logger.log(level, "%s %s %s", request.method, request.path, status, extra=extra)
        return response
