"""A section's stored HTML (``Section.body_html``): its body as the public article page renders it.

Rendering the markup (links parsed, resolved, escaped) was a fifth of the article page's time, on
every request; like MediaWiki's parser output, it is now done when what it depends on changes:

- the section's body and status (a draft section stores nothing: readers never see it);
- the published glossary entries its links reach (slug, term, aliases, status);
- the published people of the article's published sections (names, aliases, slug, glossary
  entry, status): a person's first mention in a body links to their page, and a link to their
  glossary entry points at them.

So a refresh is per article. articles.editorial.links calls ``articles_html_sync`` on every path
that changes one of these (sections, entries and people saved or deleted, a section's people
changed, imports at the end of ``links_deferred()``). A staff preview shows drafts and renders at
request time (articles.public.selectors.article_page); ``tests/test_section_html.py`` checks that
the stored HTML equals a fresh render after each kind of change.
"""

from itertools import groupby
from operator import attrgetter

from django.db.models import Prefetch

from articles.markup import render_resolved
from articles.models import Section, Status
from articles.public.selectors import PERSON_LINK_FIELDS, public_glossary, published_people
from articles.services.bulk_insert import update_field
from relations_site import page_cache


def article_sections(article_pks):
    """Return the sections of these articles, in page order, with their published people."""
    return (
        Section.objects.filter(article__in=article_pks)
        .order_by("article_id", "order")
        .only("pk", "article", "order", "status", "body", "body_html")
        .prefetch_related(Prefetch("people", queryset=published_people().only(*PERSON_LINK_FIELDS)))
    )


def people_of(sections):
    """Return the people of the sections, each once, in first-section order (as the page lists them)."""
    return list({person.pk: person for section in sections for person in section.people.all()}.values())


def render_sections(sections, glossary):
    """Return {section pk: HTML} for the published sections of one article, as its public page renders them.

    ``glossary``: a GlossaryResolver of the published entries their links may reach (more do no
    harm); the article's people are added here.
    """
    resolver = glossary.with_people(people_of(sections))
    return {section.pk: str(render_resolved(section.body, resolver)) for section in sections}


def articles_html_sync(article_pks):
    """Store every section's HTML of these articles as their public page renders it; return how many changed.

    Two queries for the sections and their people, one or two for the glossary entries of them
    all (an import's batch reads them once, not per article), then one write for the sections
    whose HTML changed (none when nothing did).
    """
    article_pks = {pk for pk in article_pks if pk is not None}
    if not article_pks:
        return 0
    articles = [list(group) for _article, group in groupby(article_sections(article_pks), key=attrgetter("article_id"))]
    published = [[section for section in sections if section.status == Status.PUBLISHED] for sections in articles]
    glossary = public_glossary([section for sections in published for section in sections], people=())
    changed = []
    for sections, shown in zip(articles, published, strict=True):
        rendered = render_sections(shown, glossary) if shown else {}
        for section in sections:
            html = rendered.get(section.pk, "")  # a draft section stores nothing: readers never see it
            if html != section.body_html:
                section.body_html = html
                changed.append(section)
    if changed:
        update_field(Section, "body_html", {section.pk: section.body_html for section in changed})
        # Written without signals: a page rendered between the save's own bump and this write must not stay.
        page_cache.written_without_signals(Section)
    return len(changed)
