"""The section body markup: paragraphs separated by a blank line, links as [[Term]] or [[Term|text]].

Everything that is not a well-formed link is text and is escaped when rendered.
"""

import re
from copy import copy
from dataclasses import dataclass
from html import escape

from django.utils.safestring import mark_safe

from articles.importing.text import slugify
from articles.link_syntax import LINK, link_target, link_text, without_links

PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class Link:
    target: str
    text: str

    @property
    def slug(self):
        return slugify(self.target)


def _link(match):
    return Link(target=link_target(match), text=link_text(match))


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
    return without_links(body)


def person_key(person):
    """Return the key of a person's preview card (no glossary slug has a colon)."""
    return f"person:{person.slug}"


class GlossaryResolver:
    """Resolve links to glossary entries: by slug, else by the slug of the entry's term, else of an alias.

    The second way keeps a link working when an editor renamed the entry's slug or the
    importer had to add a suffix to make it unique; the third lets ``[[TSR]]`` link the entry
    that lists TSR among its aliases. Given ``people``, a link to a person's glossary entry
    points at the person's page, and ``mentions()`` finds their names in the text.
    """

    # Templates call callables they are given; this one takes an argument.
    do_not_call_in_templates = True

    def __init__(self, entries, people=()):
        self.entries = list(entries)
        self._by_alias = {slugify(alias): entry for entry in self.entries for alias in entry.aliases}
        self._by_term = {slugify(entry.term): entry for entry in self.entries}
        self._by_slug = {entry.slug: entry for entry in self.entries}
        # Shared with the copies with_people() makes: a record's URL does not depend on the article.
        self._urls = {}
        self._set_people(people)

    def _set_people(self, people):
        self.people = list(people)
        self._person_by_entry = {person.glossary_entry_id: person for person in self.people if person.glossary_entry_id}
        self._names = PersonNames(self.people)

    def with_people(self, people):
        """Return a resolver of the same entries for these people, sharing the entries' lookups.

        Rendering many articles against one set of entries builds those lookups once, not per article.
        """
        resolver = copy(self)
        resolver._set_people(people)
        return resolver

    def entry(self, link):
        """Return the entry the link points at, or None."""
        return self._by_slug.get(link.slug) or self._by_term.get(link.slug) or self._by_alias.get(link.slug)

    def __call__(self, link):
        """Return ``(url, key)`` of what the link points at (an entry, or its person), or None."""
        entry = self.entry(link)
        if entry is None:
            return None
        person = self._person_by_entry.get(entry.pk) if self._person_by_entry else None
        if person is not None:
            return self._url(person), person_key(person)
        return self._url(entry), entry.slug

    def _url(self, record):
        key = id(record)  # the resolver holds every record it resolves to: ids stay theirs
        if key not in self._urls:
            self._urls[key] = record.get_absolute_url()
        return self._urls[key]

    def mentions(self, text):
        """Return (start, end, url, key) for each person named in plain text, in order."""
        return [(start, end, self._url(person), person_key(person)) for start, end, person in self._names.find(text)]


class PersonNames:
    """Find people in text by full name, or by a shorter name only they have ("Gorbachev").

    A shorter name next to another capitalised word is some other name ("Kim" in "Kim Jong-il").
    """

    def __init__(self, people):
        owners = {}
        for person in people:
            for name in {person.name, *person.aliases}:
                if name.strip():
                    owners.setdefault(name.strip(), {})[id(person)] = person
        self._by_name = {name: next(iter(found.values())) for name, found in owners.items() if len(found) == 1}
        self._full = {person.name for person in people}
        names = sorted(self._by_name, key=len, reverse=True)
        self._pattern = (
            re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, names)) + r")(?![\w-])") if names else None
        )

    def find(self, text):
        if self._pattern is None:
            return []
        found = []
        for match in self._pattern.finditer(text):
            name = match.group()
            if name not in self._full and (
                NEXT_CAPITAL.match(text, match.end()) or _after_capital(text, match.start())
            ):
                continue
            found.append((match.start(), match.end(), self._by_name[name]))
        return found


NEXT_CAPITAL = re.compile(r"\s+[A-Z]")
PREVIOUS_CAPITAL = re.compile(r"[A-Z][\w-]*\s+$")


def _after_capital(text, position):
    return PREVIOUS_CAPITAL.search(text[max(0, position - 40) : position]) is not None


def _render_text(text, resolve, named):
    """Return plain text escaped, a person's first mention in the body linked to their page."""
    mentions = resolve.mentions(text) if hasattr(resolve, "mentions") else ()
    parts, position = [], 0
    for start, end, url, key in mentions:
        if key in named:
            continue
        named.add(key)
        parts.append(escape(text[position:start]))
        parts.append(
            f'<a class="glossary-link person-link" href="{escape(url)}" data-term="{escape(key)}">'
            f"{escape(text[start:end])}</a>"
        )
        position = end
    parts.append(escape(text[position:]))
    return "".join(parts)


def _render_inline(text, resolve, named):
    """Return the paragraph as HTML: its text escaped, each link an anchor (or a broken-link span)."""
    parts, position = [], 0
    for match in LINK.finditer(text):
        parts.append(_render_text(text[position : match.start()], resolve, named))
        link = _link(match)
        resolved = resolve(link)
        if resolved:
            url, slug = resolved
            parts.append(
                f'<a class="glossary-link" href="{escape(url)}" data-term="{escape(slug)}">{escape(link.text)}</a>'
            )
            named.add(slug)
        else:
            parts.append(f'<span class="broken-link">{escape(link.text)}</span>')
        position = match.end()
    parts.append(_render_text(text[position:], resolve, named))
    return "".join(parts)


def render_resolved(body, resolve):
    """Render the body as escaped HTML paragraphs; ``resolve(link)`` returns ``(url, slug)`` or None.

    The one way a body becomes HTML. When ``resolve`` also has ``mentions(text)`` (see
    GlossaryResolver), the first mention of each person in the body links to their page. Every
    piece of text, every URL and every term is escaped with the standard library's
    ``html.escape``, as Django's ``escape`` and ``format_html`` do, and the whole marked safe
    once: a format_html() per piece was a fifth of the article page's time, and of an import's
    refresh of the stored HTML.
    """
    named = set()
    return mark_safe("\n".join(f"<p>{_render_inline(paragraph, resolve, named)}</p>" for paragraph in paragraphs(body)))
