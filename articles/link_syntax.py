"""The link markup of section bodies: ``[[Term]]``, or ``[[Term|shown text]]`` when the text differs.

The one grammar of a link, read and written here: the parser writes section bodies in it, and
``articles.markup`` reads them for the site and the admin. A link's term and text hold no square
bracket and no line break, and the term no ``|``; anything else is text. Pure Python, no Django:
the parser imports it.
"""

import re

LINK = re.compile(r"\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]+?))?\]\]")


def link_target(match):
    """Return the term a LINK match points at."""
    return match.group(1).strip()


def link_text(match):
    """Return the text a LINK match shows: its own, else the term's."""
    return (match.group(2) or match.group(1)).strip()


def write_link(target, text):
    """Return the markup of a link to ``target`` showing ``text``, made to fit the grammar."""
    target, text = target.replace("|", "/").strip(), text.replace("|", "/").strip()
    for character in "[]\n":
        target, text = target.replace(character, ""), text.replace(character, "")
    return f"[[{target}]]" if text == target else f"[[{target}|{text}]]"


def without_links(text):
    """Return the text with each link replaced by the text it shows."""
    return LINK.sub(link_text, text)


def split_at_links(text):
    """Return the text cut around its links: text, link markup, text, … (always an odd count)."""
    parts, position = [], 0
    for match in LINK.finditer(text):
        parts += [text[position : match.start()], match.group(0)]
        position = match.end()
    parts.append(text[position:])
    return parts
