"""Recover the article's text, headings and links from a captured encyclopedia page.

A capture holds the article twice (docs/capture-format.md): a *plain body* with a line break after
every link's text, and a *full body* where each link's line is followed by the linked term's title
and definition, and where the section headings appear. The plain body lacks each headed section's
opening; the full body lacks the plain body's first line. Reading the two against each other gives
back every line once, tells which lines end with a link, and which lines are headings.
"""

import bisect
import re
from dataclasses import dataclass, field

from articles.importing.document import ImportFormatError

ELLIPSIS = ("...", "…")
SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*$")
# Headings are short labels: no closing punctuation, start with a capital or a digit.
HEADING_MAX_LENGTH = 80
HEADING_MAX_WORDS = 10
TITLE_MAX_LENGTH = 150
CLOSING_PUNCTUATION = re.compile(r"[.,;:!?…\"'”’]$")


@dataclass
class LinkTarget:
    title: str
    definition: str


@dataclass
class Line:
    """One line of the article's text, possibly ending with a link's anchor."""

    text: str
    link: LinkTarget | None = None
    # A line that came glued to its title ("…Eastern EuropeEastern Europe") waits for the
    # whole capture to be read, so the title can be told from the text by what is known.
    glued: str | None = None
    paragraph_before: bool = False
    # Filled when the article is assembled: the link's visible text and its markup.
    anchor: str = ""
    markup: str = ""

    @property
    def awaits_link(self):
        return self.link is None and self.glued is None


@dataclass
class Heading:
    title: str


@dataclass
class Capture:
    title: str
    items: list = field(default_factory=list)  # Heading and Line, in reading order


def split_lines(text):
    """Return the non-blank lines of the text, white space folded."""
    lines = []
    for raw in text.split("\n"):
        line = " ".join(raw.split())
        if line:
            lines.append(line)
    return lines


def is_definition(line):
    return line.endswith(ELLIPSIS)


def looks_like_heading(line):
    return (
        len(line) <= HEADING_MAX_LENGTH
        and len(line.split()) <= HEADING_MAX_WORDS
        and (line[0].isupper() or line[0].isdigit())
        and not CLOSING_PUNCTUATION.search(line)
    )


def find_full_body_start(body):
    """Return (index where the full body starts, plain line it resumes at).

    The full body resumes the text at the plain body's second line (its first line is not
    repeated), either with that line or with the title and definition of the link ending the
    line before it. Captures that dropped one more line are read too. Among the places where
    that holds, the right one is where the most plain lines are found again, in order, in the
    full body.
    """
    if len(body) < 2:
        return len(body), 1
    positions = {}
    for index, line in enumerate(body):
        positions.setdefault(line, []).append(index)
    candidates = set()
    for resume in (1, 2):
        if resume >= len(body):
            break
        # Where the resumed line stands again, or two lines later (after a title and definition).
        for index in positions[body[resume]]:
            if index > resume:
                candidates.add((index, resume))
            if index - 2 > resume:
                candidates.add((index - 2, resume))
    if not candidates:
        return len(body), 1

    def score(candidate):
        start, resume = candidate
        cursor, found, missing = start - 1, 0, 0
        for line in body[resume:start]:
            places = positions.get(line, ())
            at = bisect.bisect_right(places, cursor)
            if at < len(places):
                cursor = places[at]
                found += 1
            else:
                missing += 1
        return found - missing - (resume - 1)

    return max(sorted(candidates), key=lambda candidate: (score(candidate), -candidate[1], -candidate[0]))


class _Reader:
    """Walk the full body, matching its lines against the plain body's."""

    def __init__(self, plain, full, resume=1):
        self.plain = plain
        self.full = full
        # The plain lines before the full body resumes stand only in the plain body.
        self.items = [Line(line) for line in plain[:resume]]
        self.p = resume  # next plain line to find in the full body
        self.f = 0

    # -- look-ups ---------------------------------------------------------------------------
    def plain_line(self, offset=0):
        index = self.p + offset
        return self.plain[index] if index < len(self.plain) else None

    def full_line(self, offset=0):
        index = self.f + offset
        return self.full[index] if index < len(self.full) else None

    def last_line(self):
        return self.items[-1] if self.items and isinstance(self.items[-1], Line) else None

    def title_and_definition_here(self):
        """Tell whether the full body's next two lines are a title and its definition."""
        title, definition = self.full_line(), self.full_line(1)
        if definition is None or len(title) > TITLE_MAX_LENGTH:
            return False
        expected = self.plain_line()
        if title == expected and definition == self.plain_line(1):
            return False
        if expected is not None and title != expected and title.startswith(expected):
            return False  # the plain line glued to its title, handled as such
        if is_definition(definition):
            return True
        # A short definition without an ellipsis: known by what follows it.
        after = self.full_line(2)
        last = self.last_line()
        return (
            after is not None
            and after == expected
            and title not in self.plain_set
            and definition not in self.plain_set
            and last is not None
            and not SENTENCE_END.search(last.text)
        )

    def found_ahead(self, line):
        """Tell whether a plain line still stands somewhere ahead in the full body."""
        for candidate in self.full[self.f :]:
            if candidate == line or candidate.endswith(line) or candidate.startswith(line):
                return True
        return False

    # -- the walk ---------------------------------------------------------------------------
    def read(self):
        self.plain_set = set(self.plain)
        while self.f < len(self.full):
            self.step()
        for line in self.plain[self.p :]:
            self.items.append(Line(line))
        return self.items

    def step(self):
        """Read the full body's next line(s) by the first rule that applies, else as a line of text."""
        for rule in (
            self.plain_line_followed_alike,
            self.title_and_definition,
            self.expected_line,
            self.plain_line_glued_to_title,
            self.opening_glued_to_plain_line,
            self.plain_line_lost,
            self.glued_line,
            self.heading,
        ):
            if rule():
                return
        self.items.append(Line(self.full_line()))
        self.f += 1

    def plain_line_followed_alike(self):
        """The expected plain line, followed by the plain line after it: plain text."""
        line, expected = self.full_line(), self.plain_line()
        if expected is not None and line == expected and self.full_line(1) == self.plain_line(1):
            self.take_plain(line)
            return True
        return False

    def title_and_definition(self):
        """The title and definition of the link ending the line read last."""
        last = self.last_line()
        if last is not None and last.awaits_link and self.title_and_definition_here():
            last.link = LinkTarget(title=self.full_line(), definition=self.full_line(1))
            self.f += 2
            return True
        return False

    def expected_line(self):
        """The plain line expected next."""
        line = self.full_line()
        if self.plain_line() is not None and line == self.plain_line():
            self.take_plain(line)
            return True
        return False

    def plain_line_glued_to_title(self):
        """The plain line's text glued to the title of the link it ends with."""
        line, following, expected = self.full_line(), self.full_line(1), self.plain_line()
        if expected is None or not line.startswith(expected) or following is None or not is_definition(following):
            return False
        self.items.append(Line(expected, link=LinkTarget(line[len(expected) :], following)))
        self.p += 1
        self.f += 2
        return True

    def opening_glued_to_plain_line(self):
        """A section's opening, which the plain body lacks, glued to the next plain line."""
        line, expected = self.full_line(), self.plain_line()
        if expected is None or not line.endswith(expected) or len(line) == len(expected):
            return False
        opening = line[: -len(expected)].strip()
        self.items.append(Line(opening))
        self.items.append(Line(expected, paragraph_before=bool(SENTENCE_END.search(opening))))
        self.p += 1
        self.f += 1
        return True

    def plain_line_lost(self):
        """A plain line the full body lost: kept where it stood."""
        expected = self.plain_line()
        if expected is None or self.found_ahead(expected):
            return False
        self.items.append(Line(expected))
        self.p += 1
        return True

    def glued_line(self):
        """A line glued to its link's title, told apart once the whole capture is read."""
        following = self.full_line(1)
        if following is None or not is_definition(following):
            return False
        self.items.append(Line("", glued=self.full_line(), link=LinkTarget(title="", definition=following)))
        self.f += 2
        return True

    def heading(self):
        line, following = self.full_line(), self.full_line(1)
        opens_section = isinstance(self.items[-1], Heading) if self.items else False
        anchor_of_opening = opens_section and is_definition(self.full_line(2) or "")
        if looks_like_heading(line) and following is not None and line not in self.plain_set and not anchor_of_opening:
            self.items.append(Heading(line))
            self.f += 1
            return True
        return False

    def take_plain(self, line):
        self.items.append(Line(line))
        self.p += 1
        self.f += 1


def read_capture(text):
    """Return the Capture of a page's text, or raise ImportFormatError."""
    lines = split_lines(text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n"))
    if not lines:
        raise ImportFormatError("the document is empty")
    title = lines[0]
    if len(title) > 200:
        raise ImportFormatError("the first line is not a title (over 200 characters)")
    if len(lines) < 2 or lines[1].strip().lower() != "encyclopedia":
        if len(lines) < 2:
            raise ImportFormatError(f"'{title[:80]}' has a title but no body")
        raise ImportFormatError("line 2 is not 'Encyclopedia': this is not a captured encyclopedia page")
    body = lines[2:]
    if not body:
        raise ImportFormatError(f"'{title[:80]}' has a title but no body")
    start, resume = find_full_body_start(body)
    items = _Reader(body[:start], body[start:], resume).read()
    return Capture(title=title, items=items)
