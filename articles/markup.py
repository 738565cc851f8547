"""The section body markup: paragraphs separated by a blank line, links as [[Term]] or [[Term|text]].

Everything that is not a well-formed link is text and is escaped when rendered.
"""

import re
from dataclasses import dataclass
from html import escape

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from articles.importing.text import slugify

LINK = re.compile(r"\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]+?))?\]\]")
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class Link:
    target: str
    text: str

    @property
    def slug(self):
        return slugify(self.target)


def _link(match):
    return Link(target=match.group(1).strip(), text=(match.group(2) or match.group(1)).strip())


def paragraphs(body):
    """Split a body into its non-empty paragraphs."""
    return [part.strip() for part in PARAGRAPH_BREAK.split(body.replace("\r\n", "\n")) if part.strip()]


def iter_links(body):
    """Yield every link of the body, in order."""
    for match in LINK.finditer(body):
        yield _link(match)


def linked_slugs(body):
    """Return the slugs of the linked terms, each once, in first-link order."""
    return list(dict.fromkeys(link.slug for link in iter_links(body)))


def linked_targets(body):
    """Return the linked terms as written, each once, in first-link order."""
    return list(dict.fromkeys(link.target for link in iter_links(body)))


def to_plain_text(body):
    """Return the body with each link replaced by its text."""
    return LINK.sub(lambda match: _link(match).text, body)


class GlossaryResolver:
    """Resolve links to glossary entries: by slug, else by the slug of the entry's term.

    The second way keeps a link working when an editor renamed the entry's slug or the
    importer had to add a suffix to make it unique.
    """

    # Templates call callables they are given; this one takes an argument.
    do_not_call_in_templates = True

    def __init__(self, entries):
        self.entries = list(entries)
        self._by_term = {slugify(entry.term): entry for entry in self.entries}
        self._by_slug = {entry.slug: entry for entry in self.entries}

    def __call__(self, link):
        """Return ``(url, slug)`` of the entry the link points at, or None."""
        entry = self._by_slug.get(link.slug) or self._by_term.get(link.slug)
        if entry is None:
            return None
        return entry.get_absolute_url(), entry.slug


def _render_inline(text, resolve):
    """Return the paragraph as HTML: its text escaped, each link an anchor (or a broken-link span)."""
    parts, position = [], 0
    for match in LINK.finditer(text):
        parts.append(escape(text[position : match.start()]))
        link = _link(match)
        resolved = resolve(link)
        if resolved:
            url, slug = resolved
            parts.append(format_html('<a class="glossary-link" href="{}" data-term="{}">{}</a>', url, slug, link.text))
        else:
            parts.append(format_html('<span class="broken-link">{}</span>', link.text))
        position = match.end()
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # every piece of text escaped, every link made by format_html


def render_resolved(body, resolve):
    """Render the body as escaped HTML paragraphs; ``resolve(link)`` returns ``(url, slug)`` or None.

    The text between links is escaped with the standard library's ``html.escape``, as Django's
    ``escape`` does, and each paragraph marked safe once: a format_html() per piece of text was a
    fifth of the article page's time.
    """
    return format_html_join(
        "\n", "<p>{}</p>", ((_render_inline(paragraph, resolve),) for paragraph in paragraphs(body))
    )


def render(body, url_for_slug):
    """Render the body as escaped HTML paragraphs; ``url_for_slug(slug)`` returns a URL or None."""

    def resolve(link):
        url = url_for_slug(link.slug)
        return (url, link.slug) if url else None

    return render_resolved(body, resolve)
