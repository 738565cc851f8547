"""Fuzzing with hypothesis: the importer's readers and the markup renderer on arbitrary input.

- decode_source + parse_article, on random bytes, on random captures made of the format's own
  pieces, and on the seed with random damage: a ParsedArticle, or ImportFormatError; nothing else.
- load_document + article_records (the JSON export reader): records, or ImportFormatError.
- The [[…]] markup renderer: whatever the body, the HTML holds only its own <p>, <a> and <span>
  elements, and the text a reader sees is the body's text, character for character.

Each property runs 200 examples by default (FUZZ_EXAMPLES to change; no deadline: the first parse warms caches). No example
database is written (database=None); a failure prints the input that shows it.
"""

import json
import os
import time
from html.parser import HTMLParser

import pytest
from django.conf import settings as django_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles import markup
from articles.importing.document import ImportFormatError, ParsedArticle
from articles.importing.parser import decode_source, parse_article
from articles.services.json_export import article_documents, article_records, load_document

# FUZZ_EXAMPLES=5000 runs a longer search (as done before each release; see LOADTESTS.md).
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "200")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

SEED = (django_settings.BASE_DIR / "articles" / "sources" / "russia-south-korea-relations.txt").read_text(
    encoding="utf-8"
)
SEED_LINES = SEED.splitlines()

# Pieces of the capture format and of the markup, and of what an attacker would write.
PIECES = [
    "Encyclopedia", "\n", "\r\n", "\n\n", " ", ".", ",", "...", "'s", "[[", "]]", "|", "<", ">", "&", '"', "'",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:", "&amp;", "&#60;", "\ufeff",
    "\x00", "\u2028", "Russia", "South Korea", "Seoul", "Moscow", "President", "Foreign Minister",
    "Roh Tae Woo", "Gorbachev", "1988", "July 1986", "June 2 to June 10, 1989", "On November 20, 1992",
    "the 1980s", "the late 19th century", "May 25", "History", "Relations", "Soviet Union",
]  # fmt: skip
piece_text = st.lists(st.sampled_from(PIECES) | st.text(max_size=8), max_size=60).map("".join)


def parse_bytes(data):
    """What import_article does with a capture's bytes: a ParsedArticle, or ImportFormatError."""
    try:
        result = parse_article(decode_source(data))
    except ImportFormatError as error:
        assert str(error) and "\n" not in str(error), "the error message must be one line"
        return None
    assert isinstance(result, ParsedArticle)
    return result


@FUZZ
@given(st.binary(max_size=4000))
def test_parser_on_random_bytes(data):
    parse_bytes(data)


@FUZZ
@given(st.text(max_size=200), st.lists(piece_text, max_size=40), st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_parser_on_random_captures(title, lines, newline, byte_order_mark):
    text = newline.join([title, "Encyclopedia", *lines])
    data = ("\ufeff" if byte_order_mark else "") + text
    parse_bytes(data.encode("utf-8"))


@st.composite
def damaged_seed(draw):
    """The seed with lines dropped, repeated, swapped, cut or written into."""
    lines = list(SEED_LINES)
    for _ in range(draw(st.integers(1, 12))):
        if not lines:
            break
        position = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "repeat", "swap", "cut", "insert", "replace"]))
        if action == "drop":
            del lines[position]
        elif action == "repeat":
            lines.insert(position, lines[position])
        elif action == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[position], lines[other] = lines[other], lines[position]
        elif action == "cut":
            line = lines[position]
            lines[position] = line[: draw(st.integers(0, len(line)))]
        elif action == "insert":
            lines.insert(position, draw(piece_text))
        else:
            lines[position] = draw(piece_text)
    return "\n".join(lines)


@FUZZ
@given(damaged_seed())
def test_parser_on_the_seed_with_random_damage(text):
    parse_bytes(text.encode("utf-8"))


def test_the_undamaged_seed_parses():
    assert parse_bytes(SEED.encode("utf-8")).title


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | piece_text,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=30,
)
document_keys = st.sampled_from(
    ["format", "article", "articles", "periods", "topics", "sections", "glossary", "people", "events", "slug", "title",
     "name", "order", "body", "terms", "date", "precision", "key", "status", "aliases"]
)  # fmt: skip


@st.composite
def export_documents(draw):
    """JSON documents that look like exports: the right format names and keys, any values."""
    document = draw(st.dictionaries(document_keys, json_values, max_size=8))
    if draw(st.booleans()):
        document["format"] = draw(st.sampled_from(["relations-article/1", "relations-articles/1"]))
    if document.get("format") == "relations-articles/1" and draw(st.booleans()):
        document["articles"] = draw(st.lists(export_documents(), max_size=2))
    return document


@FUZZ
@given(export_documents() | json_values)
def test_the_json_export_reader(document):
    data = json.dumps(document).encode("utf-8")
    try:
        loaded = load_document(data)
        [article_records(item, where) for where, item in article_documents(loaded)]
    except ImportFormatError as error:
        assert str(error) and "\n" not in str(error)


# The markup renderer.


class RenderedMarkup(HTMLParser):
    """The elements and the text of a rendered body, as a browser reads them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []
        self.paragraphs = []
        self.open = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self.open.append(tag)
        if tag == "p":
            self.paragraphs.append("")

    def handle_endtag(self, tag):
        assert self.open and self.open[-1] == tag, f"</{tag}> closes {self.open}"
        self.open.pop()

    def handle_data(self, data):
        if not self.open:
            assert data == "\n", f"text outside any paragraph: {data!r}"  # between paragraphs
            return
        self.paragraphs[-1] += data

    def handle_comment(self, data):
        raise AssertionError(f"a comment was rendered: {data!r}")

    def handle_decl(self, decl):
        raise AssertionError(f"a declaration was rendered: {decl!r}")

    def unknown_decl(self, data):
        raise AssertionError(f"a declaration was rendered: {data!r}")

    def handle_pi(self, data):
        raise AssertionError(f"a processing instruction was rendered: {data!r}")


ALLOWED = {
    "p": set(),
    "a": {"class", "href", "data-term"},
    "span": {"class"},
}

body_text = st.lists(
    st.sampled_from(PIECES + ["[[x]]", "[[x|y]]", "[[<b>|<i>]]", "[[a|b|c]]", "[[]]", "[[ ]]", "\n \n"])
    | st.text(max_size=10),
    max_size=40,
).map("".join)


def resolver(hostile):
    """Resolve every other link; a hostile resolver returns URLs made to break out of attributes."""

    def resolve(link):
        if len(link.slug) % 2:
            return None
        url = f'/glossary/{link.slug}/"><script>alert(1)</script>' if hostile else f"/glossary/{link.slug}/"
        return url, link.slug

    return resolve


@FUZZ
@given(body_text | st.text(max_size=300), st.booleans())
def test_the_renderer_never_emits_unescaped_html(body, hostile):
    resolve = resolver(hostile)
    html = str(markup.render_resolved(body, resolve))
    parsed = RenderedMarkup()
    parsed.feed(html)
    parsed.close()
    assert parsed.open == [], f"unclosed elements {parsed.open}"
    for tag, attributes in parsed.elements:
        assert tag in ALLOWED, f"<{tag}> rendered from {body!r}"
        assert set(attributes) <= ALLOWED[tag], f"<{tag} {attributes}> rendered from {body!r}"
        if tag == "a":
            assert attributes["href"].startswith("/glossary/")
        if tag == "span":
            assert attributes == {"class": "broken-link"}
    # What a reader sees is the body's own text: nothing of it was taken for markup.
    assert parsed.paragraphs == [markup.to_plain_text(paragraph) for paragraph in markup.paragraphs(body)]
    # And every link is the one the body wrote, with the URL the resolver gave.
    links = [link for paragraph in markup.paragraphs(body) for link in markup.iter_links(paragraph)]
    anchors = [attributes for tag, attributes in parsed.elements if tag in ("a", "span")]
    assert len(anchors) == len(links)
    for link, attributes in zip(links, anchors, strict=True):
        resolved = resolve(link)
        if resolved:
            assert attributes["href"] == resolved[0] and attributes["data-term"] == resolved[1]


# Adversarial lines: parsing stays near-linear in a line's length, and a line no capture has is
# refused in one line (a 40 KB line of "[[" took 68 s when the link patterns backtracked).

ADVERSARIAL = ["[[", "]]", "[[a|", "[", "|", "1988 ", "President Kim ", "On July 23 1997, ", "[[x]] ", "a a ", "aA."]


def timed_parse(text, repeat=1):
    """The best time of ``repeat`` parses (the least disturbed by other work on the machine)."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        try:
            parse_article(text)
        except ImportFormatError as error:
            assert "\n" not in str(error)
        best = min(best, time.perf_counter() - started)
    return best


@pytest.mark.parametrize("unit", ADVERSARIAL)
def test_an_adversarial_line_parses_in_near_linear_time(unit):
    def text(length):
        return "Title\nEncyclopedia\n" + unit * (length // len(unit)) + "\nThe end.\n"

    short, long = timed_parse(text(2_375), repeat=3), timed_parse(text(19_000), repeat=3)
    # Eight times the length: near-linear work takes about eight times as long; quadratic, 64.
    assert long < max(24 * short, 0.5), (unit, short, long)
    assert long < 5, (unit, long)


def test_a_line_longer_than_any_capture_is_refused_in_one_line():
    text = "Title\nEncyclopedia\nA line.\n" + "[[" * 20_000 + "\n"
    with pytest.raises(ImportFormatError, match=r"^line 4 is 40,000 characters long, over the limit of 20,000$"):
        parse_article(text)


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(ADVERSARIAL + PIECES), st.integers(1, 3000)), min_size=1, max_size=6))
def test_the_parser_on_long_repeated_pieces(runs):
    line = "".join(piece * count for piece, count in runs)[:19_000]
    assert timed_parse(f"Title\nEncyclopedia\n{line}\nThe end.\n") < 10
