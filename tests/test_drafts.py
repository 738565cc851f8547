"""Working copies: a live record keeps what readers see while editors prepare, preview and publish a change."""

from datetime import timedelta

from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from editorial_support import admin_url, form_data, make_editor  # tests/ is on sys.path
from factories import changed, make_article, make_event, make_glossary_entry, make_person, make_section, parsed_article
from test_images import TemporaryMediaRoot, photo

from articles.editorial import drafts
from articles.models import Image, Section, Status, WorkingCopy
from articles.services import article_import
from articles.services.images import image_save


class DraftTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reviewer = make_editor("rita", email="rita@example.org")
        cls.editor = make_editor("ada", reviewer=False, email="ada@example.org")
        cls.article = make_article(title="Atlantis relations", slug="atlantis-relations")
        cls.section = make_section(article=cls.article, title="Trade", slug="trade", body="Old text of the trade.")

    def setUp(self):
        self.client.force_login(self.editor)

    def change_url(self, record):
        return admin_url(type(record), "change", record.pk)

    def post_form(self, record, button, **changes):
        data = form_data(self.client.get(self.change_url(record)))
        data.update(changes)
        data[button] = "1"
        return self.client.post(self.change_url(record), data)

    def public_text(self, url):
        self.client.logout()
        try:
            return self.client.get(url).content.decode()
        finally:
            self.client.force_login(self.editor)


class SaveDraftTests(DraftTestCase):
    def test_saving_a_draft_keeps_the_live_text_for_readers(self):
        response = self.post_form(self.section, "_save_draft", body="New text of the trade.")
        self.assertRedirects(response, self.change_url(self.section), fetch_redirect_response=False)
        self.section.refresh_from_db()
        self.assertEqual((self.section.body, self.section.status), ("Old text of the trade.", Status.PUBLISHED))
        page = self.public_text(self.article.get_absolute_url())
        self.assertIn("Old text of the trade.", page)
        self.assertNotIn("New text", page)
        copy_ = drafts.working_copy(self.section)
        self.assertEqual((copy_.data["body"], copy_.author), ("New text of the trade.", self.editor))

    def test_the_change_form_opens_on_the_working_copy_and_says_whose(self):
        self.post_form(self.section, "_save_draft", body="New text of the trade.")
        WorkingCopy.objects.update(updated_at=timezone.now() - timedelta(hours=2))
        response = self.client.get(self.change_url(self.section))
        self.assertEqual(response.context["adminform"].form["body"].value(), "New text of the trade.")
        self.assertContains(response, "Live, with unpublished changes by ada, 2 hours ago")
        self.assertContains(response, "Compare with live")
        self.assertContains(response, "Discard draft")
        self.assertContains(response, 'name="_save_draft"')
        self.assertNotContains(response, 'name="_publish"')  # an editor who is not a reviewer

    def test_every_content_model_keeps_its_live_fields(self):
        records = {
            "title": make_article(),
            "definition": make_glossary_entry(),
            "role": make_person(),
            "description": make_event(),
        }
        for field, record in records.items():
            with self.subTest(type(record).__name__):
                before = getattr(record, field)
                self.assertEqual(self.post_form(record, "_save_draft", **{field: "Changed"}).status_code, 302)
                record.refresh_from_db()
                self.assertEqual(getattr(record, field), before)
                self.assertEqual(drafts.working_copy(record).data[field], "Changed")

    def test_a_plain_save_by_someone_who_may_not_publish_is_kept_as_a_draft(self):
        self.post_form(self.section, "_save", body="Sneaked in.")
        self.section.refresh_from_db()
        self.assertEqual(self.section.body, "Old text of the trade.")
        self.assertEqual(drafts.working_copy(self.section).data["body"], "Sneaked in.")

    def test_an_editor_may_not_publish(self):
        response = self.post_form(self.section, "_publish", body="Published by force.")
        self.assertEqual(response.status_code, 403)
        self.section.refresh_from_db()
        self.assertEqual(self.section.body, "Old text of the trade.")

    def test_the_status_is_not_a_form_field_any_more(self):
        self.post_form(self.section, "_save_draft", status=Status.DRAFT)
        self.section.refresh_from_db()
        self.assertEqual(self.section.status, Status.PUBLISHED)

    def test_a_second_draft_saved_over_a_newer_one_is_refused_and_keeps_the_text(self):
        stale = form_data(self.client.get(self.change_url(self.section)))
        self.post_form(self.section, "_save_draft", body="First draft.")
        response = self.client.post(self.change_url(self.section), {**stale, "body": "Second.", "_save_draft": "1"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "saved a draft of it after you opened")
        self.assertEqual(drafts.working_copy(self.section).data["body"], "First draft.")
        self.assertEqual(response.context["adminform"].form["body"].value(), "Second.")

    def test_discard_draft_asks_then_drops_the_working_copy(self):
        self.post_form(self.section, "_save_draft", body="New.")
        url = admin_url(Section, "draft_discard", self.section.pk)
        self.assertContains(self.client.get(url), "Yes, discard the draft")
        self.assertIsNotNone(drafts.working_copy(self.section))
        self.client.post(url)
        self.assertIsNone(drafts.working_copy(self.section))
        self.section.refresh_from_db()
        self.assertEqual(self.section.body, "Old text of the trade.")

    def test_compare_with_live_shows_the_words_that_change(self):
        self.post_form(self.section, "_save_draft", body="Old text of the commerce.")
        response = self.client.get(admin_url(Section, "draft_compare", self.section.pk))
        self.assertContains(response, "<del>trade</del>", html=False)
        self.assertContains(response, "<ins>commerce</ins>", html=False)


class PublishTests(DraftTestCase):
    def setUp(self):
        self.client.force_login(self.reviewer)

    def test_publish_makes_the_posted_form_live_and_drops_the_working_copy(self):
        self.post_form(self.section, "_save_draft", body="Draft text.")
        response = self.post_form(self.section, "_publish")
        self.assertEqual(response.status_code, 302)
        self.section.refresh_from_db()
        self.assertEqual(self.section.body, "Draft text.")
        self.assertIsNone(drafts.working_copy(self.section))
        self.assertIn("Draft text.", self.public_text(self.article.get_absolute_url()))
        self.assertEqual(self.section.history.latest().history_user, self.reviewer)

    def test_links_of_the_draft_go_live_with_it(self):
        term = make_glossary_entry()
        # A section's links are those of its text: they go live with the text that makes them.
        self.post_form(self.section, "_save_draft", body=f"See [[{term.term}]].")
        self.assertEqual(list(self.section.terms.all()), [])
        self.post_form(self.section, "_publish")
        self.assertEqual(list(self.section.terms.all()), [term])

    def test_a_never_published_record_saves_and_publishes_like_before(self):
        draft = make_section(article=self.article, status=Status.DRAFT, body="Unseen.")
        self.post_form(draft, "_save", body="Still unseen.")
        draft.refresh_from_db()
        self.assertEqual((draft.body, draft.status), ("Still unseen.", Status.DRAFT))
        self.post_form(draft, "_publish")
        draft.refresh_from_db()
        self.assertEqual(draft.status, Status.PUBLISHED)

    def test_unpublish_is_a_separate_confirmed_action(self):
        url = admin_url(Section, "unpublish", self.section.pk)
        self.assertContains(self.client.get(url), "Yes, unpublish it")
        self.section.refresh_from_db()
        self.assertEqual(self.section.status, Status.PUBLISHED)
        self.client.post(url)
        self.section.refresh_from_db()
        self.assertEqual(self.section.status, Status.DRAFT)

    def test_editors_may_not_unpublish(self):
        self.client.force_login(self.editor)
        self.assertEqual(self.client.post(admin_url(Section, "unpublish", self.section.pk)).status_code, 403)


class StateColumnTests(DraftTestCase):
    def test_the_changelist_shows_one_state_per_record(self):
        live = self.section
        live_draft = make_section(article=self.article, title="Live draft")
        never = make_section(article=self.article, title="Never", status=Status.DRAFT)
        in_review = make_section(article=self.article, title="In review")
        scheduled = make_section(article=self.article, title="Scheduled")
        drafts.save_draft(live_draft, {"body": "x"}, self.editor)
        drafts.save_draft(in_review, {"body": "x"}, self.editor, state=WorkingCopy.State.IN_REVIEW)
        drafts.save_draft(scheduled, {"body": "x"}, self.editor)
        WorkingCopy.objects.filter(object_id=scheduled.pk).update(go_live_at=timezone.now() + timedelta(days=1))
        response = self.client.get(admin_url(Section, "changelist"))
        states = {
            row.pk: drafts.state_label(row, row.working_state, row.working_go_live)
            for row in response.context["cl"].result_list
        }
        self.assertEqual(
            [states[record.pk] for record in (live, live_draft, never, in_review, scheduled)],
            ["Live", "Live + draft", "Draft", "In review", "Scheduled"],
        )
        self.assertContains(response, '<span class="publication-state state-live-draft">Live + draft</span>', html=True)

    def test_the_changelist_query_count_does_not_grow_with_working_copies(self):
        url = admin_url(Section, "changelist")
        before = self.count_queries(url)
        for index in range(5):
            drafts.save_draft(make_section(article=self.article), {"body": str(index)}, self.editor)
        self.assertEqual(self.count_queries(url), before)

    def count_queries(self, url):
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(queries)


class RestoreTests(DraftTestCase):
    def test_restoring_an_old_version_makes_a_working_copy_and_never_unpublishes(self):
        self.client.force_login(self.reviewer)
        self.section.status = Status.DRAFT
        self.section.body = "An old draft."
        self.section.save()
        old = self.section.history.latest()
        self.section.status = Status.PUBLISHED
        self.section.body = "Live now."
        self.section.save()
        url = admin_url(Section, "simple_history", self.section.pk, old.history_id)
        data = form_data(self.client.get(url))
        response = self.client.post(url, {**data, "_save": "1"})
        self.assertEqual(response.status_code, 302)
        self.section.refresh_from_db()
        self.assertEqual((self.section.body, self.section.status), ("Live now.", Status.PUBLISHED))
        self.assertEqual(drafts.working_copy(self.section).data["body"], "An old draft.")


class PreviewTests(DraftTestCase):
    def test_preview_renders_the_article_page_with_the_draft_section_and_commits_nothing(self):
        self.post_form(self.section, "_save_draft", body="Previewed text.")
        response = self.client.get(admin_url(Section, "draft_preview", self.section.pk))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Previewed text.")
        self.assertContains(response, "Atlantis relations")
        self.assertNotContains(response, "Old text of the trade.")
        self.assertContains(response, "Preview — not public")
        self.assertContains(response, '<meta name="robots" content="noindex, nofollow">', html=False)
        self.assertTrue({"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")})
        self.assertIn("noindex", response["X-Robots-Tag"])
        self.section.refresh_from_db()
        self.assertEqual(self.section.body, "Old text of the trade.")
        self.assertIn("Old text of the trade.", self.public_text(self.article.get_absolute_url()))

    def test_the_anonymous_page_cache_never_serves_the_preview(self):
        url = self.article.get_absolute_url()
        self.assertIn("Old text", self.public_text(url))  # cached now
        self.post_form(self.section, "_save_draft", body="Previewed text.")
        self.client.get(admin_url(Section, "draft_preview", self.section.pk))
        for _ in range(2):
            page = self.public_text(url)
            self.assertIn("Old text of the trade.", page)
            self.assertNotIn("Previewed", page)

    def test_preview_is_for_staff_only(self):
        self.client.logout()
        response = self.client.get(admin_url(Section, "draft_preview", self.section.pk))
        self.assertEqual(response.status_code, 302)
        self.assertIn("/login/", response["Location"])


class ReviewTests(DraftTestCase):
    def test_submit_approve_notifies_and_publishes(self):
        self.post_form(self.section, "_submit_review", body="Reviewed text.")
        self.assertEqual(drafts.working_copy(self.section).state, WorkingCopy.State.IN_REVIEW)
        self.assertEqual([message.to for message in mail.outbox], [["rita@example.org"]])
        self.client.force_login(self.reviewer)
        queue = self.client.get(admin_url(WorkingCopy, "changelist"))
        self.assertContains(queue, "<ins>Reviewed</ins>", html=False)
        copy_ = drafts.working_copy(self.section)
        self.client.post(admin_url(WorkingCopy, "review", copy_.pk), {"_approve": "1"})
        self.section.refresh_from_db()
        self.assertEqual(self.section.body, "Reviewed text.")
        self.assertEqual(mail.outbox[-1].to, ["ada@example.org"])

    def test_a_rejection_comment_reaches_the_author_on_the_record_and_the_admin_home(self):
        self.post_form(self.section, "_submit_review", body="Weak text.")
        copy_ = drafts.working_copy(self.section)
        self.client.force_login(self.reviewer)
        self.client.post(admin_url(WorkingCopy, "review", copy_.pk), {"_reject": "1", "comment": "Cite a source."})
        self.client.force_login(self.editor)
        self.assertContains(self.client.get(self.change_url(self.section)), "Cite a source.")
        self.assertContains(self.client.get("/admin/"), "Cite a source.")
        self.section.refresh_from_db()
        self.assertEqual(self.section.body, "Old text of the trade.")

    def test_editors_do_not_see_the_queue(self):
        self.assertEqual(self.client.get(admin_url(WorkingCopy, "changelist")).status_code, 403)

    @override_settings(DRAFT_NOTIFICATIONS=False)
    def test_one_setting_turns_notifications_off(self):
        self.post_form(self.section, "_submit_review", body="Quiet.")
        self.assertEqual(mail.outbox, [])

    def test_the_reviewers_group_holds_the_publish_permission_and_editors_do_not(self):
        codenames = set(Group.objects.get(name="Reviewers").permissions.values_list("codename", flat=True))
        self.assertIn("publish_content", codenames)
        editors = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
        self.assertNotIn("publish_content", editors)
        self.assertTrue(drafts.can_publish(self.reviewer))
        self.assertFalse(drafts.can_publish(self.editor))


class ReimportTests(TestCase):
    def test_a_re_import_leaves_the_working_copy_and_says_where_the_source_changed_a_drafted_field(self):
        article_import(parsed=parsed_article(), source_name="atlantis.txt")
        section = Section.objects.get(slug="history")
        editor = make_editor("ada", reviewer=False)
        drafts.save_draft(section, {"title": "An editor's title", "body": section.body}, editor)
        report = article_import(
            parsed=changed(parsed_article(), "sections", "history", title="Space race"), source_name="atlantis.txt"
        )
        self.assertEqual([(r.model, r.slug, r.field) for r in report.drafted], [("Section", "history", "title")])
        section.refresh_from_db()
        self.assertEqual(section.title, "Space race")  # the live record follows the source
        self.assertEqual(drafts.working_copy(section).data["title"], "An editor's title")


class ImageDraftTests(TemporaryMediaRoot, DraftTestCase):
    def setUp(self):
        super().setUp()
        upload = SimpleUploadedFile("map.jpg", photo((40, 30)), content_type="image/jpeg")
        self.image = image_save(image=Image(alt_text="A map", caption="Old caption"), upload=upload)

    def test_an_images_words_wait_in_a_working_copy(self):
        self.post_form(self.image, "_save_draft", alt_text="A map of the peninsula", caption="New caption")
        self.image.refresh_from_db()
        self.assertEqual((self.image.alt_text, self.image.caption), ("A map", "Old caption"))
        self.assertEqual(drafts.working_copy(self.image).data["caption"], "New caption")
        changelist = self.client.get(admin_url(Image, "changelist"))
        self.assertContains(changelist, "Live + draft")
        self.client.force_login(self.reviewer)
        self.post_form(self.image, "_publish")
        self.image.refresh_from_db()
        self.assertEqual((self.image.alt_text, self.image.caption), ("A map of the peninsula", "New caption"))
        self.assertIsNone(drafts.working_copy(self.image))

    def test_a_new_file_cannot_wait_in_a_draft(self):
        data = form_data(self.client.get(self.change_url(self.image)))
        upload = SimpleUploadedFile("new.jpg", photo((30, 20)), content_type="image/jpeg")
        response = self.client.post(self.change_url(self.image), {**data, "file": upload, "_save_draft": "1"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "A new file cannot wait in a draft")


class BulkActionTests(DraftTestCase):
    def test_unpublishing_in_bulk_asks_first(self):
        self.client.force_login(self.reviewer)
        data = {"action": "unpublish", "_selected_action": [self.section.pk]}
        response = self.client.post(admin_url(Section, "changelist"), data)
        self.assertContains(response, "Yes, unpublish them")
        self.assertContains(response, "Trade")
        self.section.refresh_from_db()
        self.assertEqual(self.section.status, Status.PUBLISHED)
        self.client.post(admin_url(Section, "changelist"), {**data, "confirmed": "yes"})
        self.section.refresh_from_db()
        self.assertEqual(self.section.status, Status.DRAFT)

    def test_editors_who_may_not_publish_have_no_publish_actions(self):
        actions = self.client.get(admin_url(Section, "changelist")).context["action_form"].fields["action"].choices
        self.assertFalse({"publish", "unpublish"} & {name for name, _label in actions})

    def test_publishing_in_bulk_publishes_the_working_copies_of_live_records(self):
        self.post_form(self.section, "_save_draft", body="Draft text of the trade.")  # by ada, an editor
        unpublished = make_section(article=self.article, title="Ports", slug="ports", status=Status.DRAFT)
        self.client.force_login(self.reviewer)
        response = self.client.post(
            admin_url(Section, "changelist"),
            {"action": "publish", "_selected_action": [self.section.pk, unpublished.pk]},
            follow=True,
        )
        self.section.refresh_from_db()
        unpublished.refresh_from_db()
        self.assertEqual((self.section.body, self.section.status), ("Draft text of the trade.", Status.PUBLISHED))
        self.assertEqual(unpublished.status, Status.PUBLISHED)
        self.assertIsNone(drafts.working_copy(self.section))
        self.assertIn("Draft text of the trade.", self.public_text(self.article.get_absolute_url()))
        latest = self.section.history.latest()
        self.assertEqual(
            (latest.history_user, latest.history_change_reason), (self.reviewer, "published (bulk action)")
        )
        said = [str(message) for message in response.context["messages"]]
        self.assertIn("1 section set to published.", said)
        self.assertIn("Published the unpublished changes of 1 section.", said)

    def test_a_working_copy_that_is_no_longer_valid_stays_and_the_editor_is_told_why(self):
        self.post_form(self.section, "_save_draft", body="Draft text of the trade.")
        make_section(article=self.article, title="Ports", slug="ports")
        copy_ = drafts.working_copy(self.section)
        WorkingCopy.objects.filter(pk=copy_.pk).update(data={**copy_.data, "slug": "ports"})  # taken since
        self.client.force_login(self.reviewer)
        response = self.client.post(
            admin_url(Section, "changelist"), {"action": "publish", "_selected_action": [self.section.pk]}, follow=True
        )
        self.section.refresh_from_db()
        self.assertEqual(self.section.body, "Old text of the trade.")
        self.assertIsNotNone(drafts.working_copy(self.section))
        said = " ".join(str(message) for message in response.context["messages"])
        self.assertIn("was not published, its unpublished changes are kept", said)
        self.assertIn("Trade", said)
