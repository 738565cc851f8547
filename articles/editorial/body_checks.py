"""What the section body editor tells an editor: the rendered text, and its links that lead nowhere.

A link ``[[Term]]`` resolves as on the public site (articles.public.selectors.glossary_for_bodies): to
an entry by slug, or by its term. It is *broken* when no entry at all answers, and *to a draft*
when only an unpublished entry does; readers see both as plain text.
"""

from dataclasses import dataclass

from django.utils.safestring import SafeString

from articles.markup import iter_links, render_resolved
from articles.models import GlossaryEntry
from articles.public.selectors import glossary_for_bodies


@dataclass(frozen=True)
class BodyCheck:
    html: SafeString  # the body as readers will see it
    broken: list  # link targets no glossary entry answers, each once, in order
    drafts: list  # link targets only a draft entry answers


def _classified(body, resolver):
    """Return the (broken, drafts) link targets of ``body`` for a resolver of every status."""
    by_slug = {entry.slug: entry for entry in resolver.entries}
    broken, drafts = {}, {}
    for link in iter_links(body):
        resolved = resolver(link)
        if resolved is None:
            broken.setdefault(link.target)
        elif not by_slug[resolved[1]].is_published:
            drafts.setdefault(link.target)
    return list(broken), list(drafts)


def check_body(body):
    """Render a section body as the public site would, and list its broken and draft links."""
    resolver = glossary_for_bodies([body], GlossaryEntry.objects.all())
    broken, drafts = _classified(body, resolver)

    def published_only(link):
        resolved = resolver(link)
        return resolved if resolved and link.target not in drafts else None

    return BodyCheck(render_resolved(body, published_only), broken, drafts)


def broken_links(body):
    """Return the link targets of ``body`` that no glossary entry answers."""
    return _classified(body, glossary_for_bodies([body], GlossaryEntry.objects.all()))[0]


def with_broken_links(sections):
    """Return the pks of ``sections`` (a queryset) whose bodies link to terms that do not exist.

    Two queries whatever the number of sections: their bodies, then the entries they link to.
    """
    bodies = dict(sections.order_by().values_list("pk", "body"))
    resolver = glossary_for_bodies(bodies.values(), GlossaryEntry.objects.all())
    return [pk for pk, body in bodies.items() if any(resolver(link) is None for link in iter_links(body))]
