"""What each public page shows, on a small hand-made article (the seed's content is in test_views_seed)."""

import json
import re
from datetime import date
from html import unescape
from unittest import mock

from django.test import TestCase, override_settings
from django.urls import reverse
from test_views_helpers import build_site, slugs_on_timeline

from articles.models import Event, GlossaryEntry, Status
from articles.public import selectors
from articles.public.sitemaps import RecordSitemap
from articles.public.views import ArticleListView, EventListView
from tests.factories import make_event, make_person


def facet_counts(response):
    """{(name, value): count} of the timeline's period and topic options."""
    html = response.content.decode()
    pattern = r'name="(period|topic)" value="([^"]+)"[^>]*>\s*<label[^>]*>[^<]*<span class="facet-count">(\d+)</span>'
    return {(name, value): int(count) for name, value, count in re.findall(pattern, html)}


def chips(response):
    html = response.content.decode()
    found = re.findall(r'<a class="filter-chip" href="([^"]+)">([^<]*)', html)
    return [(unescape(href), label.strip()) for href, label in found]


class SiteTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        cls.events = cls.site.events

    def slug(self, key):
        return self.events[key].slug

    def page(self, url, data=None):
        response = self.client.get(url, data)
        self.assertEqual(response.status_code, 200, url)
        return response.content.decode()

    def assertShows(self, html, *fragments):
        for fragment in fragments:
            self.assertIn(fragment, html)


def structured_data(html):
    """The page's schema.org JSON-LD, parsed."""
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))


class LayoutTests(SiteTestCase):
    def test_base_has_the_accessibility_and_metadata_hooks(self):
        html = self.page("/")
        self.assertShows(
            html,
            '<html lang="en">',
            '<a class="skip-link" href="#main">',
            '<main id="main">',
        )
        self.assertEqual(html.count("<h1"), 1)
        self.assertShows(
            html,
            '<link rel="stylesheet" href="/static/css/site.css">',
            '<link rel="canonical" href="http://testserver/">',
            '<meta name="description" content="',
            '<meta property="og:title" content="Relations">',
        )

    def test_no_inline_script_or_style_and_no_remote_assets(self):
        for url in ["/", self.site.article.get_absolute_url(), "/events/", self.events["talks"].get_absolute_url()]:
            html = self.page(url)
            self.assertNotIn("style=", html, url)
            self.assertNotIn("<style", html, url)
            for tag in re.findall(r"<script[^>]*>", html):
                self.assertTrue(
                    re.search(r'type="application/(ld\+)?json"', tag) or ("src=" in tag and " defer" in tag),
                    f"{url}: inline or blocking script {tag}",
                )
            self.assertNotRegex(html, r'(src|href)="(https?:)?//(?!testserver)', url)

    def test_navigation_marks_the_current_section(self):
        html = self.page("/people/")
        self.assertIn('<a href="/people/" aria-current="page">People</a>', html)
        self.assertIn('<a href="/">Home</a>', html)


class HomeTests(SiteTestCase):
    def test_home_lists_articles_periods_topics_and_latest_events(self):
        response = self.client.get("/")
        self.assertContains(response, f'<a href="{self.site.article.get_absolute_url()}">{self.site.article.title}</a>')
        self.assertContains(response, "states have traded since the late 19th century")
        self.assertContains(response, '<a href="/periods/rapprochement/">Rapprochement</a>')
        self.assertContains(response, '<a href="/topics/space/">Space</a>')
        # Newest dated first; undated and draft events are not "latest".
        self.assertEqual(slugs_on_timeline(response)[:2], [self.slug("cosmonaut"), self.slug("talks")])
        self.assertNotIn(self.slug("satellite"), slugs_on_timeline(response))
        self.assertNotContains(response, "Draft event")


class ArticlePageTests(SiteTestCase):
    def setUp(self):
        self.response = self.client.get(self.site.article.get_absolute_url())
        self.html = self.response.content.decode()

    def test_title_lead_contents_and_sections_with_permalinks(self):
        self.assertContains(self.response, "<h1>Atlantis–Lemuria relations 1</h1>", html=False)
        self.assertShows(
            self.html,
            '<nav class="toc" aria-labelledby="toc-heading">',
            '<li><a href="#history">History</a></li>',
            '<section class="article-section" id="space"',
            '<a class="permalink" href="#space">Space<span class="permalink-mark" aria-hidden="true"> #</span></a>',
        )
        self.assertNotIn("Draft section", self.html)

    def test_every_section_link_points_at_an_anchor_of_the_page_the_introduction_too(self):
        ids = set(re.findall(r' id="([^"]+)"', self.html))
        for section in self.site.article.sections.published():
            with self.subTest(section=section.slug):
                path, fragment = section.get_absolute_url().split("#")
                self.assertEqual(path, self.site.article.get_absolute_url())
                self.assertIn(fragment, ids)

    def test_glossary_links_follow_the_contract_and_escape_the_rest(self):
        self.assertIn(
            '<a class="glossary-link" href="/glossary/lemuria-1/" data-term="lemuria-1">the Lemurian</a>', self.html
        )
        self.assertIn("embassies &lt;script&gt;alert(1)&lt;/script&gt;.", self.html)
        # A draft term is not linked: its text stays.
        self.assertNotIn("/glossary/secret-1/", self.html)
        self.assertIn("A secret</span> stays text", self.html)

    def test_definitions_for_the_previews_are_a_json_data_block(self):
        match = re.search(r'<script id="glossary-data" type="application/json">(.*?)</script>', self.html, re.S)
        data = json.loads(match.group(1))
        self.assertEqual(
            sorted(data),
            ["atlantis-1", "coral-treaty-1", "jane-doe-1", "lemuria-1", "person:jane-doe-1", "person:john-roe-1"],
        )
        self.assertEqual(data["person:jane-doe-1"]["url"], "/people/jane-doe-1/")
        self.assertEqual(data["atlantis-1"]["definition"], "Atlantis is an island state <b>beyond</b>.")
        self.assertNotIn("<b>", match.group(1))  # escaped as \u003C, so no text can end the element
        self.assertIn('<div id="glossary-preview" class="glossary-preview" role="tooltip" hidden></div>', self.html)
        self.assertIn('<script src="/static/js/glossary-preview.js" defer></script>', self.html)

    def test_each_section_lists_its_events_and_people(self):
        history = self.html.split('id="history"', 1)[1].split("</section>", 1)[0]
        self.assertShows(
            history,
            '<time datetime="1989-06-02">2–10 June 1989</time>: <a href="/events/talks-1/">',
            "May 25: <a",
            '<a href="/people/jane-doe-1/">Jane Doe 1</a>',
        )
        self.assertNotIn("Hidden Person", history)
        self.assertNotIn("Draft event", history)

    def test_article_structured_data(self):
        data = structured_data(self.html)
        self.assertEqual(data["@type"], "Article")
        self.assertEqual(data["headline"], "Atlantis–Lemuria relations 1")
        self.assertEqual(data["url"], "http://testserver/articles/atlantis-lemuria-1/")
        self.assertIn("\\u003Cscript\\u003E", self.html.split("application/ld+json")[1].split("</script>")[0])

    def test_a_draft_article_is_not_found(self):
        self.site.article.status = Status.DRAFT
        self.site.article.save()
        self.assertEqual(self.client.get(self.site.article.get_absolute_url()).status_code, 404)


class TimelineTests(SiteTestCase):
    def get(self, query=""):
        return self.client.get("/events/" + query)

    def test_every_published_event_in_time_order_grouped_by_period(self):
        response = self.get()
        order = ["fleets", "embassies", "agreement", "talks", "cosmonaut", "satellite"]
        self.assertEqual(slugs_on_timeline(response), [self.slug(key) for key in order])
        html = response.content.decode()
        headings = re.findall(r'<h2 class="timeline-period">(?:<a [^>]+>)?([^<]+)', html)
        self.assertEqual(headings, ["Imperial era", "Cold War", "Rapprochement", "Russian Federation", "Undated"])
        self.assertEqual(html.count('<ol class="timeline">'), 5)

    def test_the_title_names_the_active_filters_and_the_page(self):
        self.assertContains(self.get(), "<title>Timeline · Relations</title>")
        self.assertContains(
            self.get("?period=rapprochement&year_from=1980"),
            "<title>Timeline: Period: Rapprochement, From year: 1980 · Relations</title>",
        )
        with override_settings(PAGE_CACHE_SECONDS=0):
            with mock.patch.object(EventListView, "paginate_by", 2):
                response = self.get("?page=2")
        self.assertContains(response, "<title>Timeline: page 2 of 3 · Relations</title>")

    def test_dates_are_shown_at_their_precision(self):
        html = self.get().content.decode()
        for shown in [
            "the 19th century",
            "the 1980s",
            '<time datetime="1986-07">July 1986</time>',
            '<time datetime="1989-06-02">2–10 June 1989</time>',
            '<time datetime="1991">1991</time>',
            "May 25",
        ]:
            self.assertIn(shown, html)

    def test_the_form_hooks(self):
        html = self.get().content.decode()
        self.assertIn('<form id="event-filters" class="filters" method="get" action="/events/#results"', html)
        for hook in [
            'type="checkbox" name="period" value="rapprochement"',
            'type="checkbox" name="topic" value="space"',
            'name="year_from"',
            'name="year_to"',
            '<select name="person"',
            'name="q"',
            '<select name="ordering"',
            '<option value="oldest">Oldest first</option>',
            '<option value="newest">Newest first</option>',
            '<button type="submit">',
        ]:
            self.assertIn(hook, html)
        # Only people named by a published event are offered, never a draft.
        self.assertIn('<option value="john-roe-1">John Roe 1</option>', html)
        self.assertNotIn("hidden-person-1", html)

    def test_the_person_menu_lists_the_most_named_and_the_filter_takes_anyone(self):
        people = [self.site.people["jane"], self.site.people["john"]]
        named = {person.slug: person.events.filter(status=Status.PUBLISHED).count() for person in people}
        listed, left_out = sorted(people, key=lambda person: -named[person.slug])
        self.assertGreater(named[listed.slug], named[left_out.slug])
        options = r'<select name="person" id="id_person">(.*?)</select>'
        with mock.patch.object(selectors, "PERSON_MENU_SIZE", 1):
            menu = re.search(options, self.get().content.decode(), re.S).group(1)
            self.assertEqual(
                menu, f'<option value="" selected>Anyone</option><option value="{listed.slug}">{listed.name}</option>'
            )
            response = self.get(f"?person={left_out.slug}")
        html = response.content.decode()
        self.assertIn(f'<option value="{left_out.slug}" selected>{left_out.name}</option>', html)
        self.assertIn(f'<option value="{listed.slug}">{listed.name}</option>', html)
        self.assertEqual(len(slugs_on_timeline(response)), named[left_out.slug])
        self.assertIn(f"Person: {left_out.name}", html)

    def test_filter_by_topic(self):
        response = self.get("?topic=space")
        self.assertEqual(slugs_on_timeline(response), [self.slug("cosmonaut"), self.slug("satellite")])

    def test_several_topics_give_events_of_any_of_them_once(self):
        response = self.get("?topic=economy&topic=diplomacy")
        self.assertEqual(
            slugs_on_timeline(response), [self.slug(key) for key in ["fleets", "embassies", "agreement", "talks"]]
        )

    def test_filter_by_period_and_topic(self):
        response = self.get("?period=rapprochement&topic=diplomacy")
        self.assertEqual(slugs_on_timeline(response), [self.slug("agreement"), self.slug("talks")])

    def test_filter_by_years_person_and_words(self):
        self.assertEqual(
            slugs_on_timeline(self.get("?year_from=1985&year_to=1990")), [self.slug("agreement"), self.slug("talks")]
        )
        self.assertEqual(
            slugs_on_timeline(self.get("?person=john-roe-1")), [self.slug("cosmonaut"), self.slug("satellite")]
        )
        self.assertEqual(slugs_on_timeline(self.get("?q=trade+JANE")), [self.slug("agreement")])

    def test_newest_first(self):
        order = ["cosmonaut", "talks", "agreement", "embassies", "fleets", "satellite"]
        self.assertEqual(slugs_on_timeline(self.get("?ordering=newest")), [self.slug(key) for key in order])

    def test_options_in_period_then_name_order(self):
        html = self.get().content.decode()
        self.assertEqual(
            re.findall(r'name="period" value="([^"]+)"', html),
            ["imperial-era", "japanese-rule", "cold-war", "rapprochement", "russian-federation"],
        )
        self.assertEqual(
            re.findall(r'name="topic" value="([^"]+)"', html),
            ["diplomacy", "economy", "migration", "security", "space", "sport"],
        )

    def test_facet_counts_apply_the_other_filters(self):
        counts = facet_counts(self.get())
        self.assertEqual(counts[("period", "rapprochement")], 2)  # the draft event does not count
        self.assertEqual(counts[("topic", "space")], 2)
        self.assertEqual(counts[("topic", "sport")], 0)

        counts = facet_counts(self.get("?period=rapprochement&topic=space"))
        # A period's count applies the topic filter, not the period filter; and the other way round.
        self.assertEqual(counts[("period", "rapprochement")], 0)
        self.assertEqual(counts[("period", "russian-federation")], 1)
        self.assertEqual(counts[("topic", "diplomacy")], 2)
        self.assertEqual(counts[("topic", "economy")], 1)
        self.assertEqual(counts[("topic", "space")], 0)

    def test_checked_options_stay_checked(self):
        html = self.get("?topic=space&topic=economy").content.decode()
        self.assertShows(
            html,
            'name="topic" value="space" id="topic-space" checked>',
            'name="topic" value="economy" id="topic-economy" checked>',
            'name="topic" value="diplomacy" id="topic-diplomacy">',
        )

    def test_chips_remove_one_filter_each(self):
        # The page cache puts a reader's parameters in the filters' order (relations_site/page_cache.py).
        response = self.get("?topic=space&topic=economy&period=russian-federation&q=&year_from=1900&page=1")
        self.assertEqual(
            chips(response),
            [
                ("/events/?topic=space&topic=economy&year_from=1900", "Period: Russian Federation"),
                ("/events/?period=russian-federation&topic=space&year_from=1900", "Topic: Economy"),
                ("/events/?period=russian-federation&topic=economy&year_from=1900", "Topic: Space"),
                ("/events/?period=russian-federation&topic=space&topic=economy", "From year: 1900"),
            ],
        )
        self.assertEqual(chips(self.get()), [])
        self.assertEqual(chips(self.get("?ordering=oldest")), [])
        self.assertEqual(chips(self.get("?ordering=newest")), [("/events/", "Order: Newest first")])

    def test_empty_result_offers_to_clear_the_filters(self):
        response = self.get("?q=nothing-like-this")
        self.assertContains(
            response, '<p class="empty-result">No events match these filters. <a href="/events/">Clear filters</a></p>'
        )
        self.assertEqual(slugs_on_timeline(response), [])

    def test_invalid_values_give_an_empty_result_with_the_error(self):
        response = self.get("?year_from=soon")
        self.assertContains(response, "Enter a whole number.")
        self.assertContains(response, 'class="empty-result"')
        response = self.get("?topic=no-such-topic")
        self.assertContains(response, "Select a valid choice.")

    def test_pagination_keeps_every_filter(self):
        EventListView.paginate_by = 2
        self.addCleanup(setattr, EventListView, "paginate_by", 20)
        response = self.get("?topic=diplomacy&topic=economy&ordering=newest")
        html = unescape(response.content.decode())
        self.assertIn('<nav class="pagination" aria-label="Pagination">', html)
        self.assertIn('<a rel="next" href="?topic=diplomacy&topic=economy&ordering=newest&page=2">', html)
        self.assertNotIn('rel="prev"', html)
        response = self.get("?topic=diplomacy&topic=economy&ordering=newest&page=2")
        html = unescape(response.content.decode())
        self.assertIn('<a rel="prev" href="?topic=diplomacy&topic=economy&ordering=newest&page=1">', html)
        self.assertNotIn('rel="next"', html)
        self.assertEqual(slugs_on_timeline(response), [self.slug("embassies"), self.slug("fleets")])

    def test_a_page_out_of_range_is_not_found(self):
        self.assertEqual(self.get("?page=99").status_code, 404)


class EventPageTests(SiteTestCase):
    def test_event_page(self):
        response = self.client.get(self.events["agreement"].get_absolute_url())
        html = response.content.decode()
        self.assertShows(
            html,
            "<h1>Trade agreement signed 1</h1>",
            '<time datetime="1986-07">July 1986</time>',
            "In July 1986 Jane Doe signed a trade agreement.",
            '<a href="/periods/rapprochement/">Rapprochement</a>',
            '<a href="/topics/economy/">Economy</a>',
            '<a href="/people/jane-doe-1/">Jane Doe 1</a>',
        )
        self.assertNotIn("Hidden Person", html)
        self.assertIn('<a href="/articles/atlantis-lemuria-1/#history">Atlantis–Lemuria relations 1: History</a>', html)
        # Neighbours in timeline order.
        self.assertIn('Before</span> <a href="/events/embassies-1/">', html)
        self.assertIn('After</span> <a href="/events/talks-1/">', html)

    def test_event_structured_data_has_the_dates_at_their_precision(self):
        html = self.page(self.events["talks"].get_absolute_url())
        data = structured_data(html)
        self.assertEqual((data["@type"], data["startDate"], data["endDate"]), ("Event", "1989-06-02", "1989-06-10"))

    def test_undated_event_shows_the_source_words(self):
        html = self.page(self.events["satellite"].get_absolute_url())
        self.assertIn('<p class="event-date">May 25</p>', html)
        self.assertNotIn("startDate", html)

    def test_a_draft_event_is_not_found(self):
        self.assertEqual(self.client.get(self.events["draft"].get_absolute_url()).status_code, 404)


class PeopleTests(SiteTestCase):
    def names(self, query=""):
        html = self.page("/people/" + query)
        return re.findall(r'<li class="person">\s*<a href="[^"]+">([^<]+)</a>', html)

    def test_list_filters_by_country_role_and_name(self):
        self.assertEqual(self.names(), ["Jane Doe 1", "John Roe 1"])
        self.assertEqual(self.names("?country=Lemuria"), ["John Roe 1"])
        self.assertEqual(self.names("?role=President"), ["Jane Doe 1"])
        self.assertEqual(self.names("?q=roe"), ["John Roe 1"])
        self.assertEqual(self.names("?q=Doe"), ["Jane Doe 1"])

    def test_list_offers_only_published_countries_and_roles(self):
        html = self.page("/people/")
        self.assertIn('<option value="Atlantis">Atlantis</option>', html)
        self.assertIn('<option value="Cosmonaut">Cosmonaut</option>', html)
        self.assertIn("2 events", html.split("John Roe 1")[1])

    @override_settings(PAGE_CACHE_SECONDS=0)
    def test_the_menus_show_a_new_role_and_country_at_once(self):
        self.assertNotIn("Harbour master", self.page("/people/"))  # the menus are now kept
        make_person(name="Dee Port", role="Harbour master", country="Mu")
        html = self.page("/people/")
        self.assertIn('<option value="Harbour master">Harbour master</option>', html)
        self.assertIn('<option value="Mu">Mu</option>', html)

    def test_the_role_menu_lists_the_most_held_and_the_filter_takes_any(self):
        # Two more presidents: President is then the role most people hold.
        make_person(name="Ana Silva", role="President", country="Lemuria")
        make_person(name="Ben Roe", role="President", country="Atlantis")
        envoy = make_person(name="Cy Vale", role="Envoy of Trade & Industry", country="Atlantis")
        menu = r'<select name="role" id="id_role">(.*?)</select>'
        with mock.patch.object(selectors, "ROLE_MENU_SIZE", 1):
            html = self.page("/people/")
            self.assertEqual(
                re.search(menu, html, re.S).group(1),
                '<option value="" selected>Any role</option><option value="President">President</option>',
            )
            # A rarer role, from its holder's page: in the menu once chosen, and it filters.
            link = re.search(r'<a href="([^"]+)" title="People with this role">', self.page(envoy.get_absolute_url()))
            self.assertEqual(unescape(link.group(1)), "/people/?role=Envoy%20of%20Trade%20%26%20Industry")
            html = self.page(unescape(link.group(1)))
        self.assertIn(
            '<option value="Envoy of Trade &amp; Industry" selected>Envoy of Trade &amp; Industry</option>', html
        )
        self.assertEqual(re.findall(r'<li class="person">\s*<a href="[^"]+">([^<]+)</a>', html), ["Cy Vale"])

    def test_person_page(self):
        response = self.client.get(self.site.people["jane"].get_absolute_url())
        html = response.content.decode()
        self.assertShows(
            html,
            "<h1>Jane Doe 1</h1>",
            # Her role and country link the people who share them.
            '<a href="/people/?role=President" title="People with this role">President</a>, '
            '<a href="/people/?country=Atlantis" title="People of this country">Atlantis</a>',
            "Jane Doe is an Atlantean politician.",
            '<a href="/glossary/jane-doe-1/">',
        )
        self.assertEqual(slugs_on_timeline(response), [self.slug("agreement")])
        self.assertIn('<a href="/articles/atlantis-lemuria-1/#history">', html)
        data = structured_data(html)
        self.assertEqual(
            (data["@type"], data["jobTitle"], data["nationality"]["name"]), ("Person", "President", "Atlantis")
        )

    def test_a_draft_person_is_not_found(self):
        self.assertEqual(self.client.get(self.site.people["draft"].get_absolute_url()).status_code, 404)


class GlossaryTests(SiteTestCase):
    def terms(self, query=""):
        html = self.page("/glossary/" + query)
        return re.findall(r'<dt class="glossary-entry"><a href="[^"]+">([^<]+)</a>', html)

    def test_index_a_to_z_with_letter_navigation(self):
        html = self.page("/glossary/")
        self.assertEqual(self.terms(), ["Atlantis 1", "Coral Treaty 1", "Jane Doe 1", "Lemuria 1"])
        self.assertShows(
            html,
            '<a href="#letter-c">C</a>',
            '<span class="letter-empty">B</span>',
            '<h2 id="letter-c">C</h2>',
        )
        self.assertNotIn("Secret 1", html)

    def test_search(self):
        self.assertEqual(self.terms("?q=continent"), ["Lemuria 1"])
        self.assertEqual(self.terms("?q=lemurian"), ["Lemuria 1"])  # a link text
        self.assertEqual(self.terms("?q=zzz"), [])

    def test_entry_page_lists_what_links_here(self):
        html = self.page(self.site.terms["lemuria"].get_absolute_url())
        self.assertShows(
            html,
            "<h1>Lemuria 1</h1>",
            "Lemuria is a sunken continent.",
            "Linked as: Lemuria 1, the Lemurian",
            '<a href="/articles/atlantis-lemuria-1/#lead">Atlantis–Lemuria relations 1</a>',
            '<a href="/articles/atlantis-lemuria-1/#space">Atlantis–Lemuria relations 1: Space</a>',
            '"@type": "DefinedTerm"',
        )

    def test_entry_page_names_the_person_it_describes(self):
        html = self.page(self.site.terms["jane"].get_absolute_url())
        self.assertIn('About <a href="/people/jane-doe-1/">Jane Doe 1</a>.', html)

    def test_a_draft_entry_is_not_found(self):
        self.assertEqual(self.client.get(self.site.draft_term.get_absolute_url()).status_code, 404)


class PeriodAndTopicTests(SiteTestCase):
    def test_index_pages_list_every_period_and_topic_with_its_events(self):
        html = self.page("/periods/")
        self.assertIn("<title>Periods · Relations</title>", html)
        self.assertIn('<h2 class="group-name"><a href="/periods/rapprochement/">Rapprochement</a></h2>', html)
        self.assertIn('<span class="period-years">1985–1991</span> · <span class="count">2 events</span>', html)
        html = self.page("/topics/")
        self.assertIn('<h2 class="group-name"><a href="/topics/space/">Space</a></h2>', html)
        self.assertIn('<span class="count">2 events</span>', html)
        self.assertIn('<a href="/periods/">Period</a>', self.page("/periods/rapprochement/"))
        self.assertIn('<a href="/topics/">All topics</a>', self.page("/"))

    def test_period_page(self):
        response = self.client.get("/periods/rapprochement/")
        html = response.content.decode()
        self.assertIn("<h1>Rapprochement</h1>", html)
        self.assertIn("1985–1991", html)
        self.assertEqual(slugs_on_timeline(response), [self.slug("agreement"), self.slug("talks")])
        # The articles that tell of the period's events, with how many (the draft event not counted).
        self.assertIn("1 article tells of these events:", html)
        self.assertIn(
            '<a href="/articles/atlantis-lemuria-1/">Atlantis–Lemuria relations 1</a> <span class="count">2 events</span>',
            html,
        )
        self.assertIn('<a href="/events/?period=rapprochement">Filter them in the timeline</a>', html)
        self.assertNotIn('class="more-link"', html)

    def test_topic_page(self):
        response = self.client.get("/topics/space/")
        self.assertEqual(slugs_on_timeline(response), [self.slug("cosmonaut"), self.slug("satellite")])
        html = response.content.decode()
        self.assertIn(
            '<a href="/articles/atlantis-lemuria-1/">Atlantis–Lemuria relations 1</a> <span class="count">2 events</span>',
            html,
        )
        self.assertIn('<a href="/events/?topic=space">Filter them in the timeline</a>', html)

    def test_unknown_slugs_are_not_found(self):
        self.assertEqual(self.client.get("/periods/nowhen/").status_code, 404)
        self.assertEqual(self.client.get("/topics/nothing/").status_code, 404)


class GrowingListsTests(TestCase):
    """Lists that grow with the content stop at a few records, with how many there are and a link
    to where all of them are (three copies of the test article here, the limits patched lower)."""

    @classmethod
    def setUpTestData(cls):
        cls.site = build_site(scale=3)

    def page(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return response.content.decode()

    def test_home_shows_the_latest_articles_and_links_to_all(self):
        with mock.patch("articles.public.selectors.LATEST_ARTICLES", 2):
            html = self.page("/")
        titles = re.findall(r'<li class="card">\s*<h3><a href="[^"]+">([^<]+)</a>', html)
        self.assertEqual(titles, ["Atlantis–Lemuria relations 3", "Atlantis–Lemuria relations 2"])
        self.assertIn('<a href="/articles/">All 3 articles, A to Z</a>', html)

    def test_article_listing_a_to_z_with_leads_pages_and_title_filter(self):
        def titles(html):
            return re.findall(r'<li class="card">\s*<h2><a href="[^"]+">([^<]+)</a>', html)

        with mock.patch.object(ArticleListView, "paginate_by", 2):
            first, second = self.page("/articles/"), self.page("/articles/?page=2")
        self.assertEqual(titles(first), ["Atlantis–Lemuria relations 1", "Atlantis–Lemuria relations 2"])
        self.assertEqual(titles(second), ["Atlantis–Lemuria relations 3"])
        self.assertIn("3 articles", first)
        self.assertIn("states have traded since the late 19th century", first)  # the lead
        self.assertIn('<a rel="next" href="?page=2">', first)
        self.assertEqual(titles(self.page("/articles/?q=relations+2")), ["Atlantis–Lemuria relations 2"])
        self.assertIn("No article matches.", self.page("/articles/?q=zzz"))

    def test_period_page_names_the_articles_that_tell_most_then_links_to_the_timeline(self):
        with mock.patch("articles.public.selectors.TOP_ARTICLES", 2):
            html = self.page("/periods/rapprochement/")
        self.assertIn("3 articles tell of these events; those that tell most:", html)
        self.assertEqual(len(re.findall(r'<a href="/articles/atlantis-lemuria-\d/">', html)), 2)
        self.assertIn(
            '<p class="more-link">1 more · <a href="/events/?period=rapprochement">Their events in the timeline</a></p>',
            html,
        )

    def test_what_links_here_stops_with_a_count(self):
        with mock.patch("articles.public.selectors.LINKING_SECTIONS", 1):
            html = self.page(self.site.terms["lemuria"].get_absolute_url())
        self.assertIn("2 sections link this term; the first 1:", html)
        self.assertEqual(len(re.findall(r'<ul class="section-list">\s*<li>', html)), 1)
        self.assertEqual(html.count('<a href="/articles/atlantis-lemuria-1/#'), 1)
        self.assertIn('<p class="more-link">1 more</p>', html)

    def test_person_page_shows_the_first_events_and_links_to_all_in_the_timeline(self):
        john = self.site.people["john"]
        with mock.patch("articles.public.selectors.PERSON_EVENTS", 1):
            response = self.client.get(john.get_absolute_url())
        html = response.content.decode()
        self.assertEqual(len(slugs_on_timeline(response)), 1)
        self.assertIn(f"2 events name {john.name}; the first 1:", html)
        self.assertIn(
            f'<p class="more-link">1 more · <a href="/events/?person={john.slug}">All of them in the timeline</a></p>',
            html,
        )

    def test_sitemap_index_points_at_files_of_at_most_limit_records(self):
        with mock.patch.object(RecordSitemap, "limit", 10):
            index = self.page("/sitemap.xml")
            events = [self.page("/sitemap-events.xml"), self.page("/sitemap-events.xml?p=2")]
        for kind in ["listings", "articles", "events", "people", "glossary", "periods", "topics"]:
            self.assertIn(f"<loc>http://testserver/sitemap-{kind}.xml</loc>", index)
        self.assertIn("<loc>http://testserver/sitemap-events.xml?p=2</loc>", index)  # 18 published events
        self.assertNotIn("sitemap-events.xml?p=3", index)
        self.assertEqual([xml.count("<url>") for xml in events], [10, 8])
        self.assertIn("<loc>http://testserver/events/talks-1/</loc>", "".join(events))
        self.assertRegex(events[0], r"<lastmod>\d{4}-\d\d-\d\dT\d\d:\d\d:[\d.]+\+00:00</lastmod>")


class SearchPageTests(SiteTestCase):
    def test_results_grouped_by_kind_with_highlights(self):
        html = self.page("/search/", {"q": "coral"})
        self.assertShows(
            html,
            '<h2 id="results-sections">Article sections</h2>',
            '<h2 id="results-events">Events</h2>',
            '<h2 id="results-glossary">Glossary</h2>',
        )
        self.assertNotIn('id="results-people"', html)
        self.assertIn('<a href="/glossary/coral-treaty-1/"><mark>Coral</mark> Treaty 1</a>', html)
        self.assertIn("An agreement on <mark>coral</mark>.", html)

    def test_people_and_no_drafts(self):
        html = self.page("/search/", {"q": "roe"})
        self.assertIn('<a href="/people/john-roe-1/">John <mark>Roe</mark> 1</a>', html)
        self.assertNotIn("Draft event", html)
        html = self.page("/search/", {"q": "secret"})
        self.assertNotIn("/glossary/secret-1/", html)

    def test_the_title_names_the_query_and_its_result_count(self):
        self.assertIn("<title>“coral”: 3 results · Search · Relations</title>", self.page("/search/", {"q": "coral"}))
        self.assertIn("<title>Search · Relations</title>", self.page("/search/"))

    def test_a_misspelling_shows_the_results_of_the_known_spelling_and_says_so(self):
        html = self.page("/search/", {"q": "cosmonot"})
        self.assertIn('Did you mean <a href="?q=Cosmonaut">Cosmonaut</a>?', html)
        self.assertIn('<a href="/events/cosmonaut-1/"><mark>Cosmonaut</mark> flew 1</a>', html)
        self.assertIn("<title>“cosmonot”: 3 results · Search · Relations</title>", html)

    def test_relevance_by_default_and_a_link_to_date_order(self):
        html = self.page("/search/", {"q": "coral"})
        self.assertIn(
            '<strong aria-current="true">Relevance</strong> · <a href="?q=coral&amp;order=date">Date</a>', html
        )
        html = self.page("/search/", {"q": "coral", "order": "date"})
        self.assertIn('<a href="?q=coral&amp;order=relevance">Relevance</a> · <strong aria-current="true">Date', html)

    def test_query_is_escaped(self):
        html = self.page("/search/", {"q": "<script>x"})
        self.assertNotIn("<script>x", html)
        self.assertIn("&lt;script&gt;x", html)

    def test_no_query_no_results(self):
        html = self.page("/search/")
        self.assertIn('<input type="search" id="search-q" name="q" value=""', html)
        self.assertNotIn("result-count", html)


class MachineReadableTests(SiteTestCase):
    def test_sitemap_lists_published_pages_only(self):
        index = self.client.get("/sitemap.xml").content.decode()
        files = re.findall(r"<loc>http://testserver(/sitemap-[a-z]+\.xml)</loc>", index)
        xml = "".join(self.client.get(path).content.decode() for path in files)
        for path in [
            "/",
            "/articles/",
            "/events/",
            "/articles/atlantis-lemuria-1/",
            "/events/talks-1/",
            "/people/jane-doe-1/",
            "/glossary/lemuria-1/",
            "/periods/cold-war/",
            "/topics/space/",
        ]:
            self.assertIn(f"<loc>http://testserver{path}</loc>", xml)
        for path in ["/events/draft-event-1/", "/people/hidden-person-1/", "/glossary/secret-1/"]:
            self.assertNotIn(path, xml)

    def test_robots_txt_points_at_the_sitemap(self):
        response = self.client.get("/robots.txt")
        self.assertEqual(response["Content-Type"], "text/plain; charset=utf-8")
        self.assertIn("Sitemap: http://testserver/sitemap.xml", response.content.decode())
        self.assertIn("Disallow: /admin/", response.content.decode())

    def test_search_pages_may_be_crawled_and_name_the_search_page_as_canonical(self):
        # Crawlers reading a search page see that it is a view of /search/, not a page of its own
        # (a robots.txt that forbade it would hide that, and keep the page from being indexed).
        self.assertNotIn("/search/", self.client.get("/robots.txt").content.decode())
        html = self.page("/search/", {"q": "coral"})
        self.assertIn('<link rel="canonical" href="http://testserver/search/">', html)
        self.assertNotIn('name="robots"', html)

    def test_atom_feed_of_published_events(self):
        response = self.client.get(reverse("articles:event-feed"))
        self.assertEqual(response["Content-Type"], "application/atom+xml; charset=utf-8")
        xml = response.content.decode()
        self.assertIn("<title>2–10 June 1989: Coral Treaty talks 1</title>", xml)
        self.assertIn("http://testserver/events/cosmonaut-1/", xml)
        self.assertNotIn("Draft event", xml)
        self.assertLess(xml.index("cosmonaut-1"), xml.index("talks-1"))


@override_settings(DEBUG=False)
class ErrorPageTests(TestCase):
    def test_404_page_in_the_site_style(self):
        response = self.client.get("/no-such-page/")
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "<h1>Page not found</h1>", status_code=404)
        self.assertContains(response, '<a class="skip-link" href="#main">', status_code=404)
        self.assertContains(response, 'action="/search/"', status_code=404)

    def test_500_page_renders_without_a_request(self):
        from django.template import loader

        html = loader.get_template("500.html").render()
        self.assertIn("<h1>Something went wrong</h1>", html)
        self.assertIn('<link rel="stylesheet" href="/static/css/site.css">', html)
        self.assertNotIn('rel="canonical"', html)


class LargeGlossaryTests(TestCase):
    """Past GLOSSARY_ONE_PAGE entries, the index is a page per letter."""

    @classmethod
    def setUpTestData(cls):
        count = selectors.GLOSSARY_ONE_PAGE + 20
        terms = [f"{'BCDM'[number % 4]}ridge {number:03}" for number in range(count - 4)]
        terms += ["Émile accord", "entente", "1st treaty", "Zollverein"]
        GlossaryEntry.objects.bulk_create(
            GlossaryEntry(
                term=term, slug=f"entry-{number}", definition=f"What {term} means...", status=Status.PUBLISHED
            )
            for number, term in enumerate(terms)
        )
        GlossaryEntry.objects.create(term="Hidden", slug="hidden", definition="A draft...", status=Status.DRAFT)
        cls.count = count

    def index(self, query=""):
        response = self.client.get("/glossary/" + query)
        self.assertEqual(response.status_code, 200)
        html = unescape(response.content.decode())
        terms = re.findall(r'<dt class="glossary-entry"><a href="[^"]+">([^<]+)</a>', html)
        return html, terms

    def test_the_first_letter_with_entries_by_default_and_every_letter_linked(self):
        html, terms = self.index()
        self.assertEqual(len(terms), (self.count - 4) // 4)
        self.assertTrue(all(term.startswith("Bridge") for term in terms), terms[:5])
        self.assertIn(f"{self.count} terms; those under B on this page", html)
        self.assertIn('<a href="?letter=B" aria-current="page">B</a>', html)
        self.assertIn('<a href="?letter=Z">Z</a>', html)
        self.assertIn('<a href="?letter=%23">#</a>', html)
        self.assertIn('<span class="letter-empty">A</span>', html)
        self.assertNotIn("Hidden", html)

    def test_a_letters_page_files_accented_and_lower_case_initials_under_it(self):
        self.assertEqual(self.index("?letter=E")[1], ["Émile accord", "entente"])
        self.assertEqual(self.index("?letter=%23")[1], ["1st treaty"])
        self.assertEqual(self.index("?letter=Z")[1], ["Zollverein"])

    def test_each_letters_page_is_its_own_canonical_page(self):
        canonical = '<link rel="canonical" href="http://testserver/glossary/{}">'
        self.assertIn(canonical.format("?letter=E"), self.index("?letter=E")[0])
        self.assertIn(canonical.format("?letter=%23"), self.index("?letter=%23")[0])
        self.assertIn(canonical.format("?letter=M"), self.index("?q=ridge&letter=M")[0])  # the search left out
        self.assertIn(canonical.format(""), self.index("?letter=B")[0])  # the first letter: /glossary/
        self.assertIn(canonical.format(""), self.index()[0])

    def test_an_unknown_letter_shows_the_first_one(self):
        self.assertEqual(self.index("?letter=Q")[1], self.index()[1])
        self.assertEqual(self.index("?letter=%3Cb%3E")[1], self.index()[1])

    def test_a_search_keeps_its_words_in_the_letters_links(self):
        html, terms = self.index("?q=ridge&letter=D")
        self.assertTrue(terms and all(term.startswith("Dridge") for term in terms), terms[:5])
        self.assertIn('<a href="?q=ridge&letter=B">B</a>', html)
        self.assertIn('<span class="letter-empty">E</span>', html)  # no entry under E matches

    @override_settings(PAGE_CACHE_SECONDS=0)
    def test_two_queries_whatever_the_letter(self):
        for query in ("", "?letter=E", "?q=ridge&letter=M"):
            self.client.get("/glossary/" + query)
            with self.subTest(query=query), self.assertNumQueries(2):
                self.client.get("/glossary/" + query)


class NeighbouringEventsTests(TestCase):
    """An event's neighbours follow the timeline: date, then title, then the order of creation."""

    @classmethod
    def setUpTestData(cls):
        may, june = date(1990, 5, 1), date(1990, 6, 1)
        titled = {
            "early": ("Accord", may),
            "same-date-a": ("Bridge", june),
            "same-date-b": ("Canal", june),
            "twin-1": ("Dam", june),
            "twin-2": ("Dam", june),
            "late": ("Embassy", date(1991, 1, 1)),
            "undated-a": ("Ferry", None),
            "undated-b": ("Ferry", None),
            "undated-c": ("Garrison", None),
        }
        cls.events = {
            key: make_event(title=title, date=when, precision=Event.Precision.MONTH if when else "")
            for key, (title, when) in titled.items()
        }
        make_event(title="Bridge", date=june, precision=Event.Precision.MONTH, status=Status.DRAFT)

    def neighbours(self, key):
        before, after = selectors.neighbouring_events(self.events[key])
        return (before and before.title, after and after.title), (before and before.pk, after and after.pk)

    def test_dated_events_in_timeline_order(self):
        dated = ["early", "same-date-a", "same-date-b", "twin-1", "twin-2", "late"]
        for index, key in enumerate(dated):
            with self.subTest(key):
                before = self.events[dated[index - 1]].pk if index else None
                after = self.events[dated[index + 1]].pk if index + 1 < len(dated) else None
                self.assertEqual(self.neighbours(key)[1], (before, after))

    def test_undated_events_by_title_then_creation_and_never_next_to_dated_ones(self):
        self.assertEqual(self.neighbours("undated-a")[0], (None, "Ferry"))
        self.assertEqual(self.neighbours("undated-b")[1], (self.events["undated-a"].pk, self.events["undated-c"].pk))
        self.assertEqual(self.neighbours("undated-c")[0], ("Ferry", None))

    def test_a_draft_is_skipped(self):
        self.assertEqual(self.neighbours("early")[0], (None, "Bridge"))
        self.assertEqual(self.neighbours("early")[1][1], self.events["same-date-a"].pk)
