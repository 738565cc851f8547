"""Read-side queries of the public site.

Each function returns what one page needs in a fixed number of queries, whatever the amount of
content, and only published records: a draft never reaches a reader, even through a relation.
"""

import operator
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import reduce

from django.core.cache import cache
from django.db import connection
from django.db.models import BooleanField, Count, ExpressionWrapper, F, OuterRef, Prefetch, Q, Subquery, Window
from django.db.models.functions import Coalesce, ExtractYear, RowNumber, Substr
from django.utils.safestring import mark_safe

from articles.importing.parser import split_sentences
from articles.markup import (
    GlossaryResolver,
    Link,
    PersonNames,
    linked_slugs,
    linked_targets,
    paragraphs,
    person_key,
    render_resolved,
    to_plain_text,
)
from articles.models import Article, Event, GlossaryEntry, Period, Person, Section, Status, Topic
from articles.partial_dates import event_text
from articles.services.images import thumbnail
from relations_site import page_cache

PUBLISHED = Status.PUBLISHED
LATEST_EVENTS = 6
LATEST_ARTICLES = 12
# The most records a page lists from a list that grows with the content, beside their number and a
# link to the full listing: a period had 3,561 sections at 1,000 articles, a common term hundreds.
TOP_ARTICLES = 10
LINKING_SECTIONS = 50
PERSON_EVENTS = 20
# How long a figure derived from all the content may stay in the cache; a content change retires it
# at once (its key holds the content generation), so this only bounds memory.
DERIVED_SECONDS = 24 * 3600


def visible(queryset, *, drafts=False):
    """Return the published records of ``queryset``; with ``drafts`` (a staff preview), all of them."""
    return queryset if drafts else queryset.published()


def published_people():
    return Person.objects.published()


def published_sections():
    """Return the published sections of published articles, their article joined."""
    return Section.objects.published().filter(article__status=PUBLISHED).select_related("article")


def section_links():
    """Return the published sections with only what a link to one needs (includes/section_list.html)."""
    return published_sections().only("slug", "title", "order", "article__slug", "article__title")


@dataclass(frozen=True)
class Capped:
    """The first records of a list that grows with the content, and how many there are in all."""

    items: list
    total: int

    @property
    def more(self):
        return self.total - len(self.items)


def capped(queryset, limit):
    """Return the first ``limit`` records and the count: two queries, whatever the count."""
    return Capped(list(queryset[:limit]), queryset.count())


def timeline_events():
    """Return the published events as a timeline shows them: period joined, topics prefetched.

    Only what a timeline shows is read: not the import snapshot (a JSON document decoded per row),
    nor the times of creation and change (two aware datetimes made per row: 6 % of a filtered
    timeline's time). The topics are a list (``topic_list``): ``event.topics.all`` makes a related
    manager per event, a tenth of the timeline's rendering.
    """
    topics = Prefetch("topics", queryset=Topic.objects.all(), to_attr="topic_list")
    shown = Event.objects.published().only(*EVENT_LINK_FIELDS, "description", "period")
    return shown.select_related("period").prefetch_related(topics)


def newest_first(events):
    """Order events from the most recent; undated events, which have no place in time, come last."""
    return events.order_by(F("date").desc(nulls_last=True), "-title", "-pk")


def oldest_first(events):
    """Order events from the oldest; undated events last.

    On SQLite "undated last" is written ``date IS NULL, date``: SQLite cannot index ``NULLS LAST``
    (its ascending order puts NULLs first), and it reads the expression indexes of migration 0008
    only for this exact expression. The order is the same on every database, and the index serves
    it read forwards, or backwards (``QuerySet.reverse()``) for the deep pages (DeepPagePaginator).
    """
    if connection.vendor == "sqlite":
        undated = ExpressionWrapper(Q(date__isnull=True), output_field=BooleanField())
        return events.order_by(undated.asc(), F("date").asc(), "title", "pk")
    return events.order_by(F("date").asc(nulls_last=True), "title", "pk")


def per_content_generation(name, compute):
    """Return ``compute()``, computed once per content generation (relations_site.page_cache) and cached.

    For figures every reader's request needs that depend on all the content and on nothing in the
    request: how many published events each period and topic has, who the timeline's person filter
    offers. At 1,000 articles each is a pass over every event (15-50 ms on SQLite) on every
    request; a change to any record starts a new generation, so none is ever stale.
    """
    generation = page_cache.current_generation()
    key = f"relations:derived:{name}:{generation}"
    # Kept for the rest of the request too: the timeline needs the periods' counts twice.
    figures = page_cache.request_figures()
    if figures is not None and key in figures:
        return figures[key]
    value = cache.get(key) if generation is not None else None  # None: the cache is unavailable
    if value is None:
        value = compute()
        if generation is not None:
            cache.set(key, value, timeout=DERIVED_SECONDS)
    if figures is not None:
        figures[key] = value
    return value


def with_event_counts(model, events_filter):
    """Return every period or topic with ``event_count``: how many of its events pass ``events_filter``.

    Ordered explicitly: Meta.ordering does not apply to an aggregating query.
    """
    return model.objects.annotate(event_count=Count("events", filter=events_filter)).order_by(*model._meta.ordering)


# Home


def article_cards():
    """Return the published articles as cards show them: title and lead (``leads``), nothing else."""
    # In no order (one lead per article): Section's default order joins and sorts by the articles'
    # titles, where (article, order) IN the page's articles is all the index needs (47 ms -> 1 ms at
    # 1,000 articles on SQLite).
    leads = Prefetch(
        "sections",
        queryset=Section.objects.published().filter(order=0).order_by().only("article", "body"),
        to_attr="leads",
    )
    return Article.objects.published().only("slug", "title").prefetch_related(leads)


def published_event_counts(model):
    """Return every period or topic (in order) with ``event_count``: its published events."""
    return per_content_generation(
        f"event-counts:{model._meta.model_name}",
        lambda: list(with_event_counts(model, Q(events__status=PUBLISHED))),
    )


def home_page():
    """Return the latest articles (and how many there are), the periods and topics with event
    counts, the latest events."""
    return {
        "articles": article_cards().order_by("-created_at", "-pk")[:LATEST_ARTICLES],
        "article_count": Article.objects.published().count(),
        "periods": published_event_counts(Period),
        "topics": published_event_counts(Topic),
        "latest_events": newest_first(timeline_events().filter(date__isnull=False))[:LATEST_EVENTS],
    }


# Article


def article_detail_queryset(*, drafts=False):
    return visible(Article.objects.all(), drafts=drafts)


# What a link to a record shows (its URL, its name, an event's date): a page that only links records
# reads these fields, not the import snapshot (a JSON document decoded per row: 150 per article page).
EVENT_LINK_FIELDS = ("status", "slug", "title", "date", "precision", "end_date", "date_text")
PERSON_LINK_FIELDS = ("status", "slug", "name", "aliases", "role", "country", "glossary_entry")
# What a person's preview card adds: the portrait, joined (its renditions are a column of its own).
PORTRAIT_FIELDS = tuple(f"portrait__{field}" for field in ("file", "width", "height", "alt_text", "renditions"))
# The most events a person's preview card lists (their page lists them all).
CARD_EVENTS = 3
GLOSSARY_LINK_FIELDS = ("status", "slug", "term", "definition", "aliases")
# What the article page shows of a section: not the import snapshot nor the times of change.
SECTION_PAGE_FIELDS = ("article", "status", "slug", "title", "order", "body", "body_html", "illustration")


def article_page(article, *, drafts=False):
    """Return the article's sections (with their events and people) and its glossary links.

    With ``drafts`` (a staff preview) the draft sections are there too, each marked as a draft;
    what they link to (events, people, glossary entries) is still only what readers can see.
    """
    sections = list(
        visible(article.sections.all(), drafts=drafts)
        .only(*SECTION_PAGE_FIELDS)
        .select_related("illustration")
        .prefetch_related(
            # Lists (to_attr), not related managers: includes/section_meta.html reads them for each section.
            Prefetch(
                "events",
                queryset=oldest_first(Event.objects.published()).only(*EVENT_LINK_FIELDS, "section"),
                to_attr="event_list",
            ),
            Prefetch(
                "people",
                queryset=published_people().select_related("portrait").only(*PERSON_LINK_FIELDS, *PORTRAIT_FIELDS),
                to_attr="person_list",
            ),
        )
    )
    people = list({person.pk: person for section in sections for person in section.person_list}.values())
    events = first_events_of(people)
    glossary = public_glossary(sections, people)
    for section in sections:
        # Readers get the HTML stored when the section or what it links to last changed
        # (articles.editorial.section_html, which renders it as below); a staff preview renders it.
        section.html = render_resolved(section.body, glossary) if drafts else mark_safe(section.body_html)  # noqa: S308
    lead = sections[0] if sections and sections[0].is_lead else None
    return {
        "lead": lead,
        "sections": [section for section in sections if section is not lead],
        "glossary": glossary,
        "glossary_data": {
            **{
                entry.slug: {"term": entry.term, "definition": entry.definition, "url": entry.get_absolute_url()}
                for entry in glossary.entries
            },
            **{
                person_key(person): person_card(person, glossary.entries, *events.get(person.pk, ((), 0)))
                for person in people
            },
        },
    }


def public_glossary(sections, people):
    """Return the resolver of an article page's links: the published entry each reaches, and its people."""
    return glossary_for_bodies(
        [section.body for section in sections],
        GlossaryEntry.objects.published().only(*GLOSSARY_LINK_FIELDS),
        people=people,
    )


def person_card(person, entries=(), events=(), event_count=0):
    """Return a person's preview card: their name, who they are (role, country, the definition of
    their glossary entry), their portrait when they have one, and their first events with dates.

    ``person.portrait`` must be joined (select_related): the card runs no query.
    """
    definition = next((entry.definition for entry in entries if entry.pk == person.glossary_entry_id), "")
    card = {
        "term": person.name,
        "role": person.role,
        "country": person.country,
        "definition": definition,
        "url": person.get_absolute_url(),
        "events": [
            {"title": event.title, "date": event_text(event), "url": event.get_absolute_url()} for event in events
        ],
        "event_count": event_count,
    }
    portrait = person.portrait if person.portrait_id else None
    shown = thumbnail(portrait)
    if shown is not None:
        card["portrait"] = {
            "src": shown.src,
            "webp": shown.webp_srcset,
            "width": shown.width,
            "height": shown.height,
            "alt": portrait.alt_text,
        }
    return card


def first_events_of(people, limit=CARD_EVENTS):
    """Return {person pk: (their first ``limit`` published events, oldest first; how many they have)}.

    One query whatever the number of people and events: each person's events are numbered and
    counted by window functions, and only the first ``limit`` of each are read.
    """
    if not people:
        return {}
    named = Event.people.through.objects.filter(person__in=[person.pk for person in people], event__status=PUBLISHED)
    by_person = {"partition_by": F("person_id")}
    rows = (
        named.annotate(
            rank=Window(
                RowNumber(),
                order_by=[F("event__date").asc(nulls_last=True), F("event__title").asc(), F("event_id").asc()],
                **by_person,
            ),
            total=Window(Count("pk"), **by_person),
        )
        .filter(rank__lte=limit)
        .select_related("event")
        .only("person_id", *(f"event__{field}" for field in EVENT_LINK_FIELDS))
        .order_by("person_id", "rank")
    )
    found = {}
    for row in rows:
        events, _ = found.get(row.person_id, ([], 0))
        events.append(row.event)
        found[row.person_id] = (events, row.total)
    return found


def glossary_for_bodies(bodies, entries=None, people=()):
    """Return a resolver for the glossary entries the bodies link to, and the people named.

    One query finds the entries linked by slug or term; only when some links are left does a
    second one look for them among the entries' aliases (a JSON list: a text match, then checked).
    ``entries`` defaults to the published ones: what readers see. Editors' tools pass them all.
    """
    slugs = {slug for body in bodies for slug in linked_slugs(body)}
    targets = {target for body in bodies for target in linked_targets(body)}
    if entries is None:
        entries = GlossaryEntry.objects.published()
    found = list(entries.filter(Q(slug__in=slugs) | Q(term__in=targets)))
    resolver = GlossaryResolver(found, people)
    left = [target for target in targets if resolver.entry(Link(target, target)) is None]
    if not left:
        return resolver
    by_alias = reduce(operator.or_, (Q(aliases__icontains=target) for target in left))
    return GlossaryResolver([*found, *entries.filter(by_alias).exclude(pk__in=[entry.pk for entry in found])], people)


# Events


def event_detail_queryset(*, drafts=False):
    events = visible(Event.objects.all(), drafts=drafts)
    return events.select_related("period", "section__article", "image").prefetch_related(
        Prefetch("people", queryset=published_people()), "topics"
    )


def event_page(event):
    previous_event, next_event = neighbouring_events(event)
    return {"previous_event": previous_event, "next_event": next_event}


def neighbouring_events(event):
    """Return the events just before and just after this one in timeline order (dated or undated)."""
    before, after = neighbour_queries(event)
    return before.first(), after.first()


def neighbour_queries(event):
    """Return the querysets of the events before this one (nearest first) and after it.

    The neighbours share the event's kind, dated or undated, so plain column order is the
    timeline's order here. Each queryset bounds the first key (``date <= d``, ``date >= d``) as
    well as comparing all three: an index range then starts at the event, where the comparison
    alone made the database walk the index from one end, through thousands of events.
    """
    events = Event.objects.published().defer("imported").filter(date__isnull=event.date is None)
    keys = ("title", "pk") if event.date is None else ("date", "title", "pk")
    values = [getattr(event, key) for key in keys]
    before = Q(**{f"{keys[0]}__lte": values[0]}) & _row_compared(keys, values, "lt")
    after = Q(**{f"{keys[0]}__gte": values[0]}) & _row_compared(keys, values, "gt")
    return events.filter(before).order_by(*(f"-{key}" for key in keys)), events.filter(after).order_by(*keys)


def _row_compared(keys, values, lookup):
    """Return the Q of (keys) compared with (values) in order: the first that differs decides."""
    condition = Q()
    for index, key in enumerate(keys):
        equal_before = dict(zip(keys[:index], values[:index], strict=True))
        condition |= Q(**equal_before, **{f"{key}__{lookup}": values[index]})
    return condition


def people_with_events():
    """Return the published people named by at least one published event."""
    # IN (subquery), not EXISTS: SQLite ran the EXISTS once per person over every published event.
    return published_people().filter(pk__in=Event.objects.published().values("people"))


def person_filter_choices():
    """Return (slug, name) of the people with events, by name: what the timeline's person filter takes."""
    return per_content_generation(
        "person-choices", lambda: list(people_with_events().order_by("name", "pk").values_list("slug", "name"))
    )


# The timeline's person menu offers the people most events name, this many at most: a menu of
# everyone grew the page with the content (10,000 people: 590 KB and 19 ms more a page). The
# filter still takes anyone, and each person's page links their events in the timeline.
PERSON_MENU_SIZE = 200


def person_menu_choices():
    """Return (slug, name) of the people most published events name (PERSON_MENU_SIZE at most), by name."""

    def most_named():
        named = Count("events", filter=Q(events__status=Status.PUBLISHED))
        people = published_people().values_list("slug", "name", "pk").annotate(named=named).filter(named__gt=0)
        rows = people.order_by("-named", "pk")[:PERSON_MENU_SIZE]
        return [(slug, name) for slug, name, _, _ in sorted(rows, key=lambda row: (row[1], row[2]))]

    return per_content_generation("person-menu", most_named)


@dataclass(frozen=True)
class Facet:
    slug: str
    name: str
    count: int
    selected: bool


class DateYear(ExtractYear):
    """A date's year, as ``ExtractYear``; on SQLite read from the stored text by SQLite itself.

    SQLite stores a date as ``YYYY-MM-DD`` and has no date type: Django's ``ExtractYear`` calls
    back into Python for each row, which was half of counting a period's 57,000 events by year
    at 10,000 articles (46.6 -> 19.7 ms).
    """

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.lhs)
        return f"CAST(substr({sql}, 1, 4) AS integer)", params


# The Event field that points at each kind of facet.
EVENT_FIELD = {Period: "period", Topic: "topics"}


def facet_counts(model, events):
    """Return {period or topic pk: how many of ``events`` it has} (one query at most).

    ``model`` is Period or Topic; ``events`` is the timeline with every filter applied except this
    facet's own, or None when no other filter is applied: the counts of all published events then,
    kept per content generation. Events without a period count under the key None.
    """
    if events is None:
        return {group.pk: group.event_count for group in published_event_counts(model)}
    # Grouped from the filtered events' side: a few rows for a person, not a pass over every
    # event per period as counting from the periods' side did (42 + 79 ms at 1,000 articles).
    return dict(events.order_by().values_list(EVENT_FIELD[model]).annotate(count=Count("pk")))


def period_year_counts(events):
    """Return {(period pk, year): how many of ``events`` have them} (one query): the period facet's
    counts and, summed by year, the time axis's, read together. Undated events count under year
    None, events without a period under period None."""
    rows = events.order_by().values_list(EVENT_FIELD[Period], DateYear("date")).annotate(count=Count("pk"))
    return {(period, year): count for period, year, count in rows}


def by_period(period_years):
    """Return {period pk: count} from {(period pk, year): count}."""
    counts = {}
    for (period, _year), count in period_years.items():
        counts[period] = counts.get(period, 0) + count
    return counts


def years_of(period_years, periods=()):
    """Return ({year: count}, undated) from {(period pk, year): count}, for the events of ``periods``
    (their pks; all of them when empty), as events_per_year() counts them."""
    years, undated = {}, 0
    for (period, year), count in period_years.items():
        if periods and period not in periods:
            continue
        if year is None:
            undated += count
        else:
            years[year] = years.get(year, 0) + count
    return years, undated


def combined_facet_counts(events, periods, topics):
    """Return ({(period pk, year): count}, {topic pk: count}) for the timeline's two facets, in one query.

    ``events`` is the timeline with every filter applied except the period and topic ones (years,
    person, words); ``periods`` and ``topics`` are the checked ones (either may be empty). A
    period's count applies the topic filter and a topic's the period filter, as two queries of
    ``facet_counts`` would, but the filtered events are read once (a materialised CTE) instead
    of once per facet: the words "the" keeps 14,000 of 18,000 events at 1,000 articles, each
    compared with LIKE. The periods' counts are split by year (see period_year_counts): the time
    axis sums them. Events without a period count under the key None.
    """
    link = Event.topics.through
    in_topics = Q(pk__in=link.objects.filter(topic__in=topics).values("event")) if topics else Q(pk__isnull=False)
    rows = events.order_by().values(
        facet_event=F("pk"),
        facet_period=F("period"),
        facet_year=DateYear("date"),
        facet_in_topics=ExpressionWrapper(in_topics, output_field=BooleanField()),
    )
    sql, params = rows.query.sql_with_params()
    quote = connection.ops.quote_name
    table, event_id, topic_id = (
        quote(link._meta.db_table),
        quote(link._meta.get_field("event").column),
        quote(link._meta.get_field("topic").column),
    )
    in_periods = ""
    if periods:
        in_periods = f"WHERE base.facet_period IN ({', '.join(['%s'] * len(periods))})"
        params = (*params, *(period.pk for period in periods))
    query = (
        f"WITH base AS MATERIALIZED ({sql}) "
        "SELECT 0, base.facet_period, base.facet_year, COUNT(*) FROM base WHERE base.facet_in_topics "
        "GROUP BY base.facet_period, base.facet_year "
        f"UNION ALL SELECT 1, link.{topic_id}, NULL, COUNT(*) FROM base INNER JOIN {table} link "
        f"ON link.{event_id} = base.facet_event {in_periods} GROUP BY link.{topic_id}"
    )
    period_years, topic_counts = {}, {}
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        for facet, pk, year, count in cursor.fetchall():
            if facet == 0:
                period_years[pk, None if year is None else int(year)] = count
            else:
                topic_counts[pk] = count
    return period_years, topic_counts


def kept_facet_counts(periods, topics, year_from=None, year_to=None):
    """Return ({(period pk, year): count}, {topic pk: count}) as ``combined_facet_counts`` counts
    them for a timeline filtered by periods, topics and years alone, from counts kept per content
    generation: no query.

    ``periods`` and ``topics`` are the checked pks (either may be empty); a year bound leaves out
    undated events, as the year filters do. Counting the matching events on each request read
    tens of thousands of rows at 10,000 articles (a topic: 200-600 ms on SQLite).
    """
    period_years, topic_counts = {}, {}
    for (period, year, event_topics), count in facet_groups().items():
        if not _in_years(year, year_from, year_to):
            continue
        if not topics or not topics.isdisjoint(event_topics):
            period_years[period, year] = period_years.get((period, year), 0) + count
        if not periods or period in periods:
            for topic in event_topics:
                topic_counts[topic] = topic_counts.get(topic, 0) + count
    return period_years, topic_counts


def _in_years(year, year_from, year_to):
    """Tell whether the year filters keep an event of ``year`` (None: undated, kept only unbounded)."""
    if year_from is None and year_to is None:
        return True
    return year is not None and (year_from is None or year >= year_from) and (year_to is None or year <= year_to)


def facet_groups():
    """Return {(period pk, year, frozenset of topic pks): how many published events have them},
    kept per content generation (two queries, each a pass over the published events)."""

    def count():
        topics_of = defaultdict(set)
        link = Event.topics.through.objects.filter(event__status=PUBLISHED)
        for event, topic in link.order_by().values_list("event", "topic").iterator(chunk_size=10_000):
            topics_of[event].add(topic)
        groups = {}
        events = Event.objects.published().order_by().values_list("pk", "period", DateYear("date"))
        for event, period, year in events.iterator(chunk_size=10_000):
            key = (period, year, frozenset(topics_of.get(event, ())))
            groups[key] = groups.get(key, 0) + 1
        return groups

    return per_content_generation("facet-groups", count)


def facets(model, counts, selected):
    """Return one Facet per period or topic (as kept per content generation), with its count."""
    return [
        Facet(group.slug, group.name, counts.get(group.pk, 0), group.slug in selected)
        for group in published_event_counts(model)
    ]


def events_per_year(events):
    """Return ({year: how many of ``events`` fall in it}, how many have no date): one query.

    ``events`` None means every published event: counted once per content generation.
    """
    if events is None:
        return per_content_generation("events-per-year", lambda: events_per_year(Event.objects.published()))
    rows = events.order_by().values_list(DateYear("date")).annotate(count=Count("pk"))
    counts = dict(rows)
    return {year: count for year, count in counts.items() if year is not None}, counts.get(None, 0)


def published_event_total():
    """Return how many events are published, counted once per content generation."""
    return per_content_generation("published-events", lambda: Event.objects.published().count())


# People


def person_list_queryset():
    """Return the published people by name with ``event_count``, their published events.

    The count is a subquery per listed person, not a join grouped over every person: the
    paginator's COUNT then drops it (it grouped all people and their events: 224 ms at 1,000
    articles on SQLite, loaded machine), and a page counts the events of its 30 people only.
    """
    events = (
        Event.objects.published()
        .filter(people=OuterRef("pk"))
        .order_by()
        .values("people")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        published_people()
        .only("slug", "name", "role", "country")
        .annotate(event_count=Coalesce(Subquery(events), 0))
        .order_by("name", "pk")
    )


def person_detail_queryset(*, drafts=False):
    return visible(Person.objects.all(), drafts=drafts).select_related("glossary_entry", "portrait")


def person_page(person):
    """Return the person's first events as a timeline and the sections that mention them, capped,
    and the definition of their glossary entry when it is published (the page's description).

    A person no event names is shown with the sentences that name them instead.
    """
    entry = person.glossary_entry
    events = capped(oldest_first(timeline_events().filter(people=person)), PERSON_EVENTS)
    page = {
        "definition": entry.definition if entry is not None and entry.is_published else "",
        "events": events,
        "sections": capped(section_links().filter(people=person), LINKING_SECTIONS),
    }
    if not events.total:
        page["sentences"] = sentences_naming(person)
    return page


def sentences_naming(person, limit=PERSON_EVENTS):
    """Return (section, sentence) for the first sentences of published sections that name the person."""
    names = PersonNames([person])
    found = []
    for section in (
        published_sections()
        .filter(people=person)
        .only("slug", "title", "order", "body", "article__slug", "article__title")[:LINKING_SECTIONS]
    ):
        for sentence in split_sentences(" ".join(paragraphs(to_plain_text(section.body)))):
            if names.find(sentence):
                found.append((section, sentence))
                if len(found) == limit:
                    return found
    return found


def person_choices(field):
    """Return the distinct non-empty values of a published person's ``field``, sorted, as choices."""

    def values():
        distinct = published_people().exclude(**{field: ""}).order_by(field).values_list(field, flat=True).distinct()
        return [(value, value) for value in distinct]

    return per_content_generation(f"person-{field}-choices", values)


# The people listing's role menu offers the roles most people hold, this many at most: roles are
# free text, and a menu of every one grew the page with the content (10,000 people with 1,000
# roles: 43-57 ms and 80 KB). Every person's page links the listing of their role.
ROLE_MENU_SIZE = 100


def role_menu_choices():
    """Return the roles most published people hold (ROLE_MENU_SIZE at most), sorted, as choices."""

    def most_held():
        held = published_people().exclude(role="").values_list("role").annotate(people=Count("pk"))
        return [(role, role) for role in sorted(role for role, _ in held.order_by("-people", "role")[:ROLE_MENU_SIZE])]

    return per_content_generation("person-role-menu", most_held)


# Glossary


def glossary_detail_queryset(*, drafts=False):
    return visible(GlossaryEntry.objects.all(), drafts=drafts)


def glossary_entry_page(entry):
    """Return the sections that link the entry (what links here, capped) and the people it describes."""
    return {
        "sections": capped(section_links().filter(terms=entry), LINKING_SECTIONS),
        "people": published_people().filter(glossary_entry=entry),
    }


@dataclass(frozen=True)
class LetterGroup:
    letter: str
    anchor: str
    entries: list


def initial(text):
    """Return the upper-case first letter of ``text`` without accents, or "#" when not a letter."""
    first = unicodedata.normalize("NFKD", text.strip()[:1]).encode("ascii", "ignore").decode("ascii")
    return first.upper() if first.isalpha() else "#"


def alphabetical_groups(entries):
    """Group glossary entries by initial, in term order, for an A–Z index."""

    def index_order(entry):
        letter = initial(entry.term)
        # Terms without a letter go last; accents do not move a term ("Émile" before "Entente").
        unaccented = "".join(c for c in unicodedata.normalize("NFKD", entry.term) if not unicodedata.combining(c))
        return (letter == "#", letter, unaccented.casefold(), entry.term)

    groups = {}
    for entry in sorted(entries, key=index_order):
        groups.setdefault(initial(entry.term), []).append(entry)
    return [LetterGroup(letter, _letter_anchor(letter), items) for letter, items in groups.items()]


def _letter_anchor(letter):
    return "letter-" + ("other" if letter == "#" else letter.lower())


@dataclass(frozen=True)
class Letter:
    letter: str
    has_entries: bool
    current: bool = False  # the letter whose page this is

    @property
    def anchor(self):
        return _letter_anchor(self.letter)


@dataclass(frozen=True)
class GlossaryIndex:
    groups: list  # LetterGroups, in order
    letters: list  # Letters, A to Z (and "#" when some term does not begin with a letter)
    count: int  # entries in the whole index, on every letter's page
    letter: str | None  # the letter of this page, or None when the index is one page

    @property
    def first_letter(self):
        """Return the first letter with entries: the page of the index without a letter asked."""
        return next((each.letter for each in self.letters if each.has_entries), None)


# Up to this many entries the index is one page; beyond, a page per letter. Every entry of a
# page is rendered (about 30 µs each): 10,000 on one page took 300 ms and made 3 MB of HTML.
GLOSSARY_ONE_PAGE = 300


def glossary_index(entries, letter=None):
    """Return the A–Z index of these glossary entries: all of them, or one letter's when many.

    ``letter``: the letter whose page is asked for; by default (or when it has no entry) the
    first letter with entries. Two queries whatever the number of entries: the entries counted
    by first character, then the entries shown.
    """
    counted = entries.order_by().annotate(first=Substr("term", 1, 1)).values_list("first").annotate(count=Count("pk"))
    firsts = {}  # each letter of the index: the first characters filed under it ("E", "É", "e")
    count = 0
    for first, number in counted:
        firsts.setdefault(initial(first), []).append(first)
        count += number
    letters = [chr(code) for code in range(ord("A"), ord("Z") + 1)] + (["#"] if "#" in firsts else [])
    if count <= GLOSSARY_ONE_PAGE:
        return GlossaryIndex(
            alphabetical_groups(entries), [Letter(each, each in firsts) for each in letters], count, None
        )
    if letter not in firsts:
        letter = next(each for each in letters if each in firsts)  # the first letter's page
    shown = Q()
    for first in firsts[letter]:
        shown |= Q(term__startswith=first)
    return GlossaryIndex(
        alphabetical_groups(entries.filter(shown)),
        [Letter(each, each in firsts, each == letter) for each in letters],
        count,
        letter,
    )


# Periods and topics


def grouped_events_page(**lookup):
    """Return the events matching ``lookup`` (``period=…`` or ``topics=…``), their number, and the
    articles that tell most of them (capped), each with ``event_count``: a figure of all the content, computed
    once per content generation (a pass over the group's events: 5,620 for the Cold War)."""
    [(field, group)] = lookup.items()
    return {
        "events": oldest_first(timeline_events().filter(**lookup)),
        # How many: the published events counted per period and topic once per content generation.
        "count": facet_counts(type(group), None).get(group.pk, 0),
        "articles": per_content_generation(
            f"articles-telling:{field}:{group.pk}:{TOP_ARTICLES}",
            lambda: articles_telling(Event.objects.published().filter(**lookup), TOP_ARTICLES),
        ),
    }


def articles_telling(events, limit):
    """Return the ``limit`` published articles whose published sections tell most of ``events``
    (dicts of article_slug, article_title, event_count), and how many articles tell any: one query.

    Grouped from the events' side, each event read once; the number of articles is a window count
    over the groups. Counting from the articles' side joined every section to every event (0.4 s for
    a period at 100 articles on SQLite), and a correlated EXISTS per article read the period's whole
    index once per article.
    """
    rows = list(
        events.filter(section__status=PUBLISHED, section__article__status=PUBLISHED)
        .values(article_slug=F("section__article__slug"), article_title=F("section__article__title"))
        .annotate(event_count=Count("pk"), articles=Window(Count("*")))
        .order_by("-event_count", "article_title")[:limit]
    )
    return Capped(rows, rows[0]["articles"] if rows else 0)
