"""Helpers shared by the editorial workflow tests: editors, admin URLs, change form data."""

import os
from unittest import mock

from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.management import call_command
from django.urls import reverse

EDITOR_PASSWORD = "a long editor passphrase 42"


def make_editor(username="editor", *, reviewer=True, **options):
    """Create an editor the way a deployment does: with the create_editor command.

    A reviewer by default (Editors and Reviewers: may publish what they change); ``reviewer=False``
    gives an editor who saves drafts and submits them for review.
    """
    with mock.patch.dict(os.environ, {"EDITOR_PASSWORD": EDITOR_PASSWORD}):
        call_command("create_editor", username, verbosity=0, reviewer=reviewer, **options)
    return get_user_model().objects.get(username=username)


def make_superuser(username="admin"):
    return get_user_model().objects.create_superuser(username, f"{username}@example.com", EDITOR_PASSWORD)


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def form_data(response):
    """Return the POST data that submits the admin form of ``response`` as it was loaded (or re-shown)."""
    forms = [response.context["adminform"].form]
    for inline in response.context.get("inline_admin_formsets", []):
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for field in form:
            value = field.value()
            # Files are not re-sent by a browser, and an unset value is not sent at all.
            if value is not None and not isinstance(value, File):
                data[field.html_name] = value
    return data
