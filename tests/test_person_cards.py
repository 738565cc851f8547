"""A person's preview card on the article page: name, role, country, portrait, first events.

The cards travel in the page's glossary-data block (static/js/glossary-preview.js draws them); the
page's number of queries does not grow with the people's events or portraits.
"""

import json
import re
from datetime import date

from django.core.files.storage import default_storage
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from test_images import TemporaryMediaRoot, photo, upload
from test_views_helpers import build_site

from articles.models import Image, Person, Status
from articles.public.selectors import CARD_EVENTS
from articles.services import images
from tests.factories import make_event

ARTICLE = "/articles/atlantis-lemuria-1/"


def glossary_data(response):
    match = re.search(
        r'<script id="glossary-data" type="application/json">(.*?)</script>', response.content.decode(), re.S
    )
    return json.loads(match.group(1))


@override_settings(PAGE_CACHE_SECONDS=0)
class PersonCardTests(TemporaryMediaRoot, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        cls.john = cls.site.people["john"]
        cls.jane = cls.site.people["jane"]

    def card(self, person):
        return glossary_data(self.client.get(ARTICLE))[f"person:{person.slug}"]

    def queries(self):
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(ARTICLE)
        self.assertEqual(response.status_code, 200)
        return len(captured), response

    def test_a_card_has_the_name_role_country_and_the_entrys_definition(self):
        card = self.card(self.jane)
        self.assertEqual(card["term"], "Jane Doe 1")
        self.assertEqual((card["role"], card["country"]), ("President", "Atlantis"))
        self.assertEqual(card["definition"], "Jane Doe is an Atlantean politician.")
        self.assertEqual(card["url"], "/people/jane-doe-1/")
        self.assertNotIn("portrait", card)  # no portrait, no picture

    def test_a_card_lists_the_published_events_oldest_first_with_dates_undated_last(self):
        card = self.card(self.john)
        self.assertEqual(
            card["events"],
            [
                {"title": "Cosmonaut flew 1", "date": "1991", "url": "/events/cosmonaut-1/"},
                {"title": "Satellite launched 1", "date": "May 25", "url": "/events/satellite-1/"},
            ],
        )
        self.assertEqual(card["event_count"], 2)  # the draft event is neither listed nor counted

    def test_a_card_lists_a_few_events_and_counts_them_all(self):
        for year in range(1960, 1970):
            make_event(title=f"Visit of {year}", date=date(year, 1, 1)).people.add(self.jane)
        card = self.card(self.jane)
        self.assertEqual(len(card["events"]), CARD_EVENTS)
        self.assertEqual(
            [event["title"] for event in card["events"]], ["Visit of 1960", "Visit of 1961", "Visit of 1962"]
        )
        self.assertEqual(card["event_count"], 11)
        self.assertEqual(self.card(self.john)["event_count"], 2)  # each person is counted apart

    def test_a_portrait_is_the_smallest_rendition_with_its_alt_text(self):
        image = images.image_save(
            image=Image(alt_text="John Roe in his flight suit"), upload=upload(photo((1500, 1000)))
        )
        Person.objects.filter(pk=self.john.pk).update(portrait=image)
        names = {(rendition["format"], rendition["width"]): rendition["name"] for rendition in image.renditions}
        self.assertEqual(
            self.card(self.john)["portrait"],
            {
                "src": default_storage.url(names["jpeg", 320]),
                "webp": default_storage.url(names["webp", 320]),
                "width": 320,
                "height": 213,
                "alt": "John Roe in his flight suit",
            },
        )

    def test_portraits_and_events_add_no_query_per_person(self):
        before, _ = self.queries()
        image = images.image_save(image=Image(alt_text="Jane Doe"), upload=upload(photo((800, 600))))
        Person.objects.filter(pk__in=[self.jane.pk, self.john.pk]).update(portrait=image)
        for year in range(1960, 1980):
            event = make_event(title=f"Visit of {year}", date=date(year, 1, 1))
            event.people.add(self.jane, self.john)
        after, response = self.queries()
        self.assertEqual(after, before)
        data = glossary_data(response)
        self.assertEqual(data["person:jane-doe-1"]["event_count"], 21)
        self.assertIn("portrait", data["person:john-roe-1"])

    def test_a_draft_person_has_no_card_and_a_draft_event_no_line(self):
        data = glossary_data(self.client.get(ARTICLE))
        self.assertNotIn("person:hidden-person-1", data)
        titles = [event["title"] for card in data.values() for event in card.get("events", ())]
        self.assertNotIn("Draft event 1", titles)
        self.assertFalse(Person.objects.filter(slug="hidden-person-1", status=Status.PUBLISHED).exists())

    def test_the_card_data_is_json_in_the_page_not_markup(self):
        Person.objects.filter(pk=self.jane.pk).update(role="<b>President</b>")
        response = self.client.get(ARTICLE)
        self.assertNotContains(response, "<b>President</b>")
        self.assertEqual(glossary_data(response)["person:jane-doe-1"]["role"], "<b>President</b>")
