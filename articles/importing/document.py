"""The parsed article: frozen dataclasses the parser returns and the import service writes."""

from dataclasses import dataclass, field
from datetime import date


class ImportFormatError(ValueError):
    """The input is not an article in a format the importer reads; the message is one line."""


@dataclass(frozen=True)
class GlossaryTerm:
    term: str
    slug: str
    definition: str
    aliases: tuple[str, ...] = ()
    source_definition: str = ""  # the definition as captured, when the importer repaired it
    review: str = ""  # why an editor should check the entry; "" when nothing is in doubt


@dataclass(frozen=True)
class ParsedSection:
    title: str
    slug: str
    order: int
    paragraphs: tuple[str, ...]  # each in link markup: [[Term]] / [[Term|anchor]]
    terms: tuple[str, ...] = ()  # slugs of the glossary terms linked, in first-link order
    people: tuple[str, ...] = ()  # slugs of the people mentioned

    @property
    def body(self):
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True)
class PartialDate:
    """A date known to a precision: day, month, year, decade or century ("" when undated)."""

    start: date | None
    precision: str
    end: date | None = None
    text: str = ""


@dataclass(frozen=True)
class ParsedPerson:
    name: str
    slug: str
    aliases: tuple[str, ...] = ()
    role: str = ""
    country: str = ""
    glossary_term: str | None = None  # slug of the person's glossary entry
    review: str = ""


@dataclass(frozen=True)
class ParsedEvent:
    key: str  # stable across re-imports of the same statement
    title: str
    slug: str
    description: str  # the source sentence, links reduced to their text
    date: PartialDate
    section: str  # slug of the section the statement is in
    people: tuple[str, ...] = ()  # slugs
    text_for_topics: str = ""
    review: str = ""  # why an editor should check the date or title; "" when the source says it


@dataclass(frozen=True)
class ParsedArticle:
    title: str
    slug: str
    sections: tuple[ParsedSection, ...]
    glossary: tuple[GlossaryTerm, ...] = ()
    people: tuple[ParsedPerson, ...] = ()
    events: tuple[ParsedEvent, ...] = field(default=())
    # Where the text comes from (its title is the article's) and under which licence: given by
    # whoever imports it, since the capture does not say.
    source_url: str = ""
    licence: str = ""
    retrieved: date | None = None
