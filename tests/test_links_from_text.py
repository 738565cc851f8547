"""A section's glossary links are what its text links to, after every kind of save.

"Mentioned in" on the public glossary page, the glossary changelist's count of sections, and the
broken-link report must agree with the text whichever way the section (or an entry) was saved.
"""

from django.test import Client
from editorial_support import TwoEditorsTestCase, admin_url, form_data
from factories import changed, parsed_article

from articles.editorial.links import sections_reaching
from articles.importing.text import slugify
from articles.markup import iter_links
from articles.models import GlossaryEntry, Section, SectionLink
from articles.services import article_import


def import_parsed(parsed=None):
    return article_import(parsed=parsed or parsed_article(), source_name="atlantis.txt")


class LinksAgreeTestCase(TwoEditorsTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        import_parsed()

    def setUp(self):
        super().setUp()
        self.section = Section.objects.get(slug="history")
        self.reader = Client()

    def assert_links_agree(self, linked, unlinked=()):
        """The history section links exactly ``linked`` (entry slugs), everywhere the site says so."""
        self.section.refresh_from_db()
        self.assertEqual(set(self.section.terms.values_list("slug", flat=True)), set(linked))
        # The index of every section's link slugs follows the text on the same paths.
        for section in Section.objects.all():
            indexed = set(SectionLink.objects.filter(section=section).values_list("slug", flat=True))
            self.assertEqual(indexed, {slugify(link.target) for link in iter_links(section.body)}, section.slug)
        self.assertFalse(SectionLink.objects.exclude(section__in=Section.objects.all()).exists())
        listing = self.client_a.get(admin_url(GlossaryEntry, "changelist"))
        counts = {entry.slug: entry.section_count for entry in listing.context["cl"].result_list}
        for slug in [*linked, *unlinked]:
            entry = GlossaryEntry.objects.get(slug=slug)
            expected = Section.objects.filter(terms=entry).count()
            self.assertEqual(counts[slug], expected, slug)
            mentions = self.reader.get(entry.get_absolute_url())
            (self.assertContains if slug in linked else self.assertNotContains)(mentions, "History</a>")
        broken = self.client_a.get(admin_url(Section, "changelist"), {"broken_links": "yes"})
        self.assertNotIn(self.section, broken.context["cl"].result_list)

    def save_in_changelist(self):
        """Save the sections' changelist as a browser would, the history section moved to order 4."""
        listing = self.client_a.get(admin_url(Section, "changelist"))
        formset = listing.context["cl"].formset
        data = {"form-TOTAL_FORMS": formset.total_form_count(), "form-INITIAL_FORMS": formset.initial_form_count()}
        for form in formset.forms:
            for field in form:
                data[field.html_name] = field.value()
                data[form.add_initial_prefix(field.name)] = field.value()
            if form.instance.pk == self.section.pk:
                data[f"{form.prefix}-order"] = 4
        response = self.client_a.post(admin_url(Section, "changelist"), {**data, "_save": "Save"})
        self.assertEqual(response.status_code, 302)

    def edit(self, **fields):
        form = self.open_form(self.client_a, self.section)
        response = self.save(self.client_a, self.section, {**form, **fields})
        self.assertEqual(response.status_code, 302)


class SavePathTests(LinksAgreeTestCase):
    def test_the_change_form_has_no_hand_kept_links(self):
        response = self.client_a.get(admin_url(Section, "change", self.section.pk))
        self.assertNotIn("terms", response.context["adminform"].form.fields)
        self.assertContains(response, "Coral Treaty</a>")

    def test_admin_change_form(self):
        self.edit(body="The [[Atlantis]] fleet came.")
        self.assert_links_agree(["atlantis"], unlinked=["coral-treaty"])

    def test_changelist_save(self):
        Section.objects.filter(pk=self.section.pk).update(body="The [[Atlantis]] fleet came.")
        self.save_in_changelist()
        self.assert_links_agree(["atlantis"], unlinked=["coral-treaty"])

    def test_bulk_action(self):
        Section.objects.filter(pk=self.section.pk).update(body="The [[Atlantis]] fleet came.")
        for action in ("unpublish", "publish"):
            self.client_a.post(
                admin_url(Section, "changelist"),
                {"action": action, "_selected_action": [self.section.pk], "confirmed": "yes"},
            )
        self.assert_links_agree(["atlantis"], unlinked=["coral-treaty"])

    def test_history_restore(self):
        imported = self.section.history.latest()
        self.edit(body="The [[Atlantis]] fleet came.")
        url = admin_url(Section, "simple_history", self.section.pk, imported.history_id)
        response = self.client_a.post(url, {**form_data(self.client_a.get(url)), "_save": "Revert"})
        self.assertEqual(response.status_code, 302)
        # The restored version is a working copy of the live section: publishing it brings its links.
        change = admin_url(Section, "change", self.section.pk)
        self.client_a.post(change, {**form_data(self.client_a.get(change)), "_publish": "Publish"})
        self.assert_links_agree(["jane-doe", "coral-treaty"], unlinked=["atlantis"])

    def test_recovery_after_deletion(self):
        pk = self.section.pk
        self.edit(body="[[Jane Doe]] sailed to [[Mu]].")  # Mu is nobody's name yet
        self.client_a.post(admin_url(Section, "delete", pk), {"post": "yes"})
        lemuria = GlossaryEntry.objects.get(slug="lemuria")
        lemuria.aliases = ["Lemuria", "Mu"]
        lemuria.save()
        deletion = Section.history.filter(id=pk, history_type="-").latest()
        self.assertEqual(self.client_a.post(admin_url(Section, "recover", deletion.history_id)).status_code, 302)
        self.assert_links_agree(["jane-doe", "lemuria"], unlinked=["coral-treaty"])

    def test_import(self):
        parsed = changed(parsed_article(), "sections", "history", paragraphs=("The [[Atlantis]] fleet came.",))
        import_parsed(parsed)
        self.assert_links_agree(["atlantis"], unlinked=["coral-treaty"])

    def test_shell_save(self):
        self.section.body = "The [[Atlantis]] fleet came to [[the Lemurian]] shore."
        self.section.save()
        self.assert_links_agree(["atlantis", "lemuria"], unlinked=["coral-treaty"])

    def test_a_new_glossary_entry_takes_the_links_that_were_broken(self):
        self.edit(body="The [[Tsar]] wrote to [[Jane Doe]].")
        response = self.client_a.post(
            admin_url(GlossaryEntry, "add"),
            {"term": "Tsar", "slug": "tsar", "definition": "A ruler.", "aliases": "", "_publish": "Publish"},
        )
        self.assertEqual(response.status_code, 302)
        self.assert_links_agree(["tsar", "jane-doe"], unlinked=["coral-treaty"])

    def test_an_alias_added_to_an_entry_takes_its_links(self):
        self.edit(body="The [[CT]] talks met.")
        entry = GlossaryEntry.objects.get(slug="coral-treaty")
        form = self.open_form(self.client_a, entry)
        self.assertEqual(self.save(self.client_a, entry, {**form, "aliases": "Coral Treaty\nCT"}).status_code, 302)
        self.assert_links_agree(["coral-treaty"], unlinked=["jane-doe"])


class AliasLinkTests(LinksAgreeTestCase):
    def setUp(self):
        super().setUp()
        GlossaryEntry.objects.filter(slug="coral-treaty").update(aliases=["Coral Treaty", "TSR"])

    def test_an_alias_link_resolves_on_the_public_page_in_the_preview_and_the_report(self):
        self.edit(body="The [[TSR]] talks met, and [[TSR|the treaty]] held.")
        self.assert_links_agree(["coral-treaty"], unlinked=["jane-doe"])
        page = self.reader.get(self.section.article.get_absolute_url())
        self.assertContains(page, 'href="/glossary/coral-treaty/" data-term="coral-treaty">TSR</a>', html=False)
        self.assertNotContains(page, '<span class="broken-link">TSR</span>', html=False)
        preview = self.client_a.post(admin_url(Section, "preview"), {"body": "The [[TSR]] talks."})
        self.assertContains(preview, 'data-term="coral-treaty"')
        self.assertNotContains(preview, "broken-link")
        response = self.client_a.get(admin_url(Section, "change", self.section.pk))
        self.assertNotContains(response, "links to terms that do not exist")


class LinkIndexTests(LinksAgreeTestCase):
    def test_the_sections_an_entry_may_reach_are_found_without_reading_other_bodies(self):
        self.edit(body="The [[Tsar]] wrote to [[Jane Doe]].")
        tsar = GlossaryEntry(term="Tsar", slug="tsar", definition="A ruler.")
        coral_treaty = GlossaryEntry.objects.get(slug="coral-treaty")
        with self.assertNumQueries(3):  # the links held, the link index, the sections found
            reaching = sections_reaching([tsar, coral_treaty])
        expected = {self.section.pk, *Section.objects.filter(terms=coral_treaty).values_list("pk", flat=True)}
        self.assertEqual({section.pk for section in reaching}, expected)

    def test_a_deleted_sections_rows_go_with_it(self):
        pk = self.section.pk
        self.assertTrue(SectionLink.objects.filter(section=pk).exists())
        self.client_a.post(admin_url(Section, "delete", pk), {"post": "yes"})
        self.assertFalse(Section.objects.filter(pk=pk).exists())
        self.assertFalse(SectionLink.objects.filter(section=pk).exists())
