"""How the listings read their rows: the same events, order and counts as the plain queries.

The timeline orders on SQLite by ``date IS NULL, date`` (an index SQLite can read), pages past the
middle are read from the far end, and the number of events comes from the period facet's counts
(the period and topic pages': from the counts kept per content generation). Each test compares
the pages with what a direct query ordered in Python gives, on many events with ties, undated
events and drafts, so that a wrong order, page boundary or count fails. (test_databases shows
the indexes are used.)
"""

import re
from datetime import date

from django.db.models import F, Q
from django.test import TestCase
from test_views_helpers import slugs_on_timeline
from test_views_pages import facet_counts

from articles.models import Event, Period, Person, Status, Topic
from articles.public import selectors
from articles.public.views import EventListView, PeriodDetailView, PersonListView, TopicDetailView
from tests.factories import make_event, make_person

PAGE = 7  # a small page, so that the events below make pages before and past the middle
EVENTS = 60


def event_count(response):
    return int(re.search(r'<p class="result-count">(\d+) events?</p>', response.content.decode()).group(1))


def every_page(client, path, query=""):
    """Return the slugs of every page of a timeline-like listing, in order, and the page count."""
    slugs, number = [], 1
    while True:
        response = client.get(f"{path}?{query}&page={number}" if query else f"{path}?page={number}")
        if response.status_code == 404:
            return slugs, number - 1
        slugs += slugs_on_timeline(response)
        number += 1


class ListingReadTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.periods = list(Period.objects.order_by("pk"))
        cls.topics = list(Topic.objects.order_by("pk"))
        cls.person = make_person(name="Ada Quill", slug="ada-quill")
        events = []
        for number in range(EVENTS):
            undated = number % 9 == 0
            events.append(
                make_event(
                    # Titles and dates repeat, so that the order's ties are broken by title, then id.
                    title=f"Talks {'on trade' if number % 3 else 'on fisheries'} {number % 4}",
                    slug=f"talks-{number}",
                    description="Délégation à Séoul" if number % 10 == 1 else f"Round {number} of talks",
                    date=None if undated else date(1900 + (number * 7) % 100, 1 + number % 2, 1),
                    precision="" if undated else Event.Precision.MONTH,
                    period=cls.periods[number % len(cls.periods)] if number % 11 else None,
                    status=Status.DRAFT if number % 13 == 5 else Status.PUBLISHED,
                )
            )
        for number, event in enumerate(events):
            event.topics.set(cls.topics[: 1 + number % 3] if number % 4 else [cls.topics[3]])
            if number % 5 == 0:
                event.people.add(cls.person)

    def setUp(self):
        for view in (EventListView, PeriodDetailView, TopicDetailView):
            self.addCleanup(setattr, view, "paginate_by", view.paginate_by)
            view.paginate_by = PAGE

    def expected(self, *conditions, newest=False, **lookups):
        """The slugs of the published events matching ``lookups``, ordered in Python."""
        events = Event.objects.published().filter(*conditions, **lookups).distinct()
        rows = [(event.date, event.title, event.pk, event.slug) for event in events]
        dated = sorted(row for row in rows if row[0] is not None)
        undated = sorted(row[1:] for row in rows if row[0] is None)
        if newest:
            return [row[3] for row in reversed(dated)] + [row[2] for row in reversed(undated)]
        return [row[3] for row in dated] + [row[2] for row in undated]

    def test_every_page_in_order_oldest_and_newest_first_with_deep_pages_from_the_far_end(self):
        for query, newest in [("", False), ("ordering=oldest", False), ("ordering=newest", True)]:
            with self.subTest(query=query):
                slugs, pages = every_page(self.client, "/events/", query)
                self.assertGreaterEqual(pages, 6)
                self.assertEqual(slugs, self.expected(newest=newest))

    def test_the_database_order_is_the_order_of_every_page(self):
        events = selectors.timeline_events()
        self.assertEqual([e.slug for e in selectors.oldest_first(events)], self.expected())
        self.assertEqual([e.slug for e in selectors.oldest_first(events).reverse()], self.expected()[::-1])
        self.assertEqual([e.slug for e in selectors.newest_first(events)], self.expected(newest=True))

    def test_filtered_pages_and_counts(self):
        period, other_period = self.periods[1], self.periods[2]
        topic, other_topic = self.topics[0], self.topics[3]
        cases = {
            "": {},
            f"period={period.slug}": {"period": period},
            f"period={period.slug}&period={other_period.slug}": {"period__in": [period, other_period]},
            f"topic={topic.slug}&topic={other_topic.slug}": {"topics__in": [topic, other_topic]},
            "year_from=1930&year_to=1960": {"date__year__gte": 1930, "date__year__lte": 1960},
            "person=ada-quill": {"people": self.person},
            "q=fisheries": {"title__icontains": "fisheries"},
            # "2": a word too short for a trigram index (icontains), "TRADE" in any case.
            "q=TRADE+2": Q(title__icontains="trade") & (Q(title__icontains="2") | Q(description__icontains="2")),
            f"period={period.slug}&topic={topic.slug}&q=round": {
                "period": period,
                "topics": topic,
                "description__icontains": "round",
            },
        }
        for query, lookups in cases.items():
            conditions = [lookups] if isinstance(lookups, Q) else []
            lookups = {} if conditions else lookups
            with self.subTest(query=query):
                expected = self.expected(*conditions, **lookups)
                self.assertGreater(len(expected), 0)
                slugs, _pages = every_page(self.client, "/events/", query)
                self.assertEqual(slugs, expected)
                self.assertEqual(event_count(self.client.get(f"/events/?{query}")), len(expected))
                newest, _pages = every_page(self.client, "/events/", f"{query}&ordering=newest")
                self.assertEqual(newest, self.expected(*conditions, newest=True, **lookups))

    def test_each_facet_counts_the_events_of_every_other_filter(self):
        period, topic, other_topic = self.periods[1], self.topics[0], self.topics[3]
        others = {  # query string -> the filters other than period and topic
            "": Q(),
            "year_from=1930": Q(date__year__gte=1930),
            "q=talks+fish&person=ada-quill": Q(title__icontains="fish", people=self.person),
        }
        for other_query, other in others.items():
            for facets_query, in_periods, in_topics in [
                ("", Q(), Q()),
                (f"period={period.slug}", Q(period=period), Q()),
                (f"topic={topic.slug}&topic={other_topic.slug}", Q(), Q(topics__in=[topic, other_topic])),
                (f"period={period.slug}&topic={topic.slug}", Q(period=period), Q(topics=topic)),
            ]:
                query = "&".join(part for part in (other_query, facets_query) if part)
                with self.subTest(query=query):
                    shown = facet_counts(self.client.get(f"/events/?{query}"))
                    published = Event.objects.published()
                    for group in self.periods:
                        events = published.filter(other, in_topics, period=group).distinct()
                        self.assertEqual(shown[("period", group.slug)], events.count(), group.slug)
                    for group in self.topics:
                        events = published.filter(other, in_periods).filter(topics=group).distinct()
                        self.assertEqual(shown[("topic", group.slug)], events.count(), group.slug)

    def test_no_match_and_invalid_filters_count_nothing(self):
        for query in ("q=nothingsuch", "year_from=soon", f"period={self.periods[0].slug}&q=zzz"):
            with self.subTest(query=query):
                response = self.client.get(f"/events/?{query}")
                self.assertEqual(event_count(response), 0)
                self.assertEqual(slugs_on_timeline(response), [])

    def test_the_count_follows_content_changes(self):
        before = event_count(self.client.get("/events/"))
        make_event(title="Late addition", slug="late-addition", date=date(2001, 1, 1))
        self.assertEqual(event_count(self.client.get("/events/")), before + 1)
        Event.objects.filter(slug="late-addition").update(status=Status.DRAFT)
        Period.objects.first().save()  # admin saves start a new content generation; update() does not
        self.assertEqual(event_count(self.client.get("/events/")), before)

    def test_period_and_topic_pages(self):
        for path, lookups in [
            (self.periods[1].get_absolute_url(), {"period": self.periods[1]}),
            (self.topics[0].get_absolute_url(), {"topics": self.topics[0]}),
        ]:
            with self.subTest(path=path):
                slugs, pages = every_page(self.client, path)
                self.assertEqual(slugs, self.expected(**lookups))
                response = self.client.get(path, {"page": 1})
                expected_pages = -(-len(slugs) // PAGE)
                self.assertContains(response, f"Page 1 of {expected_pages}")
                self.assertEqual(pages, expected_pages)

    def test_people_pages_past_the_middle(self):
        for number in range(40):
            make_person(name=f"Person {number % 7}", slug=f"person-{number}")
        self.addCleanup(setattr, PersonListView, "paginate_by", PersonListView.paginate_by)
        PersonListView.paginate_by = 6
        expected = list(Person.objects.published().order_by("name", "pk").values_list("name", flat=True))
        names, number = [], 1
        while (response := self.client.get("/people/", {"page": number})).status_code == 200:
            names += re.findall(r'<a href="/people/[^"]+/">([^<]+)</a>', response.content.decode())
            number += 1
        self.assertEqual(names, expected)


class OrderTests(TestCase):
    def test_oldest_first_is_nulls_last_on_every_database(self):
        # On SQLite written date IS NULL, date: the order its indexes hold, which must be this one.
        for number in range(6):
            make_event(
                title=f"E {number % 2}",
                date=None if number % 3 == 0 else date(1990, 1, number + 1),
                precision="" if number % 3 == 0 else Event.Precision.DAY,
            )
        nulls_last = Event.objects.order_by(F("date").asc(nulls_last=True), "title", "pk")
        self.assertEqual(list(selectors.oldest_first(Event.objects.all())), list(nulls_last))
        self.assertEqual(list(selectors.oldest_first(Event.objects.all()).reverse()), list(nulls_last)[::-1])
