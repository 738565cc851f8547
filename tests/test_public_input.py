"""What readers send and what content holds never makes a public page fail, on either database.

- Every query parameter of every public page, fuzzed with hypothesis (control characters, NUL,
  long and odd text, junk parameters): never a 5xx. A control character in the query string is a
  400, at the edge, before any view (NUL made PostgreSQL refuse the search: a 500).
- A control character saved in an event: the Atom feed still answers, as well-formed XML.
- The page cache keys a page on the parameters it reads, normalised: junk parameters, their order
  and empty values make no new cached page.
"""

import os
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import caches
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_views_helpers import build_site

from articles.models import Event
from relations_site import page_cache

FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "40")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# Every public page and the parameters it reads (page_cache keys on those), plus one it ignores.
PAGES = {
    "/": [],
    "/articles/": ["q", "page"],
    "/articles/atlantis-lemuria-1/": [],
    "/events/": ["period", "topic", "year_from", "year_to", "person", "q", "ordering", "page"],
    "/events/feed/": [],
    "/events/talks-1/": [],
    "/people/": ["country", "role", "q", "page"],
    "/people/jane-doe-1/": [],
    "/glossary/": ["q", "letter", "page"],
    "/glossary/lemuria-1/": [],
    "/periods/rapprochement/": ["page"],
    "/topics/space/": ["page"],
    "/search/": ["q"],
    "/sitemap.xml": ["p"],
    "/sitemap-events.xml": ["p"],
    "/robots.txt": [],
}

odd_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=40),
    st.sampled_from(["\x00", "a\x00b", "\x1f", "\x7f", "\ufffe", "-1", "0", "99999999999999999999", "1e9", "%", "'"]),
    st.integers().map(str),
    st.just("x" * 5000),
)


@pytest.fixture
def site(db):
    build_site()  # once per test: hypothesis runs every example in the test's transaction


@FUZZ
@given(path=st.sampled_from(sorted(PAGES)), data=st.data())
def test_no_query_string_makes_a_public_page_fail(site, path, data):
    names = PAGES[path] + ["junk", "utm_source"]
    params = data.draw(st.lists(st.tuples(st.sampled_from(names), odd_text), max_size=4))
    response = Client().get(path, params)
    assert response.status_code < 500, (path, params, response.status_code)
    if any(has_control_character(text) for pair in params for text in pair):
        assert response.status_code == 400


def has_control_character(text):
    return any(ord(char) < 32 and char not in "\t\n\r" or char == "\x7f" for char in text)


@pytest.mark.django_db
def test_a_nul_in_the_search_is_refused_at_the_edge(client):
    response = client.get("/search/?q=a%00b")
    assert response.status_code == 400
    assert client.get("/events/?q=a%00b").status_code == 400
    assert client.get("/search/?q=a%09b").status_code == 200  # a tab is no control character to refuse


@pytest.mark.django_db
def test_control_characters_in_an_event_leave_the_feed_well_formed(client):
    build_site()
    Event.objects.filter(slug="talks-1").update(title="Talks\x0bheld\x08", description="Said \x01\x1f so.")
    response = client.get("/events/feed/")
    assert response.status_code == 200
    feed = ET.fromstring(response.content)
    titles = [entry.findtext("{http://www.w3.org/2005/Atom}title") for entry in feed]
    assert any(title and "Talksheld" in title for title in titles), titles


def page_keys():
    return [key for key in caches["default"]._cache if page_cache.PAGE_KEY_PREFIX in key]


@pytest.mark.django_db
def test_junk_parameters_make_no_new_cached_page(client):
    build_site()
    first = client.get("/events/", {"period": "rapprochement", "topic": "economy"})
    assert first[page_cache.CACHE_HEADER] == "miss"
    stored = len(page_keys())
    for query in [
        "?topic=economy&period=rapprochement",
        "?period=rapprochement&topic=economy&utm_source=x",
        "?period=rapprochement&junk=1&topic=economy&q=&person=",
    ]:
        response = client.get(f"/events/{query}")
        assert response[page_cache.CACHE_HEADER] == "hit", query
        assert response.content == first.content
    for junk in range(5):
        assert client.get(f"/search/?q=treaty&x={junk}")[page_cache.CACHE_HEADER] == ("miss" if junk == 0 else "hit")
        assert client.get(f"/?x={junk}")[page_cache.CACHE_HEADER] == ("miss" if junk == 0 else "hit")
    assert len(page_keys()) == stored + 2
    # The parameters a page reads still make their own pages.
    assert client.get("/events/?period=rapprochement")[page_cache.CACHE_HEADER] == "miss"
    assert client.get("/search/?q=satellite")[page_cache.CACHE_HEADER] == "miss"


@pytest.mark.django_db
def test_a_junk_parameter_never_reaches_the_pages_links(client):
    build_site()
    html = client.get("/events/?utm_source=evil&ordering=newest").content.decode()
    assert "evil" not in html and "utm_source" not in html
