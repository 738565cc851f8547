"""Write synthetic articles in the text-capture format (docs/capture-format.md), each with its ground truth.

    python benchmarks/generate_articles.py --count N --out DIR [--seed S] [--crlf-share 0.2] [--bom-share 0.1]

For each article, NNNN-slug.txt is the capture (title, "Encyclopedia", the plain body, the full body,
with the capture's artefacts) and NNNN-slug.expected.json what a perfect reader of that capture
recovers: the sections with their paragraphs, the glossary, the people and the dated events.

Pure Python, no Django. The same seed writes the same files, and article N does not depend on how
many articles are written.
"""

import argparse
import json
import random
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import corpus  # noqa: E402

FORMAT = "relations-synthetic/1"
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# How often each artefact appears where it can; read off the seed article (docs/capture-format.md).
GLUED_TITLE_RATE = 0.8  # a section's first link glued to its title: 5 of 6 in the seed
GLUED_OPENING_RATE = 0.7  # a link-less opening paragraph glued to the next line ("countries.On July")
LINKLESS_OPENING_RATE = 0.15  # a section opening with a paragraph without links
GLUED_SENTENCE_RATE = 0.05  # a sentence glued to the previous one in the source itself
SOFT_BREAK_RATE = 0.5  # a line break before a quoted name (", a" / "‘hot line’ agreement")
ALIAS_RATE = 0.35  # a link whose text is another name of the term ("Soyuz" for Soyuz spacecraft)


@dataclass(frozen=True)
class Term:
    title: str
    definition: str
    category: str
    aliases: tuple[str, ...] = ()
    common: bool = False  # a common noun, linked in lower case mid-sentence
    countable: bool = False  # a link may stop before its plural "s"
    alias_first: bool = False  # usually linked by another name


@dataclass(frozen=True)
class Person:
    name: str
    surname: str
    role: str
    country: str
    demonym: str
    term: Term | None = None


@dataclass(frozen=True)
class Country:
    name: str
    demonym: str
    plural: str
    region: str
    capital: str
    city: str
    style: str
    odd: bool


@dataclass(frozen=True)
class Link:
    term: Term
    anchor: str
    cut: bool = False  # the text goes on with "s" right after the link


SOFT_BREAK = object()  # the capture broke the line here, with no link before it
GLUED = object()  # a sentence boundary whose space the source lost


@dataclass(frozen=True)
class DateInfo:
    text: str
    start: str | None
    precision: str
    end: str | None = None


@dataclass
class Sentence:
    pieces: list
    date: DateInfo | None = None
    people: list = field(default_factory=list)

    @property
    def has_link(self):
        return any(isinstance(piece, Link) for piece in self.pieces)


@dataclass
class Block:
    heading: str  # "" for the lead
    paragraphs: list  # of lists of Sentence, and GLUED between two sentences


# --- the fixed world ---------------------------------------------------------------------------


def _truncate(text, rng):
    """Cut a definition the way the site does: at a word, followed by "..."."""
    limit = rng.randint(110, 290)
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:")
    return text + "..."


def _definition(title, body, category):
    rng = random.Random(f"definition:{title}")
    tail = corpus.DEFINITION_TAILS[category]
    return _truncate(f"{title} {body}. {tail}.", rng)


@dataclass(frozen=True)
class World:
    countries: dict
    terms: dict  # title -> Term
    by_category: dict
    country_terms: dict
    capital_terms: dict
    city_terms: dict
    people: dict  # country name -> tuple of Person


def _country_definition(country):
    if country.odd:  # kept as the site has it (docs/capture-format.md: "Russia or , officially known…")
        body = f"or , officially known as both {country.name} and the {country.demonym} state , is a country in {country.region}"
    else:
        body = f"is a sovereign state in {country.region}. Its capital and largest city is {country.capital}"
    return _definition(country.name, body, "country")


def _people_of(country, rng, taken):
    given, surnames = corpus.NAMES[country.style]
    given = given.split("|") if "|" in given else given.split()
    surnames = surnames.split()
    people = []
    first_surname = None
    for position, role in enumerate(corpus.ROLES):
        for _attempt in range(100):
            first, last = rng.choice(given), rng.choice(surnames)
            if position == 4 and first_surname:  # two people sharing a surname (Roh Tae Woo, Roh Muhyeon)
                last = first_surname
            if first == last or first.split()[0] == last:
                continue
            name = f"{last} {first}" if country.style in corpus.SURNAME_FIRST else f"{first} {last}"
            if name not in taken and last not in {p.surname for p in people if position != 4}:
                break
        taken.add(name)
        first_surname = first_surname or last
        term = None
        if role in ("President", "Prime Minister"):
            start = rng.randint(1950, 2005)
            body = (
                f"is a {country.demonym} politician who served as {role} of {country.name} "
                f"from {start} until {start + rng.randint(2, 10)}"
            )
            term = Term(name, _definition(name, body, "person"), "person")
        people.append(Person(name, last, role, country.name, country.demonym, term))
    return tuple(people)


@cache
def world():
    """Return the fixed world every article is written about."""
    countries = {}
    for line in corpus.COUNTRIES.strip().splitlines():
        name, demonym, plural, region, capital, city, style, odd = line.split("|")
        countries[name] = Country(name, demonym, plural, region, capital, city, style, odd == "odd")
    terms, by_category = {}, {}
    for line in corpus.TERMS.strip().splitlines():
        title, category, flags, aliases, body = line.split("|")
        term = Term(
            title,
            _definition(title, body, category),
            category,
            tuple(a for a in aliases.split(";") if a),
            "l" in flags,
            "c" in flags,
            "a" in flags,
        )
        terms[title] = term
        by_category.setdefault(category, []).append(term)
    country_terms = {c.name: Term(c.name, _country_definition(c), "country") for c in countries.values()}
    capital_terms, city_terms = {}, {}
    for c in countries.values():
        capital_aliases = (c.capital.split(",")[0],) if "," in c.capital else ()  # Washington, D.C.
        capital_terms[c.name] = Term(
            c.capital,
            _definition(c.capital, f"is the capital and largest city of {c.name}", "city"),
            "city",
            capital_aliases,
        )
        city_terms[c.name] = Term(
            c.city, _definition(c.city, f"is a major city of {c.name}, in {c.region}", "city"), "city"
        )
    rng, taken = random.Random("people"), set()
    people = {name: _people_of(c, rng, taken) for name, c in countries.items()}
    return World(countries, terms, by_category, country_terms, capital_terms, city_terms, people)


# --- filling sentences -------------------------------------------------------------------------

PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


def _visible(before, anchor, title):
    """Tell whether a reader of the captured line sees exactly ``anchor`` as the link's text.

    The capture shows where a link ends, not where it starts. A reader takes the longest tail of
    the line, from a word's start, that begins the title ("Soyuz" for "Soyuz spacecraft"), or the
    whole line when none does ("foreign relations" for Diplomacy, after another link).
    """
    line = (before + anchor).strip()
    starts = [0] + [m.end() for m in re.finditer(r"[\s(]", line)]
    start = next((s for s in starts if title.lower().startswith(line[s:].lower())), 0)
    return line[start:] == anchor


def _line_tail(pieces, tail=""):
    """Return the text of the last captured line of ``pieces`` so far (after its last link)."""
    for piece in pieces:
        if isinstance(piece, Link) or piece is SOFT_BREAK:
            tail = ""
        elif isinstance(piece, str):
            tail += piece
    return tail


class ArticleWriter:
    """Fill an article's sentences in reading order, keeping track of who was introduced."""

    def __init__(self, rng, a, b, title):
        self.rng, self.world = rng, world()
        self.a, self.b = self.world.countries[a], self.world.countries[b]
        self.title = title
        self.introduced = {}  # person name -> (Person, role known from the text, country known)
        self.latest_by_surname = {}
        self.years = (1860, 2020)
        self.allow_soft_break = False
        self.no_links = False

    # dates

    def _date(self, kind):
        rng = self.rng
        low, high = self.years
        year = rng.randint(low, high)
        month = rng.randrange(12)
        day = rng.randint(1, 28)
        m = MONTHS[month]
        if kind == "any":
            kinds = ["year"] * 30 + ["month"] * 18 + ["day"] * 14 + ["daync"] * 6 + ["range"] * 6 + ["decade"] * 10
            kinds += ["century"] * 4 if low < 1900 else []
            kind = rng.choice(kinds)
        elif kind == "bare":
            kind = rng.choice(["year"] * 6 + ["month"] * 3 + ["day"] * 2 + ["decade"] * 2 + ["century"])
        if kind == "year":
            return "in", DateInfo(str(year), f"{year}-01-01", "year")
        if kind == "month":
            return "in", DateInfo(f"{m} {year}", f"{year}-{month + 1:02d}-01", "month")
        if kind == "day":
            return "on", DateInfo(f"{m} {day}, {year}", date(year, month + 1, day).isoformat(), "day")
        if kind == "daync":
            return "on", DateInfo(f"{m} {day} {year}", date(year, month + 1, day).isoformat(), "day")
        if kind == "range":
            end = day + rng.randint(2, 9)
            start_iso = date(year, month + 1, day).isoformat()
            end_iso = date(year, month + 1, min(end, 28)).isoformat()
            text = f"{m} {day} to {m} {min(end, 28)}, {year}"
            return "from", DateInfo(text, start_iso, "day", end_iso)
        if kind == "decade":
            decade = year // 10 * 10
            return "in", DateInfo(f"the {decade}s", f"{decade}-01-01", "decade")
        if kind == "century":
            number, qualifier = rng.choice(((19, "late "), (19, ""), (20, "early ")))
            return "in", DateInfo(f"the {qualifier}{number}th century", f"{(number - 1) * 100}-01-01", "century")
        if kind == "noyear":
            return "on", DateInfo(f"{m} {day}", None, "")
        raise ValueError(kind)

    def date_phrase(self, slot):
        kind = {
            "date": "any",
            "Date": "any",
            "bare": "bare",
            "daterange": "range",
            "century": "century",
            "noyear": "noyear",
        }[slot]
        preposition, info = self._date(kind)
        if slot == "bare":
            return info.text, info
        phrase = f"{preposition} {info.text}"
        return (phrase[0].upper() + phrase[1:] if slot == "Date" else phrase), info

    # people

    def person(self, country, at_start):
        """Return the pieces naming a person of ``country``, and the person."""
        rng = self.rng
        roster = self.world.people[country.name]
        known = [p for p in roster if p.name in self.introduced]
        fresh = [p for p in roster if p.name not in self.introduced]
        if known and (not fresh or rng.random() < 0.55):
            person = rng.choice(known)
            return self._reference(person), person
        sharing = [p for p in fresh if p.surname in self.latest_by_surname]
        person = rng.choice(sharing) if sharing and rng.random() < 0.5 else rng.choice(fresh)
        return self._introduce(person, at_start), person

    def _introduce(self, person, at_start):
        rng = self.rng
        self.latest_by_surname[person.surname] = person.name
        roll = rng.random()
        if person.term and not self.no_links:
            if roll < 0.15:  # a bare link: role and country only from the definition
                self.introduced[person.name] = (person, "definition")
                return [Link(person.term, person.name)]
            if roll < 0.55:
                self.introduced[person.name] = (person, "text")
                return [f"{person.demonym} {person.role} ", Link(person.term, person.name)]
        roll = rng.random()
        if roll < 0.08:  # named with no title at all ("Kim Young Sam visited Moscow")
            self.introduced[person.name] = (person, "none")
            return [person.name]
        self.introduced[person.name] = (person, "text")
        if roll < 0.3:
            text = f"the then {person.demonym} {person.role} {person.name}"
            return [text[0].upper() + text[1:] if at_start else text]
        role = person.role.lower() if roll < 0.45 else person.role
        return [f"{person.demonym} {role} {person.name}"]

    def _reference(self, person):
        if self.latest_by_surname.get(person.surname) != person.name:
            # The surname alone would mean whoever was named with it last: name this one in full.
            self.latest_by_surname[person.surname] = person.name
            return [person.name]
        how = self.introduced[person.name][1]
        if how != "none" and self.rng.random() < 0.25:
            return [f"{person.role} {person.surname}"]
        return [person.surname]

    # links

    def link(self, term, before, used, at_sentence_start, cut=False):
        """Return a link to ``term``; ``before`` is the captured line's text so far."""
        used.add(term.title)
        anchor = term.title
        if term.common and not at_sentence_start:
            anchor = term.title[0].lower() + term.title[1:]
        rate = 1.0 if term.alias_first else ALIAS_RATE
        if not cut and not at_sentence_start and term.aliases and self.rng.random() < rate:
            choices = [a for a in term.aliases if _visible(before, a, term.title)]
            if choices:
                anchor = self.rng.choice(choices)
        return Link(term, anchor, cut=cut and term.countable)

    def _pick_term(self, spec, used):
        w, rng = self.world, self.rng
        if spec.startswith("="):
            options = [w.terms[t] for t in spec[1:].split("|")]
        elif spec in ("A", "B"):
            return w.country_terms[(self.a if spec == "A" else self.b).name]
        elif spec in ("capA", "capB"):
            return w.capital_terms[(self.a if spec == "capA" else self.b).name]
        elif spec in ("cityA", "cityB"):
            return w.city_terms[(self.a if spec == "cityA" else self.b).name]
        elif spec == "other":
            options = [t for name, t in w.country_terms.items() if name not in (self.a.name, self.b.name)]
        else:
            options = w.by_category[spec]
        fresh = [t for t in options if t.title not in used]
        return rng.choice(fresh or options)

    def paragraph(self, templates):
        """Fill the sentences of one paragraph."""
        sentences, tail = [], ""
        for template in templates:
            sentence = self.sentence(template, tail + " " if sentences else "")
            tail = _line_tail(sentence.pieces, tail + " " if sentences else "")
            sentences.append(sentence)
        return sentences

    def sentence(self, template, before=""):
        """Fill one sentence template; ``before`` is the captured line's text before it."""
        a, b = self.a, self.b
        plain = {
            "title": self.title,
            "A": a.name,
            "B": b.name,
            "Adem": a.demonym,
            "Bdem": b.demonym,
            "Apl": a.plural,
            "Bpl": b.plural,
            "capA": a.capital,
            "capB": b.capital,
        }
        pieces, used, people = [], set(), []
        info = None
        position = 0
        for match in PLACEHOLDER.finditer(template):
            text = template[position : match.start()]
            if text:
                pieces.append(text)
                before += text
            at_start = match.start() == 0
            slot = match.group(1)
            position = match.end()
            if slot in plain:
                value = plain[slot]
            elif slot.startswith("@"):
                spec, cut = (slot[1:-2], True) if slot.endswith("+s") else (slot[1:], False)
                link = self.link(self._pick_term(spec, used), before, used, at_start, cut)
                pieces.append(link)
                before = ""
                if link.cut:
                    pieces.append("s")
                    before = "s"
                continue
            elif slot in ("date", "Date", "bare", "daterange", "century", "noyear"):
                value, info = self.date_phrase(slot)
            elif slot in ("PA", "PB"):
                named, person = self.person(a if slot == "PA" else b, at_start)
                people.append(person.name)
                pieces.extend(named)
                before = _line_tail(named, before)
                continue
            elif slot == "quote":
                if self.allow_soft_break and pieces and self.rng.random() < SOFT_BREAK_RATE:
                    pieces.append(SOFT_BREAK)
                    before = ""
                value = self.rng.choice(corpus.QUOTES)
            else:
                raise ValueError(f"unknown placeholder {slot!r} in {template!r}")
            pieces.append(value)
            before += value
        pieces.append(template[position:])
        return Sentence(_merge(pieces), info, people)


def _merge(pieces):
    """Join neighbouring strings, so that a sentence alternates text and links."""
    merged = []
    for piece in pieces:
        if isinstance(piece, str) and merged and isinstance(merged[-1], str):
            merged[-1] += piece
        elif not (isinstance(piece, str) and not piece):
            merged.append(piece)
    return merged


def _templates(text):
    return [line for line in text.strip().splitlines() if line.strip()]


# --- building an article -----------------------------------------------------------------------


@cache
def _pairs(seed):
    names = list(world().countries)
    pairs = [(a, b) for a in names for b in names if a != b]
    random.Random(f"{seed}:pairs").shuffle(pairs)
    return pairs


def build_article(seed, index):
    """Return (title, blocks, people) of article ``index`` for ``seed``.

    ``people`` maps each person's name, in order of introduction, to (Person, how the text
    introduced them: "text", "definition" or "none").
    """
    pairs = _pairs(seed)
    a, b = pairs[index % len(pairs)]
    title = f"{a}–{b} relations"
    if index >= len(pairs):  # more articles than pairs: keep titles (and slugs) distinct
        title += f" ({index // len(pairs) + 1})"
    rng = random.Random(f"{seed}:{index}")
    writer = ArticleWriter(rng, a, b, title)

    lead_pool = _templates(corpus.LEAD_SENTENCES)
    rng.shuffle(lead_pool)
    lead = [writer.paragraph([rng.choice(corpus.LEAD_OPENINGS)] + [lead_pool.pop() for _ in range(rng.randint(0, 2))])]
    if rng.random() < 0.6:
        writer.allow_soft_break = True
        lead.append(writer.paragraph([lead_pool.pop() for _ in range(rng.randint(1, 2))]))
    blocks = [Block("", lead)]

    others = [theme for theme in corpus.THEMES if theme != "history"]
    count = rng.randint(3, 8)
    history = rng.randint(1, min(3, count - 1))
    headings = sorted(rng.sample(range(len(corpus.THEME_HEADINGS["history"])), history))
    plan = [("history", corpus.THEME_HEADINGS["history"][i]) for i in headings]
    plan += [(theme, rng.choice(corpus.THEME_HEADINGS[theme])) for theme in rng.sample(others, count - history)]
    pools = {theme: _templates(text) for theme, text in corpus.THEMES.items()}
    for pool in pools.values():
        rng.shuffle(pool)
    for theme, heading in plan:
        writer.years = corpus.THEME_YEARS[theme]
        blocks.append(Block(heading, _section_paragraphs(writer, pools[theme], pools)))
    for block in blocks:
        for paragraph in block.paragraphs:
            _glue_sentences(paragraph, rng)
    return title, blocks, writer.introduced


def _section_paragraphs(writer, pool, pools):
    rng = writer.rng
    paragraphs = []
    linkless = [t for t in pool if "{@" not in t]
    if linkless and rng.random() < LINKLESS_OPENING_RATE:
        pool.remove(linkless[0])
        writer.no_links, writer.allow_soft_break = True, False
        paragraphs.append(writer.paragraph(linkless[:1]))
        writer.no_links = False
    for _ in range(rng.randint(1, 3)):
        writer.allow_soft_break = bool(paragraphs)
        size = rng.randint(2, 4)
        sentences = writer.paragraph([pool.pop() for _ in range(min(size, len(pool)))])
        if sentences:
            paragraphs.append(sentences)
    if not any(s.has_link for p in paragraphs for s in p):  # every section links at least once
        donor = next(p for p in [pool, *pools.values()] if any("{@" in t for t in p))
        linked = next(t for t in donor if "{@" in t)
        donor.remove(linked)
        writer.allow_soft_break = bool(paragraphs)
        paragraphs.append(writer.paragraph([linked]))
    return paragraphs


def _glue_sentences(paragraph, rng):
    """Lose the space between some sentences, as the source sometimes does ("countries.On July")."""
    for i in range(len(paragraph) - 1, 0, -1):
        tail, head = paragraph[i - 1].pieces[-1], paragraph[i].pieces[0]
        if (
            isinstance(tail, str)
            and isinstance(head, str)
            and re.search(r"[a-z]\.$", tail)
            and re.match(r"[A-Z][a-z]", head)
            and rng.random() < GLUED_SENTENCE_RATE
        ):
            paragraph.insert(i, GLUED)


# --- rendering the capture ---------------------------------------------------------------------


def _paragraph_pieces(paragraph):
    pieces = []
    for i, item in enumerate(paragraph):
        if item is GLUED:
            pieces.append(GLUED)
            continue
        if i and paragraph[i - 1] is not GLUED:
            pieces.append(" ")
        pieces.extend(item.pieces)
    return pieces


def _lines(paragraph):
    """Return the captured lines of a paragraph: (text, link ending the line or None)."""
    lines, text = [], ""
    for piece in _paragraph_pieces(paragraph):
        if isinstance(piece, Link):
            lines.append(((text + piece.anchor).strip(), piece))
            text = ""
        elif piece is SOFT_BREAK:
            lines.append((text.strip(), None))
            text = ""
        elif piece is GLUED:
            continue
        else:
            text += piece
    lines.append((text.strip(), None))
    return lines


def _doubled_suffix(line):
    """Return the length of the longest tail repeated, ignoring case, by the word(s) just before it.

    "…and Eastern EuropeEastern Europe" gives 14; "Daewoo" gives 0, as its "o" is no word.
    """
    lowered = line.lower()
    for size in range(len(line) // 2, 1, -1):
        start = len(line) - 2 * size
        if lowered[start : start + size] == lowered[-size:] and (start == 0 or line[start - 1] in " ("):
            return size
    return 0


def render(title, blocks, rng):
    """Return the capture's text and the count of each artefact it shows."""
    counts = dict.fromkeys(("glued_titles", "glued_openings", "soft_breaks"), 0)
    plain, full = [], []
    for block in blocks:
        lines = [line for paragraph in block.paragraphs for line in _lines(paragraph)]
        counts["soft_breaks"] += sum(1 for text, link in lines if link is None) - len(block.paragraphs)
        if not block.heading:
            plain.extend(text for text, _ in lines)
            first_text, first_link = lines[0]
            full.extend([first_link.term.title, first_link.term.definition])  # line 1 is not repeated
            rest = lines[1:]
        else:
            plain.extend(text for text, _ in lines[1:])  # the section's opening words are missing
            full.append(block.heading)
            (first_text, first_link), rest = lines[0], lines[1:]
            # As in the seed, the glued line ends with a link: a reader sees where it ends.
            if first_link is None and rest and rest[0][1] is not None and rng.random() < GLUED_OPENING_RATE:
                counts["glued_openings"] += 1
                (next_text, next_link), rest = rest[0], rest[1:]
                rest = [(first_text + next_text, next_link)] + rest
            elif (
                first_link is not None
                and first_link.anchor.lower() == first_link.term.title.lower()
                and _doubled_suffix(first_text + first_link.term.title) == len(first_link.term.title)
                and rng.random() < GLUED_TITLE_RATE
            ):
                counts["glued_titles"] += 1
                full.extend([first_text + first_link.term.title, first_link.term.definition])
            else:
                rest = lines
        for text, link in rest:
            full.append(text)
            if link is not None:
                full.extend([link.term.title, link.term.definition])
    return "\n".join([title, "Encyclopedia", *plain, *full]), counts


# --- the ground truth --------------------------------------------------------------------------


def _plain_text(pieces):
    out = []
    for piece in pieces:
        if isinstance(piece, Link):
            out.append(piece.anchor)
        elif piece is GLUED:
            out.append(" ")
        elif piece is not SOFT_BREAK:
            out.append(piece)
    return "".join(out).strip()


def _link_text(link):
    """Return the text a reader links: a link that cut a word gets the whole word ("residences")."""
    return link.anchor + "s" if link.cut else link.anchor


def _markup(pieces):
    out, skip_s = [], False
    for piece in pieces:
        if isinstance(piece, Link):
            text = _link_text(piece)
            out.append(f"[[{piece.term.title}]]" if text == piece.term.title else f"[[{piece.term.title}|{text}]]")
            skip_s = piece.cut
        elif piece is GLUED:
            out.append(" ")
        elif piece is not SOFT_BREAK:
            out.append(piece[1:] if skip_s else piece)
            skip_s = False
    return "".join(out).strip()


def expected(title, blocks, introduced):
    """Return the ground truth of an article as plain data."""
    sections, glossary, events = [], {}, []
    for block in blocks:
        paragraphs = [_paragraph_pieces(p) for p in block.paragraphs]
        sections.append(
            {
                "title": block.heading,
                "paragraphs": [_plain_text(p) for p in paragraphs],
                "markup": [_markup(p) for p in paragraphs],
            }
        )
        for paragraph in block.paragraphs:
            for sentence in paragraph:
                if sentence is GLUED:
                    continue
                for piece in sentence.pieces:
                    if isinstance(piece, Link):
                        entry = glossary.setdefault(
                            piece.term.title,
                            {"term": piece.term.title, "definition": piece.term.definition, "aliases": []},
                        )
                        if _link_text(piece) not in entry["aliases"]:
                            entry["aliases"].append(_link_text(piece))
                if sentence.date:
                    events.append(
                        {
                            "date": sentence.date.start,
                            "precision": sentence.date.precision,
                            "end_date": sentence.date.end,
                            "text": sentence.date.text,
                            "sentence": _plain_text(sentence.pieces),
                            "section": block.heading,
                            "people": sentence.people,
                        }
                    )
    people = []
    for person, how in introduced.values():
        known = how != "none"  # from the text, or from the person's own definition
        people.append(
            {
                "name": person.name,
                "role": person.role if known else "",
                "country": person.country if known else "",
                "surname": person.surname,
                "glossary": person.name if person.name in glossary else None,
            }
        )
    return {
        "format": FORMAT,
        "title": title,
        "sections": sections,
        "glossary": list(glossary.values()),
        "people": people,
        "events": events,
    }


# --- the command -------------------------------------------------------------------------------


def slugify(value):
    value = re.sub(r"[\u2010-\u2015]", " ", value)
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")


def generate(seed, index, *, crlf_share=0.0, bom_share=0.0):
    """Return (file stem, capture bytes, ground truth) of article ``index``."""
    title, blocks, introduced = build_article(seed, index)
    rng = random.Random(f"{seed}:{index}:render")
    text, counts = render(title, blocks, rng)
    truth = expected(title, blocks, introduced)
    truth["seed"], truth["index"] = seed, index
    links = [
        p
        for b in blocks
        for para in b.paragraphs
        for s in para
        if s is not GLUED
        for p in s.pieces
        if isinstance(p, Link)
    ]
    counts.update(
        links=len(links),
        terms=len(truth["glossary"]),
        alias_links=sum(1 for link in links if link.anchor.lower() != link.term.title.lower()),
        cut_words=sum(1 for link in links if link.cut),
        glued_sentences=sum(1 for b in blocks for para in b.paragraphs for s in para if s is GLUED),
    )
    truth["artefacts"] = counts
    crlf = rng.random() < crlf_share
    bom = rng.random() < bom_share
    if crlf:
        text = text.replace("\n", "\r\n")
    truth["line_endings"], truth["bom"] = ("crlf" if crlf else "lf"), bom
    data = ("\ufeff" if bom else "").encode("utf-8") + text.encode("utf-8")
    return f"{index:04d}-{slugify(title)}", data, truth


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", default="1")
    parser.add_argument("--start", type=int, default=0, help="index of the first article")
    parser.add_argument("--crlf-share", type=float, default=0.2)
    parser.add_argument("--bom-share", type=float, default=0.1)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for index in range(args.start, args.start + args.count):
        stem, data, truth = generate(args.seed, index, crlf_share=args.crlf_share, bom_share=args.bom_share)
        (args.out / f"{stem}.txt").write_bytes(data)
        (args.out / f"{stem}.expected.json").write_text(
            json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    print(f"wrote {args.count} articles to {args.out}")


if __name__ == "__main__":
    main()
