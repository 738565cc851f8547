"""The 403 page: in the admin, an admin page that says why and where to go; elsewhere, Django's."""

from django.contrib import admin
from django.shortcuts import render
from django.urls import reverse
from django.views import defaults


def permission_denied(request, exception):
    user = getattr(request, "user", None)
    if not (request.path.startswith(reverse("admin:index")) and user is not None and user.is_staff):
        return defaults.permission_denied(request, exception)
    context = {
        **admin.site.each_context(request),
        "title": "You may not do this",
        "subtitle": None,
        "reason": str(exception) if str(exception) else "",
        "back": request.META.get("HTTP_REFERER", ""),
    }
    return render(request, "admin/403.html", context, status=403)
