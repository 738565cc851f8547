"""The admin home's list of an editor's own working copies: sent back by a reviewer, or waiting."""

from django import template
from django.urls import NoReverseMatch, reverse

from articles.models import WorkingCopy

register = template.Library()


@register.simple_tag
def own_working_copies(user, limit=20):
    """Return the user's working copies that are in review or were sent back, with their records' links."""
    if not getattr(user, "is_authenticated", False):
        return []
    copies = (
        WorkingCopy.objects.filter(author=user, state__in=[WorkingCopy.State.REJECTED, WorkingCopy.State.IN_REVIEW])
        .select_related("content_type", "reviewer")
        .order_by("-updated_at")[:limit]
    )
    rows = []
    for copy_ in copies:
        obj = copy_.record
        if obj is None:
            continue
        try:
            url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
        except NoReverseMatch:
            continue
        rows.append({"copy": copy_, "object": obj, "url": url})
    return rows
