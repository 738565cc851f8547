"""Helpers shared by the editorial workflow tests: editors, admin URLs, change form data."""

import os
from unittest import mock

from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.management import call_command
from django.test import Client, TestCase
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


class TwoEditorsTestCase(TestCase):
    """Two editors, alice and bob, signed in in two browsers (clients) of their own."""

    @classmethod
    def setUpTestData(cls):
        cls.alice, cls.bob = make_editor("alice"), make_editor("bob")

    def setUp(self):
        self.client_a, self.client_b = Client(), Client()
        self.client_a.force_login(self.alice)
        self.client_b.force_login(self.bob)

    def open_form(self, client, record):
        return form_data(client.get(admin_url(type(record), "change", record.pk)))

    def save(self, client, record, data):
        return client.post(admin_url(type(record), "change", record.pk), data)
