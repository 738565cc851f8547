"""Who changed what, and why: edit summaries on every save, Recent changes, watchlists, presence."""

from datetime import timedelta
from tempfile import TemporaryDirectory
from unittest import mock

from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone
from editorial_support import admin_url, form_data, make_editor  # tests/ is on sys.path
from factories import make_article, make_event, make_glossary_entry, make_person, make_section
from test_images import photo, upload

from articles.editorial import presence
from articles.editorial.changes import SUMMARY_MAX_LENGTH, clean_summary, with_summary
from articles.editorial.watching import Watch
from articles.models import Article, Event, GlossaryEntry, Image, Period, Person, Section, Status, Topic

RECENT = "/admin/recent-changes/"


class EditorTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_editor("ada")

    def setUp(self):
        self.client.force_login(self.editor)

    def save_form(self, record, summary="", **changes):
        url = admin_url(type(record), "change", record.pk)
        data = form_data(self.client.get(url))
        data.update(changes, edit_summary=summary)
        return self.client.post(url, data)

    def reasons(self, record):
        return list(
            record.history.order_by("history_date", "history_id").values_list("history_change_reason", flat=True)
        )


# -- 1. edit summaries ----------------------------------------------------------------------------


class EditSummaryTests(EditorTestCase):
    def test_a_change_form_save_keeps_its_summary_in_the_history(self):
        section = make_section(body="Old text.")
        response = self.save_form(section, summary="Fix the date of the summit", body="New text.")
        self.assertEqual(response.status_code, 302)
        latest = section.history.latest()
        self.assertEqual((latest.body, latest.history_change_reason), ("New text.", "Fix the date of the summit"))

    def test_the_summary_is_not_a_changed_field_of_the_record(self):
        section = make_section(body="Old text.")
        self.save_form(section, summary="Tidy", body="New text.")
        entry = LogEntry.objects.latest("action_time")
        self.assertIn("Body", entry.get_change_message())
        self.assertNotIn("summary", entry.get_change_message().lower())

    def test_its_many_to_many_records_get_the_summary_too(self):
        section = make_section()
        term = make_glossary_entry()
        before = section.history.count()
        self.save_form(section, summary="Link the term", terms=[term.pk])
        new = section.history.order_by("history_id")[before:]
        self.assertTrue(new)
        self.assertEqual({record.history_change_reason for record in new}, {"Link the term"})

    def test_adding_keeps_its_summary(self):
        response = self.client.post(
            admin_url(GlossaryEntry, "add"),
            {"term": "Hot line", "slug": "hot-line", "definition": "A link.", "aliases": "", "status": "draft"}
            | {"edit_summary": "New term from the 1963 agreement"},
        )
        self.assertEqual(response.status_code, 302)
        entry = GlossaryEntry.objects.get(slug="hot-line")
        self.assertEqual(self.reasons(entry), ["New term from the 1963 agreement"])

    def test_a_save_without_summary_keeps_no_reason(self):
        person = make_person()
        self.save_form(person, role="Minister")
        self.assertIsNone(person.history.latest().history_change_reason)

    def test_a_summary_too_long_is_refused_and_nothing_is_saved(self):
        section = make_section(body="Old text.")
        response = self.save_form(section, summary="x" * (SUMMARY_MAX_LENGTH + 1), body="New text.")
        self.assertEqual(response.status_code, 200)
        self.assertIn("edit_summary", response.context["adminform"].form.errors)
        section.refresh_from_db()
        self.assertEqual(section.body, "Old text.")

    def test_the_change_form_has_the_summary_field_above_its_buttons(self):
        html = self.client.get(admin_url(Event, "change", make_event().pk)).content.decode()
        field, buttons = html.index('name="edit_summary"'), html.rindex('class="submit-row')
        self.assertLess(field, buttons)
        self.assertIn(f'maxlength="{SUMMARY_MAX_LENGTH}"', html)

    def test_changelist_edits_keep_the_summary_of_the_actions_bar(self):
        period = Period.objects.get(slug="rapprochement")
        changelist = self.client.get(admin_url(Period, "changelist"))
        self.assertContains(changelist, 'name="edit_summary"')
        formset = changelist.context["cl"].formset
        data = {"form-TOTAL_FORMS": formset.total_form_count(), "form-INITIAL_FORMS": formset.initial_form_count()}
        for form in formset.forms:
            for field in form:
                data[field.html_name] = "" if field.value() is None else field.value()
                data[form.add_initial_prefix(field.name)] = data[field.html_name]
            if form.instance.pk == period.pk:
                data[f"{form.prefix}-start_year"] = "1984"
        data.update({"_save": "Save", "action": "", "edit_summary": "Start the period at the first contacts"})
        response = self.client.post(admin_url(Period, "changelist"), data)
        self.assertEqual(response.status_code, 302)
        latest = period.history.latest()
        self.assertEqual(
            (latest.start_year, latest.history_change_reason), (1984, "Start the period at the first contacts")
        )

    def test_a_bulk_action_keeps_the_summary_and_says_what_it_did(self):
        events = [make_event(status=Status.DRAFT) for _ in range(2)]
        self.client.post(
            admin_url(Event, "changelist"),
            {"action": "publish", "_selected_action": [e.pk for e in events], "edit_summary": "Checked the dates"},
        )
        for event in events:
            self.assertEqual(
                event.history.latest().history_change_reason, "Checked the dates (published (bulk action))"
            )

    def test_deleting_keeps_the_summary(self):
        person = make_person()
        page = self.client.get(admin_url(Person, "delete", person.pk))
        self.assertContains(page, 'name="edit_summary"')
        self.client.post(admin_url(Person, "delete", person.pk), {"post": "yes", "edit_summary": "Duplicate of X"})
        deletion = Person.history.filter(id=person.pk).latest()
        self.assertEqual((deletion.history_type, deletion.history_change_reason), ("-", "Duplicate of X"))

    def test_a_bulk_delete_asks_for_the_summary_again_and_keeps_it(self):
        terms = [make_glossary_entry() for _ in range(2)]
        selected = {"action": "delete_selected", "_selected_action": [term.pk for term in terms]}
        changelist = admin_url(GlossaryEntry, "changelist")
        confirmation = self.client.post(changelist, {**selected, "edit_summary": "Spam terms"})
        self.assertContains(confirmation, 'value="Spam terms"')
        self.client.post(changelist, {**selected, "post": "yes", "edit_summary": "Spam terms"})
        deletions = GlossaryEntry.history.filter(history_type="-")
        self.assertEqual(list(deletions.values_list("history_change_reason", flat=True)), ["Spam terms"] * 2)

    def test_a_restore_keeps_the_summary_and_says_it_restored(self):
        section = make_section(body="First.")
        first = section.history.latest()
        self.save_form(section, body="Vandalised.")
        url = admin_url(Section, "simple_history", section.pk, first.history_id)
        page = self.client.get(url)
        self.assertContains(page, 'name="edit_summary"')
        self.client.post(url, {**form_data(page), "_save": "Revert", "edit_summary": "Undo vandalism"})
        # A restore of a live record is a working copy: the summary is kept until it is published.
        change = admin_url(Section, "change", section.pk)
        self.client.post(change, {**form_data(self.client.get(change)), "_publish": "1"})
        reason = section.history.latest().history_change_reason
        self.assertTrue(reason.startswith("Undo vandalism (restored the version of "), reason)

    def test_recovering_a_deleted_record_keeps_the_summary(self):
        person = make_person()
        pk = person.pk
        person.delete()
        deletion = Person.history.filter(id=pk).latest()
        page = self.client.get(admin_url(Person, "recover", deletion.history_id))
        self.assertContains(page, 'name="edit_summary"')
        self.client.post(admin_url(Person, "recover", deletion.history_id), {"edit_summary": "Deleted by mistake"})
        self.assertEqual(
            Person.history.filter(id=pk).latest().history_change_reason, "Deleted by mistake (recovered after deletion)"
        )

    def test_history_and_compare_pages_show_the_summaries(self):
        section = make_section(body="Old text.")
        self.save_form(section, summary="Say it better", body="New text.")
        history = self.client.get(admin_url(Section, "history", section.pk))
        self.assertContains(history, "Say it better")
        old, new = section.history.order_by("history_date", "history_id")
        compare = self.client.get(admin_url(Section, "history_compare", section.pk), {"from": old.pk, "to": new.pk})
        self.assertContains(compare, "Say it better")
        self.assertContains(compare, "Edit summary")

    def test_compare_with_only_to_shows_what_that_version_changed(self):
        section = make_section(body="Old text.")
        self.save_form(section, body="Middle text.")
        self.save_form(section, body="New text.", summary="Last")
        latest = section.history.latest()
        response = self.client.get(admin_url(Section, "history_compare", section.pk), {"to": latest.history_id})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["old"].body, "Middle text.")
        self.assertEqual(response.context["new"].body, "New text.")
        first = section.history.earliest()
        response = self.client.get(admin_url(Section, "history_compare", section.pk), {"to": first.history_id})
        self.assertContains(response, "This is the first version")
        self.assertEqual(
            self.client.get(admin_url(Section, "history_compare", section.pk), {"to": "x"}).status_code, 404
        )

    def test_an_image_keeps_its_summary_too(self):
        with TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
            with self.captureOnCommitCallbacks(execute=True):
                response = self.client.post(
                    admin_url(Image, "add"),
                    {"alt_text": "A signing", "caption": "", "credit": "", "edit_summary": "Photo of the treaty"}
                    | {"file": upload(photo((64, 48)))},
                )
            self.assertEqual(response.status_code, 302)
            image = Image.objects.get()
            self.assertEqual(image.history.latest().history_change_reason, "Photo of the treaty")
            self.assertContains(self.client.get(admin_url(Image, "change", image.pk)), 'name="edit_summary"')
            change = admin_url(Image, "change", image.pk)
            data = form_data(self.client.get(change))
            data.pop("file", None)
            with self.captureOnCommitCallbacks(execute=True):
                self.client.post(change, {**data, "alt_text": "The signing", "edit_summary": "Say what it shows"})
            self.assertEqual(image.history.latest().history_change_reason, "Say what it shows")
            # Recent changes lists it, with a link to the comparison with the version before.
            response = self.client.get(RECENT, {"model": "image", "action": "~"})
            [change] = response.context["changes"]
            latest = image.history.latest().history_id
            compare = f"{admin_url(Image, 'history_compare', image.pk)}?to={latest}"
            self.assertEqual((change.summary, change.diff_url), ("Say what it shows", compare))


class SummaryTextTests(TestCase):
    def test_a_summary_is_one_line(self):
        self.assertEqual(clean_summary("  Fix\r\nthe   date \n"), "Fix the date")

    def test_a_reason_given_by_the_code_is_kept_whole(self):
        reason = "restored the version of 3 December 2026, 10:04 a.m."
        combined = with_summary(reason, "word " * 40)
        self.assertLessEqual(len(combined), SUMMARY_MAX_LENGTH)
        self.assertTrue(combined.endswith(f"({reason})"))
        self.assertEqual(with_summary(reason, ""), reason)
        self.assertEqual(with_summary(None, "Typo"), "Typo")


# -- 2. recent changes ----------------------------------------------------------------------------


class RecentChangesTests(EditorTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.other = make_editor("grace")

    def test_lists_changes_of_every_model_with_who_what_summary_and_diff(self):
        section = make_section(body="Old text.")
        self.save_form(section, summary="Better wording", body="New text.")
        person = make_person(name="Jane Roe")
        self.client.post(admin_url(Person, "delete", person.pk), {"post": "yes", "edit_summary": "Not in the article"})
        response = self.client.get(RECENT)
        self.assertEqual(response.status_code, 200)
        changes = response.context["changes"]
        self.assertEqual(
            [(c.model, c.action, c.username, c.summary) for c in changes if c.username],
            [(Person, "-", "ada", "Not in the article"), (Section, "~", "ada", "Better wording")],
        )
        latest = section.history.latest()
        self.assertContains(response, admin_url(Section, "change", section.pk))
        self.assertContains(response, f"{admin_url(Section, 'history_compare', section.pk)}?to={latest.history_id}")
        self.assertContains(response, "Better wording")
        # A deleted record is named, not linked to its (gone) change form.
        self.assertNotContains(response, admin_url(Person, "change", person.pk))
        models = {change.model for change in changes}
        self.assertTrue({Section, Article, Person} <= models)

    def test_filters_by_editor_model_action_and_date(self):
        section = make_section()
        self.save_form(section, summary="by ada", title="Renamed")
        self.client.force_login(self.other)
        event = make_event()
        self.save_form(event, summary="by grace", title="Renamed event")
        self.client.force_login(self.editor)

        def summaries(**query):
            response = self.client.get(RECENT, query)
            self.assertEqual(response.status_code, 200, response.context["form"].errors)
            return [change.summary for change in response.context["changes"]]

        self.assertEqual(summaries(editor="grace"), ["by grace"])
        self.assertEqual(summaries(editor="ada"), ["by ada"])
        self.assertEqual(summaries(model="event", action="~"), ["by grace"])
        self.assertEqual(set(summaries(action="~")), {"by ada", "by grace"})
        self.assertNotIn("by ada", summaries(action="+"))
        today = timezone.localdate()
        self.assertEqual(len(summaries(since=today, until=today, action="~")), 2)
        self.assertEqual(summaries(until=today - timedelta(days=1)), [])
        self.assertEqual(summaries(since=today + timedelta(days=1)), [])

    def test_a_bad_filter_says_so(self):
        response = self.client.get(RECENT, {"since": "yesterday"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Enter a valid date")
        response = self.client.get(RECENT, {"since": "2026-02-02", "until": "2026-01-01"})
        self.assertContains(response, "The first day comes after the last one.")

    def test_pages_keep_the_filters(self):
        for _ in range(3):
            make_person()
        with mock.patch("articles.admin.recent_changes.PER_PAGE", 2):
            response = self.client.get(RECENT, {"model": "person"})
            self.assertEqual(response.context["page_obj"].paginator.num_pages, 2)
            self.assertContains(response, "?model=person&amp;page=2")
            second = self.client.get(RECENT, {"model": "person", "page": 2})
        self.assertEqual(len(second.context["changes"]), 1)

    def fill(self, count):
        """Make ``count`` changes of each content model, by two editors, some with summaries."""
        for number in range(count):
            article = make_article()
            section = make_section(article=article)
            event = make_event(section=section)
            make_glossary_entry()
            make_person()
            Topic.objects.create(name=f"Topic {number}", slug=f"topic-{Topic.objects.count()}")
            for record in (article, section, event):
                record._change_reason = f"summary {number}"
                record._history_user = self.editor
                record.save()

    # Pinned: the session, the user, their permissions (2), the editors the filter lists, then
    # the count, the page of changes and which of their records exist; filtering by editor reads
    # that editor (one more).
    QUERIES = [({}, 8), ({"model": "section", "action": "~"}, 8), ({"watched": "on", "editor": "ada"}, 9)]

    def test_a_fixed_number_of_queries_whatever_the_number_of_changes(self):
        rows = []
        for size in (2, 30):
            self.fill(size)
            watched = Article.objects.order_by("pk").last()
            Watch.objects.create(user=self.editor, content_type_id=_content_type(Article), object_id=watched.pk)
            for query, count in self.QUERIES:
                self.client.get(RECENT, query)  # the per-process caches (content types) warmed
                with self.assertNumQueries(count):
                    response = self.client.get(RECENT, query)
                rows.append(len(response.context["changes"]))
            with self.assertNumQueries(8):
                self.client.get(RECENT, {"page": 2})
        self.assertGreater(rows[3], rows[0])  # more rows on the larger page, the same queries
        self.assertGreater(rows[5], rows[2])  # two watched articles, each with its section and event

    def test_only_staff_see_it_and_it_is_linked_from_every_admin_page(self):
        home = self.client.get("/admin/")
        self.assertContains(home, f'href="{RECENT}"')
        self.assertContains(self.client.get(admin_url(Topic, "changelist")), f'href="{RECENT}"')
        self.client.logout()
        self.assertRedirects(self.client.get(RECENT), f"/admin/login/?next={RECENT}")
        reader = get_user_model().objects.create_user("reader", password="a long reader passphrase 1")
        self.client.force_login(reader)
        self.assertEqual(self.client.get(RECENT).status_code, 302)


def _content_type(model):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(model).pk


# -- 3. watchlists --------------------------------------------------------------------------------


class WatchlistTests(EditorTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.other = make_editor("grace")

    def watch(self, record):
        return self.client.post(
            reverse("changes:watch"), {"model": type(record)._meta.model_name, "object_id": record.pk}, follow=True
        )

    def as_other(self, record, summary, **changes):
        self.client.force_login(self.other)
        self.save_form(record, summary=summary, **changes)
        self.client.force_login(self.editor)

    def watched_summaries(self):
        response = self.client.get("/admin/")
        self.assertEqual(response.status_code, 200)
        return [change.summary for change in response.context["watched_changes"]]

    def test_the_change_form_watches_and_stops_watching(self):
        person = make_person()
        page = self.client.get(admin_url(Person, "change", person.pk))
        self.assertContains(page, ">Watch</button>")
        response = self.watch(person)
        self.assertRedirects(response, admin_url(Person, "change", person.pk))
        self.assertContains(response, "You now watch")
        self.assertContains(response, "Stop watching")
        self.assertEqual(Watch.objects.filter(user=self.editor).count(), 1)
        self.assertContains(self.watch(person), "You no longer watch")
        self.assertFalse(Watch.objects.exists())

    def test_watching_needs_a_post_and_a_real_record(self):
        url = reverse("changes:watch")
        self.assertEqual(self.client.get(url).status_code, 405)
        self.assertEqual(self.client.post(url, {"model": "user", "object_id": self.editor.pk}).status_code, 404)
        self.assertEqual(self.client.post(url, {"model": "person", "object_id": "999999"}).status_code, 404)
        self.assertEqual(self.client.post(url, {"model": "person", "object_id": "x"}).status_code, 404)
        self.assertFalse(Watch.objects.exists())

    def test_the_home_page_shows_others_changes_to_watched_records_since_the_last_visit(self):
        watched, unwatched = make_person(), make_person()
        self.watch(watched)
        self.assertEqual(self.watched_summaries(), [])  # the first visit: nothing changed yet
        self.as_other(watched, "Add the role", role="Minister")
        self.as_other(unwatched, "Not watched", role="Envoy")
        self.save_form(watched, summary="My own change", country="Atlantis")
        self.assertEqual(self.watched_summaries(), ["Add the role"])
        self.assertEqual(self.watched_summaries(), [])  # seen at the last visit
        response = self.client.get("/admin/")
        self.assertContains(response, "Nothing new since then.")
        self.assertContains(response, "?watched=on")

    def test_watching_an_article_follows_its_sections_and_events(self):
        article = make_article()
        section = make_section(article=article)
        event = make_event(section=section)
        elsewhere = make_event(section=make_section())
        self.watch(article)
        self.client.get("/admin/")
        self.as_other(section, "Section edit", body="New.")
        self.as_other(event, "Event edit", title="Renamed")
        self.as_other(elsewhere, "Elsewhere", title="Renamed too")
        self.as_other(article, "Article edit", title="New title")
        self.assertEqual(self.watched_summaries(), ["Article edit", "Event edit", "Section edit"])
        # Recent changes filtered to what the editor watches gives the same.
        response = self.client.get(RECENT, {"watched": "on", "action": "~"})
        self.assertEqual(
            [c.summary for c in response.context["changes"]], ["Article edit", "Event edit", "Section edit"]
        )

    def test_watchers_of_nothing_are_told_how_to_watch(self):
        self.assertContains(self.client.get("/admin/"), "You watch nothing yet.")


# -- 4. presence ----------------------------------------------------------------------------------


class PresenceTests(EditorTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.other = make_editor("grace")

    def ping(self, record):
        return self.client.post(
            reverse("changes:presence"), {"model": type(record)._meta.model_name, "object_id": record.pk}
        )

    def test_the_second_editor_sees_the_first_and_since_when(self):
        section = make_section()
        self.client.force_login(self.other)
        self.assertNotContains(self.client.get(admin_url(Section, "change", section.pk)), "this record open too")
        self.client.force_login(self.editor)
        page = self.client.get(admin_url(Section, "change", section.pk))
        self.assertContains(page, "grace (since ")
        self.assertContains(page, "has this record open too")
        self.assertContains(page, 'src="/static/admin/js/presence.js"')
        # And the first learns of the second at their next ping; nothing is locked.
        self.client.force_login(self.other)
        answer = self.ping(section).json()
        self.assertEqual([other["name"] for other in answer["others"]], ["ada"])
        self.assertIn("ada (since ", answer["message"])
        self.assertEqual(self.save_form(section, body="Grace saves.").status_code, 302)

    def test_an_editor_seen_more_than_a_minute_ago_is_gone(self):
        section = make_section()
        start = timezone.now()
        presence.here(self.other, section, now=start)
        self.assertEqual(
            [p.name for p in presence.here(self.editor, section, now=start + timedelta(seconds=59))], ["grace"]
        )
        self.assertEqual(presence.here(self.editor, section, now=start + timedelta(seconds=61)), [])

    def test_since_is_when_they_opened_it_not_their_last_ping(self):
        section = make_section()
        start = timezone.now()
        presence.here(self.other, section, now=start)
        presence.here(self.other, section, now=start + timedelta(seconds=40))
        [grace] = presence.here(self.editor, section, now=start + timedelta(seconds=80))
        self.assertEqual(grace.since.timestamp(), start.timestamp())

    def test_a_cache_that_does_not_answer_hides_presence_and_nothing_else(self):
        section = make_section()
        with mock.patch("articles.editorial.presence.cache.get", side_effect=ConnectionError("cache down")):
            page = self.client.get(admin_url(Section, "change", section.pk))
            answer = self.ping(section)
        self.assertEqual(page.status_code, 200)
        self.assertEqual(answer.json(), {"message": "", "others": []})

    def test_the_endpoint_is_for_staff_and_posts_only(self):
        section = make_section()
        self.assertEqual(self.client.get(reverse("changes:presence")).status_code, 405)
        self.assertEqual(self.client.post(reverse("changes:presence"), {"model": "section"}).status_code, 404)
        self.client.logout()
        self.assertEqual(self.ping(section).status_code, 302)

    def test_the_page_says_nothing_when_alone(self):
        page = self.client.get(admin_url(Person, "change", make_person().pk))
        self.assertContains(page, 'id="presence"')
        self.assertContains(page, " hidden></p>")
