"""Form fields for editing the articles' records in the admin."""

from urllib.parse import urlencode

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from simple_history.models import is_historic, to_historic
from simple_history.utils import get_m2m_reverse_field_name

from articles import history_internals
from articles.editorial.locking import current_version
from articles.services.snapshot_writer import CHANGE_REASON as IMPORT_REASON


class LinesListField(forms.CharField):
    """Edit a list of strings as a textarea holding one item per line.

    Surrounding spaces, blank lines and repeated items are dropped, so what is saved is a clean
    JSON list of strings in the order the editor wrote them.
    """

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        if value is None:
            return ""
        if isinstance(value, (list, tuple)):
            return "\n".join(str(item) for item in value)
        # Already text: the editor's own input, shown again after a validation error.
        return value

    def to_python(self, value):
        text = super().to_python(value)
        unique_lines = dict.fromkeys(line.strip() for line in text.splitlines())
        return [line for line in unique_lines if line]


class UnixNewlinesField(forms.CharField):
    """A text whose line breaks are saved as LF, whatever the browser sent (CRLF from a textarea)."""

    def to_python(self, value):
        text = super().to_python(value)
        return text.replace("\r\n", "\n").replace("\r", "\n")


class LoadedVersionField(forms.IntegerField):
    """The version of the record a form was loaded with: bookkeeping, never a change the editor made."""

    widget = forms.HiddenInput

    def has_changed(self, initial, data):
        return False


class VersionedModelForm(forms.ModelForm):
    """Carry the version of the record the form was loaded with; refuse to save over a newer one.

    Two editors who open the same record both load version n. The first save moves it to n + 1;
    the second form still says n, so its save is refused with a form error that links to the
    other change, and the editor's typed text stays in the form. The hidden field then takes the
    current version: saving again is a deliberate choice to replace the other change.

    Also a revert form: built on a historical instance (simple-history's revert view), it shows
    that version's many-to-many links, not today's.
    """

    loaded_version = LoadedVersionField(required=False, min_value=1)
    # An inline form that the editor left as it was is not saved, so it needs no check.
    check_unchanged = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance._state.adding:
            self.initial.setdefault("loaded_version", self.instance.version)
        historical = historical_record(self.instance)
        if historical is not None:
            self.initial.update(historical_many_to_many(historical, self.fields))

    def clean(self):
        cleaned_data = super().clean()
        if self.instance._state.adding or not (self.check_unchanged or self.has_changed()):
            return cleaned_data
        current = current_version(self.instance, lock=True)
        loaded = cleaned_data.get("loaded_version")
        if current is None:
            raise forms.ValidationError(
                "Not saved: someone deleted this record after you opened it. Its history keeps every "
                "version, and it can be recovered from its list's “Recover deleted” page.",
                code="deleted",
            )
        if loaded != current:
            # The next save of this form replaces the other change: the message says so.
            self.data = self.data.copy()
            self.data[self.add_prefix("loaded_version")] = current
            raise forms.ValidationError(conflict_message(self.instance, loaded), code="edit_conflict")
        return cleaned_data


class VersionedInlineForm(VersionedModelForm):
    check_unchanged = False


def historical_record(instance):
    """Return the historical record an instance was made from (a revert form's), or None."""
    return to_historic(instance) if is_historic(instance) else None


def historical_many_to_many(record, fields):
    """Return the initial values of the many-to-many form fields as the historical record had them."""
    initial = {}
    for model_field in history_internals.many_to_many_fields(record):
        if model_field.name in fields:
            related = get_m2m_reverse_field_name(model_field)
            rows = getattr(record, model_field.name).values_list(f"{related}_id", flat=True)
            initial[model_field.name] = list(rows)
    return initial


def conflict_message(instance, loaded):
    """Say who saved the record since version ``loaded``, and link to their change."""
    history = instance.history.select_related("history_user").order_by("-history_date", "-history_id")
    latest = history.first()
    opened = history.filter(version=loaded).first() if loaded else None
    info = instance._meta.app_label, instance._meta.model_name
    history_url = reverse("admin:{}_{}_history".format(*info), args=[instance.pk])
    if latest is None:
        who = "someone saved it"
    else:
        author = latest.history_user or ("an import" if latest.history_change_reason == IMPORT_REASON else "someone")
        when = date_format(timezone.localtime(latest.history_date), "DATETIME_FORMAT")
        who = format_html("{} saved it at {}", author, when)
    if opened is not None and latest is not None and opened.history_id != latest.history_id:
        compare_url = reverse("admin:{}_{}_history_compare".format(*info), args=[instance.pk])
        link = format_html(
            '<a href="{}?{}" target="_blank" rel="noopener">See their change</a> '
            '(or the <a href="{}" target="_blank" rel="noopener">whole history</a>, in a new tab).',
            compare_url,
            urlencode({"from": opened.history_id, "to": latest.history_id}),
            history_url,
        )
    else:
        link = format_html(
            '<a href="{}" target="_blank" rel="noopener">See the history</a> for their change.', history_url
        )
    return format_html(
        "Not saved: {} after you opened this {}. Your text is still in the form below. {} "
        "Then save again to replace their version with yours, or reload the page to start from theirs.",
        who,
        instance._meta.verbose_name,
        link,
    )
