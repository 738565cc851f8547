"""What every editable model's admin adds for working together: edit summaries, watching, presence.

- Every save can carry a one-line edit summary: the change form (and a restore's form) has the
  field above its buttons, the changelist has it in its actions bar (for a bulk action and for
  the list's own edits), and the delete confirmations have it too. The views that save run inside
  ``edit_summary()``, which gives it to each history record they write.
- The change form has a Watch / Stop watching button, and says who else has the record open.
"""

from django import forms
from django.contrib.admin import helpers
from django.urls import reverse

from articles.editorial import presence
from articles.editorial.changes import SUMMARY_FIELD, SUMMARY_HELP, SUMMARY_MAX_LENGTH, edit_summary, is_watching


class SummaryField(forms.CharField):
    """The edit summary: about the save, never a change to the record itself."""

    def __init__(self, **kwargs):
        widget = forms.TextInput(
            attrs={"size": 80, "class": "edit-summary-input", "placeholder": "What you changed, and why"}
        )
        super().__init__(
            required=False,
            max_length=SUMMARY_MAX_LENGTH,
            label="Edit summary",
            help_text=SUMMARY_HELP,
            widget=widget,
            **kwargs,
        )

    def has_changed(self, initial, data):
        return False


class SummaryActionForm(helpers.ActionForm):
    """The changelist's actions bar, with the summary of a bulk action or of the list's own edits."""

    edit_summary = SummaryField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[SUMMARY_FIELD].widget.attrs.update(size=30, placeholder="Edit summary (optional)")
        self.fields[SUMMARY_FIELD].label = ""


def summary_form(form_class):
    """Return ``form_class`` with the edit summary field."""
    return type(form_class.__name__, (form_class,), {SUMMARY_FIELD: SummaryField()})


def posted_summary(request):
    return request.POST.get(SUMMARY_FIELD, "") if request.method == "POST" else ""


class ChangesAdminMixin:
    """A ModelAdmin mixin: edit summaries on every save, watching and presence on the change form."""

    action_form = SummaryActionForm

    def get_form(self, request, obj=None, change=False, **kwargs):
        # Wrap whatever form another mixin chose (a working copy's form, for one).
        kwargs["form"] = summary_form(kwargs.get("form", self.form))
        return super().get_form(request, obj, change, **kwargs)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with edit_summary(posted_summary(request)):
            return super().changeform_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        with edit_summary(posted_summary(request)):
            return super().changelist_view(request, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        with edit_summary(posted_summary(request)):
            return super().delete_view(request, object_id, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and not add:
            context.update(working_together_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)


def working_together_context(request, obj):
    """What the change form shows of the others: whether its editor watches it, and who else has it open."""
    opts = obj._meta
    target = {"model": opts.model_name, "object_id": obj.pk}
    return {
        "watching": is_watching(request.user, obj),
        "watch_url": reverse("changes:watch"),
        "watch_target": target,
        "presence_url": reverse("changes:presence"),
        "presence_target": target,
        "presence_ping_seconds": presence.PING_SECONDS,
        "presence_message": presence.message(presence.here(request.user, obj)),
    }
