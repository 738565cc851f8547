"""Deletes that say what they do: an image in use, an article and its sections; and the way back."""

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.test import TestCase
from editorial_support import admin_url, form_data, make_editor, make_superuser
from factories import make_article, make_event, make_person, make_section, parsed_article
from test_images import TemporaryMediaRoot, photo, upload

from articles.models import Article, Event, Image, Person, Section, WorkingCopy
from articles.services import article_import, images

DJANGO_LEAD = "All of the following"
EVENTS_STAY = "5 events stay, but no longer belong to a section:"


def new_image(alt_text="A map of the coast"):
    return images.image_save(image=Image(alt_text=alt_text), upload=upload(photo((40, 30)), "map.jpg"))


def bulk_delete(client, model, pks, **data):
    selected = {"action": "delete_selected", "_selected_action": list(pks), **data}
    return client.post(admin_url(model, "changelist"), selected)


class ImageTestCase(TemporaryMediaRoot, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_editor("alice")

    def setUp(self):
        super().setUp()
        self.client.force_login(self.editor)
        self.image = new_image()


class ImageInUseTests(ImageTestCase):
    def setUp(self):
        super().setUp()
        self.person = make_person(name="Roh Tae-woo", portrait=self.image)
        self.section = make_section(title="Summit diplomacy", illustration=self.image)
        self.event = make_event(title="The Moscow summit", image=self.image)

    def test_the_confirmation_lists_where_the_image_is_used(self):
        response = self.client.get(admin_url(Image, "delete", self.image.pk))
        self.assertContains(response, "Are you sure you want to delete the image “A map of the coast”?")
        self.assertContains(response, "It is used in 3 places, which stay, without the picture:")
        self.assertContains(response, "the portrait of “Roh Tae-woo”")
        self.assertContains(response, f"the illustration of the section “{self.section}”")
        self.assertContains(response, "the picture of the event “The Moscow summit”")
        self.assertContains(response, "cannot be recovered")
        self.assertNotContains(response, DJANGO_LEAD)

    def test_an_unused_image_says_so(self):
        unused = new_image("A flag")
        response = self.client.get(admin_url(Image, "delete", unused.pk))
        self.assertContains(response, "It is not used as a portrait, an illustration or an event’s picture.")
        self.assertNotContains(response, "Roh Tae-woo")

    def test_a_working_copy_that_picks_the_image_is_listed(self):
        other = make_person(name="Lee Myung-bak")
        WorkingCopy.objects.create(
            content_type=ContentType.objects.get_for_model(Person), object_id=other.pk, data={"portrait": self.image.pk}
        )
        response = self.client.get(admin_url(Image, "delete", self.image.pk))
        self.assertContains(response, "the portrait of “Lee Myung-bak” in its unpublished changes")

    def test_the_bulk_confirmation_lists_where_each_image_is_used(self):
        unused = new_image("A flag")
        response = bulk_delete(self.client, Image, [self.image.pk, unused.pk])
        self.assertContains(response, "Are you sure you want to delete the selected images?")
        self.assertContains(response, "The image “A map of the coast”. It is used in 3 places")
        self.assertContains(response, "the portrait of “Roh Tae-woo”")
        self.assertContains(response, "The image “A flag”. It is not used")
        self.assertNotContains(response, DJANGO_LEAD)
        self.assertTrue(Image.objects.filter(pk=unused.pk).exists())

    def test_confirming_deletes_it_and_the_records_lose_the_picture(self):
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(admin_url(Image, "delete", self.image.pk), {"post": "yes"})
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Image.objects.exists())
        for record in (self.person, self.section, self.event):
            record.refresh_from_db()
        self.assertEqual((self.person.portrait, self.section.illustration, self.event.image), (None, None, None))


class ImageHistoryTests(ImageTestCase):
    """An image's words have a history like any record's: listed, compared, restored."""

    def setUp(self):
        super().setUp()
        change = admin_url(Image, "change", self.image.pk)
        data = form_data(self.client.get(change))
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(change, {**data, "alt_text": "A map of the eastern coast", "_publish": "1"})
        self.assertEqual(response.status_code, 302)
        self.image.refresh_from_db()
        self.first, self.second = self.image.history.order_by("history_date", "history_id")

    def test_the_history_lists_each_version_and_compares_them(self):
        response = self.client.get(admin_url(Image, "history", self.image.pk))
        self.assertContains(response, "A map of the eastern coast")
        self.assertContains(response, admin_url(Image, "history_compare", self.image.pk))
        compare = self.client.get(
            admin_url(Image, "history_compare", self.image.pk),
            {"from": self.first.history_id, "to": self.second.history_id},
        )
        self.assertContains(compare, "<ins>eastern </ins>")

    def test_restoring_an_earlier_version_brings_back_its_words_and_keeps_the_file(self):
        file_name = self.image.file.name
        url = admin_url(Image, "simple_history", self.image.pk, self.first.history_id)
        data = form_data(self.client.get(url))
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url, {**data, "_publish": "1"})
        self.assertEqual(response.status_code, 302, response.content[:2000])
        self.image.refresh_from_db()
        self.assertEqual(self.image.alt_text, "A map of the coast")
        self.assertEqual(self.image.file.name, file_name)
        self.assertTrue(images.image_storage().exists(file_name))
        self.assertIn("restored the version of", self.image.history.latest().history_change_reason)

    def test_a_deleted_image_is_listed_and_says_why_it_cannot_come_back(self):
        pk = self.image.pk
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(admin_url(Image, "delete", pk), {"post": "yes"})
        self.assertContains(self.client.get(admin_url(Image, "recover_list")), "A map of the eastern coast")
        deletion = Image.history.filter(id=pk, history_type="-").latest()
        page = self.client.get(admin_url(Image, "recover", deletion.history_id))
        self.assertContains(page, "It cannot be recovered: its files were removed when it was deleted")
        self.assertNotContains(page, "Recover this image")
        response = self.client.post(admin_url(Image, "recover", deletion.history_id), follow=True)
        self.assertContains(response, "Not recovered: its files were removed")
        self.assertFalse(Image.objects.exists())
        self.assertContains(self.client.get(admin_url(Image, "history", pk)), "Deleted")


class ArticleDeletionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor, cls.admin = make_editor("alice"), make_superuser("root")
        article_import(parsed=parsed_article(), source_name="atlantis.txt")
        cls.article = Article.objects.get()

    def test_the_editors_group_may_not_delete_articles_even_in_bulk(self):
        self.client.force_login(self.editor)
        self.assertEqual(self.client.get(admin_url(Article, "delete", self.article.pk)).status_code, 403)
        self.assertEqual(
            self.client.post(admin_url(Article, "delete", self.article.pk), {"post": "yes"}).status_code, 403
        )
        self.assertFalse(self.editor.has_perm("articles.delete_article"))
        self.assertTrue(self.editor.has_perm("articles.delete_section"))
        changelist = self.client.get(admin_url(Article, "changelist"))
        self.assertNotContains(changelist, 'value="delete_selected"')
        bulk_delete(self.client, Article, [self.article.pk], post="yes")
        self.assertTrue(Article.objects.exists())

    def test_an_editor_granted_the_permission_may(self):
        self.editor.user_permissions.add(Permission.objects.get(codename="delete_article"))
        self.client.force_login(self.editor)
        response = self.client.get(admin_url(Article, "delete", self.article.pk))
        self.assertContains(response, "with its 2 sections")

    def assert_plain_words(self, response, *sentences):
        """The confirmation says `sentences` and what goes and stays, never Django's lead or its raw rows."""
        for sentence in (*sentences, "the section “History” and its text", EVENTS_STAY):
            self.assertContains(response, sentence)
        for raw in (DJANGO_LEAD, "relationship", "Historical"):
            self.assertNotContains(response, raw)

    def test_the_confirmation_has_no_lead_sentence_that_says_otherwise(self):
        self.client.force_login(self.admin)
        self.assert_plain_words(
            self.client.get(admin_url(Article, "delete", self.article.pk)),
            "Are you sure you want to delete the article “Atlantis–Lemuria relations”?",
            "The article “Atlantis–Lemuria relations”, with its 2 sections:",
        )

    def test_the_bulk_confirmation_says_the_same_in_plain_words(self):
        other = make_article(title="Mu–Lemuria relations")
        make_section(article=other, title="Trade")
        self.client.force_login(self.admin)
        self.assert_plain_words(
            bulk_delete(self.client, Article, [self.article.pk, other.pk]),
            "Are you sure you want to delete the selected articles?",
            "The article “Atlantis–Lemuria relations”, with its 2 sections:",
            "The article “Mu–Lemuria relations”, with its 1 section:",
            "the section “Trade” and its text",
        )


class RecoverArticleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = make_superuser("root")
        article_import(parsed=parsed_article(), source_name="atlantis.txt")
        cls.article = Article.objects.get()

    def setUp(self):
        self.client.force_login(self.admin)

    def test_recovering_an_article_brings_back_its_sections_and_their_events_in_one_action(self):
        article_url = self.article.get_absolute_url()
        sections = {section.pk: section.body for section in self.article.sections.all()}
        linked = dict(Event.objects.filter(section__in=sections).values_list("pk", "section_id"))
        self.assertTrue(linked)
        self.assertEqual(self.client.get(article_url).status_code, 200)

        summary = {"post": "yes", "edit_summary": "Merged into another article"}
        response = self.client.post(admin_url(Article, "delete", self.article.pk), summary)
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Section.objects.exists())
        self.assertFalse(Event.objects.filter(pk__in=linked, section__isnull=False).exists())
        self.assertEqual(self.client.get(article_url).status_code, 404)

        deletion = Article.history.filter(id=self.article.pk, history_type="-").latest()
        page = self.client.get(admin_url(Article, "recover", deletion.history_id))
        self.assertContains(page, "Its 2 sections come back with it")
        response = self.client.post(admin_url(Article, "recover", deletion.history_id), follow=True)
        self.assertContains(response, "was recovered")
        self.assertContains(response, "Its 2 sections came back with it, and 5 events are in them again.")

        self.assertEqual(dict(Section.objects.values_list("pk", "body")), sections)
        self.assertEqual(dict(Event.objects.filter(pk__in=linked).values_list("pk", "section_id")), linked)
        event = Event.objects.get(pk=next(iter(linked)))
        self.assertEqual(event.history.latest().history_change_reason, "back in its recovered section")
        page = self.client.get(article_url)
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, Section.objects.order_by("order").last().title)

    def test_an_article_deleted_from_the_shell_or_a_queryset_comes_back_with_its_sections(self):
        sections = set(self.article.sections.values_list("pk", flat=True))
        for delete in (lambda: Article.objects.get().delete(), lambda: Article.objects.all().delete()):
            with self.subTest(delete=delete):
                delete()
                self.assertFalse(Section.objects.exists())
                deletion = Article.history.filter(id=self.article.pk, history_type="-").latest()
                response = self.client.post(admin_url(Article, "recover", deletion.history_id), follow=True)
                self.assertContains(response, "Its 2 sections came back with it")
                self.assertEqual(set(Section.objects.values_list("pk", flat=True)), sections)

    def test_a_section_deleted_on_its_own_before_stays_deleted(self):
        lone = self.article.sections.order_by("order").last()
        self.client.post(admin_url(Section, "delete", lone.pk), {"post": "yes"})
        self.client.post(admin_url(Article, "delete", self.article.pk), {"post": "yes"})
        deletion = Article.history.filter(id=self.article.pk, history_type="-").latest()
        self.client.post(admin_url(Article, "recover", deletion.history_id))
        self.assertEqual(Section.objects.count(), 1)
        self.assertFalse(Section.objects.filter(pk=lone.pk).exists())

    def test_an_event_moved_to_another_section_meanwhile_stays_there(self):
        section = self.article.sections.order_by("order").first()
        event = Event.objects.filter(section=section).first()
        elsewhere = make_section(title="Elsewhere")
        self.client.post(admin_url(Article, "delete", self.article.pk), {"post": "yes"})
        Event.objects.filter(pk=event.pk).update(section=elsewhere)
        deletion = Article.history.filter(id=self.article.pk, history_type="-").latest()
        self.client.post(admin_url(Article, "recover", deletion.history_id))
        event.refresh_from_db()
        self.assertEqual(event.section, elsewhere)

    def test_recovering_a_section_alone_puts_its_events_back_in_it(self):
        section = self.article.sections.order_by("order").first()
        events = set(Event.objects.filter(section=section).values_list("pk", flat=True))
        self.assertTrue(events)
        self.client.post(admin_url(Section, "delete", section.pk), {"post": "yes"})
        deletion = Section.history.filter(id=section.pk, history_type="-").latest()
        response = self.client.post(admin_url(Section, "recover", deletion.history_id), follow=True)
        self.assertContains(response, f"{len(events)} event{'s' if len(events) > 1 else ''} ")
        self.assertEqual(set(Event.objects.filter(section=section.pk).values_list("pk", flat=True)), events)
