"""One search over sections, events, people and glossary entries, grouped by kind.

On PostgreSQL the database ranks full-text matches (``english`` configuration; the vectors are
the expressions the GIN indexes of migration ``0003_search_indexes`` cover). Elsewhere every word
of the query must appear, in any case, in one of the searched fields. Either way the matching words
are highlighted here: the text is escaped piece by piece and only the matches are wrapped in <mark>.
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q
from django.utils.html import format_html, format_html_join

from articles import selectors
from articles.markup import to_plain_text
from articles.models import Event, GlossaryEntry

MAX_QUERY_LENGTH = 200
MAX_WORDS = 10
RESULTS_PER_KIND = 10
SNIPPET_LENGTH = 220
CONFIG = "english"
WORD = re.compile(r"\w+(?:['’-]\w+)*")


def query_words(query):
    """Return the distinct words of a query, at most MAX_WORDS, from its first MAX_QUERY_LENGTH characters."""
    return list(dict.fromkeys(WORD.findall(query[:MAX_QUERY_LENGTH])))[:MAX_WORDS]


def matches_all_words(fields, words):
    """Return a Q where every word appears (icontains) in at least one of ``fields``."""
    condition = Q()
    for word in words:
        in_any_field = Q()
        for field in fields:
            in_any_field |= Q(**{f"{field}__icontains": word})
        condition &= in_any_field
    return condition


def _pattern(words):
    # Longest first, so that "Korean" is marked whole rather than as "Korea" + "n".
    alternatives = sorted({word for word in words if word}, key=len, reverse=True)
    return re.compile("|".join(re.escape(word) for word in alternatives), re.IGNORECASE) if alternatives else None


def highlight(text, words):
    """Return ``text`` escaped, with every case-insensitive occurrence of a word wrapped in <mark>."""
    text = str(text)
    pattern = _pattern(words)
    if pattern is None:
        return format_html("{}", text)
    parts, position = [], 0
    for match in pattern.finditer(text):
        parts.append(format_html("{}", text[position : match.start()]))
        parts.append(format_html("<mark>{}</mark>", match.group()))
        position = match.end()
    parts.append(format_html("{}", text[position:]))
    return format_html_join("", "{}", ((part,) for part in parts))


def snippet(text, words, length=SNIPPET_LENGTH):
    """Return about ``length`` characters of ``text`` around its first matching word, cut at spaces."""
    text = " ".join(str(text).split())
    if len(text) <= length:
        return text
    pattern = _pattern(words)
    match = pattern.search(text) if pattern else None
    start = max(0, (match.start() if match else 0) - length // 3)
    if start:
        start = text.find(" ", start) + 1 or start
    end = min(len(text), start + length)
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    fields: tuple
    queryset: object  # a callable returning the published records of this kind
    text: object  # a callable returning the text a hit's snippet is taken from


KINDS = (
    Kind(
        "sections",
        "Article sections",
        ("title", "body"),
        selectors.published_sections,
        lambda section: to_plain_text(section.body),
    ),
    Kind(
        "events",
        "Events",
        ("title", "description", "date_text"),
        lambda: Event.objects.published().select_related("period"),
        lambda event: event.description,
    ),
    Kind(
        "people",
        "People",
        ("name", "role", "country"),
        selectors.published_people,
        lambda person: ", ".join(part for part in (person.role, person.country) if part),
    ),
    Kind(
        "glossary",
        "Glossary",
        ("term", "definition"),
        GlossaryEntry.objects.published,
        lambda entry: entry.definition,
    ),
)


@dataclass(frozen=True)
class Hit:
    object: object
    snippet: str


@dataclass(frozen=True)
class ResultGroup:
    kind: Kind
    hits: list
    has_more: bool


@dataclass(frozen=True)
class SearchResults:
    query: str
    words: list
    groups: list

    @property
    def total(self):
        return sum(len(group.hits) for group in self.groups)


def uses_full_text_search():
    return connection.vendor == "postgresql"


def matching(kind, query, words):
    """Return the published records of ``kind`` that match, best first."""
    queryset = kind.queryset()
    if uses_full_text_search():
        vector = SearchVector(*kind.fields, config=CONFIG)
        search_query = SearchQuery(query[:MAX_QUERY_LENGTH], search_type="websearch", config=CONFIG)
        return (
            queryset.annotate(search=vector, rank=SearchRank(vector, search_query))
            .filter(search=search_query)
            .order_by("-rank", *queryset.model._meta.ordering)
        )
    return queryset.filter(matches_all_words(kind.fields, words))


def search(query, *, limit=RESULTS_PER_KIND):
    """Search every kind for ``query``: one query per kind, at most ``limit`` hits each."""
    words = query_words(query)
    if not words:
        return SearchResults(query, words, [])
    groups = []
    for kind in KINDS:
        rows = list(matching(kind, query, words)[: limit + 1])
        hits = [Hit(row, snippet(kind.text(row), words)) for row in rows[:limit]]
        groups.append(ResultGroup(kind, hits, has_more=len(rows) > limit))
    return SearchResults(query, words, groups)
