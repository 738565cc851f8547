"""Import articles, from parsed captures or from a JSON export, each import in one transaction."""

from collections import defaultdict
from contextlib import nullcontext
from dataclasses import replace

from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, router, transaction
from django.db.models import Exists, OuterRef

from articles.editorial.links import links_deferred
from articles.importing.topics import classify, topic_stems
from articles.models import Article, Event, GlossaryEntry, Period, Person, Section, Status, Topic
from articles.services.article_writer import ArticleRecords, EventSlugs, links_follow_text, write_article
from articles.services.backups import check_images, link_images, restore_images
from articles.services.draft_export import restore_drafts
from articles.services.json_export import article_documents, article_records, image_links
from articles.services.pipelining import PrimaryKeys, pipelined
from articles.services.snapshot_writer import ImportRejected, ImportReport, Record, RefusedInBulk, SnapshotWriter
from relations_site import page_cache

_PUBLISHED = Status.PUBLISHED.value


def article_import(*, parsed, source_name, dry_run=False):
    """Create or update the records of a parsed article and return the ImportReport.

    Fields an editor changed since the last import are kept. A dry run reports the same and
    writes nothing. Any failure leaves the database as it was.
    """
    [report] = article_imports([(parsed, source_name)], dry_run=dry_run)
    return report


def article_imports(sources, *, dry_run=False):
    """Import parsed articles, given as (parsed, source name), in one transaction; return their reports.

    The database ends as importing each in turn would leave it, and each report says what
    importing its article did; but what the articles share is read once for all of them: the
    periods and topics, the people and glossary entries they name. If one article is refused,
    none is written: raise its ImportRejected.
    """
    reports = []

    def write():
        # Written again, without the pipeline, when the database refuses the pipelined writes.
        reports[:] = [ImportReport(dry_run=dry_run) for _ in sources]
        primary_keys = PrimaryKeys.for_database(router.db_for_write(Article))
        # Periods and topics are editable: read them once, here, for every event of the articles.
        periods, topics = list(Period.objects.all()), list(Topic.objects.all())
        stems = topic_stems({topic.slug: topic.keyword_list for topic in topics})
        articles = [_parsed_records(parsed, source_name, periods, stems) for parsed, source_name in sources]
        with links_deferred() as pending:
            for run in _runs_of_distinct_articles(list(zip(reports, articles, strict=True))):
                writer = SnapshotWriter(primary_keys=primary_keys)
                writer.remember(periods + topics)
                run_records = [records for _, records in run]
                links = _SharedRecordLinks.read(writer, run_records)
                event_slugs = EventSlugs(writer)
                event_slugs.ask([event for records in run_records for event in records.events])
                if primary_keys is not None:
                    primary_keys.reserve(_new_records(writer, event_slugs, run_records))
                for report, records in run:
                    writer.report = report
                    write_article(writer, links.merged(records), event_slugs)
                    links.add(records)
                links_follow_text(writer, pending)

    _in_one_transaction(write, dry_run=dry_run, in_pipeline=True)
    return reports


def _new_records(writer, event_slugs, articles):
    """Return how many records of each model writing these articles will create, as far as known.

    Articles, people and glossary entries the writer did not find; the sections and events of
    new articles, but for events whose import key another record holds.
    """
    new_articles = [records for records in articles if writer.known(Article, records.article.key) is None]
    counts = {
        Article: len({records.article.key for records in new_articles}),
        Section: sum(len(records.sections) for records in new_articles),
        Event: sum(
            1 for records in new_articles for event in records.events if event.key not in event_slugs.slug_by_key
        ),
    }
    for model, records_field, _ in _SharedRecordLinks.MODELS:
        keys = {record.key for records in articles for record in getattr(records, records_field)}
        counts[model] = sum(1 for key in keys if writer.known(model, key) is None)
    return counts


def _runs_of_distinct_articles(items):
    """Split (report, ArticleRecords) items into runs in which no article comes twice, in order."""
    # A writer takes what it created for new: an article written twice needs a writer per time.
    runs, slugs = [[]], set()
    for item in items:
        slug = item[1].article.key
        if slug in slugs:
            runs.append([])
            slugs.clear()
        runs[-1].append(item)
        slugs.add(slug)
    return runs


def document_import(*, document, files=None, dry_run=False):
    """Restore the articles of a JSON export (a decoded document) through the same upsert.

    ``files`` holds the image files of a backup ({storage name: bytes}; see services.backups):
    the pictures the export names are restored with them. Raise ImportFormatError, before writing
    anything, when the document is malformed.
    """
    items = article_documents(document)
    records = [article_records(item, where) for where, item in items]
    links = [image_links(item, where) for where, item in items]
    check_images(document, files)

    report = ImportReport(dry_run=dry_run)

    def write():
        writer = SnapshotWriter(report)
        event_slugs = EventSlugs(writer)
        # A dry run writes no file, so it leaves the pictures out.
        images = {} if dry_run else restore_images(document, files)
        with links_deferred() as pending:
            for article, article_links, (where, item) in zip(records, links, items, strict=True):
                written = write_article(writer, article, event_slugs)
                if not dry_run:
                    link_images(article_links, images)
                restore_drafts(item, written, where)
            links_follow_text(writer, pending)

    _in_one_transaction(write, dry_run=dry_run)
    return report


def refresh_planner_statistics(using=DEFAULT_DB_ALIAS):
    """Refresh the statistics the database's query planner chooses indexes by, after imports.

    SQLite keeps none until told to, and without them picks poor plans for several pages at
    scale (BENCHMARKS.md: the article page 58 -> 18 ms p95 at 1,000 articles). A sampled
    ANALYZE takes milliseconds whatever the size. PostgreSQL's autovacuum analyzes changed
    tables by itself.
    """
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA analysis_limit = 400")
        cursor.execute("ANALYZE")


def _in_one_transaction(write, *, dry_run, in_pipeline=False):
    """Call ``write`` in one transaction; roll it back for a dry run.

    ``in_pipeline``: let the database run the import's INSERTs while ``write`` goes on, where it
    can (see pipelining). ``write`` must then be one that can run again: when the database
    refuses a pipelined INSERT, the pipeline cannot tell which, so the write is rolled back and
    run again, waiting for each statement, to name the record refused.
    """
    try:
        # One new page-cache generation for the whole import, not one per record saved; also
        # covers writes that send no signal (the snapshot-only updates).
        with page_cache.changes_in_bulk(), transaction.atomic():
            with pipelined(router.db_for_write(Article)) if in_pipeline else nullcontext():
                write()
            if dry_run:
                transaction.set_rollback(True)
    except RefusedInBulk as refused:
        raise (refused.diagnosis() or _refused(refused.error)) from None
    except IntegrityError as error:
        if in_pipeline:
            return _in_one_transaction(write, dry_run=dry_run)
        raise _refused(error) from None


def _refused(error):
    """Return the ImportRejected for a write the database refused though its record was valid."""
    # Validation ran before every save, so this is a concurrent writer (another import,
    # an editor) that took the same slug meanwhile: nothing was written; running again works.
    return ImportRejected(f"the database refused a write, nothing was imported: {database_error_line(error)}")


def database_error_line(error):
    """Return the first line of a database error's message (its class name if it has none)."""
    return (str(error).strip() or type(error).__name__).splitlines()[0]


class _SharedRecordLinks:
    """What other articles' sections link, of the shared records (people, glossary entries) named.

    One person or term can stand in several articles, each saying a little about it. For one that
    another article's sections also name, link texts add up, and a role, country, definition or
    glossary link the other article already gave is kept rather than blanked or replaced, so
    importing one article never undoes another's and re-importing any of them changes nothing.
    A record only this article names takes the source's values as they are.
    """

    # The shared models, each with the relation through which sections name it.
    MODELS = ((GlossaryEntry, "glossary", "terms"), (Person, "people", "people"))

    def __init__(self, writer, linked_outside, linked_here):
        self.writer = writer
        # By model: keys linked by an article the import does not write; then, per key, the
        # articles it writes that link it (None: ask the database, article by article).
        self.linked_outside, self.linked_here = linked_outside, linked_here

    @classmethod
    def read(cls, writer, articles):
        """Read the shared records the articles name, and which articles link them, in a few queries."""
        linked_outside, linked_here = {}, None
        if not writer.preload(Article, [records.article for records in articles]):
            # Articles that do not exist yet link nothing: what is linked, is linked by others,
            # and what the import adds is known as it writes it.
            linked_here = {model: defaultdict(set) for model, _, _ in cls.MODELS}
        for model, records_field, section_field in cls.MODELS:
            named = [record for records in articles for record in getattr(records, records_field)]
            writer.preload(model, named)
            if linked_here is not None and named:
                keys = {record.key for record in named}
                linked_outside[model] = set(_linked_by_another_article(model, section_field, keys, None))
        return cls(writer, linked_outside, linked_here)

    def merged(self, records):
        """Return the article's records, its shared ones completed with what other articles said."""
        article = records.article.key
        merged = {}
        for model, records_field, section_field in self.MODELS:
            shared = getattr(records, records_field)
            keys = [record.key for record in shared]
            if not keys:
                merged[records_field] = shared
                continue
            if self.linked_here is None:
                elsewhere = _linked_by_another_article(model, section_field, keys, article)
            else:
                here = self.linked_here[model]
                elsewhere = [key for key in keys if key in self.linked_outside[model] or here[key] - {article}]
            # What the import last wrote of each, as it is now: read, or written by this import.
            instances = {key: self.writer.known(model, key) for key in elsewhere}
            before = {key: instance.imported for key, instance in instances.items() if instance is not None}
            merged[records_field] = _merged(shared, before)
        return replace(records, **merged)

    def add(self, records):
        """Note the links of an article just written."""
        if self.linked_here is None:
            return
        for model, _, section_field in self.MODELS:
            for section in records.sections:
                for key in section.values[section_field]:
                    self.linked_here[model][key].add(records.article.key)


def _linked_by_another_article(model, section_field, keys, article_slug):
    """Return the keys of records linked by a section of an article other than ``article_slug``.

    With ``article_slug`` None: linked by any article's section.
    """
    relation = Section._meta.get_field(section_field)
    # EXISTS stops at the first such link: listing them all (a common term is linked from most
    # articles) made imports slow down as they grew.
    links = relation.remote_field.through.objects.filter(**{relation.m2m_reverse_field_name(): OuterRef("pk")})
    if article_slug is not None:
        links = links.exclude(section__article__slug=article_slug)
    return model.objects.filter(slug__in=keys).filter(Exists(links)).order_by().values_list("slug", flat=True)


def _merged(records, before):
    """Return the records, those in ``before`` (key: last imported values) merged with them."""
    merged = []
    for record in records:
        if record.key not in before:
            merged.append(record)
            continue
        previous_values = before[record.key] or {}
        values = dict(record.values)
        for name, value in record.values.items():
            previous = previous_values.get(name)
            if name == "aliases" and isinstance(previous, list):
                values[name] = list(dict.fromkeys([*previous, *(value or [])]))
            elif name != "status" and previous not in (None, "", []):
                values[name] = previous
        merged.append(replace(record, values=values))
    return tuple(merged)


def _iso(day):
    return day.isoformat() if day else None


def _period_slug(start, periods):
    """Return the slug of the first period whose years hold the date's year (None if undated)."""
    if start is None:
        return None
    return next((period.slug for period in periods if period.contains_year(start.year)), None)


def _record(item, names, key=None, **values):
    """Return the published record of a parsed item: the attributes named, then ``values``."""
    # Snapshots are JSON: a tuple read back from the database is a list, and must compare equal.
    copied = {}
    for name in names:
        value = getattr(item, name)
        copied[name] = list(value) if isinstance(value, tuple) else value
    return Record(key or item.slug, {**copied, **values, "status": _PUBLISHED})


def _review(item):
    """Return the review fields of a parsed item: flagged when the parser gave a reason."""
    return {"needs_review": bool(item.review), "review_reason": item.review}


def _attribution(parsed):
    """Return the article's source fields; those the importer was not given are left alone."""
    given = {"source_url": parsed.source_url, "licence": parsed.licence, "retrieved": _iso(parsed.retrieved)}
    return {"source_title": parsed.title, **{name: value for name, value in given.items() if value}}


def _parsed_records(parsed, source_name, periods, stems):
    """Return the records of a parsed article, each event placed in its period and topics.

    ``stems``: the topics' stems, as topic_stems() returns them.
    """
    section_titles = {section.slug: section.title for section in parsed.sections}
    events = tuple(
        _record(
            event,
            ["slug", "title", "description", "people"],
            key=event.key,
            date=_iso(event.date.start),
            precision=event.date.precision if event.date.start else "",
            end_date=_iso(event.date.end),
            date_text=event.date.text,
            section=event.section or None,
            period=_period_slug(event.date.start, periods),
            topics=classify(
                f"{section_titles.get(event.section, '')} {event.text_for_topics or event.description}", stems
            ),
            **_review(event),
        )
        for event in parsed.events
    )
    return ArticleRecords(
        article=_record(parsed, ["title"], source=source_name, **_attribution(parsed)),
        glossary=tuple(
            _record(term, ["term", "definition", "aliases", "source_definition"], **_review(term))
            for term in parsed.glossary
        ),
        people=tuple(
            _record(
                person, ["name", "aliases", "role", "country"], glossary_entry=person.glossary_term, **_review(person)
            )
            for person in parsed.people
        ),
        sections=tuple(_record(section, ["title", "order", "body", "terms", "people"]) for section in parsed.sections),
        events=events,
    )
