"""A section's glossary links (``Section.terms``) are what its text links to, never kept by hand.

The text is the truth: ``[[Term]]``, ``[[Term|text]]`` and ``[[Alias]]`` resolve to glossary
entries as the public page resolves them (articles.markup.GlossaryResolver, drafts included), and
the relation is an index of that, which "Mentioned in", the usage counts and the glossary
changelist read. It is brought up to date:

- when a section is saved, by any path (admin form, list, bulk action, restore, shell): a
  post_save handler (articles.signals) calls ``sections_links_sync``;
- when a glossary entry is saved (its term, slug or aliases decide which links reach it): for
  the sections that link, or may now link, to it (``entries_links_sync``); a save that says it
  changes none of those (``saving_fields``, as the importer's saves do) moves no link;
- after an import, which writes rows in bulk without signals, for its sections and new entries:
  within ``links_deferred()``, saves are noted and their links brought up to date once, at the end.

The same paths keep each section's stored HTML (articles.editorial.section_html), which also
depends on the article's people: it is refreshed for the articles whose sections were saved or
deleted or had their people changed, that link (or may now link) to a saved or deleted entry, or
that name a saved or deleted person.
"""

import operator
from collections import defaultdict
from contextlib import contextmanager
from contextvars import ContextVar
from functools import reduce

from django.db.models import Q

from articles.editorial.section_html import articles_html_sync
from articles.importing.text import slugify
from articles.markup import iter_links
from articles.models import GlossaryEntry, Person, Section, SectionLink
from articles.public.selectors import glossary_for_bodies
from articles.services.bulk_insert import insert_rows

_pending = ContextVar("links_pending", default=None)

# What the links reaching an entry or a person, and so the stored HTML, depend on.
_LINKED_BY = {
    GlossaryEntry: frozenset({"term", "slug", "aliases", "status"}),
    Person: frozenset({"name", "aliases", "slug", "glossary_entry", "status"}),
}


@contextmanager
def links_deferred():
    """Note the sections, entries and people saved inside; bring their links, and the stored HTML
    of the articles they are in, up to date once, on leaving.

    Yield the pending pks ({"sections", "entries", "people", "articles": set}) so that writes made
    without a save (in bulk) can be added. Nothing is done when the block raises.
    """
    pending = {"sections": set(), "entries": set(), "people": set(), "articles": set()}
    token = _pending.set(pending)
    try:
        yield pending
    finally:
        _pending.reset(token)
    sections_links_sync(Section.objects.filter(pk__in=pending["sections"]).only("pk", "body"))
    entries = list(GlossaryEntry.objects.filter(pk__in=pending["entries"]))
    articles = set(pending["articles"])
    articles |= set(Section.objects.filter(pk__in=pending["sections"]).values_list("article", flat=True))
    # One lookup serves both: the articles to render are read before the links move. The sections
    # synced above are up to date already.
    reaching = [section for section in sections_reaching(entries) if section.pk not in pending["sections"]]
    articles |= articles_linking(entries, reaching)
    entries_links_sync(entries, reaching)
    articles_html_sync(articles | articles_naming(pending["people"]))


def section_saved(section):
    """Bring a saved section's links and its article's HTML up to date, now or at the end of ``links_deferred()``."""
    _sync_or_defer("sections", section, sections_links_sync)
    article_changed(section.article_id)


def section_people_changed(section=None, section_pks=()):
    """Bring up to date the HTML of the article of ``section``, or of the sections of ``section_pks``."""
    if section is not None:
        article_changed(section.article_id)
    else:
        _html_sync_or_defer(set(Section.objects.filter(pk__in=section_pks).values_list("article", flat=True)))


def article_changed(article_pk):
    _html_sync_or_defer({article_pk})


def saving_fields(record, names):
    """Say which fields of a record the coming save changes (all, if never said).

    A save that changes none of the fields links depend on (a definition, a role) then moves no
    link and re-renders no article: an import updates many shared records that way.
    """
    record._saving_fields = frozenset(names)


def _moves_links(record, *, saved=False):
    """Tell whether the record's save may move links; once ``saved``, forget what the save said."""
    saving = record.__dict__.pop("_saving_fields", None) if saved else getattr(record, "_saving_fields", None)
    return saving is None or bool(saving & _LINKED_BY[type(record)])


def entry_saving(entry):
    """Before an entry is saved: note the articles whose links its names reach now (a rename may move them)."""
    if entry.pk is not None and _pending.get() is None and _moves_links(entry):
        entry._html_articles = articles_linking(GlossaryEntry.objects.filter(pk=entry.pk))


def entry_saved(entry):
    """Bring up to date the links that a saved entry's names may reach, and the HTML of those articles."""
    if not _moves_links(entry, saved=True):
        return
    pending = _pending.get()
    if pending is not None:
        pending["entries"].add(entry.pk)
        return
    reaching = sections_reaching([entry])
    articles = articles_linking([entry], reaching) | getattr(entry, "_html_articles", set())
    entries_links_sync([entry], reaching)
    articles_html_sync(articles)


def person_saved(person):
    """Bring up to date the HTML of the articles that name a saved person."""
    if not _moves_links(person, saved=True):
        return
    pending = _pending.get()
    if pending is not None:
        pending["people"].add(person.pk)
    else:
        articles_html_sync(articles_naming([person.pk]))


def record_deleting(record):
    """Before an entry or a person is deleted (or a person's sections cleared): note the articles
    whose HTML may show them, refreshed by ``record_deleted()`` once they are gone."""
    if isinstance(record, GlossaryEntry):
        record._html_articles = articles_linking([record])
    else:
        record._html_articles = articles_naming([record.pk])


def record_deleted(record):
    """Bring up to date the HTML of the articles a deleted section, entry or person was in."""
    if isinstance(record, Section):
        section_links_forget(record.pk)
        article_changed(record.article_id)  # the article's people may have gone with the section
    else:
        _html_sync_or_defer(getattr(record, "_html_articles", set()))


def _html_sync_or_defer(article_pks):
    pending = _pending.get()
    if pending is None:
        articles_html_sync(article_pks)
    else:
        pending["articles"] |= article_pks


def _sync_or_defer(kind, record, sync):
    pending = _pending.get()
    if pending is None:
        sync([record])
    else:
        pending[kind].add(record.pk)


def articles_naming(person_pks):
    """Return the pks of the articles with a section that names one of these people."""
    if not person_pks:
        return set()
    rows = Section.people.through.objects.filter(person__in=person_pks)
    return set(rows.values_list("section__article", flat=True).distinct())


def link_slugs(body):
    """Return the slugs the body's links look for, as the SectionLink index holds them."""
    return {link.slug[: SectionLink.SLUG_LENGTH] for link in iter_links(body)}


def sections_reaching(entries):
    """Return the sections whose links may reach one of these entries (pk, article and body only).

    The sections linked to them now, and those with a link to one of their names (term, slug or
    alias): a rename or a new alias can make a link reach or leave them. Three index lookups,
    however many sections there are: no body is read but theirs.
    """
    entries = list(entries)
    if not entries:
        return []
    names = {slugify(name)[: SectionLink.SLUG_LENGTH] for entry in entries for name in _names(entry)}
    linked = Section.terms.through.objects.filter(glossaryentry__in=[entry.pk for entry in entries if entry.pk])
    pks = set(linked.values_list("section_id", flat=True))
    pks |= set(SectionLink.objects.filter(slug__in=names).order_by().values_list("section_id", flat=True))
    return list(Section.objects.filter(pk__in=pks).order_by().only("pk", "article", "body")) if pks else []


def _names(entry):
    return [name for name in (entry.term, entry.slug, *entry.aliases) if name]


def articles_linking(entries, sections=None):
    """Return the pks of the articles with a section whose links may reach one of these entries.

    The sections linked to them, and those with a link to one of their names (term, slug or alias):
    what ``sections_reaching(entries)`` finds, which callers that have it pass as ``sections``.
    """
    if sections is None:
        sections = sections_reaching(entries)
    return {section.article_id for section in sections}


def is_derived(model_field):
    """Tell whether a field is kept from the text (a re-import neither updates it nor keeps it as edited)."""
    return model_field is Section._meta.get_field("terms")


def linked_entry_pks(body, resolver):
    """Return the pks of the entries ``body`` links to, as ``resolver`` resolves its links."""
    return {entry.pk for link in iter_links(body) if (entry := resolver.entry(link)) is not None}


def sections_links_sync(sections):
    """Make each section's glossary links what its body links to; return how many sections changed.

    Three queries whatever the number of sections (the entries linked, maybe by alias; the links
    held), then one write per section whose links differ.
    """
    sections = [section for section in sections if section.pk is not None]
    if not sections:
        return 0
    resolver = glossary_for_bodies([section.body for section in sections], GlossaryEntry.objects.all())
    held = defaultdict(set)
    rows = Section.terms.through.objects.filter(section__in=[section.pk for section in sections])
    for section_pk, entry_pk in rows.values_list("section_id", "glossaryentry_id"):
        held[section_pk].add(entry_pk)
    changed = 0
    for section in sections:
        wanted = linked_entry_pks(section.body, resolver)
        if wanted != held[section.pk]:
            section.terms.set(wanted)
            changed += 1
    _index_links(sections)
    return changed


def _index_links(sections):
    """Make the SectionLink rows of these sections the slugs their bodies link to (two or three queries)."""
    held = defaultdict(set)
    rows = SectionLink.objects.filter(section__in=[section.pk for section in sections]).order_by()
    for section_pk, slug in rows.values_list("section_id", "slug"):
        held[section_pk].add(slug)
    gone, new = [], []
    for section in sections:
        wanted = link_slugs(section.body)
        if held[section.pk] - wanted:
            gone.append(Q(section=section.pk, slug__in=held[section.pk] - wanted))
        new.extend({"section_id": section.pk, "slug": slug} for slug in wanted - held[section.pk])
    if gone:
        SectionLink.objects.filter(reduce(operator.or_, gone)).delete()
    insert_rows(SectionLink, new)  # narrow rows, hundreds per import: no instance per row


def section_links_forget(section_pk):
    """Drop a deleted section's rows of the SectionLink index."""
    SectionLink.objects.filter(section=section_pk).delete()


def entries_links_sync(entries, sections=None):
    """Bring up to date the links of every section that links, or may now link, to these entries.

    ``sections``: ``sections_reaching(entries)``, when the caller has them.
    """
    entries = list(entries)
    if not entries:
        return 0
    return sections_links_sync(sections_reaching(entries) if sections is None else sections)
