"""What articles/history_internals.py reads of django-simple-history's undocumented parts still holds.

If an upgrade of django-simple-history fails here, fix articles/history_internals.py (and only
it) before anything else: the import's bulk history writes and the admin's many-to-many history
rely on these answers.
"""

from django.test import TestCase

from articles import history_internals
from articles.models import Article, Event, GlossaryEntry, Image, Period, Person, Section, Topic
from articles.services.bulk_insert import insert_instances
from articles.services.snapshot_writer import _record_history
from tests.factories import make_article, make_section

RECORDED = (Article, Section, GlossaryEntry, Person, Event, Period, Topic, Image)
DERIVED = {"body_html"}  # Section's stored HTML: HistoricalRecords(excluded_fields=...)


class HistoryInternalsTests(TestCase):
    def test_every_content_model_has_a_history_model(self):
        for model in RECORDED:
            with self.subTest(model=model.__name__):
                history_model = history_internals.history_model(model)
                self.assertIsNotNone(history_model, f"no history model found for {model.__name__}")
                self.assertIs(history_model.instance_type, model)
        self.assertIsNone(history_internals.history_model(history_internals.history_model(Article)))

    def test_tracked_fields_are_the_models_concrete_fields(self):
        for model in RECORDED:
            with self.subTest(model=model.__name__):
                tracked = history_internals.tracked_fields(history_internals.history_model(model))
                self.assertEqual(
                    [field.attname for field in tracked],
                    # but for what is derived from the others and kept out of the history
                    [field.attname for field in model._meta.concrete_fields if field.attname not in DERIVED],
                    "simple-history's tracked_fields changed: the import's history rows copy these columns",
                )

    def test_many_to_many_fields_and_where_their_links_are_recorded(self):
        expected = {Section: ["terms", "people"], Event: ["topics", "people"], Person: []}
        for model, names in expected.items():
            with self.subTest(model=model.__name__):
                history_model = history_internals.history_model(model)
                fields = history_internals.many_to_many_fields(history_model)
                self.assertEqual([field.name for field in fields], names)
                for field in fields:
                    self.assertIs(field, model._meta.get_field(field.name))
                    links = history_internals.links_history_model(field)
                    self.assertIs(links._meta.get_field("history").related_model, history_model)
                    through_columns = {f.column for f in field.remote_field.through._meta.concrete_fields}
                    self.assertLessEqual(through_columns, {f.column for f in links._meta.concrete_fields})

    def test_a_history_record_answers_like_its_model(self):
        section = make_section(make_article())
        record = section.history.first()
        self.assertEqual(
            history_internals.many_to_many_fields(record),
            history_internals.many_to_many_fields(history_internals.history_model(Section)),
        )

    def test_default_history_user_outside_a_request_is_nobody(self):
        person = Person(name="Nobody", slug="nobody")
        self.assertIsNone(history_internals.default_history_user(history_internals.history_model(Person), person))

    def test_the_bulk_history_rows_read_back_as_the_models_own(self):
        # What the import writes through these answers is what simple-history reads back.
        people = [Person(name=f"Person {n}", slug=f"person-{n}") for n in range(2)]
        insert_instances(Person, people)
        _record_history(Person, people, {})
        for person in people:
            [record] = person.history.all()
            self.assertEqual(
                (record.name, record.history_type, record.history_change_reason), (person.name, "+", "import")
            )
            self.assertEqual(record.instance.pk, person.pk)
