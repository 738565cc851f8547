"""Optimistic locking in the admin: every change form and every list edited in place checks versions.

A change form carries the version its record was loaded with (articles.editorial.forms
.VersionedModelForm); saving claims it (articles.editorial.locking.claim_version), or the form comes
back with the editor's text and a message saying who saved since.

A changelist with editable columns is a formset of every row shown. Django saves the rows whose
posted values differ from the database's, so a row that someone else changed after the list was
opened looked changed, and the list's save put the old value back. Here each row also posts the
values it was shown with (``show_hidden_initial``) and its version: a row counts as changed only
when the editor changed it, and a changed row whose version moved is refused, as a change form is.
"""

from django import forms
from django.db import router, transaction

from articles.editorial.forms import VersionedInlineForm, VersionedModelForm
from articles.editorial.locking import bump_version, claim_version, is_versioned


class ListRowForm(VersionedInlineForm):
    """A row of a changelist: changed means changed by the editor since the page was shown."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "loaded_version" and name != self._meta.model._meta.pk.name:
                field.show_hidden_initial = True


def claim_loaded_version(obj, form, change):
    """Move a changed record's version on from the one its form was loaded with (checked in clean()).

    A form with no loaded version (a save from code that did not read one) still moves it on, so
    that forms opened before are refused.
    """
    if not change or not is_versioned(type(obj)):
        return
    loaded = form.cleaned_data.get("loaded_version") if form is not None else None
    if loaded is None:
        bump_version(obj)
    else:
        claim_version(obj, loaded)


class VersionedAdminMixin:
    """A ModelAdmin whose change form and editable changelist never save over a newer version."""

    form = VersionedModelForm

    @property
    def media(self):
        # Asks before leaving a changed form; keeps typed text through a sign-out (see the script).
        return super().media + forms.Media(
            js=["admin/js/keep-typed-text.js"], css={"all": ["admin/css/keep-typed-text.css"]}
        )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        # The hidden version goes with the first fieldset; an add form has no version to keep.
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], "loaded_version"]}), *rest]

    def get_changelist_form(self, request, **kwargs):
        kwargs.setdefault("form", ListRowForm)
        return super().get_changelist_form(request, **kwargs)

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST" and "_save" in request.POST:
            # Each row's version check locks it (SELECT … FOR UPDATE) until the rows are saved.
            with transaction.atomic(using=router.db_for_write(self.model)):
                return super().changelist_view(request, extra_context)
        return super().changelist_view(request, extra_context)
