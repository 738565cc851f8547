"""Repair the capture's artefacts in a glossary definition, where the repair is certain.

The capture lost what the page wrote in other scripts and the line breaks between a page's
parts, leaving holes ("Russia or , officially", "Korea , , is", "Korea ) is"), words and
sentences glued together ("AeroflotRussian Airlines", "program.There"), heading debris
("Population: .-History:In 1652") and a cut mark after a full stop ("1991...."). Each rule
below changes only text no sentence of English has; anything else is left as captured. A
definition that is a list of pages ("may refer to:* …") is kept and flagged for review.
"""

import re
from dataclasses import dataclass

# "Russia or , officially": an alternative name in another script, lost.
LOST_ALTERNATIVE = re.compile(r"\s+or\s+,(?=\s)")
# "Korea , , is": an aside in another script between two commas, lost.
EMPTY_ASIDE = re.compile(r"\s+,\s*,(?=\s)")
# "Soyuz , Union) is", "Korea ) is": brackets whose opening part was in another script.
HALF_BRACKET = re.compile(r"\s+(?:,\s+[^,()]*)?\)")
# "Population: ." / "-History:" : a field with no value, a heading glued into the text.
EMPTY_FIELD = re.compile(r"\s*\b[A-Z][a-z]+(?: [a-z]+)*:\s*\.(?=\s|-|$)")
HEADING = re.compile(r"\s*-[A-Z][a-z]+(?: [a-z]+)*:(?=[A-Z]|\s|\.|$)")
# "program.There": a full stop after a word of two lower-case letters or more, then a sentence.
GLUED_SENTENCE = re.compile(r"(?<=[a-z]{2}[.!?])(?=[A-Z][a-z])")
SPACE_BEFORE = re.compile(r"\s+(?=[,.;:!?](?:\s|$))")
CUT_AFTER_STOP = re.compile(r"(?<=[^.])\.(?:\.{3}|…)$")
REPEATED_SPACE = re.compile(r"\s{2,}")
CAMEL_GLUE = re.compile(r"\b([A-Z]?[a-z]{2,})([A-Z][a-z]+)\b")
DISAMBIGUATION = re.compile(r"\b(?:may|can|might) (?:also )?refer to\b|:\s*\*")


@dataclass(frozen=True)
class Repaired:
    text: str
    changed: bool = False
    review: str = ""


def _unglued_words(text, term):
    """Split "AeroflotRussian" where the first part is a word the definition also uses alone."""
    alone = set(re.findall(r"\b[A-Za-z]+\b", text)) | set(term.split())

    def split(match):
        first, second = match.groups()
        return f"{first} {second}" if first in alone and second in alone | {second} and first != second else match[0]

    return CAMEL_GLUE.sub(split, text)


def _half_brackets(text):
    """Drop closing brackets that close nothing, with the aside a lost opening began."""
    result, depth, position = [], 0, 0
    for match in re.finditer(r"[()]", text):
        if match.group() == "(":
            depth += 1
            continue
        if depth:
            depth -= 1
            continue
        hole = HALF_BRACKET.match(text, _aside_start(text, match.start()))
        if hole and hole.end() == match.end():
            result.append(text[position : hole.start()])
            position = hole.end()
    result.append(text[position:])
    return "".join(result)


def _aside_start(text, bracket):
    """Return where the aside before an unmatched bracket starts: at " , " or the space before it."""
    comma = text.rfind(" , ", 0, bracket)
    if comma != -1 and "(" not in text[comma:bracket] and text[comma + 3 : bracket].count(" ") <= 3:
        return comma
    space = bracket
    while space > 0 and text[space - 1] == " ":
        space -= 1
    return space


def repair_definition(text, term=""):
    """Return the Repaired definition; ``changed`` when a rule applied, ``review`` when in doubt."""
    repaired = LOST_ALTERNATIVE.sub(",", text)
    repaired = EMPTY_ASIDE.sub("", repaired)
    repaired = _half_brackets(repaired)
    repaired = EMPTY_FIELD.sub("", repaired)
    repaired = HEADING.sub(" ", repaired)
    repaired = GLUED_SENTENCE.sub(" ", repaired)
    repaired = _unglued_words(repaired, term)
    repaired = SPACE_BEFORE.sub("", repaired)
    repaired = CUT_AFTER_STOP.sub(".", repaired)
    repaired = REPEATED_SPACE.sub(" ", repaired).strip()
    changed = repaired != text
    if DISAMBIGUATION.search(repaired):
        review = "a list of pages, not a definition"
    elif changed:
        review = "definition repaired"
    else:
        review = ""
    return Repaired(repaired, changed, review)
