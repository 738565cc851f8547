"""History: every change recorded with who, when and what; a diff of any two versions; restore; recover."""

from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.test import SimpleTestCase, TestCase
from django.urls import reverse
from simple_history.models import HistoricalRecords

from articles.admin.history import RECOVERED_REASON
from articles.editorial.diffing import list_sides, text_sides
from articles.models import Article, Event, GlossaryEntry, Period, Person, Section, Status, Topic
from articles.services import article_import
from tests.editorial_support import admin_url, form_data, make_editor
from tests.factories import (
    changed,
    make_article,
    make_event,
    make_glossary_entry,
    make_person,
    make_section,
    parsed_article,
)


def import_parsed(parsed=None):
    return article_import(parsed=parsed or parsed_article(), source_name="atlantis.txt")


class EditorTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_editor()
        # Deleting articles is not an editor's by default: an administrator granted it to this one.
        cls.editor.user_permissions.add(Permission.objects.get(codename="delete_article"))

    def setUp(self):
        self.client.force_login(self.editor)

    def save_form(self, record, **changes):
        """Open the record's change form, change some fields, save it; return the response."""
        url = admin_url(type(record), "change", record.pk)
        data = form_data(self.client.get(url))
        data.update(changes)
        return self.client.post(url, data)

    def publish_form(self, record):
        """Publish the record's working copy from its change form, which opens on it."""
        url = admin_url(type(record), "change", record.pk)
        return self.client.post(url, {**form_data(self.client.get(url)), "_publish": "1"})

    def history_of(self, record):
        return list(record.history.order_by("history_date", "history_id"))


class AdminChangesAreRecordedTests(EditorTestCase):
    def test_adding_in_the_admin_records_who_and_what(self):
        response = self.client.post(
            admin_url(GlossaryEntry, "add"),
            {"term": "Hot line", "slug": "hot-line", "definition": "A direct link.", "aliases": "", "status": "draft"},
        )
        self.assertEqual(response.status_code, 302)
        [record] = self.history_of(GlossaryEntry.objects.get(slug="hot-line"))
        self.assertEqual((record.history_type, record.history_user, record.term), ("+", self.editor, "Hot line"))

    def test_a_change_form_save_records_who_when_and_what(self):
        section = make_section(body="Old text.")
        self.assertEqual(self.save_form(section, body="New text.").status_code, 302)
        latest = section.history.latest()
        self.assertEqual((latest.history_type, latest.history_user, latest.body), ("~", self.editor, "New text."))
        self.assertIsNotNone(latest.history_date)
        self.assertEqual(latest.version, 2)

    def test_publish_and_unpublish_actions_record_each_record_changed(self):
        events = [make_event(status=Status.DRAFT) for _ in range(2)]
        changelist = admin_url(Event, "changelist")
        self.client.post(changelist, {"action": "publish", "_selected_action": [event.pk for event in events]})
        for event in events:
            latest = event.history.latest()
            self.assertEqual(
                (latest.status, latest.history_user, latest.history_change_reason, latest.version),
                (Status.PUBLISHED, self.editor, "published (bulk action)", 2),
            )
        self.client.post(changelist, {"action": "unpublish", "_selected_action": [events[0].pk], "confirmed": "yes"})
        self.assertEqual(events[0].history.latest().history_change_reason, "draft (bulk action)")
        self.assertEqual(events[1].history.count(), 2)  # created, published; left alone by the unpublish

    def test_deleting_records_who_deleted_and_the_last_values(self):
        person = make_person(name="Jane Doe")
        response = self.client.post(admin_url(Person, "delete", person.pk), {"post": "yes"})
        self.assertEqual(response.status_code, 302)
        deletion = Person.history.filter(id=person.pk).latest()
        self.assertEqual((deletion.history_type, deletion.history_user, deletion.name), ("-", self.editor, "Jane Doe"))

    def test_the_delete_action_records_every_deletion(self):
        terms = [make_glossary_entry() for _ in range(3)]
        self.client.post(
            admin_url(GlossaryEntry, "changelist"),
            {"action": "delete_selected", "_selected_action": [term.pk for term in terms], "post": "yes"},
        )
        self.assertFalse(GlossaryEntry.objects.exists())
        self.assertEqual(GlossaryEntry.history.filter(history_type="-", history_user=self.editor).count(), 3)

    def test_periods_and_topics_have_a_history_too(self):
        topic = Topic.objects.get(slug="economy")
        self.assertEqual(self.save_form(topic, keywords="trade, invest").status_code, 302)
        self.assertEqual(topic.history.latest().keywords, "trade, invest")
        period = Period.objects.get(slug="rapprochement")
        self.assertEqual(self.save_form(period, start_year="1984").status_code, 302)
        self.assertEqual(
            (period.history.latest().start_year, period.history.latest().history_user), (1984, self.editor)
        )


class ImportChangesAreRecordedTests(TestCase):
    def test_the_first_import_records_creations_by_the_import(self):
        import_parsed()
        section = Section.objects.get(slug="history")
        reasons = set(section.history.values_list("history_type", "history_change_reason", "history_user"))
        self.assertIn(("+", "import", None), reasons)
        self.assertTrue(all(reason == "import" for _, reason, _ in reasons))
        self.assertEqual(section.version, 1)

    def test_the_creation_record_holds_every_field_and_link_as_created(self):
        import_parsed()
        for model in (Article, Section, GlossaryEntry, Person, Event):
            # Every field but what is derived from the others and kept out of the history (Section.body_html).
            derived = {"body_html"} if model is Section else set()
            tracked = [field.attname for field in model._meta.concrete_fields if field.attname not in derived]
            for record in model.objects.all():
                [created] = record.history.filter(history_type="+")
                self.assertEqual(
                    {name: getattr(created, name) for name in tracked},
                    {name: getattr(record, name) for name in tracked},
                )
                for relation in model._meta.many_to_many:
                    target = f"{relation.m2m_reverse_field_name()}_id"
                    links = HistoricalRecords.m2m_models[relation].objects.filter(history=created)
                    self.assertCountEqual(
                        links.values_list(target, flat=True),
                        getattr(record, relation.name).values_list("pk", flat=True),
                    )
        # Not a vacuous loop: the article's sections and events have links.
        self.assertTrue(Section.terms.through.objects.exists() and Event.topics.through.objects.exists())

    def test_a_re_import_that_changes_something_is_a_change_by_the_import(self):
        import_parsed()
        section = Section.objects.get(slug="history")
        before = section.history.count()
        import_parsed(changed(parsed_article(), "sections", "history", title="Space race"))
        section.refresh_from_db()
        latest = section.history.latest()
        self.assertEqual(
            (latest.history_type, latest.history_change_reason, latest.history_user, latest.title),
            ("~", "import", None, "Space race"),
        )
        self.assertGreater(section.history.count(), before)
        self.assertEqual(section.version, 2)

    def test_a_re_import_that_changes_nothing_adds_no_history(self):
        import_parsed()
        counts = [model.history.count() for model in (Article, Section, GlossaryEntry, Person, Event)]
        import_parsed()
        self.assertEqual([model.history.count() for model in (Article, Section, GlossaryEntry, Person, Event)], counts)
        self.assertEqual(set(Section.objects.values_list("version", flat=True)), {1})

    def test_imported_content_is_published(self):
        import_parsed()
        for model in (Article, Section, GlossaryEntry, Person, Event):
            with self.subTest(model=model.__name__):
                self.assertFalse(model.objects.exclude(status=Status.PUBLISHED).exists())


class HistoryPageTests(EditorTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        import_parsed()

    def test_lists_every_version_with_who_when_and_why(self):
        section = Section.objects.get(slug="history")
        self.save_form(section, body="An editor's text.")
        response = self.client.get(admin_url(Section, "history", section.pk))
        self.assertContains(response, "import")
        self.assertContains(response, self.editor.username)
        self.assertContains(response, 'name="from"')
        self.assertContains(response, 'name="to"')
        self.assertContains(response, admin_url(Section, "history_compare", section.pk))
        self.assertContains(response, "Compare the two versions")

    def compare(self, record, old, new):
        url = admin_url(type(record), "history_compare", record.pk)
        return self.client.get(url, {"from": old.history_id, "to": new.history_id})

    def test_compares_two_versions_field_by_field_and_text_word_by_word(self):
        section = Section.objects.get(slug="history")
        first = section.history.latest()  # as imported, links included
        body = section.body.replace("signed a trade agreement", "signed a <b>new</b> trade agreement")
        self.save_form(section, body=body, title="History & trade")
        self.client.post(admin_url(Section, "unpublish", section.pk))  # the status is not a form field
        latest = section.history.latest()
        response = self.compare(section, first, latest)
        self.assertEqual(response.status_code, 200)
        diffs = {diff.name: diff for diff in response.context["diffs"]}
        self.assertEqual(set(diffs), {"title", "body", "status"})
        self.assertIn("signed a<ins> &lt;b&gt;new&lt;/b&gt;</ins> trade", diffs["body"].new)
        self.assertNotIn("<del>", diffs["body"].new)
        self.assertIn("<del>Published</del>", diffs["status"].old)
        self.assertIn("<ins>Draft</ins>", diffs["status"].new)
        self.assertContains(response, "History<ins> &amp; trade</ins>", html=False)
        self.assertNotContains(response, "<b>new</b>")
        # Either order compares older with newer.
        self.assertEqual([d.name for d in self.compare(section, latest, first).context["diffs"]], list(diffs))

    def test_compares_linked_terms_and_people(self):
        section = Section.objects.get(slug="history")
        first = section.history.latest()
        # The linked terms follow the text.
        self.save_form(section, body="[[Atlantis]] met.", people=[])
        diffs = {diff.name: diff for diff in self.compare(section, first, section.history.latest()).context["diffs"]}
        self.assertIn("<del>Coral Treaty</del>", diffs["terms"].old)
        self.assertIn("<ins>Atlantis</ins>", diffs["terms"].new)
        self.assertIn("<del>John Roe</del>", diffs["people"].old)

    def test_the_same_content_says_so(self):
        section = Section.objects.get(slug="history")
        record = section.history.latest()
        response = self.compare(section, record, record)
        self.assertContains(response, "The two versions have the same content.")

    def test_wrong_versions_are_not_found(self):
        section, other = Section.objects.all()[:2]
        url = admin_url(Section, "history_compare", section.pk)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.client.get(url, {"from": "x", "to": "1"}).status_code, 404)
        foreign = other.history.latest().history_id
        self.assertEqual(self.client.get(url, {"from": foreign, "to": foreign}).status_code, 404)


class RestoreTests(EditorTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        import_parsed()

    def restore(self, record, version):
        url = admin_url(type(record), "simple_history", record.pk, version.history_id)
        data = form_data(self.client.get(url))
        return self.client.post(url, {**data, "_save": "Revert"})

    def test_restores_an_earlier_version_with_its_links(self):
        section = Section.objects.get(slug="history")
        imported = section.history.latest()
        original_body, original_terms = section.body, set(section.terms.values_list("slug", flat=True))
        self.save_form(section, body="Vandalised.", terms=[])
        section.refresh_from_db()
        self.assertEqual((section.body, section.terms.count()), ("Vandalised.", 0))

        response = self.restore(section, imported)
        self.assertEqual(response.status_code, 302)
        section.refresh_from_db()
        self.assertEqual(section.body, "Vandalised.")  # restored as the working copy: readers still see the live one
        self.publish_form(section)
        section.refresh_from_db()
        self.assertEqual(section.body, original_body)
        self.assertEqual(set(section.terms.values_list("slug", flat=True)), original_terms)
        self.assertEqual(section.version, 3)
        latest = section.history.latest()
        self.assertEqual(latest.history_user, self.editor)
        self.assertTrue(latest.history_change_reason.startswith("restored the version of"))

    def test_a_restore_counts_as_an_editors_choice_on_re_import(self):
        import_parsed(changed(parsed_article(), "sections", "history", title="Space race"))
        section = Section.objects.get(slug="history")
        before_reimport = section.history.filter(title="History").latest()
        self.assertEqual(self.restore(section, before_reimport).status_code, 302)
        self.publish_form(section)
        section.refresh_from_db()
        self.assertEqual(section.title, "History")
        # The import snapshot was kept, not restored: the source still says "Space race", the
        # editor chose "History", and a re-import leaves the editor's choice alone.
        self.assertEqual(section.imported["title"], "Space race")
        report = import_parsed(changed(parsed_article(), "sections", "history", title="Space race"))
        self.assertIn(("Section", "history", "title"), {(r.model, r.slug, r.field) for r in report.kept})
        section.refresh_from_db()
        self.assertEqual(section.title, "History")

    def test_editors_see_the_revert_button(self):
        section = Section.objects.get(slug="history")
        url = admin_url(Section, "simple_history", section.pk, section.history.latest().history_id)
        self.assertContains(self.client.get(url), 'value="Revert"')


class RecoverDeletedTests(EditorTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        import_parsed()

    def delete(self, record):
        response = self.client.post(admin_url(type(record), "delete", record.pk), {"post": "yes"})
        self.assertEqual(response.status_code, 302)

    def recover(self, model, pk):
        deletion = model.history.filter(id=pk, history_type="-").latest()
        return self.client.post(admin_url(model, "recover", deletion.history_id), follow=True)

    def test_the_changelist_links_to_the_deleted_records(self):
        person = Person.objects.get(slug="jane-doe")
        self.delete(person)
        response = self.client.get(admin_url(Person, "changelist"))
        self.assertContains(response, admin_url(Person, "recover_list"))
        response = self.client.get(admin_url(Person, "recover_list"))
        self.assertContains(response, "Jane Doe")
        self.assertContains(response, self.editor.username)

    def test_recovers_a_deleted_section_with_its_links(self):
        section = Section.objects.get(slug="history")
        pk, body = section.pk, section.body
        terms = set(section.terms.values_list("pk", flat=True))
        people = set(section.people.values_list("pk", flat=True))
        self.delete(section)
        page = self.client.get(admin_url(Section, "recover", Section.history.filter(id=pk).latest().history_id))
        self.assertContains(page, "Recover this section")
        self.assertContains(page, "History")

        response = self.recover(Section, pk)
        self.assertRedirects(response, admin_url(Section, "change", pk))
        self.assertContains(response, "was recovered")
        section = Section.objects.get(pk=pk)
        self.assertEqual(section.body, body)
        self.assertEqual(set(section.terms.values_list("pk", flat=True)), terms)
        self.assertEqual(set(section.people.values_list("pk", flat=True)), people)
        latest = section.history.latest()
        self.assertEqual((latest.history_change_reason, latest.history_user), (RECOVERED_REASON, self.editor))
        self.assertGreater(section.version, 1)
        self.assertTrue(LogEntry.objects.filter(object_id=str(pk), change_message__contains="added").exists())
        self.assertNotContains(self.client.get(admin_url(Section, "recover_list")), "History")

    def test_a_section_comes_back_only_after_its_article(self):
        article = Article.objects.get()
        section_pks = list(article.sections.values_list("pk", flat=True))
        self.delete(article)
        self.assertFalse(Section.objects.exists())
        response = self.recover(Section, section_pks[0])
        self.assertContains(response, "Not recovered")
        self.assertFalse(Section.objects.exists())
        self.recover(Article, article.pk)
        self.recover(Section, section_pks[0])
        self.assertTrue(Section.objects.filter(pk=section_pks[0]).exists())

    def test_a_slug_taken_meanwhile_is_reported(self):
        entry = GlossaryEntry.objects.get(slug="atlantis")
        self.delete(entry)
        make_glossary_entry(slug="atlantis", term="Atlantis again")
        response = self.recover(GlossaryEntry, entry.pk)
        self.assertContains(response, "Not recovered")
        self.assertEqual(GlossaryEntry.objects.get(slug="atlantis").term, "Atlantis again")

    def test_an_object_that_exists_is_not_recovered_twice(self):
        event = make_event(title="Twice")
        pk = event.pk
        self.delete(event)
        self.recover(Event, pk)
        response = self.recover(Event, pk)
        self.assertContains(response, "not deleted any more")
        self.assertEqual(Event.objects.filter(pk=pk).count(), 1)


class DiffRenderingTests(SimpleTestCase):
    def test_words_that_went_and_came_are_marked_and_everything_is_escaped(self):
        sides = text_sides("Roh met <Gorbachev> in 1990.", "Roh met <Yeltsin> in 1992.")
        self.assertEqual(str(sides.old), "Roh met &lt;<del>Gorbachev</del>&gt; in <del>1990</del>.")
        self.assertEqual(str(sides.new), "Roh met &lt;<ins>Yeltsin</ins>&gt; in <ins>1992</ins>.")

    def test_neighbouring_changed_words_read_as_one_change(self):
        sides = text_sides("the old quick fox", "the new slow fox")
        self.assertEqual(str(sides.old), "the <del>old quick</del> fox")
        self.assertEqual(str(sides.new), "the <ins>new slow</ins> fox")

    def test_line_breaks_are_kept(self):
        sides = text_sides("One.\n\nTwo.", "One.\n\nTwo and a half.")
        self.assertEqual(str(sides.new), "One.\n\nTwo<ins> and a half</ins>.")

    def test_lists_mark_items_removed_and_added(self):
        sides = list_sides(["Roh", "<Kim>"], ["<Kim>", "Lee"])
        self.assertIn("<li><del>Roh</del></li><li>&lt;Kim&gt;</li>", sides.old)
        self.assertIn("<li>&lt;Kim&gt;</li><li><ins>Lee</ins></li>", sides.new)
        self.assertIn("(none)", list_sides([], ["a"]).old)


class HistoryOfADraftEntryTests(EditorTestCase):
    def test_the_history_of_a_deleted_object_stays_readable(self):
        article = make_article(title="Gone")
        pk = article.pk
        self.client.post(admin_url(Article, "delete", pk), {"post": "yes"})
        response = self.client.get(admin_url(Article, "history", pk))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Deleted")
        records = Article.history.filter(id=pk).order_by("history_date")
        compare = self.client.get(
            reverse("admin:articles_article_history_compare", args=[pk]),
            {"from": records.first().history_id, "to": records.last().history_id},
        )
        self.assertEqual(compare.status_code, 200)

    def test_the_history_of_a_section_deleted_with_its_article_stays_readable(self):
        article = make_article(title="Gone too")
        section = make_section(article=article, title="Orphan", body="Text.")
        self.client.post(admin_url(Article, "delete", article.pk), {"post": "yes"})
        response = self.client.get(admin_url(Section, "history", section.pk))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Orphan")
        recover_list = self.client.get(admin_url(Section, "recover_list"))
        self.assertContains(recover_list, "Orphan")
