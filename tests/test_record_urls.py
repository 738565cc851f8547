"""Record URLs: the same as reverse() gives, without a reverse() per record."""

from unittest import mock

from django.test import SimpleTestCase, override_settings
from django.urls import URLResolver, clear_script_prefix, reverse, set_script_prefix

from articles.models import Article, Event, GlossaryEntry, Period, Person, Topic
from articles.record_urls import slug_url

MODELS = {
    Article: "articles:article-detail",
    Event: "articles:event-detail",
    GlossaryEntry: "articles:glossary-detail",
    Period: "articles:period-detail",
    Person: "articles:person-detail",
    Topic: "articles:topic-detail",
}


def counting_reverses():
    return mock.patch.object(
        URLResolver, "_reverse_with_prefix", autospec=True, side_effect=URLResolver._reverse_with_prefix
    )


class RecordUrlTests(SimpleTestCase):
    def test_every_record_url_is_the_reversed_one(self):
        for model, view_name in MODELS.items():
            with self.subTest(model=model.__name__):
                record = model(slug="a-slug-2")
                self.assertEqual(record.get_absolute_url(), reverse(view_name, kwargs={"slug": "a-slug-2"}))

    def test_a_hundred_records_take_no_reverse_once_their_view_is_known(self):
        slug_url("articles:event-detail", "warm")  # this view reversed once already
        with counting_reverses() as reverses:
            urls = [Event(slug=f"event-{n}").get_absolute_url() for n in range(100)]
        self.assertEqual(reverses.call_count, 0)
        self.assertEqual(urls[42], "/events/event-42/")

    def test_under_a_script_prefix(self):
        set_script_prefix("/relations/")
        self.addCleanup(clear_script_prefix)
        self.assertEqual(Person(slug="kim").get_absolute_url(), "/relations/people/kim/")

    @override_settings(ROOT_URLCONF="tests.urls_moved")
    def test_another_urlconf(self):
        self.assertEqual(Topic(slug="trade").get_absolute_url(), "/moved/topics/trade/")
