"""Spelling suggestions for the site search: "gorbachov" finds and suggests "Gorbachev".

The words readers look for are names and titles: of people, glossary terms, events, sections,
articles, periods and topics. Those words, kept once per content generation, are the vocabulary;
a query word that is not in it is replaced by the vocabulary word most similar to it.

Similarity is PostgreSQL pg_trgm's ``similarity()``: the words are lower-cased, padded with two
spaces before and one after, cut into trigrams, and compared as sets (shared / all). On
PostgreSQL the database computes it (the vocabulary is sent as one array: no table or index is
needed); elsewhere the same measure is computed here, so both databases suggest the same word.
"""

import re

from django.db import connection

from articles.models import Article, Event, GlossaryEntry, Period, Person, Topic
from articles.public import selectors

# pg_trgm's default threshold is 0.3, which pairs words sharing a syllable; 0.4 keeps one or two
# wrong letters in a word of six or more ("gorbachov" and "gorbachev": 0.54).
THRESHOLD = 0.4
SHORTEST = 4  # shorter words have too few trigrams to tell a misspelling from another word
VOCABULARY_WORD = re.compile(r"[^\W\d_]{3,}")


def trigrams(word):
    """Return the trigrams of ``word`` as pg_trgm makes them (its ``show_trgm``)."""
    padded = f"  {word.lower()} "
    return {padded[index : index + 3] for index in range(len(padded) - 2)}


def similarity(first, second):
    """Return pg_trgm's ``similarity(first, second)``: shared trigrams over all trigrams."""
    a, b = trigrams(first), trigrams(second)
    return len(a & b) / len(a | b) if a or b else 0.0


def _vocabulary():
    """Return {lower-cased word: the word as first written} of the published names and titles."""
    sources = (
        Person.objects.published().values_list("name", "aliases"),
        GlossaryEntry.objects.published().values_list("term", "aliases"),
        Event.objects.published().values_list("title"),
        selectors.published_sections().values_list("title"),
        Article.objects.published().values_list("title"),
        Period.objects.values_list("name"),
        Topic.objects.values_list("name"),
    )
    words = {}
    for rows in sources:
        for row in rows.iterator():
            for value in row:
                text = " ".join(value) if isinstance(value, list) else str(value or "")
                for word in VOCABULARY_WORD.findall(text):
                    words.setdefault(word.lower(), word)
    return words


def vocabulary():
    return selectors.per_content_generation("search-vocabulary", _vocabulary)


def closest(word, words):
    """Return the word of ``words`` (lower-cased) most similar to ``word``, or None under THRESHOLD."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT candidate FROM unnest(%s::text[]) AS candidate WHERE similarity(candidate, %s) >= %s "
                "ORDER BY similarity(candidate, %s) DESC, candidate LIMIT 1",
                [words, word, THRESHOLD, word],
            )
            row = cursor.fetchone()
        return row[0] if row else None
    scored = ((similarity(word, candidate), candidate) for candidate in words)
    best = max(((score, candidate) for score, candidate in scored if score >= THRESHOLD), default=None)
    return best[1] if best else None


def suggest(words):
    """Return the query with each unknown word replaced by the closest known one, or None if no
    word changes."""
    known = vocabulary()
    corrected, changed = [], False
    for word in words:
        lower = word.lower()
        if lower in known or len(word) < SHORTEST:
            corrected.append(word)
            continue
        # Only words of a similar length can reach the threshold: skip the others unread.
        candidates = [candidate for candidate in known if abs(len(candidate) - len(lower)) <= len(lower) // 2]
        replacement = closest(lower, candidates)
        if replacement is None:
            corrected.append(word)
        else:
            corrected.append(known[replacement])
            changed = True
    return " ".join(corrected) if changed else None
