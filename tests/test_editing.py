"""Editing a section's text: the markup guide, the live preview, broken links; "View on site" everywhere."""

import re

from django.contrib.contenttypes.models import ContentType
from django.test import TestCase
from django.urls import reverse

from articles.editorial.body_checks import broken_links, check_body, with_broken_links
from articles.models import Article, Event, GlossaryEntry, Period, Person, Section, Status, Topic
from tests.editorial_support import admin_url, form_data, make_editor
from tests.factories import make_article, make_event, make_glossary_entry, make_person, make_section


class EditorTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_editor()
        cls.cold_war = make_glossary_entry(term="Cold War", slug="cold-war", definition="A long standoff.")
        cls.draft_term = make_glossary_entry(term="Hot line", slug="hot-line", status=Status.DRAFT)

    def setUp(self):
        self.client.force_login(self.editor)


class BodyCheckTests(EditorTestCase):
    def test_renders_as_readers_see_it_and_lists_broken_and_draft_links(self):
        check = check_body("The [[Cold War|long standoff]] and the [[Hot line]].\n\nA [[Missing term]] <b>here</b>.")
        self.assertIn(
            '<a class="glossary-link" href="/glossary/cold-war/" data-term="cold-war">long standoff</a>', check.html
        )
        self.assertIn('<span class="broken-link">Hot line</span>', check.html)
        self.assertIn('<span class="broken-link">Missing term</span>', check.html)
        self.assertIn("&lt;b&gt;here&lt;/b&gt;", check.html)
        self.assertEqual(check.html.count("<p>"), 2)
        self.assertEqual((check.broken, check.drafts), (["Missing term"], ["Hot line"]))

    def test_a_link_by_term_or_by_slug_is_not_broken(self):
        self.assertEqual(broken_links("[[Cold War]] [[cold-war|war]] [[Cold war]] [[Nope]] [[Nope|again]]"), ["Nope"])

    def test_finds_the_sections_with_broken_links_in_three_queries(self):
        good = make_section(body="[[Cold War]]")
        bad = make_section(body="[[Cold War]] and [[Nothing]]")
        make_section(body="[[Hot line]] is a draft, not broken")
        # The bodies, the entries linked by slug or term, then the links left among the aliases.
        with self.assertNumQueries(3):
            self.assertEqual(with_broken_links(Section.objects.all()), [bad.pk])
        self.assertNotIn(good.pk, with_broken_links(Section.objects.all()))


class SectionFormTests(EditorTestCase):
    def test_the_body_field_explains_the_markup(self):
        section = make_section()
        response = self.client.get(admin_url(Section, "change", section.pk))
        self.assertContains(response, "<code>[[Cold War]]</code>", html=False)
        self.assertContains(response, "<code>[[Cold War|the long standoff]]</code>", html=False)
        self.assertContains(response, "Link a glossary term as [[Term]] or [[Term|text]]")  # the field's help text

    def test_the_form_has_a_live_preview_from_a_static_script(self):
        section = make_section(body="A [[Cold War]] link and a [[Broken one]].")
        response = self.client.get(admin_url(Section, "change", section.pk))
        self.assertContains(response, 'id="section-preview"')
        self.assertContains(response, f'data-preview-url="{reverse("admin:articles_section_preview")}"')
        self.assertContains(response, "admin/js/section-preview.js")
        self.assertContains(response, "admin/css/editing.css")
        # The saved text is previewed at once, before any typing (and without JavaScript).
        self.assertContains(response, 'href="/glossary/cold-war/"')
        self.assertContains(response, "Links to terms that do not exist")
        # No inline script: every <script> has a src, so a strict Content-Security-Policy works.
        scripts = re.findall(r"<script\b[^>]*>", response.content.decode())
        self.assertTrue(scripts)
        self.assertEqual([tag for tag in scripts if "src=" not in tag], [])

    def test_the_add_form_has_the_preview_too(self):
        response = self.client.get(admin_url(Section, "add"))
        self.assertContains(response, 'id="section-preview"')


class PreviewEndpointTests(EditorTestCase):
    url = reverse("admin:articles_section_preview")

    def test_renders_the_posted_text(self):
        response = self.client.post(self.url, {"body": "See [[Cold War]].\n\n[[Ghost]] <script>alert(1)</script>"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'href="/glossary/cold-war/"')
        self.assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")
        self.assertNotContains(response, "<script>")
        self.assertContains(response, "Links to terms that do not exist")
        self.assertContains(response, "<code>[[Ghost]]</code>", html=False)

    def test_lists_links_to_draft_terms_apart(self):
        response = self.client.post(self.url, {"body": "The [[Hot line]]."})
        self.assertContains(response, "Links to draft terms")
        self.assertNotContains(response, "Links to terms that do not exist")

    def test_an_empty_text_says_so(self):
        self.assertContains(self.client.post(self.url, {"body": ""}), "the text is empty")

    def test_only_post_with_a_csrf_token(self):
        self.assertEqual(self.client.get(self.url).status_code, 405)
        strict = self.client_class(enforce_csrf_checks=True)
        strict.force_login(self.editor)
        self.assertEqual(strict.post(self.url, {"body": "x"}).status_code, 403)


class BrokenLinksFilterTests(EditorTestCase):
    def test_the_section_changelist_filters_sections_with_broken_links(self):
        good = make_section(title="Good", body="[[Cold War]]")
        bad = make_section(title="Bad", body="[[Cold War]] and [[Nothing]]")
        changelist = admin_url(Section, "changelist")
        response = self.client.get(changelist)
        self.assertContains(response, "By broken links")
        self.assertContains(response, "?broken_links=yes")
        broken = self.client.get(changelist, {"broken_links": "yes"}).context["cl"].result_list
        self.assertEqual([section.pk for section in broken], [bad.pk])
        fine = self.client.get(changelist, {"broken_links": "no"}).context["cl"].result_list
        self.assertEqual([section.pk for section in fine], [good.pk])


class SaveWarningTests(EditorTestCase):
    def save(self, section, body):
        url = admin_url(Section, "change", section.pk)
        data = {**form_data(self.client.get(url)), "body": body}
        return self.client.post(url, data, follow=True)

    def test_saving_a_broken_link_warns_but_saves(self):
        section = make_section(title="Trade")
        response = self.save(section, "See [[Nothing here]] and [[Cold War]].")
        section.refresh_from_db()
        self.assertEqual(section.body, "See [[Nothing here]] and [[Cold War]].")
        messages = [(m.level_tag, str(m)) for m in response.context["messages"]]
        self.assertIn(
            ("warning", "Saved, but the text of “Trade” links to terms that do not exist (readers see plain text): "
             "<code>[[Nothing here]]</code>."),
            messages,
        )  # fmt: skip

    def test_saving_good_links_does_not_warn(self):
        response = self.save(make_section(), "See [[Cold War]].")
        self.assertFalse([m for m in response.context["messages"] if m.level_tag == "warning"])


class ViewOnSiteTests(EditorTestCase):
    def test_every_content_model_links_to_its_page_and_drafts_open_for_editors(self):
        article = make_article(status=Status.DRAFT)
        records = [
            article,
            make_section(article=article, status=Status.DRAFT),
            make_glossary_entry(status=Status.DRAFT),
            make_person(status=Status.DRAFT),
            make_event(status=Status.DRAFT),
            Period.objects.order_by("pk").first(),
            Topic.objects.order_by("pk").first(),
        ]
        for record in records:
            model = type(record)
            with self.subTest(model=model.__name__):
                response = self.client.get(admin_url(model, "change", record.pk))
                shortcut = reverse("admin:view_on_site", args=[ContentType.objects.get_for_model(model).pk, record.pk])
                self.assertContains(response, f'href="{shortcut}"')
                self.assertContains(response, "View on site")
                redirect = self.client.get(shortcut)
                self.assertEqual(redirect.status_code, 302)
                self.assertTrue(redirect["Location"].endswith(record.get_absolute_url()), redirect["Location"])
                page = self.client.get(record.get_absolute_url())
                self.assertEqual(page.status_code, 200)
                if hasattr(record, "status"):
                    self.assertContains(page, "Draft — not public")


class ContentModelsAreCoveredTests(TestCase):
    def test_every_content_model_has_a_public_address(self):
        for model in [Article, Section, GlossaryEntry, Person, Event, Period, Topic]:
            self.assertTrue(hasattr(model, "get_absolute_url"), model.__name__)
