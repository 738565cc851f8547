"""No lost update on any editable record: periods, topics and images; and lists edited in place.

The change form of every editable model carries the version it was loaded with, and a list saved
from a changelist writes only the rows the editor changed, refusing a row someone else saved since.
"""

from editorial_support import TwoEditorsTestCase, admin_url, form_data  # tests/ is on sys.path
from factories import make_article, make_section
from test_images import TemporaryMediaRoot, photo, upload

from articles.models import Image, Period, Section, Topic
from articles.services import images


def changelist_data(response):
    """Return the POST data that saves a changelist's editable rows as the page showed them."""
    formset = response.context["cl"].formset
    data = {"form-TOTAL_FORMS": formset.total_form_count(), "form-INITIAL_FORMS": formset.initial_form_count()}
    for form in formset.forms:
        for field in form:
            value = field.value()
            if value is not None:
                data[field.html_name] = value
                if field.field.show_hidden_initial:
                    # As the page renders it: a list shown again keeps the values first shown.
                    initial = form.add_initial_prefix(field.name)
                    data[initial] = form.data.get(initial, value) if form.is_bound else value
    data["_save"] = "Save"
    return data


def row(response, record):
    """Return the form prefix of ``record``'s row in a changelist."""
    forms = response.context["cl"].formset.forms
    return next(form.prefix for form in forms if form.instance.pk == record.pk)


class EveryModelIsVersionCheckedTests(TwoEditorsTestCase):
    def records(self):
        yield Topic.objects.create(name="Test trade", slug="test-trade", keywords="trade"), "description"
        yield (
            Period.objects.create(name="Cold War", slug="test-cold-war", start_year=1947, end_year=1991),
            "description",
        )

    def test_a_stale_save_is_refused_and_the_typed_text_kept(self):
        self.assert_stale_saves_refused(self.records())

    def assert_stale_saves_refused(self, records):
        for record, field in records:
            with self.subTest(model=type(record).__name__):
                form_a, form_b = self.open_form(self.client_a, record), self.open_form(self.client_b, record)
                self.assertEqual(self.save(self.client_a, record, {**form_a, field: "Alice's words"}).status_code, 302)
                response = self.save(self.client_b, record, {**form_b, field: "Bob's words"})
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "Not saved: alice saved it at")
                self.assertEqual(response.context["adminform"].form[field].value(), "Bob's words")
                record.refresh_from_db()
                self.assertEqual((getattr(record, field), record.version), ("Alice's words", 2))
                # Saving again is a deliberate choice to replace Alice's change.
                again = self.save(self.client_b, record, form_data(response))
                self.assertEqual(again.status_code, 302)
                record.refresh_from_db()
                self.assertEqual((getattr(record, field), record.version), ("Bob's words", 3))


class ImageIsVersionCheckedTests(TemporaryMediaRoot, EveryModelIsVersionCheckedTests):
    def records(self):
        image = images.image_save(image=Image(alt_text="A map"), upload=upload(photo((40, 30)), "map.jpg"))
        yield image, "caption"


class ListEditingTests(TwoEditorsTestCase):
    def setUp(self):
        super().setUp()
        article = make_article()
        self.first = make_section(article, title="First", slug="first", order=1)
        self.second = make_section(article, title="Second", slug="second", order=2)

    def test_a_list_save_leaves_rows_the_editor_did_not_touch(self):
        listing = self.client_b.get(admin_url(Section, "changelist"))
        data = changelist_data(listing)
        # Alice moves the first section meanwhile, in its change form.
        self.save(self.client_a, self.first, {**self.open_form(self.client_a, self.first), "order": "5"})
        data[f"{row(listing, self.second)}-order"] = "3"
        response = self.client_b.post(admin_url(Section, "changelist"), data, follow=True)
        self.assertContains(response, "1 section was changed")
        self.first.refresh_from_db()
        self.second.refresh_from_db()
        self.assertEqual((self.first.order, self.first.version), (5, 2))
        self.assertEqual((self.second.order, self.second.version), (3, 2))

    def test_a_row_someone_saved_since_is_refused(self):
        listing = self.client_b.get(admin_url(Section, "changelist"))
        data = changelist_data(listing)
        self.save(self.client_a, self.first, {**self.open_form(self.client_a, self.first), "order": "5"})
        data[f"{row(listing, self.first)}-order"] = "9"
        response = self.client_b.post(admin_url(Section, "changelist"), data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Not saved: alice saved it at")
        self.first.refresh_from_db()
        self.assertEqual(self.first.order, 5)
        # Bob's number stays in the list, and saving again is his deliberate choice.
        again = self.client_b.post(admin_url(Section, "changelist"), changelist_data(response))
        self.assertEqual(again.status_code, 302)
        self.first.refresh_from_db()
        self.assertEqual((self.first.order, self.first.version), (9, 3))

    def test_period_years_in_the_list_are_checked_too(self):
        period = Period.objects.create(name="Cold War", slug="test-cold-war", start_year=1947, end_year=1991)
        other = Period.objects.create(name="Test thaw", slug="test-thaw", start_year=1991, end_year=2000)
        listing = self.client_b.get(admin_url(Period, "changelist"))
        data = changelist_data(listing)
        self.save(self.client_a, period, {**self.open_form(self.client_a, period), "end_year": "1992"})
        data[f"{row(listing, other)}-end_year"] = "2001"
        self.assertEqual(self.client_b.post(admin_url(Period, "changelist"), data).status_code, 302)
        period.refresh_from_db()
        other.refresh_from_db()
        self.assertEqual((period.end_year, other.end_year), (1992, 2001))
        data[f"{row(listing, period)}-end_year"] = "1990"
        self.assertContains(self.client_b.post(admin_url(Period, "changelist"), data), "Not saved")
        period.refresh_from_db()
        self.assertEqual(period.end_year, 1992)

    def test_the_list_page_carries_each_rows_version(self):
        response = self.client_b.get(admin_url(Section, "changelist"))
        prefix = row(response, self.first)
        self.assertContains(response, f'name="{prefix}-loaded_version" value="1"')
        self.assertContains(response, f'name="initial-{prefix}-order" value="1"')
