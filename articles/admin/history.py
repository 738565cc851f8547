"""History in the editors' admin: who changed what and when, a diff of any two versions, restore, recover.

Built on django-simple-history's SimpleHistoryAdmin, which lists an object's versions and opens
any of them in a form whose "Revert" button saves it back. Added here:

- ``history/compare/?from=…&to=…``: the two versions side by side, field by field, text word by word
  (``?to=…`` alone: that version against the one before it, i.e. what that change did);
- a restore (revert) that keeps today's bookkeeping: the version counter (so a restore is refused
  like any save when someone saved meanwhile) and the import snapshot (so a re-import treats the
  restored text as an editor's choice and keeps it); and that brings back the version's
  many-to-many links, not only its fields;
- ``recover/``: the deleted records of the model, each with the version it had before deletion,
  which can be saved back under its old id; a ModelAdmin says what else comes back with it, or why
  it cannot come back (``recovery_note``, ``recovery_outcome``, ``unrecoverable``: articles.admin.deletion).
"""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import IntegrityError, router, transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import capfirst
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import is_historic, to_historic
from simple_history.utils import get_m2m_reverse_field_name

from articles import history_internals
from articles.admin.changes import ChangesAdminMixin, posted_summary
from articles.admin.versioned import claim_loaded_version
from articles.editorial.changes import edit_summary
from articles.editorial.diffing import field_diffs
from articles.editorial.locking import claim_version, is_versioned
from articles.services.deletes import DELETED

RECOVERED_REASON = "recovered after deletion"
# Fields a restore takes from the record as it is now, not from the old version: bookkeeping.
KEPT_ON_RESTORE = ("imported", "version", "created_at")


def restored_reason(record):
    return f"restored the version of {date_format(timezone.localtime(record.history_date), 'DATETIME_FORMAT')}"


def _number(text):
    try:
        return int(text)
    except (TypeError, ValueError):
        raise Http404("Choose two versions to compare.") from None


def version_label(record):
    """Name a historical record for people: when, by whom, what kind of change."""
    who = record.history_user or record.history_change_reason or "unknown"
    when = date_format(timezone.localtime(record.history_date), "DATETIME_FORMAT")
    return f"{when}, {record.get_history_type_display().lower()} by {who}"


def record_name(record):
    """Name the object of a historical record, even when what its name includes is deleted too."""
    try:
        return str(record.instance)
    except ObjectDoesNotExist:  # a section's name includes its article's
        for name in ("title", "name", "term"):
            if getattr(record, name, ""):
                return getattr(record, name)
        return f"{record.instance_type._meta.verbose_name} {record.pk}"


class HistoryAdmin(ChangesAdminMixin, SimpleHistoryAdmin):
    """A ModelAdmin whose objects have a history that editors can read, compare, restore and recover."""

    object_history_template = "admin/articles/history/object_history.html"
    object_history_form_template = "admin/articles/history/object_history_form.html"
    object_history_list_template = "admin/articles/history/object_history_list.html"
    recover_list_template = "admin/articles/history/recover_list.html"
    recover_form_template = "admin/articles/history/recover_form.html"
    history_list_per_page = 50
    recover_list_limit = 200

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        own = [
            # Before simple-history's "<id>/history/<version>/", which would take "compare" for a version.
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.history_compare_view),
                name="{}_{}_history_compare".format(*info),
            ),
            path(
                "recover/", self.admin_site.admin_view(self.recover_list_view), name="{}_{}_recover_list".format(*info)
            ),
            path(
                "recover/<int:history_id>/",
                self.admin_site.admin_view(self.recover_view),
                name="{}_{}_recover".format(*info),
            ),
        ]
        return own + super().get_urls()

    def history(self):
        return self.model.history

    # -- the list of versions --------------------------------------------------------------------

    def history_view(self, request, object_id, extra_context=None):
        info = self.opts.app_label, self.opts.model_name
        object_id = unquote(object_id)
        latest = self.history().filter(**{self.opts.pk.attname: object_id}).order_by("-history_date").first()
        extra_context = {
            **(extra_context or {}),
            "compare_url": reverse("admin:{}_{}_history_compare".format(*info), args=[object_id]),
            "object_name": record_name(latest) if latest else "",
        }
        return super().history_view(request, object_id, extra_context)

    def history_view_title(self, request, obj):
        # The object may be deleted, with what its name includes (a section's article): name it safely.
        return f"History: {record_name(to_historic(obj)) if is_historic(obj) else obj}"

    # -- compare two versions --------------------------------------------------------------------

    def history_compare_view(self, request, object_id):
        """Show what changed between two versions of an object (any two, in either order)."""
        object_id = unquote(object_id)
        records = self.history().filter(**{self.opts.pk.attname: object_id}).select_related("history_user")
        first_version = False
        try:
            chosen = [get_object_or_404(records, history_id=int(request.GET[key])) for key in ("from", "to")]
        except KeyError:
            # Only "to": the change that version made, against the version before it.
            to = get_object_or_404(records, history_id=_number(request.GET.get("to")))
            chosen = [to.prev_record or to, to]
            first_version = chosen[0] is to
        except ValueError:
            raise Http404("Choose two versions to compare.") from None
        old, new = sorted(chosen, key=lambda record: (record.history_date, record.history_id))
        obj = self.model._default_manager.filter(pk=object_id).first() or new.instance
        if not self.has_view_history_or_change_history_permission(request, obj):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": f"Compare versions: {record_name(new)}",
            "subtitle": None,
            "opts": self.opts,
            "object": obj,
            "object_name": record_name(new),
            "old": old,
            "new": new,
            "old_label": version_label(old),
            "new_label": version_label(new),
            "diffs": field_diffs(old, new),
            "first_version": first_version,
            "history_url": reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_history", args=[object_id]),
            "revert_disabled": self.revert_disabled(request, obj),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/articles/history/compare.html", context)

    # -- restore an earlier version (simple-history's revert form) --------------------------------

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # One transaction, as for the change form: the version check locks the row until the save.
        with transaction.atomic(using=router.db_for_write(self.model)), edit_summary(posted_summary(request)):
            return super().history_form_view(request, object_id, version_id, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None and is_historic(obj):
            self.keep_bookkeeping(obj)
        return super().get_form(request, obj, change, **kwargs)

    def keep_bookkeeping(self, old_version):
        """Give an old version today's bookkeeping fields, so that restoring it is a save like any other."""
        names = [name for name in KEPT_ON_RESTORE if any(f.name == name for f in self.opts.concrete_fields)]
        current = self.model._default_manager.filter(pk=old_version.pk).values(*names).first()
        for name, value in (current or {}).items():
            setattr(old_version, name, value)

    def save_model(self, request, obj, form, change):
        self.prepare_save(obj, form, change)
        super().save_model(request, obj, form, change)

    def prepare_save(self, obj, form, change):
        """Claim the version the form was loaded with, and name a restore as such in the history."""
        claim_loaded_version(obj, form, change)  # the form's clean() checked and locked it
        if is_historic(obj):
            obj._change_reason = restored_reason(to_historic(obj))

    def save_formset(self, request, form, formset, change):
        # Inline records are saved by the formset: claim the version of each one that changed.
        if is_versioned(formset.model):
            for inline_form in formset.initial_forms:
                if inline_form.has_changed() and inline_form not in formset.deleted_forms:
                    claim_version(inline_form.instance, inline_form.cleaned_data["loaded_version"])
        super().save_formset(request, form, formset, change)

    # -- recover deleted objects -----------------------------------------------------------------

    def deleted_records(self):
        """Return the last record of each deleted object that is still gone, newest deletion first."""
        gone = (
            self.history()
            .filter(history_type=DELETED)
            .exclude(**{f"{self.opts.pk.attname}__in": self.model._default_manager.values("pk")})
            .select_related("history_user")
            .order_by("-history_date", "-history_id")
        )
        latest = {}
        for record in gone[: self.recover_list_limit]:
            if getattr(record, self.opts.pk.attname) not in latest:
                record.name = record_name(record)
                latest[getattr(record, self.opts.pk.attname)] = record
        return list(latest.values())

    def recover_list_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": f"Recover deleted {self.opts.verbose_name_plural}",
            "subtitle": None,
            "opts": self.opts,
            "records": self.deleted_records(),
            "limit": self.recover_list_limit,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.recover_list_template, context)

    def recover_view(self, request, history_id):
        """Show a deleted object as it was before deletion; on POST, save it back under its old id."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        deletion = get_object_or_404(self.history(), history_id=history_id, history_type=DELETED)
        before = deletion.prev_record or deletion
        object_id = getattr(deletion, self.opts.pk.attname)
        info = self.opts.app_label, self.opts.model_name
        if self.model._default_manager.filter(pk=object_id).exists():
            self.message_user(request, f"This {self.opts.verbose_name} is not deleted any more.", messages.INFO)
            return HttpResponseRedirect(reverse("admin:{}_{}_change".format(*info), args=[object_id]))
        unrecoverable = self.unrecoverable(deletion)
        if request.method == "POST" and unrecoverable:
            self.message_user(request, f"Not recovered: {unrecoverable}", messages.ERROR)
        elif request.method == "POST":
            try:
                with edit_summary(posted_summary(request)):
                    obj = self.recover(request, deletion, before)
            except ValidationError as error:
                self.message_user(request, f"Not recovered: {' '.join(error.messages)}", messages.ERROR)
            else:
                self.log_addition(request, obj, [{"added": {}}])
                self.message_user(
                    request,
                    format_html(
                        "The {} “{}” was recovered. {}", self.opts.verbose_name, obj, self.recovery_outcome(obj)
                    ),
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": f"Recover {self.opts.verbose_name}: {record_name(before)}",
            "subtitle": None,
            "opts": self.opts,
            "deletion": deletion,
            "name": record_name(before),
            "deletion_label": version_label(deletion),
            "fields": self.recovered_fields(before),
            "note": self.recovery_note(deletion),
            "unrecoverable": unrecoverable,
            "recover_list_url": reverse("admin:{}_{}_recover_list".format(*info)),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.recover_form_template, context)

    def unrecoverable(self, deletion):
        """Return why the deleted object cannot come back at all, or None when it can."""
        return None

    def recovery_note(self, deletion):
        """Say, on the recover page, what of the records that pointed at the object comes back with it."""
        return (
            "Records that pointed at it (a person's glossary entry, for example) were unlinked when it was "
            "deleted and are not relinked."
        )

    def recovery_outcome(self, obj):
        """Say, after the recovery, what came back with ``obj`` (an empty string: nothing)."""
        return ""

    def recovered_fields(self, record):
        """Return (label, value) of every field a recovery brings back, for the confirmation page."""
        instance = record.instance
        rows = []
        for model_field in self.opts.concrete_fields:
            if not model_field.editable or model_field.primary_key:
                continue
            display = getattr(instance, f"get_{model_field.name}_display", None)
            try:
                value = display() if display else getattr(instance, model_field.name)
            except ObjectDoesNotExist:  # what it belonged to is deleted too
                value = f"(deleted: {model_field.related_model._meta.verbose_name} {getattr(instance, model_field.attname)})"
            rows.append((capfirst(model_field.verbose_name), value))
        for model_field in history_internals.many_to_many_fields(record):
            related = get_m2m_reverse_field_name(model_field)
            items = [str(getattr(row, related)) for row in getattr(record, model_field.name).select_related(related)]
            rows.append((capfirst(model_field.verbose_name), ", ".join(items)))
        return rows

    def recover(self, request, deletion, before):
        """Save the object back as ``before`` had it (fields and many-to-many links); return it.

        Raise ValidationError when it cannot come back as it was: its slug was taken since, or
        what it belongs to (a section's article) is deleted too and must be recovered first.
        """
        obj = before.instance
        obj._state.adding = True
        if is_versioned(self.model):
            obj.version = deletion.version + 1
        try:
            obj.full_clean()
        except ValidationError as error:
            raise ValidationError(error.messages) from None
        obj._history_user = request.user
        obj._change_reason = RECOVERED_REASON
        try:
            with transaction.atomic(using=router.db_for_write(self.model)):
                obj.save(force_insert=True)
                for model_field in history_internals.many_to_many_fields(before):
                    related = get_m2m_reverse_field_name(model_field)
                    pks = getattr(before, model_field.name).values_list(f"{related}_id", flat=True)
                    target = model_field.related_model._default_manager.filter(pk__in=list(pks))
                    getattr(obj, model_field.name).set(target)
        except IntegrityError as error:
            raise ValidationError(f"the database refused it ({str(error).splitlines()[0]})") from None
        return obj

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        if self.has_add_permission(request):
            info = self.opts.app_label, self.opts.model_name
            extra_context["recover_url"] = reverse("admin:{}_{}_recover_list".format(*info))
        return super().changelist_view(request, extra_context)
