"""Each section's stored HTML (Section.body_html) equals a fresh render after every kind of change.

The public article page shows the stored HTML (articles.editorial.section_html); it depends on the
section's body and status, the published glossary entries its links reach and the published people
of the article. One test per path that changes one of those.
"""

from datetime import timedelta
from importlib import import_module
from types import SimpleNamespace
from unittest import mock

from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from editorial_support import admin_url, form_data
from factories import changed, parsed_article
from test_links_from_text import LinksAgreeTestCase, import_parsed

from articles.editorial import drafts
from articles.editorial.links import saving_fields
from articles.markup import render_resolved
from articles.models import GlossaryEntry, Person, Section, Status, WorkingCopy
from articles.public.selectors import article_page


class StoredHtmlTestCase(LinksAgreeTestCase):
    def setUp(self):
        super().setUp()
        self.article = self.section.article
        self.lead = Section.objects.get(slug="lead")

    def assert_fresh(self, contains=(), lacks=()):
        """Every published section stores what the public page would render now; drafts store nothing."""
        page = article_page(self.article)
        shown = [page["lead"], *page["sections"]] if page["lead"] else page["sections"]
        self.assertTrue(shown)
        html = ""
        for section in shown:
            self.assertEqual(section.body_html, str(render_resolved(section.body, page["glossary"])), section.slug)
            html += section.body_html
        self.assertFalse(Section.objects.exclude(status=Status.PUBLISHED).exclude(body_html="").exists())
        for text in contains:
            self.assertIn(text, html)
        for text in lacks:
            self.assertNotIn(text, html)
        # The public page serves it.
        reader = Client().get(self.article.get_absolute_url())
        for text in contains:
            self.assertContains(reader, text, html=False)

    def publish(self, record, **fields):
        form = self.open_form(self.client_a, record)
        response = self.save(self.client_a, record, {**form, **fields, "_publish": "Publish"})
        self.assertEqual(response.status_code, 302)


ATLANTIS_LINK = 'data-term="atlantis">Atlantis</a>'
JANE_LINK = 'href="/people/jane-doe/"'
ROE_LINK = 'data-term="person:john-roe">John Roe</a>'


class SectionPathTests(StoredHtmlTestCase):
    def test_import_fills_it(self):
        self.assert_fresh(contains=[ATLANTIS_LINK, JANE_LINK, ROE_LINK])

    def test_admin_change_form(self):
        self.publish(self.section, body="The [[Atlantis]] fleet met [[Nowhere]].")
        self.assert_fresh(contains=[ATLANTIS_LINK, '<span class="broken-link">Nowhere</span>'])

    def test_changelist_save(self):
        Section.objects.filter(pk=self.section.pk).update(body="The [[Atlantis]] fleet came.")
        self.save_in_changelist()
        self.assert_fresh(contains=["The " + '<a class="glossary-link" href="/glossary/atlantis/"'])

    def test_bulk_unpublish_and_publish(self):
        # John Roe is named by the history section only: unpublishing it takes his link from the lead too.
        Section.objects.filter(pk=self.lead.pk).update(body="John Roe and [[Atlantis]].")
        self.lead.save()
        self.assert_fresh(contains=[ROE_LINK])
        for action, present in (("unpublish", False), ("publish", True)):
            self.client_a.post(
                admin_url(Section, "changelist"),
                {"action": action, "_selected_action": [self.section.pk], "confirmed": "yes"},
            )
            self.assert_fresh(contains=[ROE_LINK] if present else [], lacks=[] if present else [ROE_LINK])

    def test_history_revert_then_publish(self):
        imported = self.section.history.latest()
        self.publish(self.section, body="The [[Atlantis]] fleet came.")
        url = admin_url(Section, "simple_history", self.section.pk, imported.history_id)
        self.assertEqual(
            self.client_a.post(url, {**form_data(self.client_a.get(url)), "_save": "Revert"}).status_code, 302
        )
        change = admin_url(Section, "change", self.section.pk)
        self.client_a.post(change, {**form_data(self.client_a.get(change)), "_publish": "Publish"})
        self.assert_fresh(contains=[JANE_LINK], lacks=[ATLANTIS_LINK.replace("Atlantis<", "Atlantis</a> fleet<")])

    def test_deletion_and_recovery(self):
        Section.objects.filter(pk=self.lead.pk).update(body="John Roe and [[Atlantis]].")
        self.lead.save()
        pk = self.section.pk
        self.client_a.post(admin_url(Section, "delete", pk), {"post": "yes"})
        self.assert_fresh(lacks=[ROE_LINK])
        deletion = Section.history.filter(id=pk, history_type="-").latest()
        self.assertEqual(self.client_a.post(admin_url(Section, "recover", deletion.history_id)).status_code, 302)
        self.assert_fresh(contains=[ROE_LINK])

    def test_reimport(self):
        parsed = changed(parsed_article(), "sections", "history", paragraphs=("The [[Atlantis]] fleet came.",))
        import_parsed(parsed)
        self.assert_fresh(contains=["The " + '<a class="glossary-link" href="/glossary/atlantis/"'])

    def test_shell_save(self):
        self.section.body = "The [[Atlantis]] fleet came to [[the Lemurian]] shore."
        self.section.save()
        self.assert_fresh(contains=['data-term="lemuria">the Lemurian</a>'])

    def test_people_of_a_section_changed_either_way(self):
        Section.objects.filter(pk=self.lead.pk).update(body="John Roe and [[Atlantis]].")
        self.lead.save()
        roe = Person.objects.get(slug="john-roe")
        self.section.people.remove(roe)
        self.assert_fresh(lacks=[ROE_LINK])
        roe.sections.add(self.section)
        self.assert_fresh(contains=[ROE_LINK])
        roe.sections.clear()
        self.assert_fresh(lacks=[ROE_LINK])

    def test_working_copy_publish(self):
        drafts.save_draft(self.section, {"body": "[[Coral Treaty]] and [[Lemuria]]."}, self.alice)
        self.assert_fresh(contains=[JANE_LINK])
        copy_ = drafts.working_copy(self.section)
        drafts.publish(self.section, user=self.alice, data=copy_.data)
        self.assert_fresh(contains=['data-term="lemuria">Lemuria</a>'], lacks=[JANE_LINK])

    def test_scheduled_publishing(self):
        copy_ = drafts.save_draft(self.section, {"body": "Only [[Lemuria]] now."}, self.alice)
        start = timezone.now()
        WorkingCopy.objects.filter(pk=copy_.pk).update(go_live_at=start)
        with mock.patch("django.utils.timezone.now", return_value=start + timedelta(minutes=1)):
            published, failed = drafts.publish_due()
        self.assertEqual((len(published), failed), (1, []))
        self.assert_fresh(contains=["Only " + '<a class="glossary-link" href="/glossary/lemuria/"'])

    def test_the_migration_fills_the_column(self):
        Section.objects.update(body_html="")
        migration = import_module("articles.migrations.0019_section_body_html")
        migration.render_every_section(apps, SimpleNamespace(connection=connection))
        self.assert_fresh(contains=[ATLANTIS_LINK, JANE_LINK])


class GlossaryEntryPathTests(StoredHtmlTestCase):
    def test_unpublish_and_publish(self):
        for action, present in (("unpublish", False), ("publish", True)):
            self.client_a.post(
                admin_url(GlossaryEntry, "changelist"),
                {
                    "action": action,
                    "_selected_action": [GlossaryEntry.objects.get(slug="atlantis").pk],
                    "confirmed": "yes",
                },
            )
            broken = '<span class="broken-link">Atlantis</span>'
            self.assert_fresh(contains=[ATLANTIS_LINK if present else broken])

    def test_a_new_entry_takes_the_broken_links(self):
        self.publish(self.section, body="The [[Tsar]] wrote.")
        self.assert_fresh(contains=['<span class="broken-link">Tsar</span>'])
        response = self.client_a.post(
            admin_url(GlossaryEntry, "add"),
            {"term": "Tsar", "slug": "tsar", "definition": "A ruler.", "aliases": "", "_publish": "Publish"},
        )
        self.assertEqual(response.status_code, 302)
        self.assert_fresh(contains=['data-term="tsar">Tsar</a>'])

    def test_rename(self):
        entry = GlossaryEntry.objects.get(slug="coral-treaty")
        self.publish(entry, slug="reef-pact", term="Reef Pact", aliases="Reef Pact")
        # [[Coral Treaty]] reached it by its old names only.
        self.assert_fresh(contains=['<span class="broken-link">Coral Treaty</span>'], lacks=["coral-treaty"])
        self.publish(entry, aliases="Reef Pact\nCoral Treaty")
        self.assert_fresh(contains=['href="/glossary/reef-pact/" data-term="reef-pact">Coral Treaty</a>'])

    def test_delete(self):
        entry = GlossaryEntry.objects.get(slug="atlantis")
        self.client_a.post(admin_url(GlossaryEntry, "delete", entry.pk), {"post": "yes"})
        self.assertFalse(GlossaryEntry.objects.filter(pk=entry.pk).exists())
        self.assert_fresh(contains=['<span class="broken-link">Atlantis</span>'])


class PersonPathTests(StoredHtmlTestCase):
    def test_unpublish_and_publish(self):
        roe = Person.objects.get(slug="john-roe")
        for action, present in (("unpublish", False), ("publish", True)):
            self.client_a.post(
                admin_url(Person, "changelist"),
                {"action": action, "_selected_action": [roe.pk], "confirmed": "yes"},
            )
            self.assert_fresh(contains=[ROE_LINK] if present else [], lacks=[] if present else [ROE_LINK])

    def test_rename(self):
        roe = Person.objects.get(slug="john-roe")
        self.publish(roe, slug="johnny-roe")
        self.assert_fresh(contains=['href="/people/johnny-roe/"'], lacks=["/people/john-roe/"])
        self.publish(roe, name="Jon Roe", aliases="")
        self.assert_fresh(lacks=["johnny-roe"])

    def test_delete(self):
        roe = Person.objects.get(slug="john-roe")
        self.client_a.post(admin_url(Person, "delete", roe.pk), {"post": "yes"})
        self.assertFalse(Person.objects.filter(pk=roe.pk).exists())
        self.assert_fresh(contains=[JANE_LINK], lacks=["john-roe"])


class DeclaredChangesTests(StoredHtmlTestCase):
    """A save that says which fields it changes (as the importer's do) re-renders only when links depend on one."""

    def sections_read_by_save(self, record, changes):
        for name, value in changes.items():
            setattr(record, name, value)
        saving_fields(record, changes)
        with CaptureQueriesContext(connection) as queries:
            record.save()
        return [query["sql"] for query in queries if '"articles_section"' in query["sql"]]

    def test_a_definition_or_a_role_reads_no_section(self):
        entry = GlossaryEntry.objects.get(slug="atlantis")
        self.assertEqual(self.sections_read_by_save(entry, {"definition": "A sunken island."}), [])
        roe = Person.objects.get(slug="john-roe")
        self.assertEqual(self.sections_read_by_save(roe, {"role": "Admiral"}), [])
        self.assert_fresh(contains=[ATLANTIS_LINK, ROE_LINK])
        # What a save said holds for that save only: the next one, saying nothing, moves links.
        roe.slug = "johnny-roe"
        roe.save()
        self.assert_fresh(contains=['href="/people/johnny-roe/"'], lacks=["/people/john-roe/"])

    def test_a_declared_rename_still_moves_the_links(self):
        entry = GlossaryEntry.objects.get(slug="atlantis")
        self.assertTrue(self.sections_read_by_save(entry, {"slug": "mu", "term": "Mu", "aliases": []}))
        self.assert_fresh(contains=['<span class="broken-link">Atlantis</span>'])
        roe = Person.objects.get(slug="john-roe")
        self.assertTrue(self.sections_read_by_save(roe, {"slug": "johnny-roe"}))
        self.assert_fresh(contains=['href="/people/johnny-roe/"'], lacks=["/people/john-roe/"])
