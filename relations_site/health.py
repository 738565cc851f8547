"""Operations views: /healthz for load balancers, and the 500 handler that knows a database outage.

/healthz answers JSON, never cached, without a Content-Security-Policy (it is no page):

    {"status": "ok", "checks": {"database": {"status": "ok", "ms": 0.4}, "cache": {"status": "ok", "ms": 0.1}}}

with 200 when the databases and the caches all answer. A failing check names its error type:
a cache that fails makes the status "degraded", still 200 (pages are then served from the
database, relations_site/cache_backend.py); a database that fails makes it "error", with 503.
"""

import logging
import sys
import time
import uuid

from csp.decorators import csp_exempt
from django.conf import settings
from django.core.cache import caches
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.defaults import server_error as default_server_error

from relations_site.middleware import DATABASE_ERRORS, database_unavailable_response

logger = logging.getLogger("relations.health")


def check_database():
    """Run a query on every configured database."""
    for alias in connections:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()


def check_cache():
    """Write, read back and delete a key in every configured cache."""
    for alias in settings.CACHES:
        cache = caches[alias]
        if hasattr(cache, "check"):  # a cache that answers as a miss when down: its own raising check
            cache.check()
            continue
        key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
        cache.set(key, value, timeout=10)
        found = cache.get(key)
        cache.delete(key)
        if found != value:
            raise RuntimeError(f"the {alias} cache did not return the value just written")


CHECKS = {"database": check_database, "cache": check_cache}
# Without these the site cannot answer; without the others it answers more slowly.
REQUIRED_CHECKS = {"database"}


def run_check(name, check):
    started = time.perf_counter()
    try:
        check()
    except Exception as error:  # any failure is an unhealthy answer, never a 500
        logger.warning("Health check %s failed: %s", name, type(error).__name__, extra={"check": name})
        # The error's type only: its message may name hosts or users.
        return {"status": "error", "error": type(error).__name__}
    return {"status": "ok", "ms": round((time.perf_counter() - started) * 1000, 1)}


@csp_exempt()
@never_cache
def healthz(request):
    results = {name: run_check(name, check) for name, check in CHECKS.items()}
    failed = {name for name, result in results.items() if result["status"] != "ok"}
    status = "error" if REQUIRED_CHECKS & failed else "degraded" if failed else "ok"
    return JsonResponse({"status": status, "checks": results}, status=503 if status == "error" else 200)


def server_error(request, template_name="500.html"):
    """handler500: the styled 503 page when the error was a lost database, else Django's 500 page.

    Django calls it while handling the exception, so ``sys.exc_info()`` names the error.
    """
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_ERRORS):
        # django.request has logged the error with its traceback already.
        return database_unavailable_response()
    return default_server_error(request, template_name=template_name)
