"""The importer's bulk writes (articles.services.bulk_insert) against a real database."""

from django.db import connection
from django.test import TestCase

from articles.models import GlossaryEntry, Person, Status
from articles.services.bulk_insert import insert_instances
from tests.factories import make_glossary_entry


class InsertInstancesTests(TestCase):
    def test_stores_what_saving_each_instance_would_and_gives_them_their_keys(self):
        term = make_glossary_entry()
        saved = Person(name="Saved", slug="saved", status=Status.PUBLISHED, aliases=["S"], glossary_entry=term)
        saved.save()
        inserted = [
            Person(
                name=f"Inserted {n}", slug=f"inserted-{n}", status=Status.PUBLISHED, aliases=["S"], glossary_entry=term
            )
            for n in range(3)
        ]
        insert_instances(Person, inserted)

        self.assertEqual([person.pk for person in inserted], sorted({person.pk for person in inserted}))
        # Created together: one time for all, the creation's and the last change's.
        self.assertEqual(
            {(person.created_at, person.updated_at) for person in inserted}, {(inserted[0].created_at,) * 2}
        )
        self.assertTrue(all(not person._state.adding and person._state.db == "default" for person in inserted))
        rows = {row["slug"]: row for row in Person.objects.values()}
        ignored = {"id", "name", "slug", "created_at", "updated_at"}
        for person in inserted:
            row = rows[person.slug]
            self.assertEqual(row["id"], person.pk)
            # auto_now fields filled, on the instance as in the row
            self.assertIsNotNone(person.created_at)
            self.assertEqual((row["created_at"], row["updated_at"]), (person.created_at, person.updated_at))
            self.assertEqual(
                {k: v for k, v in row.items() if k not in ignored},
                {k: v for k, v in rows["saved"].items() if k not in ignored},
            )

    def test_rows_of_different_values_each_keep_their_own(self):
        # Inserted in one statement, every value comes back in its own row: NULLs, JSON, quotes,
        # percent signs, backslashes and non-ASCII text included.
        term = make_glossary_entry()
        people = [
            Person(
                name="Kim Dae-jung",
                slug="kim",
                status=Status.PUBLISHED,
                aliases=["Kim", "DJ"],
                role="President",
                country="South Korea",
                glossary_entry=term,
            ),
            Person(
                name="Борис Ельцин",
                slug="yeltsin",
                status=Status.DRAFT,
                aliases=[],
                role="",
                country="Russia",
                glossary_entry=None,
            ),
            Person(
                name='O\'Brien "the elder", {braces}',
                slug="obrien",
                status=Status.PUBLISHED,
                aliases=[{"nested": "value"}, 'a "quoted" one', None],
                role="Envoy",
                country="",
            ),
            # What a statement's placeholders and quoting are made of, in the values themselves.
            Person(
                name="100% sure, %s and %(name)s, 50%% off",
                slug="percent",
                status=Status.PUBLISHED,
                aliases=["back\\slash", "it's", "%s"],
                role="E'scape \\x27",
                country="-- ; DROP",
            ),
        ]
        insert_instances(Person, people)

        fields = ["id", "name", "status", "aliases", "role", "country", "glossary_entry_id"]
        stored = {row["slug"]: row for row in Person.objects.values("slug", *fields)}
        for person in people:
            self.assertEqual(
                {name: stored[person.slug][name] for name in fields},
                {name: getattr(person, name) for name in fields},
            )

    def test_nothing_to_insert(self):
        insert_instances(GlossaryEntry, [])
        self.assertFalse(GlossaryEntry.objects.exists())

    def test_values_are_bound_parameters_never_written_into_the_sql(self):
        statements = []

        def record(execute, sql, params, many, context):
            statements.append((sql, params))
            return execute(sql, params, many, context)

        people = [Person(name=f"Bound-{n} O'Neil", slug=f"bound-{n}", status=Status.PUBLISHED) for n in range(3)]
        with connection.execute_wrapper(record):
            insert_instances(Person, people)
        [(sql, params)] = [(sql, params) for sql, params in statements if sql.startswith("INSERT")]
        self.assertNotIn("Bound-", sql)
        self.assertIn("Bound-2 O'Neil", params)
        self.assertEqual(sorted(Person.objects.values_list("name", flat=True)), [person.name for person in people])
