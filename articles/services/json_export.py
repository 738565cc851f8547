"""The JSON export of articles: write one from the database, read one back into records.

One table of keys per part serves both directions, so what is written is what is read.
Relations are slugs; lists are sorted in Python, not by the database, so that SQLite and
PostgreSQL (whose collations differ) write the same bytes. Dates are written at their
precision ("1988", "1986-07", "1989-06-02", "1980s"; a century as "1800s"), or in full when
the stored day would not survive that shortening.
"""

import json
from dataclasses import dataclass
from datetime import date

from articles import partial_dates
from articles.importing.document import ImportFormatError
from articles.models import Event, GlossaryEntry, Person, Status
from articles.services.article_writer import ArticleRecords
from articles.services.backups import image_entry
from articles.services.draft_export import drafts_document
from articles.services.snapshot_writer import Record, snapshot_value

ARTICLE_FORMAT = "relations-article/1"
COLLECTION_FORMAT = "relations-articles/1"

_REQUIRED = object()
# A key written only when its field has a value, and read only when present: an article imported
# without an attribution exports as it did before, and its restore changes nothing.
_WHEN_GIVEN = object()


def _text(value):
    if not isinstance(value, str):
        raise ValueError("must be text")
    return value


def _optional_text(value):
    if value is not None and not isinstance(value, str):
        raise ValueError("must be text or null")
    return value


def _optional_year(value):
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise ValueError("must be a whole number or null")
    return value


def _count(value):
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError("must be a whole number, 0 or more")
    return value


def _flag(value):
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def _optional_day(value):
    if value is None:
        return None
    try:
        return date.fromisoformat(_text(value)).isoformat()
    except ValueError:
        raise ValueError("must be a date (YYYY-MM-DD) or null") from None


def _text_list(value):
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError("must be a list of text")
    return value


@dataclass(frozen=True)
class Key:
    """One key of a part of the document and the model field it holds."""

    name: str
    read: object  # checks a JSON value and returns it, or raises ValueError with the reason
    field: str = ""
    default: object = _REQUIRED

    @property
    def model_field(self):
        return self.field or self.name


_STATUS = Key("status", _text, default=Status.PUBLISHED.value)
_SLUG = Key("slug", _text)

_REVIEW_KEYS = (Key("needs_review", _flag, default=False), Key("review_reason", _text, default=""))

ARTICLE_KEYS = (
    Key("title", _text),
    _SLUG,
    Key("source", _text, default=""),
    Key("source_title", _text, default=""),
    Key("source_url", _text, default=_WHEN_GIVEN),
    Key("retrieved", _optional_day, default=_WHEN_GIVEN),
    Key("licence", _text, default=_WHEN_GIVEN),
    _STATUS,
)
PERIOD_KEYS = (
    _SLUG,
    Key("name", _text),
    Key("start_year", _optional_year),
    Key("end_year", _optional_year),
    Key("description", _text, default=""),
)
TOPIC_KEYS = (_SLUG, Key("name", _text), Key("keywords", _text, default=""), Key("description", _text, default=""))
SECTION_KEYS = (
    _SLUG,
    Key("title", _text),
    Key("order", _count),
    Key("body", _text),
    Key("terms", _text_list, default=[]),
    Key("people", _text_list, default=[]),
    _STATUS,
)
GLOSSARY_KEYS = (
    _SLUG,
    Key("term", _text),
    Key("definition", _text),
    Key("source_definition", _text, default=""),
    Key("aliases", _text_list, default=[]),
    *_REVIEW_KEYS,
    _STATUS,
)
PERSON_KEYS = (
    _SLUG,
    Key("name", _text),
    Key("aliases", _text_list, default=[]),
    Key("role", _text, default=""),
    Key("country", _text, default=""),
    Key("glossary", _optional_text, field="glossary_entry", default=None),
    *_REVIEW_KEYS,
    _STATUS,
)
EVENT_KEYS = (
    _SLUG,
    Key("key", _text, field="import_key", default=""),
    Key("title", _text),
    Key("description", _text, default=""),
    Key("date", _optional_text, default=None),
    Key("end_date", _optional_text, default=None),
    Key("precision", _text, default=""),
    Key("date_text", _text, default=""),
    Key("section", _optional_text, default=None),
    Key("period", _optional_text, default=None),
    Key("topics", _text_list, default=[]),
    Key("people", _text_list, default=[]),
    *_REVIEW_KEYS,
    _STATUS,
)


def _entry(instance, keys):
    """Return the part of the document that describes one record."""
    entry = {}
    for key in keys:
        model_field = instance._meta.get_field(key.model_field)
        if key.default is _WHEN_GIVEN and getattr(instance, model_field.name) in ("", None):
            continue
        if model_field.get_internal_type() == "DateField" and hasattr(instance, "precision"):
            entry[key.name] = partial_dates.as_key(getattr(instance, model_field.name), instance.precision)
        else:
            entry[key.name] = snapshot_value(instance, model_field)
    return entry


def _event_order(event):
    return (event.date is None, event.date or date.min, event.title, event.slug)


def article_document(article, *, with_drafts=False):
    """Return the JSON-ready document of one article and the records it links to.

    Live content only, unless ``with_drafts``: then also the records' working copies, schedules
    and review state (services.draft_export).
    """
    sections = list(article.sections.select_related("illustration").prefetch_related("terms", "people"))
    events = list(
        Event.objects.filter(section__article=article)
        .select_related("section", "period", "image")
        .prefetch_related("topics", "people")
    )
    person_pks = {person.pk for item in sections + events for person in item.people.all()}
    people = list(Person.objects.filter(pk__in=person_pks).select_related("glossary_entry", "portrait"))
    entry_pks = {entry.pk for section in sections for entry in section.terms.all()}
    entry_pks.update(person.glossary_entry_id for person in people if person.glossary_entry_id)
    periods = {event.period.slug: event.period for event in events if event.period}
    topics = {topic.slug: topic for event in events for topic in event.topics.all()}
    document = {
        "format": ARTICLE_FORMAT,
        "article": _entry(article, ARTICLE_KEYS),
        "periods": [
            _entry(period, PERIOD_KEYS)
            for period in sorted(periods.values(), key=lambda p: (p.start_year is not None, p.start_year or 0, p.slug))
        ],
        "topics": [_entry(topic, TOPIC_KEYS) for topic in sorted(topics.values(), key=lambda t: t.slug)],
        "sections": [_entry(section, SECTION_KEYS) for section in sorted(sections, key=lambda s: (s.order, s.slug))],
        "glossary": [
            _entry(entry, GLOSSARY_KEYS)
            for entry in sorted(GlossaryEntry.objects.filter(pk__in=entry_pks), key=lambda e: e.slug)
        ],
        "people": [_entry(person, PERSON_KEYS) for person in sorted(people, key=lambda p: p.slug)],
        "events": [_entry(event, EVENT_KEYS) for event in sorted(events, key=_event_order)],
    }
    _add_images(document, sections, events, people)
    if with_drafts:
        entries = GlossaryEntry.objects.filter(pk__in=entry_pks)
        records = {"article": [article], "sections": sections, "events": events, "people": people, "glossary": entries}
        document.update(drafts_document(article, records))
    return document


# The pictures an article shows, by storage name; only written when there are any, so that an
# article without pictures exports as it always has.
_IMAGE_FIELDS = {"sections": "illustration", "events": "image", "people": "portrait"}


def _add_images(document, sections, events, people):
    by_part = {"sections": sections, "events": events, "people": people}
    images = {}
    for part, field_name in _IMAGE_FIELDS.items():
        instances = {instance.slug: instance for instance in by_part[part]}
        for entry in document[part]:
            image = getattr(instances[entry["slug"]], field_name)
            if image is not None:
                entry[field_name] = image.file.name
                images[image.file.name] = image
    if images:
        document["images"] = [image_entry(images[name]) for name in sorted(images)]


def image_links(document, where=""):
    """Return {part: [(lookup, file name)]}: which record of the article shows which picture."""
    article_slug = document["article"]["slug"]
    links = {}
    for part, field_name in _IMAGE_FIELDS.items():
        for position, entry in enumerate(document.get(part, [])):
            name = entry.get(field_name)
            if name is None:
                continue
            if not isinstance(name, str):
                raise ImportFormatError(f"{where}{part}[{position}]: {field_name!r} must be text or null")
            if part == "sections":
                lookup = {"article__slug": article_slug, "slug": entry["slug"]}
            elif part == "events" and entry.get("key"):
                lookup = {"import_key": entry["key"]}
            else:
                lookup = {"slug": entry["slug"]}
            links.setdefault(part, []).append((lookup, name))
    return links


def collection_document(articles, *, with_drafts=False):
    """Return the JSON-ready document of several articles, in slug order."""
    articles = sorted(articles, key=lambda article: article.slug)
    documents = [article_document(article, with_drafts=with_drafts) for article in articles]
    return {"format": COLLECTION_FORMAT, "articles": documents}


def dumps(document):
    """Return a document as stable JSON text (same records, same bytes)."""
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


# The longest whole number an export holds (years, counts): 18 digits fit every database's integer.
MAX_INTEGER_DIGITS = 18


def _bounded_integer(text):
    if len(text.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise ImportFormatError(f"a number of {len(text.lstrip('-')):,} digits is longer than any in an export")
    return int(text)


def load_document(data):
    """Return the decoded JSON of an export's bytes, or raise ImportFormatError (one line).

    Refused here, before any of it reaches a database: JSON nested too deeply to decode, numbers
    too long for an integer column, and text no database stores (a NUL character, which
    PostgreSQL refuses; a lone surrogate, which is no UTF-8).
    """
    try:
        document = json.loads(data.decode("utf-8-sig"), parse_int=_bounded_integer)
    except UnicodeDecodeError:
        raise ImportFormatError("the JSON export is not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise ImportFormatError(f"not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})") from None
    except RecursionError:
        raise ImportFormatError("the JSON is nested too deeply to be an article export") from None
    if not isinstance(document, dict):
        raise ImportFormatError("not an article export: the JSON is not an object")
    _check_text(document)
    return document


def _check_text(document):
    """Raise ImportFormatError for a string (key or value) holding NUL or a lone surrogate."""
    pending = [document]
    while pending:  # a loop, not recursion: the depth json.loads accepted may be any
        value = pending.pop()
        if isinstance(value, dict):
            pending.extend(value.keys())
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
        elif isinstance(value, str):
            if "\x00" in value:
                raise ImportFormatError(f"the text {value[:40]!r} holds a NUL character")
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise ImportFormatError(f"the text {value[:40]!r} holds a lone surrogate, which is no text") from None


def article_documents(document):
    """Return (where, article document) pairs of an export, or raise ImportFormatError."""
    found = document.get("format")
    if found == ARTICLE_FORMAT:
        return [("", document)]
    if found != COLLECTION_FORMAT:
        raise ImportFormatError(
            f"unknown export format {found!r} (expected {ARTICLE_FORMAT!r} or {COLLECTION_FORMAT!r})"
        )
    articles = document.get("articles")
    if not isinstance(articles, list):
        raise ImportFormatError("'articles' must be a list of article documents")
    pairs = []
    for position, item in enumerate(articles):
        if not isinstance(item, dict) or item.get("format") != ARTICLE_FORMAT:
            raise ImportFormatError(f"articles[{position}] is not a {ARTICLE_FORMAT!r} document")
        pairs.append((f"articles[{position}].", item))
    return pairs


def _read(entry, keys, where):
    """Return the model field values of one part of the document, checked."""
    if not isinstance(entry, dict):
        raise ImportFormatError(f"{where} must be an object")
    values = {}
    for key in keys:
        value = entry.get(key.name, key.default)
        if value is _WHEN_GIVEN:
            continue
        if value is _REQUIRED:
            raise ImportFormatError(f"{where}: {key.name!r} is missing")
        try:
            values[key.model_field] = key.read(value)
        except ValueError as error:
            raise ImportFormatError(f"{where}: {key.name!r} {error}") from None
    return values


def _records(document, part, keys, where, key_field="slug"):
    entries = document.get(part, [])
    if not isinstance(entries, list):
        raise ImportFormatError(f"{where}{part!r} must be a list")
    records = []
    for position, entry in enumerate(entries):
        values = _read(entry, keys, f"{where}{part}[{position}]")
        records.append(Record(key=values.pop(key_field), values=values))
    return records


def _event_records(document, where):
    """Return the events, with ISO dates, split into keyed ones and ones known by slug only."""
    keyed, unkeyed = [], []
    for position, record in enumerate(_records(document, "events", EVENT_KEYS, where, key_field="import_key")):
        values = dict(record.values)
        for name in ("date", "end_date"):
            if values[name] is not None:
                try:
                    values[name] = partial_dates.parse_key(values[name]).isoformat()
                except ValueError as error:
                    raise ImportFormatError(f"{where}events[{position}]: {name!r} {error}") from None
        if record.key:
            keyed.append(Record(key=record.key, values=values))
        else:
            unkeyed.append(Record(key=values.pop("slug"), values=values))
    return tuple(keyed), tuple(unkeyed)


def article_records(document, where=""):
    """Return the records one article document describes, or raise ImportFormatError."""
    values = _read(document.get("article"), ARTICLE_KEYS, f"{where}article")
    article = Record(key=values.pop("slug"), values=values)
    events, unkeyed_events = _event_records(document, where)
    return ArticleRecords(
        article=article,
        periods=tuple(_records(document, "periods", PERIOD_KEYS, where)),
        topics=tuple(_records(document, "topics", TOPIC_KEYS, where)),
        sections=tuple(_records(document, "sections", SECTION_KEYS, where)),
        glossary=tuple(_records(document, "glossary", GLOSSARY_KEYS, where)),
        people=tuple(_records(document, "people", PERSON_KEYS, where)),
        events=events,
        unkeyed_events=unkeyed_events,
    )
