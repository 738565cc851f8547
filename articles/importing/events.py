"""Find the dated events an article's sentences state, each with a headline and its people.

A sentence states one event per date it gives. A date that sits in the adverbial opening the
sentence and only describes something there ("Following Japan's 1910-1945 occupation of Korea,
the Cold War … created …") is background: when the main statement has a date of its own, the
background date states no event; when it has none, the event is dated by it as well as it can be
(after a span: its end) and flagged for review.
"""

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from functools import partial

from articles.importing.dates import find_dates
from articles.importing.document import ParsedEvent, PartialDate
from articles.importing.headlines import headline, headline_before_phrase, opening_pieces, participle_headline
from articles.importing.text import has_whole_phrase, slugify, unique_slug
from articles.partial_dates import as_key


@dataclass(frozen=True)
class Retitles:
    """Ways to retitle an event whose title another event shares."""

    with_suffix: object  # suffix -> its Headline shortened to take the suffix
    from_own_phrase: object  # () -> the Headline of the phrase its date ends, or None
    before_phrase: object  # another date's span -> the Headline without the phrase that date ends, or None
    clause: str  # the clause it is titled from
    own: tuple  # its date's span in the clause
    date_review: str  # why its date needs review, "" if it does not


CLAUSE_BREAK = re.compile(r";\s+|,\s+(?=(?:while|whereas|but)\b)")
CLAUSE_OPENERS = re.compile(r"(?:while|whereas|and|but|although|however|as|when)\s+", re.IGNORECASE)
# An event after what a background date dates: "following Japan's 1910-1945 occupation".
AFTER = re.compile(r"\b(?:after|following|since)\b", re.IGNORECASE)


def clause_span(sentence, position):
    """Return (start, end) of the clause of the sentence holding ``position`` (split at ';', ', while')."""
    breaks = list(CLAUSE_BREAK.finditer(sentence))
    start = max([match.end() for match in breaks if match.end() <= position], default=0)
    end = min([match.start() for match in breaks if match.start() > position], default=len(sentence))
    while start < end and sentence[start].isspace():
        start += 1
    if start:
        opener = CLAUSE_OPENERS.match(sentence, start)
        if opener:
            start = opener.end()
    return start, end


def date_slug(value):
    return as_key(value.start, value.precision) or "undated"


def _short_names(people):
    """Return {full name: the one-word name the text also uses}, for people who have one."""
    short = {}
    for person in people:
        singles = [alias for alias in person.aliases if " " not in alias and alias in person.name.split()]
        if len(person.name.split()) > 1 and singles:
            short[person.name] = singles[0]
    return short


def _background(clause, spans, mention_span):
    """Tell whether a date only describes something in the clause's opening, not its statement.

    Return (background, after): ``after`` when the opening places the statement after it.
    """
    for piece_start, piece_end, is_date_phrase in opening_pieces(clause, spans):
        if piece_start <= mention_span[0] and mention_span[1] <= piece_end:
            if is_date_phrase:
                return False, False
            return True, bool(AFTER.search(clause[piece_start : mention_span[0]]))
    return False, False


def _dated_after(value):
    """Return the date just after a background date: its span's end year (or its own year)."""
    day = value.end or value.start
    return PartialDate(date(day.year, 1, 1), "year", None, value.text)


MAX_DATES_PER_SENTENCE = 12
# A headline comes from a clause's opening words; past this many characters a clause is a list or
# a table read as text, and working over all of it would grow with its square.
TITLED_CLAUSE_LENGTH = 1_000


def _titled_part(clause, spans):
    """Return the start of the clause a headline is made from, and the date spans inside it."""
    if len(clause) <= TITLED_CLAUSE_LENGTH:
        return clause, spans
    cut = clause.rfind(" ", 0, TITLED_CLAUSE_LENGTH)
    cut = cut if cut > 0 else TITLED_CLAUSE_LENGTH
    return clause[:cut], [span for span in spans if span[1] <= cut]


def _sentence_events(sentence, short_names):
    """Yield (mention's start, its date, its clause, its Headline, review reason, Retitles) per event stated."""
    # A sentence states a few dated events; one naming more dates than this is a list or a table
    # read as text, and titling each of its dates from the whole sentence would grow with its square.
    mentions = find_dates(sentence)[:MAX_DATES_PER_SENTENCE]
    for mention in mentions:
        start, end = clause_span(sentence, mention.start)
        clause = sentence[start:end]
        spans = [(m.start - start, m.end - start) for m in mentions if start <= m.start and m.end <= end]
        own = (mention.start - start, mention.end - start)
        value, review = mention.value, ""
        titled, titled_spans = _titled_part(clause, spans)
        background, after = _background(titled, titled_spans, own)
        if background:
            if any(not _background(titled, titled_spans, other)[0] for other in titled_spans if other != own):
                continue  # the statement has a date of its own
            if after and value.start is not None:
                value = _dated_after(value)
            review = "date taken from a phrase before the statement"
        title = headline(titled, titled_spans, short_names)
        retitles = Retitles(
            with_suffix=partial(headline, titled, titled_spans, short_names),
            from_own_phrase=partial(participle_headline, titled, titled_spans, own, short_names),
            before_phrase=partial(headline_before_phrase, titled, titled_spans, short_names=short_names),
            clause=titled,
            own=own,
            date_review=review,
        )
        yield mention.start, value, clause, title, review or title.guessed, retitles


def find_events(sentences, mentions, people_by_slug, article_slug):
    """Return the ParsedEvents of the sentences, given as (section slug, sentence) in reading order.

    ``mentions``: per sentence, the slugs of the people it names; ``people_by_slug``: the found
    people, whose names and aliases tell which of them each clause names.
    """
    short_names = _short_names(people_by_slug.values())
    events, retitles, keys = [], [], set()
    for (section, sentence), named in zip(sentences, mentions, strict=True):
        for position, value, clause, title, review, ways in _sentence_events(sentence, short_names):
            retitles.append(ways)
            people = tuple(
                slug
                for slug in named
                if any(
                    has_whole_phrase(word, clause) for word in [people_by_slug[slug].name, *people_by_slug[slug].parts]
                )
            )
            digest = hashlib.sha1(f"{section}|{sentence}|{value.text}|{position}".encode()).hexdigest()[:16]
            events.append(
                ParsedEvent(
                    key=unique_slug(f"{article_slug[:60]}:{digest}", keys),
                    title=title.title,
                    slug="",
                    description=sentence,
                    date=value,
                    section=section,
                    people=people,
                    text_for_topics=clause,
                    review=review,
                )
            )
    return _with_slugs(_distinct_titles(events, retitles))


def _distinct_titles(events, retitles):
    """Tell apart events whose titles are the same: by the phrase their date ends, by their dates, then by a number.

    ``retitles``: per event, its Retitles.
    """
    events = _titled_from_own_phrases(events, retitles)
    by_title = {}
    for index, event in enumerate(events):
        by_title.setdefault(event.title.casefold(), []).append(index)
    taken = {title for title, indexes in by_title.items() if len(indexes) == 1}
    # Where a title and date repeat, each event starts from the number the last one reached.
    next_number = {}
    for indexes in by_title.values():
        if len(indexes) == 1:
            continue
        for index in indexes:
            event = events[index]
            counter = (event.title.casefold(), event.date.text)
            number = next_number.get(counter, 1)
            while True:
                extra = ", ".join(filter(None, [event.date.text, str(number) if number > 1 else ""]))
                retitled = retitles[index].with_suffix(suffix=f" ({extra})")
                title = retitled.title
                if title.casefold() not in taken:
                    break
                number += 1
            next_number[counter] = number + 1
            taken.add(title.casefold())
            # A headline the suffix made cut short says so first: that is what an editor should fix.
            review = event.review or retitled.guessed or "title told apart from another"
            events[index] = replace(event, title=title, review=review)
    return events


def _titled_from_own_phrases(events, retitles):
    """Retitle an event sharing its title with another from the participle phrase its date ends.

    "… exchanged a memorandum in 1988 pledging help in establishing offices in 1989": the 1989
    event is the offices' establishment, not a second exchange of the memorandum; and the 1988
    event's title, when it held that phrase, no longer does.
    """
    counts = Counter(event.title.casefold() for event in events)
    events = list(events)
    for index, event in enumerate(events):
        if counts[event.title.casefold()] < 2:
            continue
        retitled = retitles[index].from_own_phrase()
        if retitled is None or counts[retitled.title.casefold()]:
            continue
        shared = event.title.casefold()
        _retitle(events, counts, index, retitled, retitles[index].date_review or "title from the phrase its date ends")
        for other, sibling in enumerate(events):
            ways = retitles[other]
            if sibling.title.casefold() != shared or ways.clause != retitles[index].clause:
                continue
            shorter = ways.before_phrase(retitles[index].own)
            if shorter is not None and not counts[shorter.title.casefold()]:
                _retitle(events, counts, other, shorter, ways.date_review)
    return events


def _retitle(events, counts, index, retitled, review):
    counts[events[index].title.casefold()] -= 1
    counts[retitled.title.casefold()] += 1
    events[index] = replace(events[index], title=retitled.title, review=review)


def _with_slugs(events):
    taken = set()
    return tuple(
        replace(event, slug=unique_slug(f"{date_slug(event.date)}-{slugify(event.title)[:80]}".strip("-"), taken))
        for event in events
    )
