"""Working copies in the editors' admin: save a draft, preview, compare, submit, review, publish, schedule.

``WorkingCopyAdmin`` is mixed into the content ModelAdmins (articles.admin.content.ContentAdmin).
A change form posts one of these buttons:

- ``_save_draft`` "Save draft": the form's fields become the record's working copy; readers see
  nothing change. On a record that was never published, the record itself is saved (it is not
  public anyway).
- ``_submit_review`` "Submit for review": the same, and the working copy waits in the review queue.
- ``_publish`` "Publish": the posted form goes live and the working copy is dropped (publishers only).
- ``_save``/``_continue``: Django's save, for never-published records; on a live record, a
  publisher's save publishes and anyone else's is kept as a draft.

Restoring a version from the history of a live record makes it the working copy: it never
unpublishes. The state column of the changelists is ``publication_state``.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router, transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from simple_history.models import is_historic, to_historic

from articles.admin.changes import posted_summary
from articles.admin.history import restored_reason
from articles.editorial import drafts
from articles.editorial.changes import with_summary
from articles.editorial.forms import LoadedVersionField
from articles.models import Status, WorkingCopy

DRAFT, SUBMIT, PUBLISH, SAVE = "draft", "submit", "publish", "save"


class DraftFormMixin(forms.Form):
    """Open on the record's working copy; refuse to save over a working copy saved since."""

    loaded_draft = LoadedVersionField(required=False, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        copy_ = getattr(self.instance, "_working_copy", None)
        self.initial.setdefault("loaded_draft", copy_.revision if copy_ else 0)
        if copy_ is not None and not self.is_bound:
            self.initial.update(drafts.form_initial(type(self.instance), copy_.data))

    def clean(self):
        cleaned_data = super().clean()
        if self.instance._state.adding:
            return cleaned_data
        if "_save_draft" in self.data and any(
            isinstance(self.fields[name], forms.FileField) for name in self.changed_data
        ):
            raise forms.ValidationError(
                "A new file cannot wait in a draft: publish it, or save the draft without it.", code="draft_file"
            )
        current = drafts.working_copy(self.instance)
        loaded = cleaned_data.get("loaded_draft") or 0
        if (current.revision if current else 0) != loaded:
            self.data = self.data.copy()
            self.data[self.add_prefix("loaded_draft")] = current.revision if current else 0
            who = current.author.get_username() if current and current.author else "someone"
            what = "saved a draft of it" if current else "published or discarded its draft"
            raise forms.ValidationError(
                f"Not saved: {who} {what} after you opened this {self.instance._meta.verbose_name}. Your text "
                "is still in the form below: save again to replace theirs, or reload the page to start from it.",
                code="draft_conflict",
            )
        return cleaned_data


class ScheduleForm(forms.Form):
    go_live_at = forms.DateTimeField(
        required=False,
        label="Publish the working copy at",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text="Empty: not scheduled.",
    )
    expires_at = forms.DateTimeField(
        required=False,
        label="Unpublish at",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text="Empty: stays live.",
    )


class WorkingCopyAdmin(admin.ModelAdmin):
    """The working-copy workflow for a ModelAdmin of publishable records."""

    change_form_template = "admin/articles/drafts/change_form.html"

    # -- urls ---------------------------------------------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        views = [
            ("draft/preview/", self.draft_preview_view, "draft_preview"),
            ("draft/compare/", self.draft_compare_view, "draft_compare"),
            ("draft/discard/", self.draft_discard_view, "draft_discard"),
            ("schedule/", self.schedule_view, "schedule"),
            ("unpublish/", self.unpublish_view, "unpublish"),
        ]
        own = [
            path(f"<path:object_id>/{route}", self.admin_site.admin_view(view), name="{}_{}_".format(*info) + name)
            for route, view, name in views
        ]
        return own + super().get_urls()

    def url(self, name, obj):
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_{name}", args=[obj.pk])

    # -- the change form ----------------------------------------------------------------------------

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            obj._working_copy = drafts.working_copy(obj)
        return obj

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None and not is_historic(obj):
            kwargs["form"] = type("DraftForm", (DraftFormMixin, kwargs.get("form", self.form)), {})
        return super().get_form(request, obj, change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or is_historic(obj):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], "loaded_draft"]}), *rest]

    def has_status(self):
        return any(field.name == "status" for field in self.opts.concrete_fields)

    def get_readonly_fields(self, request, obj=None):
        # Publishing and unpublishing are buttons with their own checks, never a field's value.
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "status"] if self.has_status() and "status" not in fields else fields

    def get_actions(self, request):
        # Unpublishing asks first, in bulk too.
        actions = super().get_actions(request)
        if "unpublish" in actions:
            func, name, description = actions["unpublish"]
            actions["unpublish"] = (confirmed_action(func, description), name, description)
        return actions

    def get_list_display(self, request):
        return ["publication_state" if name == "status" else name for name in super().get_list_display(request)]

    def get_queryset(self, request):
        return drafts.with_states(super().get_queryset(request))

    @admin.display(description="state")
    def publication_state(self, obj):
        state = drafts.state_label(obj, getattr(obj, "working_state", None), getattr(obj, "working_go_live", None))
        return format_html(
            '<span class="publication-state state-{}">{}</span>', state.lower().replace(" + ", "-"), state
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and "_publish" in request.POST and not drafts.can_publish(request.user):
            raise PermissionDenied
        return super().changeform_view(request, object_id, form_url, extra_context)

    def draft_intent(self, request, obj, change):
        """What a posted change form asks for: DRAFT, SUBMIT, PUBLISH or SAVE (Django's save)."""
        post = request.POST
        if "_submit_review" in post:
            return SUBMIT
        if "_publish" in post:
            return PUBLISH
        live = change and self.is_live_now(obj)
        if is_historic(obj):
            return DRAFT if live else SAVE
        if "_save_draft" in post:
            return DRAFT if live or getattr(obj, "_working_copy", None) else SAVE
        if live:
            return PUBLISH if drafts.can_publish(request.user) else DRAFT
        return SAVE

    def save_model(self, request, obj, form, change):
        intent = request._draft_intent = self.draft_intent(request, obj, change)
        live = change and self.is_live_now(obj)
        if intent in (DRAFT, SUBMIT) and live:
            # The record stays as readers see it: its links too (a restore saves them directly).
            form.save_m2m = lambda: None
            data = drafts.snapshot(form)
            # The restore's reason and the editor's summary wait with the draft for its publication.
            reason = restored_reason(to_historic(obj)) if is_historic(obj) else ""
            reason = with_summary(reason, posted_summary(request))
            if reason:
                data[drafts.REASON] = reason
            self.store_working_copy(request, obj, data, intent)
            return
        if is_historic(obj) and self.has_status():
            obj.status = self.model._default_manager.filter(pk=obj.pk).values_list("status", flat=True).first()
        if intent == PUBLISH and self.has_status():
            obj.status = Status.PUBLISHED
            copy_ = getattr(obj, "_working_copy", None)
            if copy_ is not None and copy_.data.get(drafts.REASON):
                obj._change_reason = copy_.data[drafts.REASON]
        self.save_live(request, obj, form, change)
        request._draft_snapshot = drafts.snapshot(form)

    def save_live(self, request, obj, form, change):
        """Save the record itself (what readers see): the ModelAdmin's save."""
        super().save_model(request, obj, form, change)

    def is_live_now(self, obj):
        """Whether the record, as the database has it now, is what readers see."""
        if not self.has_status():
            return True
        return self.model._default_manager.filter(pk=obj.pk, status=Status.PUBLISHED).exists()

    def save_related(self, request, form, formsets, change):
        if (
            getattr(request, "_draft_intent", SAVE) in (DRAFT, SUBMIT)
            and getattr(request, "_draft_snapshot", None) is None
        ):
            if any(formset.has_changed() for formset in formsets):
                self.message_user(
                    request,
                    "The changes to the list below the form were not saved with the draft: edit each of them in "
                    "its own form.",
                    messages.WARNING,
                )
            return
        super().save_related(request, form, formsets, change)
        obj = form.instance
        intent = getattr(request, "_draft_intent", SAVE)
        if intent == PUBLISH:
            drafts.discard(obj)
        elif intent == SUBMIT or (change and drafts.working_copy(obj) is not None):
            # A never-published record: the form saved it; its working copy carries the review or schedule.
            self.store_working_copy(request, obj, request._draft_snapshot, intent)

    def store_working_copy(self, request, obj, data, intent):
        if intent == SUBMIT:
            drafts.submit_for_review(obj, data, request.user)
        else:
            copy_ = drafts.working_copy(obj)
            state = copy_.state if copy_ and copy_.state == WorkingCopy.State.IN_REVIEW else WorkingCopy.State.DRAFT
            drafts.save_draft(obj, data, request.user, state=state)

    def construct_change_message(self, request, form, formsets, add=False):
        intent = getattr(request, "_draft_intent", SAVE)
        if intent in (DRAFT, SUBMIT) and getattr(request, "_draft_snapshot", None) is None:
            fields = ", ".join(form.changed_data) or "no field"
            return f"{'Submitted for review' if intent == SUBMIT else 'Saved a draft'} (not published): {fields}."
        return super().construct_change_message(request, form, formsets, add)

    def response_change(self, request, obj):
        intent = getattr(request, "_draft_intent", SAVE)
        if intent in (DRAFT, SUBMIT):
            if intent == SUBMIT:
                text = (
                    "Submitted for review: reviewers are notified; readers see the live version until one approves it."
                )
            elif drafts.is_live(obj):
                text = "Draft saved: readers still see the live version."
            else:
                text = "Saved: not published yet."
            if "_save_draft" not in request.POST and intent == DRAFT and drafts.is_live(obj):
                text = "Saved as a draft: you may not publish, so it waits for a reviewer. " + text
            self.message_user(request, text, messages.SUCCESS)
            return HttpResponseRedirect(self.url("change", obj))
        if intent == PUBLISH:
            self.message_user(request, format_html("“{}” is live.", obj), messages.SUCCESS)
            if "_continue" in request.POST:
                return HttpResponseRedirect(self.url("change", obj))
        return super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        if getattr(request, "_draft_intent", SAVE) in (PUBLISH, SUBMIT):
            self.message_user(request, format_html("“{}” saved.", obj), messages.SUCCESS)
            return HttpResponseRedirect(self.url("change", obj))
        return super().response_add(request, obj, post_url_continue)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and not add:
            copy_ = getattr(obj, "_working_copy", None)
            context["drafting"] = {
                "copy": copy_,
                "description": drafts.describe(copy_, obj) if copy_ else "",
                "live": drafts.is_live(obj),
                "may_unpublish": self.has_status() and drafts.is_live(obj),
                "can_publish": drafts.can_publish(request.user),
                "expiry": drafts.expiry(obj),
                "preview_url": self.url("draft_preview", obj) if hasattr(obj, "get_absolute_url") else "",
                "compare_url": self.url("draft_compare", obj),
                "discard_url": self.url("draft_discard", obj),
                "schedule_url": self.url("schedule", obj),
                "unpublish_url": self.url("unpublish", obj),
            }
        else:
            context["drafting"] = {"adding": True, "can_publish": drafts.can_publish(request.user)}
        return super().render_change_form(request, context, add, change, form_url, obj)

    # -- the draft's own pages ----------------------------------------------------------------------

    def record_or_404(self, request, object_id, permission="change"):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(f"No {self.opts.verbose_name} with this id.")
        allowed = {
            "change": self.has_change_permission(request, obj),
            "view": self.has_view_or_change_permission(request, obj),
            "publish": self.has_change_permission(request, obj) and drafts.can_publish(request.user),
        }[permission]
        if not allowed:
            raise PermissionDenied
        return obj

    def page(self, request, obj, template, title, **context):
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request,
            f"admin/articles/drafts/{template}",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "subtitle": None,
                "opts": self.opts,
                "object": obj,
                "change_url": self.url("change", obj),
                **context,
            },
        )

    def draft_preview_view(self, request, object_id):
        """The record's public page with its working copy in place (staff only, never cached)."""
        obj = self.record_or_404(request, object_id, "view")
        if not hasattr(obj, "get_absolute_url"):
            raise Http404("This record has no public page of its own.")
        copy_ = obj._working_copy
        return drafts.render_preview(request, obj, copy_.data if copy_ else {})

    def draft_compare_view(self, request, object_id):
        obj = self.record_or_404(request, object_id, "view")
        copy_ = obj._working_copy
        if copy_ is None:
            self.message_user(request, "There is no draft: the form shows the live version.", messages.INFO)
            return HttpResponseRedirect(self.url("change", obj))
        return self.page(
            request,
            obj,
            "compare.html",
            f"Compare with live: {obj}",
            copy=copy_,
            description=drafts.describe(copy_, obj),
            diffs=drafts.draft_diffs(obj, copy_.data),
        )

    def draft_discard_view(self, request, object_id):
        obj = self.record_or_404(request, object_id)
        if obj._working_copy is None:
            return HttpResponseRedirect(self.url("change", obj))
        return self.confirm(
            request,
            obj,
            lambda: drafts.discard(obj),
            logged="Discarded the draft.",
            done="Draft discarded: the form shows the live version.",
            title=f"Discard the draft of {obj}?",
            question="Its unpublished changes are lost; the live version stays as it is.",
            button="Yes, discard the draft",
            description=drafts.describe(obj._working_copy, obj),
        )

    def unpublish_view(self, request, object_id):
        obj = self.record_or_404(request, object_id, "publish")
        if not (self.has_status() and drafts.is_live(obj)):
            return HttpResponseRedirect(self.url("change", obj))
        return self.confirm(
            request,
            obj,
            lambda: drafts.unpublish(obj, user=request.user),
            logged="Unpublished.",
            done=format_html("“{}” is no longer public.", obj),
            title=f"Unpublish {obj}?",
            question="Readers will no longer find it, on any page; its text, its draft and its history stay.",
            button="Yes, unpublish it",
        )

    def confirm(self, request, obj, act, *, logged, done, title, **context):
        """Ask before ``act()`` (a GET shows the question); once confirmed, do it and go back to the form."""
        if request.method != "POST":
            return self.page(request, obj, "confirm.html", title, **context)
        act()
        self.log_change(request, obj, logged)
        self.message_user(request, done, messages.SUCCESS)
        return HttpResponseRedirect(self.url("change", obj))

    def schedule_view(self, request, object_id):
        obj = self.record_or_404(request, object_id, "publish")
        copy_, expiry = obj._working_copy, drafts.expiry(obj)
        initial = {
            "go_live_at": copy_.go_live_at if copy_ else None,
            "expires_at": expiry.expires_at if expiry else None,
        }
        form = ScheduleForm(request.POST or None, initial=initial)
        if copy_ is None:
            form.fields.pop("go_live_at")
        if not self.has_status() or (not drafts.is_live(obj) and copy_ is None):
            form.fields.pop("expires_at")
        if request.method == "POST" and form.is_valid():
            with transaction.atomic(using=router.db_for_write(WorkingCopy)):
                if copy_ is not None:
                    WorkingCopy.objects.filter(pk=copy_.pk).update(go_live_at=form.cleaned_data["go_live_at"])
                if "expires_at" in form.fields:
                    drafts.set_expiry(obj, form.cleaned_data["expires_at"], request.user)
            self.log_change(request, obj, "Changed its schedule.")
            self.message_user(request, "Schedule saved.", messages.SUCCESS)
            return HttpResponseRedirect(self.url("change", obj))
        return self.page(
            request, obj, "schedule.html", f"Schedule: {obj}", form=form, now=timezone.localtime(), copy=copy_
        )


def confirmed_action(func, description):
    """Wrap an admin action so that it first shows the selected records and asks for a confirmation."""

    def action(modeladmin, request, queryset):
        if request.POST.get("confirmed") == "yes":
            return func(modeladmin, request, queryset)
        opts = modeladmin.model._meta
        request.current_app = modeladmin.admin_site.name
        context = {
            **modeladmin.admin_site.each_context(request),
            "title": str(description) % {"verbose_name_plural": opts.verbose_name_plural} + "?",
            "subtitle": None,
            "opts": opts,
            "records": list(queryset[:100]),
            "count": queryset.count(),
            "action": request.POST.get("action", ""),
            "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
            "select_across": request.POST.get("select_across", "0"),
            "checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/articles/drafts/confirm_action.html", context)

    action.__name__ = getattr(func, "__name__", "action")
    return action


# -- the review queue -------------------------------------------------------------------------------


@admin.register(WorkingCopy)
class ReviewQueueAdmin(admin.ModelAdmin):
    """The working copies submitted for review, each with its diff; a reviewer approves or rejects."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return drafts.can_publish(request.user)

    def get_urls(self):
        return [
            path("", self.admin_site.admin_view(self.queue_view), name="articles_workingcopy_changelist"),
            path("<int:pk>/review/", self.admin_site.admin_view(self.review_view), name="articles_workingcopy_review"),
        ]

    def queue_view(self, request):
        if not drafts.can_publish(request.user):
            raise PermissionDenied
        submitted = (
            WorkingCopy.objects.filter(state=WorkingCopy.State.IN_REVIEW)
            .select_related("author", "content_type")
            .order_by("submitted_at", "pk")[:100]
        )
        items = []
        for copy_ in submitted:
            obj = copy_.record
            if obj is None:
                continue
            info = obj._meta.app_label, obj._meta.model_name
            items.append(
                {
                    "copy": copy_,
                    "object": obj,
                    "kind": obj._meta.verbose_name,
                    "diffs": drafts.draft_diffs(obj, copy_.data),
                    "change_url": reverse("admin:{}_{}_change".format(*info), args=[obj.pk]),
                    "preview_url": reverse("admin:{}_{}_draft_preview".format(*info), args=[obj.pk]),
                    "review_url": reverse("admin:articles_workingcopy_review", args=[copy_.pk]),
                }
            )
        request.current_app = self.admin_site.name
        context = {
            **self.admin_site.each_context(request),
            "title": "Review queue",
            "subtitle": None,
            "opts": self.opts,
            "items": items,
        }
        return TemplateResponse(request, "admin/articles/drafts/review_queue.html", context)

    def review_view(self, request, pk):
        if request.method != "POST" or not drafts.can_publish(request.user):
            raise PermissionDenied
        copy_ = get_object_or_404(WorkingCopy, pk=pk, state=WorkingCopy.State.IN_REVIEW)
        obj = copy_.record
        if obj is None:
            raise Http404("The record is gone.")
        queue = reverse("admin:articles_workingcopy_changelist")
        if "_approve" in request.POST:
            try:
                drafts.approve(copy_, obj, request.user)
            except ValidationError as error:
                self.message_user(request, f"Not published: {' '.join(error.messages)}", messages.ERROR)
                return HttpResponseRedirect(queue)
            self.message_user(request, format_html("Approved: “{}” is live.", obj), messages.SUCCESS)
        elif "_reject" in request.POST:
            comment = request.POST.get("comment", "").strip()
            if not comment:
                self.message_user(request, "Say what should change: a rejection needs a comment.", messages.ERROR)
                return HttpResponseRedirect(queue)
            drafts.reject(copy_, obj, request.user, comment)
            self.message_user(request, format_html("Sent back to its author: “{}”.", obj), messages.SUCCESS)
        return HttpResponseRedirect(queue)
