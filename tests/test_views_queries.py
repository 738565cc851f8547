"""Every public page runs a fixed number of SQL queries, whatever the amount of content.

The same pages are fetched with one copy of the test article and with twenty; the counts are
pinned and must be equal. A count that grows with the content is an N+1 query.
"""

from django.test import TestCase

from test_views_helpers import build_site

# (path, queries): what each page may run. The paths use the first copy's slugs.
PAGES = [
    ("/", 7),
    ("/articles/", 3),
    ("/articles/?q=relations&page=1", 3),
    ("/articles/atlantis-lemuria-1/", 5),
    ("/events/", 6),
    (
        "/events/?period=rapprochement&topic=diplomacy&topic=economy&year_from=1900&person=jane-doe-1"
        "&q=trade&ordering=newest",
        9,
    ),
    ("/events/talks-1/", 5),
    ("/people/", 4),
    ("/people/?country=Atlantis&role=President&q=doe", 6),
    ("/people/jane-doe-1/", 6),
    ("/glossary/", 1),
    ("/glossary/?q=continent", 1),
    ("/glossary/lemuria-1/", 4),
    ("/periods/rapprochement/", 5),
    ("/topics/space/", 5),
    ("/search/?q=treaty", 4),
    ("/sitemap.xml", 10),
    ("/sitemap-events.xml", 2),
    ("/events/feed/", 1),
    ("/robots.txt", 0),
]


class QueryCountTests(TestCase):
    scale = 1

    @classmethod
    def setUpTestData(cls):
        build_site(scale=cls.scale)

    def test_every_public_page_runs_a_fixed_number_of_queries(self):
        for path, queries in PAGES:
            with self.subTest(path=path), self.assertNumQueries(queries):
                response = self.client.get(path)
                self.assertEqual(response.status_code, 200)


class QueryCountAtTwentyTimesTheContentTests(QueryCountTests):
    scale = 20
