"""Small helpers that build test data: a hand-made parsed article, and saved records.

Each ``make_*`` function saves one record with sensible defaults; pass fields to change them.
``failing_writes`` makes the database fail a write, wherever in the code the write comes from.
"""

import itertools
import re
from contextlib import contextmanager
from dataclasses import replace
from datetime import date

from django.db import connection

from articles.importing.document import (
    GlossaryTerm,
    ParsedArticle,
    ParsedEvent,
    ParsedPerson,
    ParsedSection,
    PartialDate,
)
from articles.importing.text import slugify
from articles.models import Article, Event, GlossaryEntry, Period, Person, Section, Status, Topic

_numbers = itertools.count(1)
_PUBLISHED = {"status": Status.PUBLISHED}


def _event(key, title, section, start, precision, date_text, description, *, end=None, people=()):
    return ParsedEvent(
        key=key,
        title=title,
        slug=slugify(title),
        description=description,
        date=PartialDate(start, precision, end, date_text),
        section=section,
        people=people,
        text_for_topics=description,
    )


def parsed_article(**changes):
    """Return a small parsed article (two sections, four glossary terms, two people, five events)."""
    article = ParsedArticle(
        title="Atlantis–Lemuria relations",
        slug="atlantis-lemuria-relations",
        sections=(
            ParsedSection(
                title="Atlantis–Lemuria relations",
                slug="lead",
                order=0,
                paragraphs=(
                    "[[Atlantis]] and [[Lemuria]] have traded since [[Lemuria|the Lemurian]] fleets "
                    "first came, in the late 19th century.",
                    "In the 1980s the two countries opened embassies.",
                ),
                terms=("atlantis", "lemuria"),
            ),
            ParsedSection(
                title="History",
                slug="history",
                order=1,
                paragraphs=(
                    "In July 1986 [[Jane Doe]] signed a trade agreement.",
                    "From June 2 to June 10, 1989, the [[Coral Treaty]] talks met. On May 25 John Roe "
                    "launched a satellite.",
                ),
                terms=("jane-doe", "coral-treaty"),
                people=("jane-doe", "john-roe"),
            ),
        ),
        glossary=(
            GlossaryTerm("Atlantis", "atlantis", "Atlantis is an island state...", ("Atlantis",)),
            GlossaryTerm("Lemuria", "lemuria", "Lemuria is a sunken continent...", ("Lemuria", "the Lemurian")),
            GlossaryTerm("Coral Treaty", "coral-treaty", "The Coral Treaty is an agreement...", ("Coral Treaty",)),
            GlossaryTerm("Jane Doe", "jane-doe", "Jane Doe is an Atlantean politician...", ("Jane Doe",)),
        ),
        people=(
            ParsedPerson("Jane Doe", "jane-doe", ("Doe",), "President", "Atlantis", "jane-doe"),
            ParsedPerson("John Roe", "john-roe", ("Roe",), "Cosmonaut", "Lemuria"),
        ),
        events=(
            _event(
                "lead-1",
                "Lemurian fleets first came",
                "lead",
                date(1800, 1, 1),
                "century",
                "the late 19th century",
                "Atlantis and Lemuria have traded since the Lemurian fleets first came.",
            ),
            _event(
                "lead-2",
                "Embassies opened",
                "lead",
                date(1980, 1, 1),
                "decade",
                "the 1980s",
                "In the 1980s the two countries opened embassies.",
            ),
            _event(
                "history-1",
                "Trade agreement signed",
                "history",
                date(1986, 7, 1),
                "month",
                "July 1986",
                "In July 1986 Jane Doe signed a trade agreement.",
                people=("jane-doe",),
            ),
            _event(
                "history-2",
                "Coral Treaty talks",
                "history",
                date(1989, 6, 2),
                "day",
                "June 2 to June 10, 1989",
                "From June 2 to June 10, 1989, the Coral Treaty talks met.",
                end=date(1989, 6, 10),
            ),
            _event(
                "history-3",
                "Satellite launched",
                "history",
                None,
                "",
                "May 25",
                "On May 25 John Roe launched a satellite.",
                people=("john-roe",),
            ),
        ),
    )
    return replace(article, **changes)


def changed(parsed, part, identity, **changes):
    """Return ``parsed`` with one item of ``part`` ("sections", "events"…) changed.

    The item is found by its slug, or by its key for events.
    """
    items = tuple(
        replace(item, **changes) if identity in (getattr(item, "slug", None), getattr(item, "key", None)) else item
        for item in getattr(parsed, part)
    )
    return replace(parsed, **{part: items})


def make_article(**fields):
    number = next(_numbers)
    fields = {"title": f"Article {number}", "slug": f"article-{number}", **_PUBLISHED, **fields}
    return Article.objects.create(**fields)


def make_section(article=None, **fields):
    number = next(_numbers)
    fields = {"title": f"Section {number}", "slug": f"section-{number}", "order": number, **_PUBLISHED, **fields}
    return Section.objects.create(article=article or make_article(), **fields)


def make_glossary_entry(**fields):
    number = next(_numbers)
    fields = {"term": f"Term {number}", "slug": f"term-{number}", "definition": "A term...", **_PUBLISHED, **fields}
    return GlossaryEntry.objects.create(**fields)


def make_person(**fields):
    number = next(_numbers)
    fields = {"name": f"Person {number}", "slug": f"person-{number}", **_PUBLISHED, **fields}
    return Person.objects.create(**fields)


def make_event(**fields):
    """Save an event, dated to the year 1990 unless told otherwise."""
    number = next(_numbers)
    fields = {
        "title": f"Event {number}",
        "slug": f"event-{number}",
        "date": date(1990, 1, 1),
        "precision": Event.Precision.YEAR,
        **_PUBLISHED,
        **fields,
    }
    return Event.objects.create(**fields)


def database_content():
    """Return every content row and relation, to compare the database before and after."""
    tables = [Article, Section, GlossaryEntry, Person, Event, Period, Topic]
    tables += [Section.terms.through, Section.people.through, Event.topics.through, Event.people.through]
    return {table.__name__: list(table.objects.order_by("pk").values()) for table in tables}


@contextmanager
def failing_writes(model, error, *, after=0, times=None, matching=None):
    """Make writes (INSERT, UPDATE) to ``model``'s table raise ``error`` once ``after`` of them passed.

    ``times``: fail only that many writes, then let the next ones through. ``matching``: count
    only the writes with a value starting with this text (the rows of one article, say).

    The failure comes from the database layer, so a test of it holds however the code under test
    writes (row by row or in bulk). Yield the list of the writes attempted, the failing one last.
    """
    statement = re.compile(rf'\s*(INSERT INTO|UPDATE) "?{re.escape(model._meta.db_table)}"?[\s(]')
    attempted = []

    def written(sql, params):
        # As a parameter, or quoted into the statement (rows.insert_rows on PostgreSQL).
        return any(str(value).startswith(matching) for value in params or ()) or f"'{matching}" in sql

    def fail_after(execute, sql, params, many, context):
        if statement.match(sql) and (matching is None or written(sql, params)):
            attempted.append(sql)
            if after < len(attempted) <= after + (times or len(attempted)):
                raise error
        return execute(sql, params, many, context)

    with connection.execute_wrapper(fail_after):
        yield attempted
