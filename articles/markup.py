"""The section body markup: paragraphs separated by a blank line, links as [[Term]] or [[Term|text]].

Everything that is not a well-formed link is text and is escaped when rendered.
"""

import re
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join

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


def paragraphs(body):
    """Split a body into its non-empty paragraphs."""
    return [part.strip() for part in PARAGRAPH_BREAK.split(body.replace("\r\n", "\n")) if part.strip()]


def iter_links(body):
    """Yield every link of the body, in order."""
    for match in LINK.finditer(body):
        target = match.group(1).strip()
        yield Link(target=target, text=(match.group(2) or match.group(1)).strip())


def linked_slugs(body):
    """Return the slugs of the linked terms, each once, in first-link order."""
    return list(dict.fromkeys(link.slug for link in iter_links(body)))


def to_plain_text(body):
    """Return the body with each link replaced by its text."""
    return LINK.sub(lambda match: (match.group(2) or match.group(1)).strip(), body)


def _render_inline(text, url_for_slug):
    parts, position = [], 0
    for match in LINK.finditer(text):
        parts.append(format_html("{}", text[position : match.start()]))
        link = Link(target=match.group(1).strip(), text=(match.group(2) or match.group(1)).strip())
        url = url_for_slug(link.slug)
        if url:
            parts.append(
                format_html(
                    '<a class="glossary-link" href="{}" data-term="{}">{}</a>', url, link.slug, link.text
                )
            )
        else:
            parts.append(format_html('<span class="broken-link">{}</span>', link.text))
        position = match.end()
    parts.append(format_html("{}", text[position:]))
    return format_html_join("", "{}", ((part,) for part in parts))


def render(body, url_for_slug):
    """Render the body as escaped HTML paragraphs; ``url_for_slug(slug)`` returns a URL or None."""
    return format_html_join(
        "\n", "<p>{}</p>", ((_render_inline(paragraph, url_for_slug),) for paragraph in paragraphs(body))
    )
