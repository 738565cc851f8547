"""The editors' pages about changes: Recent changes, the watchlist on the admin home, watch, presence.

Served under /admin/ beside the admin site's own URLs (relations_site/urls.py lists them first),
each wrapped in ``admin.site.admin_view``: staff only, CSRF-protected, never cached.
"""

from datetime import datetime, time, timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.views.decorators.http import require_POST

from articles.editorial import presence
from articles.editorial.changes import (
    ACTIONS,
    CONTENT_MODELS,
    MODELS_BY_KEY,
    as_changes,
    changes,
    model_key,
    toggle_watch,
    watched_filter,
    watchlist_visit,
)
from articles.editorial.watching import Watch
from articles.models import Article

PER_PAGE = 50
HOME_LIMIT = 15  # watched changes listed on the admin home page; the rest are a link away


def visible_models(request):
    """The content models whose records (and so whose changes) this user may see in the admin."""
    return tuple(
        model
        for model in CONTENT_MODELS
        if admin.site.is_registered(model) and admin.site.get_model_admin(model).has_view_or_change_permission(request)
    )


def start_of(day):
    return timezone.make_aware(datetime.combine(day, time.min))


class ChangesFilterForm(forms.Form):
    editor = forms.ModelChoiceField(
        queryset=get_user_model().objects.filter(is_staff=True).order_by("username"),
        to_field_name="username",
        required=False,
        empty_label="Any editor",
    )
    model = forms.ChoiceField(label="Kind of record", required=False)
    action = forms.ChoiceField(choices=[("", "Any action"), *ACTIONS.items()], required=False)
    since = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    watched = forms.BooleanField(label="Only what I watch", required=False)

    def __init__(self, *args, models, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(model_key(model), capfirst(model._meta.verbose_name_plural)) for model in models]
        self.fields["model"].choices = [("", "Any kind"), *choices]

    def clean(self):
        cleaned_data = super().clean()
        since, until = cleaned_data.get("since"), cleaned_data.get("until")
        if since and until and since > until:
            raise forms.ValidationError("The first day comes after the last one.")
        return cleaned_data

    def where(self):
        """The filter every model's history gets from the form's answers (the form must be valid)."""
        data = self.cleaned_data
        where = Q()
        if data["editor"]:
            where &= Q(history_user=data["editor"])
        if data["action"]:
            where &= Q(history_type=data["action"])
        if data["since"]:
            where &= Q(history_date__gte=start_of(data["since"]))
        if data["until"]:
            where &= Q(history_date__lt=start_of(data["until"] + timedelta(days=1)))
        return where


def recent_changes_view(request):
    """Every change to every content record, newest first, filterable; two queries a page."""
    models = visible_models(request)
    if not models:
        raise PermissionDenied
    form = ChangesFilterForm(request.GET, models=models)
    rows = changes(models).none()
    if form.is_valid():
        chosen = form.cleaned_data["model"]
        if chosen:
            models = (MODELS_BY_KEY[chosen],)
        rows = changes(
            models,
            where=form.where(),
            where_for=watched_filter(request.user) if form.cleaned_data["watched"] else None,
        )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        **admin.site.each_context(request),
        "title": "Recent changes",
        "subtitle": None,
        "form": form,
        "page_obj": page,
        "changes": as_changes(page.object_list, models),
    }
    request.current_app = admin.site.name
    return TemplateResponse(request, "admin/articles/changes/recent_changes.html", context)


def admin_home_view(request):
    """The admin's home page, with the changes others made to what this editor watches since their last visit."""
    models = visible_models(request)
    since = watchlist_visit(request.user, timezone.now())
    where = ~Q(history_user=request.user)
    if since is not None:
        where &= Q(history_date__gt=since)
    rows = changes(models, where=where, where_for=watched_filter(request.user)) if models else []
    watched = as_changes(rows[: HOME_LIMIT + 1], models)
    context = {
        "watched_changes": watched[:HOME_LIMIT],
        "watched_more": len(watched) > HOME_LIMIT,
        "watch_since": since,
        "watch_count": Watch.objects.filter(user=request.user).count(),
        "watched_url": f"{reverse('changes:recent')}?watched=on",
    }
    return admin.site.index(request, extra_context=context)


def posted_record(request):
    """The record named by the POST's model and object_id that the user may see, and its admin."""
    model = MODELS_BY_KEY.get(request.POST.get("model", ""))
    if model is None or not admin.site.is_registered(model):
        raise Http404("No such kind of record.")
    model_admin = admin.site.get_model_admin(model)
    obj = model_admin.get_object(request, request.POST.get("object_id", ""))
    if obj is None:
        raise Http404("No such record.")
    if not model_admin.has_view_or_change_permission(request, obj):
        raise PermissionDenied
    return obj


@require_POST
def watch_view(request):
    """Watch a record, or stop watching it; back to its change form."""
    obj = posted_record(request)
    parts = " (and its sections and their events)" if isinstance(obj, Article) else ""
    if toggle_watch(request.user, obj):
        message = f"You now watch “{obj}”{parts}: its changes show on your admin home page."
    else:
        message = f"You no longer watch “{obj}”{parts}."
    messages.success(request, message)
    opts = obj._meta
    return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))


@require_POST
def presence_view(request):
    """Say that the user has a record open; answer who else has (JSON, for the change form's script)."""
    others = presence.here(request.user, posted_record(request))
    return JsonResponse(
        {
            "message": presence.message(others),
            "others": [{"name": other.name, "since": other.since.isoformat()} for other in others],
        }
    )


app_name = "changes"
urlpatterns = [
    path("", admin.site.admin_view(admin_home_view), name="home"),
    path("recent-changes/", admin.site.admin_view(recent_changes_view), name="recent"),
    path("watch/", admin.site.admin_view(watch_view), name="watch"),
    path("presence/", admin.site.admin_view(presence_view), name="presence"),
]
