"""Parse a text capture of an encyclopedia page into a ParsedArticle.

Pure Python: text in, frozen dataclasses out. ``decode_source`` turns a file's bytes into text
or refuses them with one line; ``parse_article`` reads the text.
"""

import hashlib
import re
from functools import lru_cache

from articles.importing.capture import Heading, Line, read_capture
from articles.importing.dates import find_dates
from articles.importing.document import (
    GlossaryTerm,
    ImportFormatError,
    ParsedArticle,
    ParsedEvent,
    ParsedPerson,
    ParsedSection,
)
from articles.importing.links import continues_word, split_anchor, split_glued
from articles.importing.people import find_people
from articles.importing.text import has_whole_phrase, slugify, unique_slug

LEAD_TITLE = "Introduction"
NO_SPACE_BEFORE = tuple(".,;:!?)]}%…”’'»—")
SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*$")
# "countries.On July": a sentence glued to the next one by the capture. The stop comes first
# (looked behind at once) so the engine skips to stops instead of trying every place.
GLUED_SENTENCE = re.compile(r"([.!?])(?<=[a-z0-9]{2}[.!?])(?=[A-Z][a-z])")
REPEATED_WORD = re.compile(r"\b([a-z]+) \1\b")
DELIBERATE_REPEATS = {"had", "that"}
# The link patterns exclude "[" from what a link holds: each start then scans only to the next
# "[", so a line of thousands of "[[" is read in linear time, not quadratic.
LINK_MARKUP = re.compile(r"(\[\[[^\[\]]*\]\])")
ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "gen", "col", "lt", "sgt", "vs", "etc", "no", "jr", "sr", "prof"}
EVENT_TITLE_LENGTH = 100
MAX_LINE_CHARACTERS = 20_000  # the seed's longest line has 420
CLAUSE_OPENERS = re.compile(r"^(?:while|whereas|and|but|although|however|as|when)\s+", re.IGNORECASE)
HTML_START = re.compile(r"^\s*(?:<!doctype\s+html|<html|<head|<body|<\?xml)", re.IGNORECASE)
# C0 control characters other than tab, line feed, form feed and carriage return: text has few.
CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20)])
LEADING_PUNCTUATION = re.compile(r"^[\s.,;:]+(?=\S)")
WORD_CHARACTER = re.compile(r"\w")
SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"“‘(]?[A-Z0-9])")
INITIALISM = re.compile(r"(?:[A-Za-z]\.)+")
LINK = re.compile(r"\[\[([^\[\]|]+)(?:\|([^\[\]]+))?\]\]")
LINKED_TITLE = re.compile(r"\[\[([^\]|]+)")


def decode_source(data, *, max_bytes=20 * 1024 * 1024):
    """Return the text of a source file's bytes, or raise ImportFormatError with one line."""
    if len(data) > max_bytes:
        raise ImportFormatError(f"the file is {len(data):,} bytes, over the {max_bytes:,}-byte limit")
    if not data.strip():
        raise ImportFormatError("the file is empty")
    if b"\x00" in data:
        raise ImportFormatError("the file is binary data, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFormatError(f"the file is not UTF-8 text (invalid byte at offset {error.start})") from None
    # Counted in the bytes, where UTF-8 writes each of them as one byte found in no other
    # character: deleting them is one fast pass in C, quicker than any scan of the text.
    controls = len(data) - len(data.translate(None, CONTROL_BYTES))
    if controls > max(2, len(text) // 1000):
        raise ImportFormatError("the file is binary data, not text")
    return text


def _one_of_a_repeat(match):
    return match.group(0) if match.group(1) in DELIBERATE_REPEATS else match.group(1)


def _repair(text):
    """Mend the capture's glued sentences and doubled words in plain text (not in links)."""
    parts = LINK_MARKUP.split(text)
    for index in range(0, len(parts), 2):
        part = GLUED_SENTENCE.sub(r"\1 ", parts[index])
        parts[index] = REPEATED_WORD.sub(_one_of_a_repeat, part)
    return "".join(parts)


def _link_markup(title, anchor):
    title, anchor = title.replace("|", "/").strip(), anchor.replace("|", "/").strip()
    for bracket in "[]":
        title, anchor = title.replace(bracket, ""), anchor.replace(bracket, "")
    return f"[[{title}]]" if anchor == title else f"[[{title}|{anchor}]]"


def _resolve_glued_titles(items):
    """Tell each glued line's title from its text, using the titles and definitions seen whole."""
    title_by_definition, titles = {}, set()
    for item in items:
        if isinstance(item, Line) and item.link and not item.glued:
            title_by_definition.setdefault(item.link.definition, item.link.title)
            titles.add(item.link.title)
    for item in items:
        if isinstance(item, Line) and item.glued:
            known = title_by_definition.get(item.link.definition)
            item.text, item.link.title = split_glued(item.glued, known, titles)
            item.glued = None


class _Assembler:
    """Join the capture's lines into sections of paragraphs written in link markup."""

    def __init__(self, items):
        self.items = items
        self.sections = []  # [title, [paragraph, …]]
        self.terms = {}  # title -> {"definition": …, "aliases": […]}
        self.section_terms = []
        self.buffer = ""
        self.previous = None

    def run(self):
        self.start_section(LEAD_TITLE)
        for index, item in enumerate(self.items):
            if isinstance(item, Heading):
                self.end_paragraph()
                self.start_section(item.title)
                self.previous = None
                continue
            self.add_line(item, index)
        self.end_paragraph()
        return self.sections

    def start_section(self, title):
        self.sections.append([title, []])
        self.section_terms.append([])

    def end_paragraph(self):
        paragraph = LEADING_PUNCTUATION.sub("", self.buffer.strip())
        if WORD_CHARACTER.search(paragraph):
            self.sections[-1][1].append(paragraph)
        self.buffer = ""

    def add_line(self, line, index):
        text = line.text
        previous = self.previous
        if previous is not None and previous.link is not None:
            # The line goes on after a link; a cut word completes the link's text.
            suffix = continues_word(previous.anchor, text)
            if suffix:
                self.buffer = self.buffer[: -len(previous.markup)]
                previous.anchor += suffix
                previous.markup = _link_markup(previous.link.title, previous.anchor)
                self.buffer += previous.markup
                text = text[len(suffix) :].lstrip()
            separator = "" if not text or text.startswith(NO_SPACE_BEFORE) or text[:2] in ("'s", "’s") else " "
            if line.paragraph_before:
                self.end_paragraph()
                separator = ""
        elif previous is None or line.paragraph_before or SENTENCE_END.search(previous.text):
            self.end_paragraph()
            separator = ""
        else:
            separator = " "
        if line.link is not None:
            before, anchor = split_anchor(
                text, line.link.title, follows_link=previous is not None and previous.link is not None
            )
            line.anchor = anchor
            line.markup = _link_markup(line.link.title, anchor)
            piece = _repair(before) + line.markup
        else:
            piece = _repair(text)
        if self.buffer and separator == " " and self.buffer.endswith(" "):
            separator = ""
        self.buffer += separator + piece if self.buffer else piece
        self.previous = line

    def glossary(self):
        """Return {title: (definition, [anchors])} in first-link order."""
        terms = {}
        for item in self.items:
            if isinstance(item, Line) and item.link is not None:
                entry = terms.setdefault(item.link.title, (item.link.definition, []))
                anchor = item.anchor or item.link.title
                if anchor not in entry[1]:
                    entry[1].append(anchor)
        return terms


def split_sentences(text):
    """Split plain text into sentences, keeping abbreviations ("U.S.", "Dr.") inside them."""
    sentences, start = [], 0
    for match in SENTENCE_BREAK.finditer(text):
        before = text[start : match.start() + 1]
        last_word = before.split()[-1] if before.split() else ""
        if INITIALISM.fullmatch(last_word) or last_word.rstrip(".").lower() in ABBREVIATIONS:
            continue
        sentences.append(text[start : match.end()].strip())
        start = match.end()
    if text[start:].strip():
        sentences.append(text[start:].strip())
    return sentences


def _plain(markup):
    return LINK.sub(lambda m: m.group(2) or m.group(1), markup)


CLAUSE_BREAK = re.compile(r";\s+|,\s+(?=(?:while|whereas|but)\b)")


@lru_cache(maxsize=16)
def _clause_breaks(sentence):
    return list(CLAUSE_BREAK.finditer(sentence))  # once per sentence, not once per date in it


def clause_around(sentence, position):
    """Return the clause of the sentence that holds ``position`` (split at ';' and ', while')."""
    breaks = _clause_breaks(sentence)
    start = max([match.end() for match in breaks if match.end() <= position], default=0)
    end = min([match.start() for match in breaks if match.start() > position], default=len(sentence))
    clause = sentence[start:end].strip()
    return CLAUSE_OPENERS.sub("", clause) if start else clause


def event_title(sentence, position):
    """Return a short title for the statement around a date: its clause, shortened at a word."""
    return _title_of_clause(clause_around(sentence, position))


def _title_of_clause(clause):
    clause = clause.rstrip(" .;,")
    clause = clause[:1].upper() + clause[1:]
    if len(clause) <= EVENT_TITLE_LENGTH:
        return clause
    return clause[: EVENT_TITLE_LENGTH - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def date_slug(value):
    if value.start is None:
        return "undated"
    if value.precision == "day":
        return value.start.isoformat()
    if value.precision == "month":
        return value.start.strftime("%Y-%m")
    if value.precision in ("decade", "century"):
        return f"{value.start.year}s"
    return str(value.start.year)


def _check_line_lengths(text):
    """Refuse a line no capture has: a paragraph is a few thousand characters at most, and work on a
    line grows faster than its length (each date in it is titled from its sentence)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if len(line) > MAX_LINE_CHARACTERS:
            raise ImportFormatError(
                f"line {number} is {len(line):,} characters long, over the limit of {MAX_LINE_CHARACTERS:,}"
            )


def parse_article(text):
    """Return the ParsedArticle of a captured page's text, or raise ImportFormatError."""
    if HTML_START.match(text[:1000].lstrip("\ufeff")):
        raise ImportFormatError("the file is an HTML page, not a text capture of an article")
    _check_line_lengths(text)
    capture = read_capture(text)
    _resolve_glued_titles(capture.items)
    assembler = _Assembler(capture.items)
    raw_sections = assembler.run()
    if not any(paragraphs for _, paragraphs in raw_sections):
        raise ImportFormatError(f"'{capture.title[:80]}' has a title but no body")
    article_slug = slugify(capture.title) or "article"

    terms = assembler.glossary()
    term_slugs, glossary = {}, []
    taken = set()
    for title, (definition, aliases) in terms.items():
        slug = unique_slug(slugify(title), taken, fallback="term")
        term_slugs[title] = slug
        glossary.append(GlossaryTerm(term=title, slug=slug, definition=definition, aliases=tuple(aliases)))

    section_slugs, taken = [], set()
    for title, _ in raw_sections:
        section_slugs.append(unique_slug(slugify(title), taken, fallback="section"))

    # Sentences in reading order, with the section each belongs to.
    sentences = []
    for section_index, (_, paragraphs) in enumerate(raw_sections):
        for paragraph in paragraphs:
            for sentence in split_sentences(_plain(paragraph)):
                sentences.append((section_index, sentence))
    blocked = set(re.findall(r"[A-Z][a-z]+", capture.title))
    found_people, mentions = find_people(
        [sentence for _, sentence in sentences],
        {title: (term_slugs[title], definition) for title, (definition, _) in terms.items()},
        blocked_words=blocked,
    )
    person_slugs, taken = {}, set()
    people = []
    for person in found_people:
        slug = unique_slug(slugify(person.name), taken, fallback="person")
        person_slugs[id(person)] = slug
        people.append(
            ParsedPerson(
                name=person.name,
                slug=slug,
                aliases=tuple(person.aliases),
                role=person.role,
                country=person.country,
                glossary_term=person.glossary_term,
            )
        )

    section_people = [[] for _ in raw_sections]
    events, event_slugs, keys = [], set(), set()
    for (section_index, sentence), named in zip(sentences, mentions, strict=True):
        slugs = [person_slugs[id(person)] for person in named]
        for slug in slugs:
            if slug not in section_people[section_index]:
                section_people[section_index].append(slug)
        for mention in find_dates(sentence):
            clause = clause_around(sentence, mention.start)
            title = _title_of_clause(clause)
            named_here = [
                person_slugs[id(person)]
                for person in named
                if any(has_whole_phrase(word, clause) for word in [person.name, *person.parts])
            ]
            digest = hashlib.sha1(
                f"{section_slugs[section_index]}|{sentence}|{mention.value.text}|{mention.start}".encode()
            ).hexdigest()[:16]
            key = unique_slug(f"{article_slug[:60]}:{digest}", keys)
            slug = unique_slug(f"{date_slug(mention.value)}-{slugify(title)[:80]}".strip("-"), event_slugs)
            events.append(
                ParsedEvent(
                    key=key,
                    title=title,
                    slug=slug,
                    description=sentence,
                    date=mention.value,
                    section=section_slugs[section_index],
                    people=tuple(named_here),
                    text_for_topics=clause,
                )
            )

    sections = []
    for order, ((title, paragraphs), slug) in enumerate(zip(raw_sections, section_slugs, strict=True)):
        linked = []
        for paragraph in paragraphs:
            for match in LINKED_TITLE.finditer(paragraph):
                term_slug = term_slugs.get(match.group(1).strip()) or slugify(match.group(1))
                if term_slug not in linked:
                    linked.append(term_slug)
        sections.append(
            ParsedSection(
                title=title,
                slug=slug,
                order=order,
                paragraphs=tuple(paragraphs),
                terms=tuple(linked),
                people=tuple(section_people[order]),
            )
        )
    return ParsedArticle(
        title=capture.title,
        slug=article_slug,
        sections=tuple(sections),
        glossary=tuple(glossary),
        people=tuple(people),
        events=tuple(events),
    )
