"""Admin sign-in throttling with django-axes: the backend, and the lockout page in the site's style."""

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from django.conf import settings
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers


class AxesBackend(AxesStandaloneBackend):
    """django-axes' check before every sign-in that comes with a request.

    A sign-in without a request (``Client.login()`` in tests, ``authenticate()`` in a shell) is no
    web form an attacker can reach: it is left to the next backend instead of raising as axes does.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the lockout page (429), saying for how long and what to do."""
    cool_off = get_cool_off(request)
    minutes = round(cool_off.total_seconds() / 60) if cool_off else None
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "username": get_client_username(request, credentials) or "",
        "cooloff_minutes": minutes,
    }
    response = render(request, "axes/lockout.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
    add_never_cache_headers(response)
    return response
