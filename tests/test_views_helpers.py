"""Test data for the public site's view tests: a small article, scalable for query-count tests.

Holds no tests; its name starts with test_ so that it sits beside the view tests it serves.
"""

import re
from datetime import date
from types import SimpleNamespace

from articles.models import Event, Period, Status, Topic
from tests.factories import make_article, make_event, make_glossary_entry, make_person, make_section

Precision = Event.Precision


def slugs_on_timeline(response):
    """The slugs of the events a page shows as a timeline, in order."""
    return re.findall(r'<li class="timeline-event" data-slug="([^"]+)"', response.content.decode())


def build_site(scale=1):
    """Save ``scale`` copies of a small published article with every kind of record and relation.

    Each copy has three sections (the lead and two headed ones), four glossary terms, three people
    and six events spread over periods and topics, plus one draft of each kind that must never show.
    Return the first copy's records, which tests can look up by name.
    """
    periods = {period.slug: period for period in Period.objects.all()}
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    copies = [_build_copy(number, periods, topics) for number in range(1, scale + 1)]
    return copies[0]


def _build_copy(number, periods, topics):
    n = number
    article = make_article(title=f"Atlantis–Lemuria relations {n}", slug=f"atlantis-lemuria-{n}")
    terms = {
        "atlantis": make_glossary_entry(
            term=f"Atlantis {n}",
            slug=f"atlantis-{n}",
            definition="Atlantis is an island state <b>beyond</b>.",
            aliases=[f"Atlantis {n}"],
        ),
        "lemuria": make_glossary_entry(
            term=f"Lemuria {n}",
            slug=f"lemuria-{n}",
            definition="Lemuria is a sunken continent.",
            aliases=[f"Lemuria {n}", "the Lemurian"],
        ),
        "treaty": make_glossary_entry(
            term=f"Coral Treaty {n}",
            slug=f"coral-treaty-{n}",
            definition="An agreement on coral.",
        ),
        "jane": make_glossary_entry(
            term=f"Jane Doe {n}",
            slug=f"jane-doe-{n}",
            definition="Jane Doe is an Atlantean politician.",
        ),
    }
    draft_term = make_glossary_entry(
        term=f"Secret {n}", slug=f"secret-{n}", definition="Not yet published.", status=Status.DRAFT
    )
    people = {
        "jane": make_person(
            name=f"Jane Doe {n}",
            slug=f"jane-doe-{n}",
            aliases=["Doe"],
            role="President",
            country="Atlantis",
            glossary_entry=terms["jane"],
        ),
        "john": make_person(
            name=f"John Roe {n}",
            slug=f"john-roe-{n}",
            aliases=["Roe"],
            role="Cosmonaut",
            country="Lemuria",
        ),
        "draft": make_person(name=f"Hidden Person {n}", slug=f"hidden-person-{n}", status=Status.DRAFT),
    }
    lead = make_section(
        article,
        title=article.title,
        slug="lead",
        order=0,
        body=f"[[Atlantis {n}]] and [[Lemuria {n}|the Lemurian]] states have traded since the late "
        f"19th century.\n\nIn the 1980s the two countries opened embassies <script>alert(1)</script>.",
    )
    history = make_section(
        article,
        title="History",
        slug="history",
        order=1,
        body=f"In July 1986 [[Jane Doe {n}]] signed a trade agreement.\n\n"
        f"From June 2 to June 10, 1989, the [[Coral Treaty {n}]] talks met. [[Secret {n}|A secret]] "
        f"stays text. On May 25 John Roe launched a satellite.",
    )
    space = make_section(
        article, title="Space", slug="space", order=2, body=f"[[Lemuria {n}]] sent a cosmonaut in 1991."
    )
    make_section(article, title="Draft section", slug="draft", order=3, body="Unpublished.", status=Status.DRAFT)
    lead.terms.set([terms["atlantis"], terms["lemuria"]])
    history.terms.set([terms["jane"], terms["treaty"], draft_term])
    space.terms.set([terms["lemuria"]])
    history.people.set([people["jane"], people["john"], people["draft"]])
    space.people.set([people["john"]])

    def event(slug, section, period, topic_slugs, people_keys=(), **fields):
        record = make_event(slug=f"{slug}-{n}", section=section, period=periods[period] if period else None, **fields)
        record.topics.set([topics[key] for key in topic_slugs])
        record.people.set([people[key] for key in people_keys])
        return record

    events = {
        "fleets": event(
            "fleets",
            lead,
            "imperial-era",
            ["economy"],
            title=f"Lemurian fleets came {n}",
            date=date(1800, 1, 1),
            precision=Precision.CENTURY,
            date_text="the late 19th century",
            description="Atlantis and Lemuria have traded since the late 19th century.",
        ),
        "embassies": event(
            "embassies",
            lead,
            "cold-war",
            ["diplomacy"],
            title=f"Embassies opened {n}",
            date=date(1980, 1, 1),
            precision=Precision.DECADE,
            date_text="the 1980s",
            description="In the 1980s the two countries opened embassies.",
        ),
        "agreement": event(
            "agreement",
            history,
            "rapprochement",
            ["economy", "diplomacy"],
            ["jane", "draft"],
            title=f"Trade agreement signed {n}",
            date=date(1986, 7, 1),
            precision=Precision.MONTH,
            date_text="July 1986",
            description="In July 1986 Jane Doe signed a trade agreement.",
        ),
        "talks": event(
            "talks",
            history,
            "rapprochement",
            ["diplomacy"],
            title=f"Coral Treaty talks {n}",
            date=date(1989, 6, 2),
            end_date=date(1989, 6, 10),
            precision=Precision.DAY,
            date_text="June 2 to June 10, 1989",
            description="From June 2 to June 10, 1989, the talks met.",
        ),
        "satellite": event(
            "satellite",
            history,
            None,
            ["space"],
            ["john"],
            title=f"Satellite launched {n}",
            date=None,
            precision="",
            date_text="May 25",
            description="On May 25 John Roe launched a satellite.",
        ),
        "cosmonaut": event(
            "cosmonaut",
            space,
            "russian-federation",
            ["space"],
            ["john"],
            title=f"Cosmonaut flew {n}",
            date=date(1991, 1, 1),
            precision=Precision.YEAR,
            date_text="1991",
            description="Lemuria sent a cosmonaut in 1991.",
        ),
        "draft": event(
            "draft-event",
            history,
            "rapprochement",
            ["space"],
            ["john"],
            title=f"Draft event {n}",
            status=Status.DRAFT,
            description="Never shown.",
        ),
    }
    return SimpleNamespace(
        article=article,
        terms=terms,
        people=people,
        events=events,
        draft_term=draft_term,
        sections={"lead": lead, "history": history, "space": space},
    )
