"""The records of one article, per model, and the order and scope in which they are written."""

import re
from dataclasses import dataclass, replace

from django.db.models import Q

from articles.importing.text import unique_slug
from articles.models import Article, Event, GlossaryEntry, Period, Person, Section, Topic
from articles.services.snapshot_writer import Record


@dataclass(frozen=True)
class ArticleRecords:
    """Everything one source (a captured page or a JSON export) says about one article.

    Relations are slugs: a section's terms and people, a person's glossary entry, an event's
    section (within this article), period, topics and people.
    """

    article: Record
    glossary: tuple = ()
    people: tuple = ()
    sections: tuple = ()
    events: tuple = ()  # keyed by import key
    unkeyed_events: tuple = ()  # keyed by slug: events an editor added, restored from an export
    periods: tuple = ()
    topics: tuple = ()


def write_article(writer, records, event_slugs):
    """Write one article's records, each model after the ones it links to.

    ``event_slugs``: the writer's EventSlugs, shared by every article it writes.
    """
    writer.upsert(Period, records.periods)
    writer.upsert(Topic, records.topics)
    [article] = writer.upsert(Article, [records.article])
    writer.report.articles.append(article.slug)
    writer.upsert(GlossaryEntry, records.glossary)
    writer.upsert(Person, records.people)
    # Section slugs are unique within an article only: never resolve another article's.
    writer.forget(Section)
    writer.upsert(Section, records.sections, scope={"article": article})
    event_slugs.written(writer.upsert(Event, event_slugs.freed(records.events), key_field="import_key"))
    event_slugs.written(writer.upsert(Event, records.unkeyed_events, scope={"import_key": ""}))
    if not writer.created(article):  # a new article has nothing but what its source says
        writer.note_not_in_source(Section.objects.filter(article=article))
        writer.note_not_in_source(Event.objects.filter(section__article=article))
    return article


def links_follow_text(writer, pending):
    """Add what a writer wrote in bulk, without signals, to the links brought up to date at the end.

    ``pending``: what articles.editorial.links.links_deferred() yields. The sections the writer
    wrote and the entries it created; the ones it saved one by one are there already.
    """
    pending["sections"] |= writer.written_pks(Section)
    pending["entries"] |= writer.created_pks(GlossaryEntry)


class EventSlugs:
    """The event slugs taken, as far as a writer asked the database or wrote events since.

    Keyed events get slugs no event of another import key holds (-2, -3…). Which slugs the
    numbering asks about depends on which are taken: the database is asked about the ones it
    will ask first (each base slug), then, rarely, about the ones a taken slug made it ask
    next. A lookup by exact slugs costs the same however many events there are.
    """

    def __init__(self, writer):
        self.writer = writer
        self.held, self.slug_by_key = set(), {}
        self.asked, self.keys_asked = set(), set()

    def ask(self, records=(), slugs=()):
        """Ask the database which of these slugs, and of these event records' keys, events hold."""
        slugs = {*slugs, *(record.values["slug"] or "event" for record in records)} - self.asked
        keys = {record.key for record in records} - self.keys_asked
        if not slugs and not keys:
            return
        for slug, key in _events_holding(slugs, keys):
            self.held.add(slug)
            if key:
                self.slug_by_key[key] = slug
        self.asked |= slugs
        self.keys_asked |= keys
        # The writer need not look for the events of the keys no event holds.
        self.writer.note_absent(Event, keys - self.slug_by_key.keys(), key_field="import_key")

    def freed(self, records):
        """Return the event records with free slugs."""
        self.ask(records)
        while True:
            freed, asked = _numbered(records, self.slug_by_key, self.held)
            unasked = asked - self.asked
            if not unasked:
                return freed
            self.ask(slugs=_with_numbers_ahead(unasked))

    def written(self, events):
        """Note the slugs of events just written: later numbering must not take them."""
        for event in events:
            previous = self.slug_by_key.get(event.import_key)
            if previous is not None and previous != event.slug:
                self.held.discard(previous)  # slugs are unique: nobody else holds it
            self.held.add(event.slug)
            self.asked.add(event.slug)
            if event.import_key:
                self.slug_by_key[event.import_key] = event.slug


# How many numbered slugs of one title a query may ask ahead of the numbering.
_MOST_AHEAD = 256
_NUMBERED = re.compile(r"(.+)-(\d+)")


def _with_numbers_ahead(slugs):
    """Return the slugs, and for each numbered one (base-n) the next numbers, as many again.

    The numbering walks base-2, base-3… while they are taken: asking ahead, twice as far each
    round, a title that thousands of events share costs a few queries, not one per number.
    """
    ahead = set(slugs)
    for slug in slugs:
        if match := _NUMBERED.fullmatch(slug):
            base, number = match[1], int(match[2])
            ahead.update(f"{base}-{later}" for later in range(number + 1, number + 1 + min(number + 8, _MOST_AHEAD)))
    return ahead


def _numbered(records, slug_by_key, held):
    """Return the records with free slugs, and every slug the numbering asked about."""
    taken = _AskedSet(held)
    freed = []
    for record in records:
        own = slug_by_key.get(record.key)
        taken.discard(own)
        slug = unique_slug(record.values["slug"], taken, fallback="event")
        if own is not None:
            # Still held by this event until it is saved: no later event may take it first.
            taken.add(own)
        freed.append(replace(record, values={**record.values, "slug": slug}))
    return tuple(freed), taken.asked


class _AskedSet(set):
    """A set that remembers which values were looked up in it."""

    def __init__(self, values=()):
        super().__init__(values)
        self.asked = set()

    def __contains__(self, value):
        self.asked.add(value)
        return super().__contains__(value)


def _events_holding(slugs, keys):
    """Return (slug, import key) of the events holding one of these slugs or import keys."""
    # Not blank, as the partial unique index on import keys says, or SQLite would not use it.
    holding = Q(slug__in=slugs) | (Q(import_key__in=keys) & ~Q(import_key="")) if keys else Q(slug__in=slugs)
    return Event.objects.order_by().filter(holding).values_list("slug", "import_key")
