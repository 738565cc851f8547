"""Every public page runs a fixed number of SQL queries, whatever the amount of content.

The same pages are fetched with one copy of the test article and with twenty; the counts are
pinned and must be equal. A count that grows with the content is an N+1 query.

Figures derived from all the content (events per period and topic, the person filter's choices,
the articles that tell most of a period's or topic's events)
are computed once per content generation (selectors.per_content_generation): each page is fetched
once first, and the count pinned is that of every later request until the content changes.
"""

from django.test import TestCase, override_settings
from test_views_helpers import build_site

from articles.models import Topic

# (path, queries): what each page may run. The paths use the first copy's slugs.
PAGES = [
    ("/", 5),
    ("/articles/", 3),
    ("/articles/?q=relations&page=1", 3),
    # Its text links to a draft entry: one more query looks for that link among the entries' aliases.
    # The people's cards take their first events in one query (window functions), portraits joined.
    ("/articles/atlantis-lemuria-1/", 7),
    # The timeline's number of events comes from the period facet's counts (or the number of
    # published events kept per content change): no COUNT query of its own.
    # The time axis counts the filtered events per year in one query (kept per content change
    # when nothing narrows the timeline), or sums the period facet's counts, split by year, when
    # another filter than the period one was counted. The checked periods and topics are read from
    # the lists kept per content change, not by a query of their own. Filtered by periods, topics
    # and years alone, the facets and the axis are summed from counts kept per content change.
    ("/events/", 2),
    ("/events/?period=rapprochement", 2),
    ("/events/?topic=space&page=1", 2),
    ("/events/?period=rapprochement&topic=diplomacy&year_from=1900&year_to=2000", 2),
    ("/events/?year_from=1900&q=talks", 3),  # both facets from one query over the filtered events
    ("/events/?year_from=soon", 0),  # an invalid filter: no events; no other filter, kept counts
    (
        "/events/?period=rapprochement&topic=diplomacy&topic=economy&year_from=1900&person=jane-doe-1"
        "&q=trade&ordering=newest",
        3,
    ),
    ("/events/talks-1/", 5),
    ("/people/", 2),  # the country and role menus are kept per content change
    ("/people/?country=Atlantis&role=President&q=doe", 2),
    ("/people/jane-doe-1/", 6),
    ("/glossary/", 2),  # the entries counted by initial, then those shown
    ("/glossary/?q=continent", 2),
    ("/glossary/lemuria-1/", 4),
    ("/periods/", 0),  # every period with its number of events, kept per content change
    ("/topics/", 0),
    ("/periods/rapprochement/", 3),  # the number of events is kept per content change
    ("/topics/space/", 3),
    ("/search/?q=treaty", 4),
    ("/sitemap.xml", 10),
    ("/sitemap-events.xml", 2),
    ("/events/feed/", 1),
    ("/robots.txt", 0),
]


@override_settings(PAGE_CACHE_SECONDS=0)  # every request renders its page
class QueryCountTests(TestCase):
    scale = 1

    @classmethod
    def setUpTestData(cls):
        build_site(scale=cls.scale)

    def test_every_public_page_runs_a_fixed_number_of_queries(self):
        for path, queries in PAGES:
            self.client.get(path)
            with self.subTest(path=path), self.assertNumQueries(queries):
                response = self.client.get(path)
                self.assertEqual(response.status_code, 200)

    def test_figures_of_all_the_content_are_computed_once_per_content_change(self):
        self.client.get("/events/")
        with self.assertNumQueries(2):
            self.client.get("/events/")
        Topic.objects.create(name="Fisheries", slug="fisheries")  # any change starts a new generation
        # The counts per period and topic, the person menu, the number of published events, the
        # events per year.
        with self.assertNumQueries(7):
            response = self.client.get("/events/")
        self.assertContains(response, 'value="fisheries"')


class QueryCountAtTwentyTimesTheContentTests(QueryCountTests):
    scale = 20
