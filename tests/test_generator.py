"""The synthetic article generator: deterministic, faithful to the captured format, honest.

Honest means the ground truth is what a careful reader of the capture alone recovers: a small
reference reader below, which follows only the rules of docs/capture-format.md, gets it back exactly. The last
tests hold the real parser to the same ground truth.
"""

import collections
import json
import re

import pytest

from articles.importing.parser import decode_source, parse_article
from benchmarks import generate_articles as gen

SEED = "tests"
ARTICLES = range(30)


@pytest.fixture(scope="module")
def articles():
    return [gen.generate(SEED, index) for index in ARTICLES]


def _text(data):
    return data.decode("utf-8").lstrip("\ufeff").replace("\r\n", "\n")


def _bodies(text):
    """Split a capture into (title, plain body lines, full body lines) the way docs/capture-format.md reads it."""
    lines = text.split("\n")
    first_definition = next(i for i, line in enumerate(lines) if line.endswith("..."))
    return lines[0], lines[2 : first_definition - 1], lines[first_definition - 1 :]


# --- a reference reader of the format ------------------------------------------------------------

TERMINAL = re.compile(r"[.!?][\"'’”)]*$")
NO_SPACE_BEFORE = re.compile(r"^(?:[,.;:)'’]|s\b)")


GLUED_TITLE = re.compile(r"(?i)(?:^|(?<=[ (]))(.{2,})\1$")


def _doubled_suffix(line):
    """Return the length of a tail repeated, ignoring case, by the word(s) just before it, or 0."""
    match = GLUED_TITLE.search(line)
    return len(match.group(1)) if match else 0


def _anchor_start(line, title):
    """Return where the link text starts in a line ending with a link to ``title``.

    The longest tail of the line, from a word's start, that begins the title ("Soyuz" for "Soyuz
    spacecraft"); when none does, the link is the whole line ("foreign relations" for Diplomacy).
    """
    starts = [0] + [m.end() for m in re.finditer(r"[\s(]", line)]
    return next((start for start in starts if title.lower().startswith(line[start:].lower())), 0)


def _opening_tail(line, plain_lines):
    """Return the part of a section's glued first line that the plain body starts with, or None."""
    tails = [p for p in plain_lines if len(p) < len(line) and line.endswith(p) and line[: -len(p)].endswith(".")]
    return max(tails, key=len) if tails else None


def _join(paragraph, line, markup, after_link):
    """Append a captured line to a paragraph (text, markup), as the article reads."""
    if paragraph is None:
        return [line, markup]
    if after_link and re.match(r"s\b", line):  # the link cut a word: "official residence" + "s"
        head, _, _ = paragraph[1].rpartition("]]")
        target, _, text = head.rpartition("[[")[2].partition("|")
        paragraph[1] = head.rpartition("[[")[0] + f"[[{target}|{(text or target)}s]]"
        return [paragraph[0] + line, paragraph[1] + markup[1:]]
    space = "" if after_link and NO_SPACE_BEFORE.search(line) else " "
    return [paragraph[0] + space + line, paragraph[1] + space + markup]


def read(text):
    """Return (title, sections, definitions) read from a capture by the rules of docs/capture-format.md alone."""
    title, plain, full = _bodies(text)
    plain_lines = set(plain)
    lines, definitions = [[plain[0], None]], {}  # each line with the title of the link ending it
    i = 0
    while i < len(full):
        line = full[i]
        if i + 1 < len(full) and full[i + 1].endswith("..."):
            size = _doubled_suffix(line)
            if 0 < size < len(line):  # a section's first line glued to its link's title
                lines.append([line[:-size], line[-size:]])
            else:
                lines[-1][1] = line
            definitions.setdefault(lines[-1][1], full[i + 1])
            i += 2
        else:
            lines.append([line, None])
            i += 1

    sections = [{"title": "", "paragraphs": [], "markup": []}]
    paragraph, after_link = None, False

    def close(text, markup):
        fix = lambda s: re.sub(r"([a-z])\.([A-Z][a-z])", r"\1. \2", s)  # noqa: E731 glued sentences
        sections[-1]["paragraphs"].append(fix(text))
        sections[-1]["markup"].append(fix(markup))

    for line, term in lines[:]:
        if paragraph is None and term is None and line not in plain_lines and not TERMINAL.search(line):
            sections.append({"title": line, "paragraphs": [], "markup": []})
            continue
        if paragraph is None and sections[-1]["title"] and not sections[-1]["paragraphs"] and line not in plain_lines:
            tail = _opening_tail(line, plain_lines)
            if tail:  # "…countries.On July 23 1997, …": two paragraphs, as the plain body shows
                close(line[: -len(tail)], line[: -len(tail)])
                line = tail
        markup = line
        if term is not None:
            start = _anchor_start(line, term)
            anchor = line[start:]
            markup = line[:start] + (f"[[{term}]]" if anchor == term else f"[[{term}|{anchor}]]")
        paragraph = _join(paragraph, line, markup, after_link)
        after_link = term is not None
        if term is None and TERMINAL.search(line):
            close(*paragraph)
            paragraph, after_link = None, False
    return title, sections, definitions


def _reader_glossary(expected_markup):
    links = re.findall(r"\[\[([^\]|]+)(?:\|([^\]]+))?\]\]", "\n".join(expected_markup))
    glossary = collections.OrderedDict()
    for term, text in links:
        aliases = glossary.setdefault(term, [])
        if (text or term) not in aliases:
            aliases.append(text or term)
    return glossary


# --- the generator -------------------------------------------------------------------------------


def test_the_same_seed_writes_the_same_files(tmp_path):
    for run in ("one", "two"):
        gen.main(["--count", "4", "--out", str(tmp_path / run), "--seed", "7"])
    one = sorted(p.name for p in (tmp_path / "one").iterdir())
    assert len(one) == 8
    for name in one:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_an_article_does_not_depend_on_the_seed_alone_or_the_count():
    assert gen.generate("a", 3) == gen.generate("a", 3)
    assert gen.generate("a", 3)[1] != gen.generate("b", 3)[1]
    titles = {gen.generate("a", index)[2]["title"] for index in range(60)}
    assert len(titles) == 60


def test_line_endings_and_byte_order_marks_follow_the_shares():
    stem, data, truth = gen.generate(SEED, 0, crlf_share=1, bom_share=1)
    assert data.startswith("\ufeff".encode()) and b"\n" in data
    assert data.count(b"\n") == data.count(b"\r\n")
    stem, data, truth = gen.generate(SEED, 0)
    assert not data.startswith("\ufeff".encode()) and b"\r" not in data


def test_the_capture_has_the_format_of_guide_section_one(articles):
    for stem, data, truth in articles:
        text = _text(data)
        lines = text.split("\n")
        assert lines[0] == truth["title"] and lines[1] == "Encyclopedia", stem
        title, plain, full = _bodies(text)
        definitions = [i for i, line in enumerate(lines) if line.endswith("...")]
        assert len(definitions) == truth["artefacts"]["links"], stem
        for i in definitions:  # each definition follows a title line, never another definition
            assert not lines[i - 1].endswith("...") and not lines[i - 1] == "", stem
        headings = [section["title"] for section in truth["sections"][1:]]
        assert not set(headings) & set(plain), stem
        standalone = [line for i, line in enumerate(full[:-1]) if not full[i + 1].endswith("...")]
        assert all(standalone.count(heading) == 1 for heading in headings), stem
        # The full body starts with the title of the link that ends the plain body's first line.
        first_term = truth["glossary"][0]
        assert full[0] == first_term["term"] and full[1] == first_term["definition"], stem
        assert plain[0].endswith(first_term["aliases"][0]), stem
        assert plain[0] not in full, stem
        # Each headed section's opening words, up to and including its first link, are missing.
        for section in truth["sections"][1:]:
            opening = re.split(r"(?<=\]\])", section["markup"][0], maxsplit=1)[0]
            opening = re.sub(r"\[\[(?:[^\]|]+\|)?([^\]]+)\]\]", r"\1", opening)
            opening = re.sub(r"\.\s", ".", opening)  # the capture may have lost that space
            full = [re.sub(r"\.\s", ".", line) for line in full]
            assert opening not in plain and opening[:-1] not in plain, (stem, opening)
            # (A link that cut a word shows one letter less: "official residence" + "s".)
            assert any(line.startswith(opening[:-1]) for line in full), (stem, opening)


def test_the_capture_shows_every_artefact_and_date_shape(articles):
    totals = collections.Counter()
    continuations = collections.Counter()
    precisions = collections.Counter()
    for _stem, data, truth in articles:
        totals.update(truth["artefacts"])
        totals["repeated links"] += truth["artefacts"]["links"] - truth["artefacts"]["terms"]
        totals["shared surnames"] += len(truth["people"]) - len({p["surname"] for p in truth["people"]})
        totals["surname first"] += sum(1 for p in truth["people"] if p["name"].startswith(p["surname"] + " "))
        totals["untitled people"] += sum(1 for p in truth["people"] if not p["role"])
        totals["date ranges"] += sum(1 for e in truth["events"] if e["end_date"])
        precisions.update(e["precision"] for e in truth["events"])
        for line in _bodies(_text(data))[1]:
            for start in ("'s ", ", and ", ".", "s "):
                continuations[start] += line.startswith(start) or line == start.strip()
        totals["no comma day"] += sum(1 for e in truth["events"] if re.fullmatch(r"[A-Z][a-z]+ \d+ \d{4}", e["text"]))
    for artefact in (
        "glued_titles",
        "glued_openings",
        "glued_sentences",
        "cut_words",
        "alias_links",
        "soft_breaks",
        "repeated links",
        "shared surnames",
        "surname first",
        "untitled people",
        "date ranges",
        "no comma day",
    ):
        assert totals[artefact] > 0, artefact
    assert all(continuations.values()), continuations
    assert set(precisions) == {"year", "month", "day", "decade", "century", ""}, precisions


def test_terms_are_well_formed():
    world = gen.world()
    terms = list(world.terms.values()) + list(world.country_terms.values())
    terms += list(world.capital_terms.values()) + list(world.city_terms.values())
    terms += [p.term for people in world.people.values() for p in people if p.term]
    for term in terms:
        assert term.definition.endswith("...") and "\n" not in term.definition, term.title
        assert not term.title.endswith("...") and _doubled_suffix(term.title) == 0, term.title
    for text in gen.corpus.THEMES.values():  # a "+s" link stands before a plain "s" plural
        for spec in re.findall(r"\{@=([^}]+)\+s\}", text):
            assert all(world.terms[title].countable for title in spec.split("|")), spec
    assert 150 <= len(world.terms) and 40 <= len(world.countries)


def test_a_reader_of_the_capture_alone_recovers_the_ground_truth(articles):
    for stem, data, truth in articles:
        title, sections, definitions = read(_text(data))
        assert title == truth["title"]
        assert [s["title"] for s in sections] == [s["title"] for s in truth["sections"]], stem
        for got, want in zip(sections, truth["sections"], strict=True):
            assert got["paragraphs"] == want["paragraphs"], (stem, want["title"])
            assert got["markup"] == want["markup"], (stem, want["title"])
        assert definitions == {e["term"]: e["definition"] for e in truth["glossary"]}, stem
        aliases = _reader_glossary([m for s in sections for m in s["markup"]])
        assert aliases == {e["term"]: e["aliases"] for e in truth["glossary"]}, stem
        assert list(aliases) == [e["term"] for e in truth["glossary"]], stem


def test_expected_json_is_plain_data(articles):
    stem, data, truth = articles[0]
    assert json.loads(json.dumps(truth, ensure_ascii=False)) == truth
    assert {"title", "sections", "glossary", "people", "events"} <= set(truth)


# --- the parser against the ground truth -----------------------------------------------------------

LINK = re.compile(r"\[\[(?:[^\]|]+\|)?([^\]]+)\]\]")
PARSER_ARTICLES = range(20)


@pytest.fixture(scope="module")
def parsed():
    """Return (ground truth, parsed article) for 20 generated articles, some CRLF, some with a BOM."""
    pairs = []
    for index in PARSER_ARTICLES:
        _stem, data, truth = gen.generate(SEED, index, crlf_share=0.2, bom_share=0.1)
        pairs.append((truth, parse_article(decode_source(data))))
    return pairs


def _differences(parsed, want_of, got_of, *, shared_only=False):
    """Return (article, key, wanted, got) wherever the ground truth and the parsed article differ."""
    out = []
    for truth, article in parsed:
        want, got = want_of(truth), got_of(article)
        keys = want.keys() & got.keys() if shared_only else want.keys() | got.keys()
        out += [
            (truth["title"], key, want.get(key), got.get(key))
            for key in sorted(keys, key=str)
            if want.get(key) != got.get(key)
        ]
    return out


def _report(mismatches):
    return f"{len(mismatches)} mismatches, e.g.:\n" + "\n".join(repr(m) for m in mismatches[:6])


def _paragraphs(truth_or_article, markup=False):
    if isinstance(truth_or_article, dict):
        field = "markup" if markup else "paragraphs"
        sections = [section[field] for section in truth_or_article["sections"]]
    else:
        sections = [[p if markup else LINK.sub(r"\1", p) for p in s.paragraphs] for s in truth_or_article.sections]
    return {(i, j): text for i, paragraphs in enumerate(sections) for j, text in enumerate(paragraphs)}


def test_parser_finds_the_section_titles(parsed):
    mismatches = _differences(
        parsed,
        lambda t: dict(enumerate(s["title"] for s in t["sections"][1:])),
        lambda a: dict(enumerate(s.title for s in a.sections[1:])),
    )
    assert not mismatches, _report(mismatches)


def test_parser_rebuilds_every_paragraph(parsed):
    mismatches = _differences(parsed, _paragraphs, _paragraphs)
    assert not mismatches, _report(mismatches)


def test_parser_links_every_anchor_to_its_term(parsed):
    # Only where the text agrees: a text mismatch is the test above's.
    mismatches = [
        m
        for m in _differences(parsed, lambda t: _paragraphs(t, True), lambda a: _paragraphs(a, True))
        if m[2] and m[3] and LINK.sub(r"\1", m[2]) == LINK.sub(r"\1", m[3])
    ]
    assert not mismatches, _report(mismatches)


def test_parser_reads_the_glossary(parsed):
    mismatches = _differences(
        parsed,
        lambda t: {g["term"]: (g["definition"], set(g["aliases"]) - {g["term"]}) for g in t["glossary"]},
        lambda a: {g.term: (g.source_definition or g.definition, set(g.aliases) - {g.term}) for g in a.glossary},
    )
    assert not mismatches, _report(mismatches)


def test_parser_finds_every_person_once(parsed):
    mismatches = _differences(
        parsed, lambda t: {p["name"]: "person" for p in t["people"]}, lambda a: {p.name: "person" for p in a.people}
    )
    assert not mismatches, _report(mismatches)


def test_parser_gives_people_their_role_and_country(parsed):
    mismatches = _differences(
        parsed,
        lambda t: {p["name"]: (p["role"].lower(), p["country"]) for p in t["people"]},
        lambda a: {p.name: (p.role.lower(), p.country) for p in a.people},
        shared_only=True,
    )
    assert not mismatches, _report(mismatches)


def test_parser_dates_every_event_at_its_precision(parsed):
    def iso(value):
        return value and value.isoformat()

    mismatches = _differences(
        parsed,
        lambda t: collections.Counter((e["date"], e["precision"], e["end_date"]) for e in t["events"]),
        lambda a: collections.Counter((iso(e.date.start), e.date.precision, iso(e.date.end)) for e in a.events),
    )
    assert not mismatches, _report(mismatches)
