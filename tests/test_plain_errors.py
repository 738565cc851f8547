"""Editors are told what is wrong in plain words, beside the field, and sensible values are filled in."""

from datetime import date

from django.test import TestCase
from editorial_support import admin_url, form_data, make_editor
from factories import make_event, make_glossary_entry

from articles.models import Article, Event, GlossaryEntry, Period, Status


class EditorTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_editor("alice")
        Period.objects.filter(end_year=None).update(end_year=2400)  # test periods of their own, after it
        cls.early = Period.objects.create(name="Early test age", slug="early-test-age", start_year=2400, end_year=2500)
        cls.late = Period.objects.create(name="Late test age", slug="late-test-age", start_year=2500, end_year=2600)

    def setUp(self):
        self.client.force_login(self.editor)

    def add_event(self, **fields):
        data = form_data(self.client.get(admin_url(Event, "add")))
        data.update({"title": "Landing", "slug": "landing", "status": "draft", "precision": "day", **fields})
        return self.client.post(admin_url(Event, "add"), data)


class ConstraintMessageTests(EditorTestCase):
    def test_an_end_date_before_the_start_is_a_plain_error_beside_the_end_date(self):
        response = self.add_event(date="2550-05-02", end_date="2550-05-01")
        form = response.context["adminform"].form
        self.assertEqual(form.errors["end_date"], ["The end date must be on or after the start date."])
        self.assertEqual(form.non_field_errors(), [])
        self.assertNotContains(response, "Constraint")
        self.assertFalse(Event.objects.filter(slug="landing").exists())

    def test_a_precision_without_a_date_is_a_plain_error_beside_the_precision(self):
        response = self.add_event(date="", precision="day")
        self.assertIn(
            "Give a precision when there is a date", response.context["adminform"].form.errors["precision"][0]
        )
        self.assertNotContains(response, "Constraint")

    def test_a_period_ending_before_it_starts_is_a_plain_error_beside_the_end_year(self):
        data = form_data(self.client.get(admin_url(Period, "change", self.early.pk)))
        response = self.client.post(admin_url(Period, "change", self.early.pk), {**data, "end_year": "2300"})
        self.assertIn(
            "The end year must be after the start year", response.context["adminform"].form.errors["end_year"][0]
        )
        self.assertNotContains(response, "Constraint")


class EventPeriodTests(EditorTestCase):
    def test_an_empty_period_is_filled_from_the_date(self):
        self.assertEqual(self.add_event(date="2550-05-02", period="").status_code, 302)
        self.assertEqual(Event.objects.get(slug="landing").period, self.late)

    def test_a_period_that_does_not_hold_the_date_is_refused_naming_the_right_one(self):
        response = self.add_event(date="2550-05-02", period=self.early.pk)
        self.assertEqual(
            response.context["adminform"].form.errors["period"],
            ["“Early test age” does not hold the year 2550: it belongs to “Late test age”."],
        )
        self.assertFalse(Event.objects.filter(slug="landing").exists())


class IsoDateTests(EditorTestCase):
    def test_iso_dates_are_read_on_add_and_shown_on_change(self):
        self.assertEqual(self.add_event(date="2508-04-15").status_code, 302)
        event = Event.objects.get(slug="landing")
        self.assertEqual(event.date, date(2508, 4, 15))
        response = self.client.get(admin_url(Event, "change", event.pk))
        self.assertContains(response, 'value="2508-04-15"')

    def test_an_ambiguous_day_month_date_is_not_guessed(self):
        response = self.add_event(date="04/05/2508")
        self.assertIn("date", response.context["adminform"].form.errors)

    def test_the_calendar_writes_iso_dates(self):
        catalog = self.client.get("/admin/jsi18n/").content.decode()
        self.assertRegex(catalog, r'"DATE_INPUT_FORMATS": \[\s*"%Y-%m-%d"\s*\]')


class BulkMessageTests(EditorTestCase):
    def test_one_record_is_named_in_the_singular(self):
        entry = make_glossary_entry(status=Status.DRAFT)
        response = self.client.post(
            admin_url(GlossaryEntry, "changelist"), {"action": "publish", "_selected_action": [entry.pk]}, follow=True
        )
        self.assertContains(response, "1 glossary entry set to published.")
        events = [make_event(status=Status.DRAFT).pk for _ in range(2)]
        response = self.client.post(
            admin_url(Event, "changelist"), {"action": "publish", "_selected_action": events}, follow=True
        )
        self.assertContains(response, "2 events set to published.")


class ForbiddenPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_editor("alice")
        cls.article = Article.objects.create(title="A", slug="a")

    def test_a_refused_admin_page_keeps_the_admin_header_and_says_where_to_go(self):
        self.client.force_login(self.editor)
        response = self.client.get(admin_url(Article, "delete", self.article.pk), HTTP_REFERER="/admin/articles/")
        self.assertEqual(response.status_code, 403)
        self.assertContains(response, "Relations editors", status_code=403)
        self.assertContains(response, "does not have the permission this page needs", status_code=403)
        self.assertContains(response, '<a href="/admin/">Go to the admin\'s home page</a>', status_code=403)
        self.assertContains(response, '<a href="/admin/articles/">Go back', status_code=403)
