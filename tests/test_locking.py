"""No lost edits: two editors save the same record; the second save is refused, the text kept."""

from unittest import mock
from urllib.parse import parse_qs, urlsplit

from django.test import TestCase

from articles.editorial.locking import EditConflict, bump_version, claim_version
from articles.models import Article, Event, Section, Status
from articles.services import ImportRejected, article_import
from articles.services.snapshot_writer import SnapshotWriter
from tests import editorial_support
from tests.editorial_support import admin_url, form_data
from tests.factories import changed, make_section, parsed_article


def import_parsed(parsed=None):
    return article_import(parsed=parsed or parsed_article(), source_name="atlantis.txt")


class TwoEditorsTestCase(editorial_support.TwoEditorsTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        import_parsed()


class SecondSaveIsRefusedTests(TwoEditorsTestCase):
    def test_the_second_editor_is_told_and_keeps_their_text(self):
        section = Section.objects.get(slug="history")
        form_a, form_b = self.open_form(self.client_a, section), self.open_form(self.client_b, section)
        self.assertEqual(form_a["loaded_version"], form_b["loaded_version"])

        response_a = self.save(self.client_a, section, {**form_a, "body": "Alice's text."})
        self.assertEqual(response_a.status_code, 302)
        response_b = self.save(self.client_b, section, {**form_b, "body": "Bob's text."})

        self.assertEqual(response_b.status_code, 200)
        self.assertContains(response_b, "Not saved: alice saved it at")
        self.assertContains(response_b, "Your text is still in the form below")
        self.assertContains(response_b, "Bob&#x27;s text.")
        self.assertEqual(response_b.context["adminform"].form["body"].value(), "Bob's text.")
        section.refresh_from_db()
        self.assertEqual((section.body, section.version), ("Alice's text.", 2))

    def test_the_message_links_to_the_other_change(self):
        section = Section.objects.get(slug="history")
        form_a, form_b = self.open_form(self.client_a, section), self.open_form(self.client_b, section)
        self.save(self.client_a, section, {**form_a, "body": "Alice's text."})
        response = self.save(self.client_b, section, {**form_b, "body": "Bob's text."})
        [error] = response.context["adminform"].form.non_field_errors()
        link = error.split('href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
        self.assertTrue(link.startswith(admin_url(Section, "history_compare", section.pk)), link)
        compare = self.client_b.get(link)
        self.assertEqual(compare.status_code, 200)
        diff = {d.name: d for d in compare.context["diffs"]}["body"]
        self.assertIn("<ins>Alice&#x27;s text</ins>.", diff.new)
        versions = parse_qs(urlsplit(link).query)
        self.assertEqual(compare.context["new"].history_id, int(versions["to"][0]))
        self.assertIn(admin_url(Section, "history", section.pk), error)

    def test_saving_again_after_the_warning_replaces_the_other_change(self):
        section = Section.objects.get(slug="history")
        form_a, form_b = self.open_form(self.client_a, section), self.open_form(self.client_b, section)
        self.save(self.client_a, section, {**form_a, "body": "Alice's text."})
        refused = self.save(self.client_b, section, {**form_b, "body": "Bob's text."})
        again = self.save(self.client_b, section, form_data(refused))
        self.assertEqual(again.status_code, 302)
        section.refresh_from_db()
        self.assertEqual((section.body, section.version), ("Bob's text.", 3))
        # Alice's text is not lost: it is a version in the history.
        self.assertTrue(section.history.filter(body="Alice's text.", history_user=self.alice).exists())

    def test_every_content_model_is_locked(self):
        for model in [Article, Section, Event]:
            record = model.objects.order_by("pk").first()
            with self.subTest(model=model.__name__):
                form_a, form_b = self.open_form(self.client_a, record), self.open_form(self.client_b, record)
                self.assertEqual(self.save(self.client_a, record, form_a).status_code, 302)
                response = self.save(self.client_b, record, form_b)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "Not saved")

    def test_a_record_deleted_meanwhile_is_not_saved_back(self):
        section = make_section(body="Short-lived.")
        form_b = self.open_form(self.client_b, section)
        self.client_a.post(admin_url(Section, "delete", section.pk), {"post": "yes"})
        response = self.client_b.post(
            admin_url(Section, "change", section.pk), {**form_b, "body": "Bob's text."}, follow=True
        )
        self.assertFalse(Section.objects.filter(pk=section.pk).exists())
        self.assertEqual(response.redirect_chain, [("/admin/", 302)])
        self.assertEqual(
            [str(message) for message in response.context["messages"]],
            [f"section with ID “{section.pk}” doesn’t exist. Perhaps it was deleted?"],
        )


class VersionTests(TwoEditorsTestCase):
    def test_each_save_moves_the_version_on_by_one(self):
        section = Section.objects.get(slug="lead")
        for expected in (2, 3):
            self.assertEqual(self.save(self.client_a, section, self.open_form(self.client_a, section)).status_code, 302)
            section.refresh_from_db()
            self.assertEqual(section.version, expected)

    def test_an_add_form_has_no_version_and_starts_at_one(self):
        self.assertNotContains(self.client_a.get(admin_url(Section, "add")), 'name="loaded_version"')
        article = Article.objects.get()
        response = self.client_a.post(
            admin_url(Section, "add"),
            {"article": article.pk, "title": "New", "slug": "new", "order": 5, "status": "draft", "body": ""},
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Section.objects.get(slug="new").version, 1)

    def test_publishing_in_bulk_refuses_forms_opened_before(self):
        event = Event.objects.order_by("pk").first()
        form_b = self.open_form(self.client_b, event)
        self.client_a.post(
            admin_url(Event, "changelist"), {"action": "unpublish", "_selected_action": [event.pk], "confirmed": "yes"}
        )
        response = self.save(self.client_b, event, form_b)
        self.assertContains(response, "Not saved")
        event.refresh_from_db()
        self.assertEqual(event.status, Status.DRAFT)

    def test_a_list_editable_save_moves_the_version_on(self):
        section = Section.objects.get(slug="lead")
        form_b = self.open_form(self.client_b, section)
        changelist = self.client_a.get(admin_url(Section, "changelist"))
        formset = changelist.context["cl"].formset
        data = {field.html_name: field.value() for form in formset.forms for field in form if field.value() is not None}
        data["form-TOTAL_FORMS"] = formset.total_form_count()
        data["form-INITIAL_FORMS"] = formset.initial_form_count()
        position = [form.instance.pk for form in formset.forms].index(section.pk)
        data[f"form-{position}-order"] = "7"
        data["_save"] = "Save"
        self.assertEqual(self.client_a.post(admin_url(Section, "changelist"), data).status_code, 302)
        section.refresh_from_db()
        self.assertEqual((section.order, section.version), (7, 2))
        self.assertContains(self.save(self.client_b, section, form_b), "Not saved")


class InlineTests(TwoEditorsTestCase):
    def test_a_changed_inline_section_is_checked_too(self):
        article = Article.objects.get()
        section = article.sections.get(slug="history")
        form_a = self.open_form(self.client_a, article)
        self.save(self.client_b, section, {**self.open_form(self.client_b, section), "title": "Bob's title"})
        position = next(i for i in range(2) if form_a[f"sections-{i}-id"] == section.pk)
        response = self.save(self.client_a, article, {**form_a, f"sections-{position}-title": "Alice's title"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Not saved")
        section.refresh_from_db()
        self.assertEqual(section.title, "Bob's title")

    def test_a_changed_inline_section_moves_its_version_on(self):
        article = Article.objects.get()
        section = article.sections.get(slug="history")
        form_a = self.open_form(self.client_a, article)
        position = next(i for i in range(2) if form_a[f"sections-{i}-id"] == section.pk)
        self.assertEqual(
            self.save(self.client_a, article, {**form_a, f"sections-{position}-order": "4"}).status_code, 302
        )
        section.refresh_from_db()
        self.assertEqual((section.order, section.version), (4, 2))
        self.assertEqual(section.history.latest().history_user, self.alice)

    def test_an_unchanged_inline_section_does_not_block_the_article(self):
        article = Article.objects.get()
        section = article.sections.get(slug="history")
        form_a = self.open_form(self.client_a, article)
        self.save(self.client_b, section, {**self.open_form(self.client_b, section), "body": "Bob's text."})
        response = self.save(self.client_a, article, {**form_a, "title": "Alice's article"})
        self.assertEqual(response.status_code, 302)
        article.refresh_from_db()
        section.refresh_from_db()
        self.assertEqual((article.title, section.body), ("Alice's article", "Bob's text."))
        self.assertEqual(section.version, 2)  # Bob's save only: the unchanged inline form saved nothing


class RestoreIsLockedTests(TwoEditorsTestCase):
    def test_a_restore_over_a_newer_save_is_refused(self):
        section = Section.objects.get(slug="history")
        imported = section.history.latest()
        url = admin_url(Section, "simple_history", section.pk, imported.history_id)
        restore_form = form_data(self.client_a.get(url))
        self.save(self.client_b, section, {**self.open_form(self.client_b, section), "body": "Bob's text."})
        response = self.client_a.post(url, {**restore_form, "_save": "Revert"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Not saved")
        section.refresh_from_db()
        self.assertEqual(section.body, "Bob's text.")


class ImportTests(TwoEditorsTestCase):
    def test_an_import_that_changes_a_record_refuses_forms_opened_before(self):
        section = Section.objects.get(slug="history")
        form_a = self.open_form(self.client_a, section)
        import_parsed(changed(parsed_article(), "sections", "history", title="Space race"))
        section.refresh_from_db()
        self.assertEqual((section.title, section.version), ("Space race", 2))
        response = self.save(self.client_a, section, {**form_a, "body": "Alice's text."})
        self.assertContains(response, "Not saved: an import saved it at")

    def test_an_editor_save_during_an_import_makes_the_import_fail_whole(self):
        # Simulate an editor saving between the import's read of the sections and its write.
        original = SnapshotWriter._existing

        def existing_then_edited(writer, model, *args):
            found = original(writer, model, *args)
            if model is Section:
                Section.objects.filter(slug="history").update(version=9, body="An editor's text.")
            return found

        before = list(Section.objects.order_by("pk").values_list("title", "body", "version"))
        with mock.patch.object(SnapshotWriter, "_existing", existing_then_edited):
            with self.assertRaisesMessage(ImportRejected, "was changed by someone else during the import"):
                import_parsed(changed(parsed_article(), "sections", "history", title="Space race"))
        self.assertEqual(list(Section.objects.order_by("pk").values_list("title", "body", "version")), before)


class LockingUnitTests(TestCase):
    def test_claim_moves_the_version_or_raises(self):
        section = make_section()
        claim_version(section, 1)
        self.assertEqual(section.version, 2)
        section.refresh_from_db()
        self.assertEqual(section.version, 2)
        with self.assertRaises(EditConflict):
            claim_version(section, 1)
        self.assertEqual(bump_version(section), 3)
