"""One search over sections, events, people and glossary entries, grouped by kind.

On PostgreSQL the database ranks full-text matches (``english`` configuration) from the vectors
stored in each table's ``search_vector`` column, a generated column with a GIN index (migration
``0009_stored_search_vectors``): the database keeps it current on every write. Elsewhere every
word of the query must appear, in any case, in one of the searched fields. Either way the matching words
are highlighted here: the text is escaped piece by piece and only the matches are wrapped in <mark>.
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL
from django.utils.html import format_html, format_html_join

from articles.markup import to_plain_text
from articles.models import Event, GlossaryEntry
from articles.public import selectors, spelling

MAX_QUERY_LENGTH = 200
MAX_WORDS = 10
RESULTS_PER_KIND = 10
SNIPPET_LENGTH = 220
CONFIG = "english"
WORD = re.compile(r"\w+(?:['’-]\w+)*")


def query_words(query):
    """Return the distinct words of a query, at most MAX_WORDS, from its first MAX_QUERY_LENGTH characters."""
    return list(dict.fromkeys(WORD.findall(query[:MAX_QUERY_LENGTH])))[:MAX_WORDS]


# The indexes that serve the search and the words filters were made by migrations, which repeat
# the fields below; tests/test_search_config.py fails when the two drift apart.

# model name -> the columns of its SQLite trigram index (migration 0010_sqlite_trigram_search).
TRIGRAM_INDEXED = {
    "article": ("title",),
    "section": ("title", "body"),
    "event": ("title", "description", "date_text"),
    "person": ("name", "aliases", "role", "country"),
    "glossaryentry": ("term", "aliases", "definition"),
}
TRIGRAM = 3  # the shortest word a trigram index can find


# model name -> the fields (in order) of its PostgreSQL ``words_text`` column (migration 0012).
WORDS_COLUMNS = {
    "event": ("title", "description", "date_text"),
    "person": ("name", "aliases"),
    "glossaryentry": ("term", "aliases", "definition"),
}


def matches_all_words(model, fields, words):
    """Return a Q where every word appears, in any case, in at least one of ``fields`` of ``model``.

    A word is ``icontains`` on each field (``UPPER(field) LIKE UPPER('%word%')`` on PostgreSQL,
    served by the pg_trgm indexes of migration 0007; ``LIKE '%word%'`` on SQLite, which reads
    every row), except:

    - on PostgreSQL, where the table has the fields' ``words_text`` column (migration 0012: the
      fields upper-cased, joined by line breaks, which no word holds): one LIKE on it, the same
      rows without upper-casing each field of each row again;
    - on SQLite, for words of three characters or more: looked up in the table's trigram index
      (migration 0010), the same substrings in any case without reading the rows (it folds case
      beyond ASCII, as PostgreSQL's ``UPPER`` does, where SQLite's ``LIKE`` folds ASCII only).
    """
    trigram_table, words_column = trigram_index(model, fields), words_text(model, fields)
    condition, indexed_words = Q(), []
    for word in words:
        if trigram_table and len(word) >= TRIGRAM:
            indexed_words.append(word)
        elif words_column:
            pattern = f"%{connection.ops.prep_for_like_query(word)}%"
            condition &= Q(RawSQL(f"{words_column} LIKE UPPER(%s)", [pattern], output_field=BooleanField()))
        else:
            in_any_field = Q()
            for field in fields:
                in_any_field |= Q(**{f"{field}__icontains": word})
            condition &= in_any_field
    if indexed_words:
        # FTS5 query syntax: {columns}: "phrase", every phrase required. The words are \w runs
        # with inner ' ’ -, never a double quote, so quoting each as a phrase is exact.
        columns = "{" + " ".join(fields) + "}"
        match = " AND ".join(f'{columns}: "{word}"' for word in indexed_words)
        ids = RawSQL(f"SELECT rowid FROM {trigram_table} WHERE {trigram_table} MATCH %s", [match])
        condition &= Q(pk__in=ids)
    return condition


def words_text(model, fields):
    """Return the quoted ``words_text`` column of ``model`` when it holds exactly ``fields``
    (PostgreSQL), or None."""
    if connection.vendor != "postgresql" or tuple(fields) != WORDS_COLUMNS.get(model._meta.model_name):
        return None
    return f"{connection.ops.quote_name(model._meta.db_table)}.words_text"


def trigram_index(model, fields):
    """Return the quoted name of the SQLite trigram index of ``model`` covering ``fields``, or None."""
    if connection.vendor != "sqlite" or not set(fields) <= set(TRIGRAM_INDEXED.get(model._meta.model_name, ())):
        return None
    return connection.ops.quote_name(f"{model._meta.db_table}_fts")


# The endings a searched word may have where it is marked: the full-text search finds a word's
# inflections ("treaty" finds "treaties" too, but those it cannot mark: they are other letters).
INFLECTIONS = "(?:s|es|'s|’s|ed|d|ing)?"


def _pattern(words):
    """Return the regular expression of the words as whole words, in any case, or None.

    A word matches only where it starts and ends a word of the text: "a" marks the word "a", not
    every letter a. A word of three letters or more may end in an inflection ("visit": "visits").
    """
    # Longest first, so that "Korean" is marked whole rather than as "Korea" + "n".
    alternatives = sorted({word for word in words if word}, key=len, reverse=True)
    if not alternatives:
        return None
    parts = [re.escape(word) + (INFLECTIONS if len(word) >= 3 else "") for word in alternatives]
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)


def highlight(text, words):
    """Return ``text`` escaped, with every case-insensitive occurrence of a whole word wrapped in <mark>."""
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


RELEVANCE, DATE = "relevance", "date"
ORDERS = {RELEVANCE: "Relevance", DATE: "Date"}
# Without full-text ranking (SQLite), this many matches of each kind, in date order, are scored
# here and the best shown: what the ranking reads beyond a page of hits.
RANKED_CANDIDATES = 100


@dataclass(frozen=True)
class SearchResults:
    query: str
    words: list
    groups: list
    order: str = RELEVANCE
    # When the query found nothing and a spelling of it does: the query searched instead.
    suggestion: str = ""

    @property
    def total(self):
        return sum(len(group.hits) for group in self.groups)

    @property
    def searched(self):
        """The query whose results these are."""
        return self.suggestion or self.query

    @property
    def count_label(self):
        """ "12 results", or "40+ results" when a kind has more matches than it shows."""
        more = "+" if any(group.has_more for group in self.groups) else ""
        return f"{self.total}{more} result{'s' * (self.total != 1 or bool(more))}"


def uses_full_text_search():
    return connection.vendor == "postgresql"


def stored_vector(model):
    """The ``search_vector`` column of ``model``'s table (PostgreSQL; not a model field, so that no
    write names it: the database computes it from ``kind.fields``, see migration 0009)."""
    table = connection.ops.quote_name(model._meta.db_table)
    return RawSQL(f"{table}.search_vector", [], output_field=SearchVectorField())


def matching(kind, query, words, order=RELEVANCE):
    """Return the published records of ``kind`` that match: best first (PostgreSQL's rank), or in
    their own order (events by date) with ``order=DATE`` and on other databases."""
    queryset = kind.queryset()
    if uses_full_text_search():
        vector = stored_vector(queryset.model)
        search_query = SearchQuery(query[:MAX_QUERY_LENGTH], search_type="websearch", config=CONFIG)
        matches = queryset.alias(search=vector).filter(search=search_query)
        if order == DATE:
            return matches
        return matches.annotate(rank=SearchRank(vector, search_query)).order_by("-rank", *queryset.model._meta.ordering)
    return queryset.filter(matches_all_words(queryset.model, kind.fields, words))


def relevance(record, fields, pattern, words):
    """Score a record for ``words``: whole words count more than parts of words, and the first
    field (a title or name) more than the others. Where the database does not rank."""
    score = 0.0
    for position, field in enumerate(fields):
        text = str(getattr(record, field) or "")
        weight = 3 if position == 0 else 1
        score += weight * 2 * len(pattern.findall(text))
        lower = text.lower()
        score += weight * sum(word.lower() in lower for word in words)
    return score


def ranked(kind, query, words, limit, order):
    """Return the first ``limit`` + 1 hits of ``kind``, in the order asked for (one query)."""
    matches = matching(kind, query, words, order)
    if order == DATE or uses_full_text_search():
        return list(matches[: limit + 1])
    candidates = list(matches[:RANKED_CANDIDATES])
    pattern = _pattern(words)
    # sorted() keeps the date order among equal scores.
    candidates.sort(key=lambda record: relevance(record, kind.fields, pattern, words), reverse=True)
    return candidates[: limit + 1]


def search_words(query, words, *, limit, order):
    groups = []
    for kind in KINDS:
        rows = ranked(kind, query, words, limit, order)
        hits = [Hit(row, snippet(kind.text(row), words)) for row in rows[:limit]]
        groups.append(ResultGroup(kind, hits, has_more=len(rows) > limit))
    return groups


def search(query, *, limit=RESULTS_PER_KIND, order=RELEVANCE):
    """Search every kind for ``query``: one query per kind, at most ``limit`` hits each.

    When nothing matches and a spelling of the query's words does ("gorbachov": "Gorbachev"),
    the results are those of that spelling, given as ``suggestion``.
    """
    order = order if order in ORDERS else RELEVANCE
    words = query_words(query)
    if not words:
        return SearchResults(query, words, [], order)
    groups = search_words(query, words, limit=limit, order=order)
    if not any(group.hits for group in groups):
        suggestion = spelling.suggest(words)
        if suggestion:
            suggested_words = query_words(suggestion)
            suggested = search_words(suggestion, suggested_words, limit=limit, order=order)
            if any(group.hits for group in suggested):
                return SearchResults(query, suggested_words, suggested, order, suggestion)
    return SearchResults(query, words, groups, order)
