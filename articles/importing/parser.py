"""Parse a text capture of an encyclopedia page into a ParsedArticle.

Pure Python: text in, frozen dataclasses out. ``decode_source`` turns a file's bytes into text
or refuses them with one line; ``parse_article`` reads the text.
"""

import re

from articles.importing.capture import Heading, Line, read_capture
from articles.importing.definitions import repair_definition
from articles.importing.document import (
    GlossaryTerm,
    ImportFormatError,
    ParsedArticle,
    ParsedPerson,
    ParsedSection,
)
from articles.importing.events import find_events
from articles.importing.links import continues_word, split_anchor, split_glued
from articles.importing.people import find_people
from articles.importing.text import slugify, unique_slug
from articles.link_syntax import LINK, link_target, split_at_links, without_links, write_link

LEAD_TITLE = "Introduction"
NO_SPACE_BEFORE = tuple(".,;:!?)]}%…”’'»—")
SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*$")
# "countries.On July": a sentence glued to the next one by the capture. The stop comes first
# (looked behind at once) so the engine skips to stops instead of trying every place.
GLUED_SENTENCE = re.compile(r"([.!?])(?<=[a-z0-9]{2}[.!?])(?=[A-Z][a-z])")
REPEATED_WORD = re.compile(r"\b([a-z]+) \1\b")
DELIBERATE_REPEATS = {"had", "that"}
ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "gen", "col", "lt", "sgt", "vs", "etc", "no", "jr", "sr", "prof"}
MAX_LINE_CHARACTERS = 20_000  # the longest line of a real capture is a few hundred characters
HTML_START = re.compile(r"^\s*(?:<!doctype\s+html|<html|<head|<body|<\?xml)", re.IGNORECASE)
# C0 control characters other than tab, line feed, form feed and carriage return: text has few.
CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20)])
LEADING_PUNCTUATION = re.compile(r"^[\s.,;:]+(?=\S)")
WORD_CHARACTER = re.compile(r"\w")
SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"“‘(]?[A-Z0-9])")
INITIALISM = re.compile(r"(?:[A-Za-z]\.)+")


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
    parts = split_at_links(text)
    for index in range(0, len(parts), 2):
        part = GLUED_SENTENCE.sub(r"\1 ", parts[index])
        parts[index] = REPEATED_WORD.sub(_one_of_a_repeat, part)
    return "".join(parts)


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
                previous.markup = write_link(previous.link.title, previous.anchor)
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
            line.markup = write_link(line.link.title, anchor)
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
    capture, assembler, raw_sections = _read_sections(text)
    article_slug = slugify(capture.title) or "article"
    terms = assembler.glossary()
    term_slugs, glossary = _glossary(terms)
    section_slugs = _unique_slugs([title for title, _ in raw_sections], fallback="section")
    sentences = _sentences(raw_sections)
    found_people, mentions = find_people(
        [sentence for _, sentence in sentences],
        {title: (term_slugs[title], definition) for title, (definition, _) in terms.items()},
        blocked_words=set(re.findall(r"[A-Z][a-z]+", capture.title)),
    )
    people, person_slugs = _people(found_people)
    events = find_events(
        [(section_slugs[section_index], sentence) for section_index, sentence in sentences],
        [[person_slugs[id(person)] for person in named] for named in mentions],
        {person_slugs[id(person)]: person for person in found_people},
        article_slug,
    )
    section_people = _people_by_section(len(raw_sections), sentences, mentions, person_slugs)
    return ParsedArticle(
        title=capture.title,
        slug=article_slug,
        sections=_sections(raw_sections, section_slugs, term_slugs, section_people),
        glossary=glossary,
        people=people,
        events=events,
    )


def _read_sections(text):
    """Read the capture and join its lines into sections; refuse a page with no body."""
    if HTML_START.match(text[:1000].lstrip("\ufeff")):
        raise ImportFormatError("the file is an HTML page, not a text capture of an article")
    _check_line_lengths(text)
    capture = read_capture(text)
    _resolve_glued_titles(capture.items)
    assembler = _Assembler(capture.items)
    raw_sections = assembler.run()
    if not any(paragraphs for _, paragraphs in raw_sections):
        raise ImportFormatError(f"'{capture.title[:80]}' has a title but no body")
    return capture, assembler, raw_sections


def _unique_slugs(names, fallback):
    taken = set()
    return [unique_slug(slugify(name), taken, fallback=fallback) for name in names]


def _glossary(terms):
    """Return ({term: slug}, the GlossaryTerms) of the linked terms, definitions repaired."""
    slugs = dict(zip(terms, _unique_slugs(list(terms), fallback="term"), strict=True))
    glossary = []
    for title, (definition, aliases) in terms.items():
        repaired = repair_definition(definition, title)
        glossary.append(
            GlossaryTerm(
                term=title,
                slug=slugs[title],
                definition=repaired.text,
                aliases=tuple(aliases),
                source_definition=definition if repaired.changed else "",
                review=repaired.review,
            )
        )
    return slugs, tuple(glossary)


def _sentences(raw_sections):
    """Return (section index, sentence) of every sentence, in reading order, links as their text."""
    return [
        (section_index, sentence)
        for section_index, (_, paragraphs) in enumerate(raw_sections)
        for paragraph in paragraphs
        for sentence in split_sentences(without_links(paragraph))
    ]


def _people(found_people):
    """Return the ParsedPersons and {id(found person): slug}."""
    slugs = _unique_slugs([person.name for person in found_people], fallback="person")
    person_slugs = {id(person): slug for person, slug in zip(found_people, slugs, strict=True)}
    people = tuple(
        ParsedPerson(
            name=person.name,
            slug=slug,
            aliases=tuple(person.aliases),
            role=person.role,
            country=person.country,
            glossary_term=person.glossary_term,
            review="" if person.role and person.country else "role or country not found",
        )
        for person, slug in zip(found_people, slugs, strict=True)
    )
    return people, person_slugs


def _people_by_section(count, sentences, mentions, person_slugs):
    """Return, per section, the slugs of the people its sentences name, in first-mention order."""
    section_people = [[] for _ in range(count)]
    for (section_index, _), named in zip(sentences, mentions, strict=True):
        for person in named:
            slug = person_slugs[id(person)]
            if slug not in section_people[section_index]:
                section_people[section_index].append(slug)
    return section_people


def _sections(raw_sections, section_slugs, term_slugs, section_people):
    """Return the ParsedSections, each with the glossary terms it links in first-link order."""
    sections = []
    for order, ((title, paragraphs), slug) in enumerate(zip(raw_sections, section_slugs, strict=True)):
        linked = []
        for paragraph in paragraphs:
            for match in LINK.finditer(paragraph):
                term_slug = term_slugs.get(link_target(match)) or slugify(match.group(1))
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
    return tuple(sections)
