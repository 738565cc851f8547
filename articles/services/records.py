"""The records of one article, per model, and the order and scope in which they are written."""

from dataclasses import dataclass, replace
from functools import reduce
from operator import or_

from django.db.models import Q

from articles.importing.text import unique_slug
from articles.models import Article, Event, GlossaryEntry, Period, Person, Section, Topic
from articles.services.upsert import Record


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


def write_article(writer, records):
    """Write one article's records, each model after the ones it links to."""
    writer.upsert(Period, records.periods)
    writer.upsert(Topic, records.topics)
    [article] = writer.upsert(Article, [records.article])
    writer.report.articles.append(article.slug)
    writer.upsert(GlossaryEntry, records.glossary)
    writer.upsert(Person, records.people)
    # Section slugs are unique within an article only: never resolve another article's.
    writer.forget(Section)
    writer.upsert(Section, records.sections, scope={"article": article})
    writer.upsert(Event, _with_free_slugs(records.events), key_field="import_key")
    writer.upsert(Event, records.unkeyed_events, scope={"import_key": ""})
    writer.note_not_in_source(Section.objects.filter(article=article))
    writer.note_not_in_source(Event.objects.filter(section__article=article))
    return article


def _with_free_slugs(records):
    """Return the event records with slugs no event of another import key holds (-2, -3…)."""
    if not records:
        return records
    slug_by_key, taken = {}, set()
    for slug, key in _slugs_near(records).values_list("slug", "import_key"):
        taken.add(slug)
        if key:
            slug_by_key[key] = slug
    freed = []
    for record in records:
        own = slug_by_key.get(record.key)
        taken.discard(own)
        slug = unique_slug(record.values["slug"], taken, fallback="event")
        if own is not None:
            # Still held by this event until it is saved: no later event may take it first.
            taken.add(own)
        freed.append(replace(record, values={**record.values, "slug": slug}))
    return tuple(freed)


# unique_slug() numbers a slug by cutting its base to make room for the suffix ("-2", "-10"…):
# every slug it can make starts with the base's first characters, up to this many.
_SLUG_PREFIX_KEPT = 190


def _slugs_near(records):
    """Return the events that hold one of these records' import keys or a slug they could take.

    A range on the slug index per base slug (every slug starting with its first characters),
    rather than all events: the cost stays the same however many events there are.
    """
    prefixes = {(record.values["slug"] or "event")[:_SLUG_PREFIX_KEPT] for record in records}
    # "~" sorts after every character unique_slug() appends and after every ASCII slug character.
    near = [Q(slug__gte=prefix, slug__lt=f"{prefix}~") for prefix in sorted(prefixes)]
    # Not blank, as the partial unique index on import keys says, or SQLite would not use it.
    keys = Q(import_key__in=[record.key for record in records]) & ~Q(import_key="")
    return Event.objects.order_by().filter(reduce(or_, near, keys))
