"""Import articles, from a parsed capture or from a JSON export, each import in one transaction."""

from dataclasses import replace

from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, transaction
from django.db.models import Exists, OuterRef

from articles import caching
from articles.importing.topics import classify
from articles.models import GlossaryEntry, Period, Person, Section, Status, Topic
from articles.services.backups import check_images, link_images, restore_images
from articles.services.documents import article_documents, article_records, image_links
from articles.services.records import ArticleRecords, write_article
from articles.services.upsert import ImportRejected, ImportReport, Record, RefusedInBulk, SnapshotWriter

_PUBLISHED = Status.PUBLISHED.value


def article_import(*, parsed, source_name, dry_run=False):
    """Create or update the records of a parsed article and return the ImportReport.

    Fields an editor changed since the last import are kept. A dry run reports the same and
    writes nothing. Any failure leaves the database as it was.
    """

    def write(writer):
        # Periods and topics are editable: read them once, here, for every event of the article.
        periods, topics = list(Period.objects.all()), list(Topic.objects.all())
        writer.remember(periods + topics)
        records = _parsed_records(parsed, source_name, periods, topics)
        records = replace(
            records,
            glossary=_merged_with_other_articles(GlossaryEntry, "terms", records.glossary, parsed.slug),
            people=_merged_with_other_articles(Person, "people", records.people, parsed.slug),
        )
        write_article(writer, records)

    return _in_one_transaction(write, dry_run=dry_run)


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

    def write(writer):
        # A dry run writes no file, so it leaves the pictures out.
        images = {} if dry_run else restore_images(document, files)
        for article, article_links in zip(records, links):
            write_article(writer, article)
            if not dry_run:
                link_images(article_links, images)

    return _in_one_transaction(write, dry_run=dry_run)


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


def _in_one_transaction(write, *, dry_run):
    report = ImportReport(dry_run=dry_run)
    try:
        # One new page-cache generation for the whole import, not one per record saved; also
        # covers writes that send no signal (the snapshot-only updates).
        with caching.changes_in_bulk(), transaction.atomic():
            write(SnapshotWriter(report))
            if dry_run:
                transaction.set_rollback(True)
    except RefusedInBulk as refused:
        raise (refused.diagnosis() or _refused(refused.error)) from None
    except IntegrityError as error:
        raise _refused(error) from None
    return report


def _refused(error):
    """Return the ImportRejected for a write the database refused though its record was valid."""
    # Validation ran before every save, so this is a concurrent writer (another import,
    # an editor) that took the same slug meanwhile: nothing was written; running again works.
    return ImportRejected(f"the database refused a write, nothing was imported: {database_error_line(error)}")


def database_error_line(error):
    """Return the first line of a database error's message (its class name if it has none)."""
    return (str(error).strip() or type(error).__name__).splitlines()[0]


def _merged_with_other_articles(model, section_field, records, article_slug):
    """Return shared records (people, glossary entries) completed with what other articles said.

    One person or term can stand in several articles, each saying a little about it. For one that
    another article's sections also name, link texts add up, and a role, country, definition or
    glossary link the other article already gave is kept rather than blanked or replaced, so
    importing one article never undoes another's and re-importing any of them changes nothing.
    A record only this article names takes the source's values as they are.
    """
    if not records:
        return records
    relation = Section._meta.get_field(section_field)
    # Does a section of another article link it? EXISTS stops at the first such link: listing
    # them all (a common term is linked from most articles) made imports slow down as they grew.
    links_elsewhere = (
        relation.remote_field.through.objects.filter(**{relation.m2m_reverse_field_name(): OuterRef("pk")})
        .exclude(section__article__slug=article_slug)
    )
    keys = [record.key for record in records]
    shared = dict(
        model.objects.filter(slug__in=keys).filter(Exists(links_elsewhere)).order_by().values_list("slug", "imported")
    )
    if not shared:
        return records
    merged = []
    for record in records:
        if record.key not in shared:
            merged.append(record)
            continue
        before = shared[record.key] or {}
        values = dict(record.values)
        for name, value in record.values.items():
            previous = before.get(name)
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


def _parsed_records(parsed, source_name, periods, topics):
    """Return the records of a parsed article, each event placed in its period and topics."""
    section_titles = {section.slug: section.title for section in parsed.sections}
    stems_by_topic = {topic.slug: topic.keyword_list for topic in topics}
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
                f"{section_titles.get(event.section, '')} {event.text_for_topics or event.description}", stems_by_topic
            ),
        )
        for event in parsed.events
    )
    return ArticleRecords(
        article=_record(parsed, ["title"], source=source_name),
        glossary=tuple(_record(term, ["term", "definition", "aliases"]) for term in parsed.glossary),
        people=tuple(
            _record(person, ["name", "aliases", "role", "country"], glossary_entry=person.glossary_term)
            for person in parsed.people
        ),
        sections=tuple(_record(section, ["title", "order", "body", "terms", "people"]) for section in parsed.sections),
        events=events,
    )
