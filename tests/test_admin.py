"""The editors' admin: every page loads, searches, saves, publishes, and lists in fixed queries."""

import datetime

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.test import SimpleTestCase, TestCase
from django.urls import reverse

from articles.editorial.forms import LinesListField
from articles.importing.parser import decode_source, parse_article
from articles.models import Article, Event, GlossaryEntry, Period, Person, Section, Status, Topic
from articles.services import article_import
from tests.editorial_support import form_data

SEED = settings.BASE_DIR / "articles" / "sources" / "russia-south-korea-relations.txt"

MODELS = [Article, Section, GlossaryEntry, Person, Event, Period, Topic]


def admin_url(model, view, *args):
    return reverse(f"admin:articles_{model._meta.model_name}_{view}", args=args)


def make_records(count, first=0):
    """Create `count` records of every model, numbered from `first`, with every relation filled."""
    for number in range(first, first + count):
        article = Article.objects.create(title=f"Article {number}", slug=f"article-{number}")
        term = GlossaryEntry.objects.create(
            term=f"Term {number}",
            slug=f"term-{number}",
            definition=f"Definition {number}",
            aliases=[f"term {number}", f"alias {number}"],
        )
        person = Person.objects.create(
            name=f"Person {number}",
            slug=f"person-{number}",
            aliases=[f"Surname{number}"],
            role="Minister",
            country=f"Country {number % 3}",
            glossary_entry=term,
        )
        section = Section.objects.create(article=article, title=f"Section {number}", slug=f"section-{number}", order=1)
        section.terms.add(term)
        section.people.add(person)
        period = Period.objects.create(
            name=f"Period {number}",
            slug=f"period-{number}",
            start_year=3000 + 10 * number,
            end_year=3010 + 10 * number,
        )
        topic = Topic.objects.create(name=f"Topic {number}", slug=f"topic-{number}", keywords="word, other")
        event = Event.objects.create(
            title=f"Event {number}",
            slug=f"event-{number}",
            date=datetime.date(1900 + number, 6, 2),
            precision=Event.Precision.DAY,
            section=section,
            period=period,
        )
        event.topics.add(topic, *Topic.objects.filter(slug="diplomacy"))
        event.people.add(person)


class AdminTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = get_user_model().objects.create_superuser("editor", "editor@example.com", "unused-password")

    def setUp(self):
        self.client.force_login(self.editor)


change_form_data = form_data  # the POST data of the admin change form of a response, as loaded


class ChangelistQueryTests(AdminTestCase):
    # Queries of each changelist at any number of rows. Each runs 5: the session, the user, the
    # filtered and the full count, and the page of rows with its counts as subqueries. Then:
    # sections add the article filter's choices; people the distinct countries; events the period,
    # topic and section filters' choices, the prefetched topics and the date hierarchy's two.
    EXPECTED_QUERIES = {
        Article: 5,
        Section: 6,
        GlossaryEntry: 5,
        Person: 6,
        Event: 11,
        Period: 5,
        Topic: 5,
    }

    def assert_changelist_queries(self, rows):
        for model, expected in self.EXPECTED_QUERIES.items():
            with self.subTest(model=model.__name__, rows=rows), self.assertNumQueries(expected):
                response = self.client.get(admin_url(model, "changelist"))
                self.assertEqual(response.status_code, 200)
                self.assertGreaterEqual(response.context["cl"].result_count, rows)

    def test_changelists_run_the_same_queries_for_2_and_30_rows(self):
        make_records(2)
        self.assert_changelist_queries(rows=2)
        make_records(28, first=2)
        self.assert_changelist_queries(rows=30)


class PagesLoadTests(AdminTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_records(1)

    def test_every_changelist_add_and_change_page_loads(self):
        for model in MODELS:
            record = model.objects.order_by("pk").last()
            for view, args in [("changelist", ()), ("add", ()), ("change", (record.pk,))]:
                with self.subTest(model=model.__name__, view=view):
                    response = self.client.get(admin_url(model, view, *args))
                    self.assertEqual(response.status_code, 200)

    def test_admin_index_lists_every_model(self):
        response = self.client.get(reverse("admin:index"))
        for model in MODELS:
            self.assertContains(response, admin_url(model, "changelist"))

    def test_event_dates_are_written_at_their_precision(self):
        Event.objects.update(date=datetime.date(1986, 7, 1), precision=Event.Precision.MONTH)
        response = self.client.get(admin_url(Event, "changelist"))
        self.assertContains(response, "July 1986")
        self.assertNotContains(response, "July 1, 1986")

    def test_change_page_links_to_the_record_on_the_site(self):
        person = Person.objects.get()
        response = self.client.get(admin_url(Person, "change", person.pk))
        self.assertContains(response, "View on site")

    def test_imported_snapshot_is_shown_but_not_editable(self):
        person = Person.objects.get()
        person.imported = {"role": "Minister <b>"}
        person.save()
        response = self.client.get(admin_url(Person, "change", person.pk))
        self.assertNotIn("imported", response.context["adminform"].form.fields)
        self.assertContains(response, "Minister &lt;b&gt;")

    def test_sections_are_listed_in_their_article_in_order(self):
        article = Article.objects.get()
        Section.objects.create(article=article, title="Lead", slug="lead", order=0)
        Section.objects.create(article=article, title="Last", slug="last", order=9)
        response = self.client.get(admin_url(Article, "change", article.pk))
        sections = [form.instance.title for form in response.context["inline_admin_formsets"][0].formset.forms]
        self.assertEqual(sections, ["Lead", "Section 0", "Last"])


class SearchTests(AdminTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_records(3)

    def search(self, model, query):
        response = self.client.get(admin_url(model, "changelist"), {"q": query})
        self.assertEqual(response.status_code, 200)
        return [str(record) for record in response.context["cl"].result_list]

    def test_each_changelist_finds_a_record_by_its_words(self):
        searches = [
            (Article, "Article 1", ["Article 1"]),
            (Section, "Section 2", ["Article 2: Section 2"]),
            (GlossaryEntry, "Definition 0", ["Term 0"]),
            (Person, "Person 1", ["Person 1"]),
            (Event, "Event 2", ["Event 2"]),
            (Period, "Period 0", ["Period 0"]),
            (Topic, "Topic 1", ["Topic 1"]),
        ]
        for model, query, expected in searches:
            with self.subTest(model=model.__name__):
                self.assertEqual(self.search(model, query), expected)

    def test_aliases_are_searchable(self):
        self.assertEqual(self.search(Person, "surname2"), ["Person 2"])
        self.assertEqual(self.search(GlossaryEntry, "alias 1"), ["Term 1"])

    def test_autocomplete_finds_sections_with_their_article(self):
        response = self.client.get(
            reverse("admin:autocomplete"),
            {"term": "Section 1", "app_label": "articles", "model_name": "event", "field_name": "section"},
        )
        self.assertEqual([result["text"] for result in response.json()["results"]], ["Article 1: Section 1"])


class ChangeFormTests(AdminTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_records(2)

    def resubmit(self, model, record, **changes):
        url = admin_url(model, "change", record.pk)
        data = change_form_data(self.client.get(url))
        data.update(changes)
        response = self.client.post(url, data)
        self.assertRedirects(response, admin_url(model, "changelist"))

    def test_person_saves_aliases_written_one_per_line(self):
        person = Person.objects.get(slug="person-0")
        self.assertEqual(
            change_form_data(self.client.get(admin_url(Person, "change", person.pk)))["aliases"], "Surname0"
        )
        self.resubmit(Person, person, aliases=" Roh \r\n\r\nRoh Tae-woo\nRoh\n", role="President")
        person.refresh_from_db()
        self.assertEqual(person.aliases, ["Roh", "Roh Tae-woo"])
        self.assertEqual(person.role, "President")

    def test_event_saves_its_date_and_relations(self):
        event = Event.objects.get(slug="event-0")
        person = Person.objects.get(slug="person-1")
        period = Period.objects.get(slug="rapprochement")
        self.resubmit(
            Event, event, date="1986-07-01", precision="month", period=period.pk, people=[person.pk], topics=[]
        )
        event.refresh_from_db()
        self.assertEqual((event.date, event.precision, event.period), (datetime.date(1986, 7, 1), "month", period))
        self.assertEqual(list(event.people.all()), [person])
        self.assertEqual(list(event.topics.all()), [])

    def test_event_form_rejects_a_date_without_precision(self):
        event = Event.objects.get(slug="event-0")
        url = admin_url(Event, "change", event.pk)
        data = change_form_data(self.client.get(url))
        data["precision"] = ""
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["adminform"].form.errors)

    def test_article_page_reorders_its_sections(self):
        article = Article.objects.get(slug="article-0")
        Section.objects.create(article=article, title="Lead", slug="lead", order=2)
        self.resubmit(Article, article, **{"sections-0-order": "5", "title": "Renamed"})
        self.assertEqual(list(article.sections.values_list("title", flat=True)), ["Lead", "Section 0"])
        article.refresh_from_db()
        self.assertEqual(article.title, "Renamed")

    def test_topic_keywords_and_period_years_are_editable(self):
        topic = Topic.objects.get(slug="economy")
        self.resubmit(Topic, topic, keywords="trade, invest")
        topic.refresh_from_db()
        self.assertEqual(topic.keyword_list, ["trade", "invest"])
        period = Period.objects.get(slug="rapprochement")
        self.resubmit(Period, period, start_year="1984", end_year="1992")
        period.refresh_from_db()
        self.assertEqual((period.start_year, period.end_year), (1984, 1992))

    def test_add_page_creates_a_glossary_entry(self):
        response = self.client.post(
            admin_url(GlossaryEntry, "add"),
            {
                "term": "Hot line",
                "slug": "hot-line",
                "definition": "A direct link.",
                "aliases": "hot line\n",
                "status": Status.DRAFT,
            },
        )
        self.assertRedirects(response, admin_url(GlossaryEntry, "changelist"))
        self.assertEqual(GlossaryEntry.objects.get(slug="hot-line").aliases, ["hot line"])


class StatusActionTests(AdminTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_records(3)

    def run_action(self, model, action, records):
        response = self.client.post(
            admin_url(model, "changelist"),
            # Unpublishing asks first: "confirmed" is the confirmation page's answer.
            {"action": action, "_selected_action": [record.pk for record in records], "confirmed": "yes"},
        )
        self.assertRedirects(response, admin_url(model, "changelist"))

    def test_publish_and_unpublish_every_content_model(self):
        for model in [Article, Section, GlossaryEntry, Person, Event]:
            with self.subTest(model=model.__name__):
                chosen = list(model.objects.all()[:2])
                self.run_action(model, "publish", chosen)
                self.assertEqual(model.objects.published().count(), 2)
                self.run_action(model, "unpublish", chosen[:1])
                self.assertEqual(model.objects.published().count(), 1)

    def test_publishing_logs_only_the_records_it_changed(self):
        event = Event.objects.get(slug="event-0")
        self.run_action(Event, "publish", [event])
        self.run_action(Event, "publish", [event])
        entries = LogEntry.objects.filter(object_id=str(event.pk))
        self.assertEqual([entry.get_change_message() for entry in entries], ["Changed Status."])


class ReimportAfterAdminEditsTests(AdminTestCase):
    """The importer keeps what editors change in the admin, and only that."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.import_seed()

    @staticmethod
    def import_seed():
        parsed = parse_article(decode_source(SEED.read_bytes()))
        report = article_import(parsed=parsed, source_name=SEED.name)
        return {(ref.model, ref.slug, ref.field) for ref in report.kept}, report.updated

    def resubmit(self, record, **changes):
        url = admin_url(type(record), "change", record.pk)
        data = change_form_data(self.client.get(url))
        data.update(changes)
        self.assertEqual(self.client.post(url, data).status_code, 302)

    def test_saving_every_form_unchanged_is_not_an_edit(self):
        for model in [Article, Section, GlossaryEntry, Person, Event]:
            for record in model.objects.all():
                self.resubmit(record)
        kept, updated = self.import_seed()
        # Saving marks a record reviewed (on purpose); nothing else an editor could have meant.
        self.assertEqual({field for _, _, field in kept}, {"needs_review", "review_reason"})
        self.assertEqual(updated, [])

    def test_edits_in_forms_and_actions_are_kept(self):
        person = Person.objects.first()
        entry = GlossaryEntry.objects.first()
        self.resubmit(entry, aliases="an editor's alias")
        self.client.post(
            admin_url(Person, "changelist"),
            {"action": "unpublish", "_selected_action": [person.pk], "confirmed": "yes"},
        )
        kept, _ = self.import_seed()
        # Saving the entry settled what the import was unsure of: that stays settled too.
        reviewed = {("GlossaryEntry", entry.slug, name) for name in ("needs_review", "review_reason")}
        self.assertEqual(kept - reviewed, {("GlossaryEntry", entry.slug, "aliases"), ("Person", person.slug, "status")})
        person.refresh_from_db()
        entry.refresh_from_db()
        self.assertEqual((person.status, entry.aliases), (Status.DRAFT, ["an editor's alias"]))


class LinesListFieldTests(SimpleTestCase):
    def test_shows_a_list_one_item_per_line(self):
        self.assertEqual(LinesListField().prepare_value(["Roh", "Roh Tae-woo"]), "Roh\nRoh Tae-woo")
        self.assertEqual(LinesListField().prepare_value(None), "")

    def test_cleans_to_a_list_without_blanks_or_repeats(self):
        field = LinesListField(required=False)
        self.assertEqual(field.clean("  a \n\nb\r\na\n"), ["a", "b"])
        self.assertEqual(field.clean(""), [])

    def test_unchanged_list_is_not_a_change(self):
        self.assertFalse(LinesListField().has_changed(["a", "b"], "a\r\nb\r\n"))
        self.assertTrue(LinesListField().has_changed(["a", "b"], "b\na"))
