"""Tell a link's anchor from the text before it, and a glued title from the text it stuck to."""

import re

OPENERS = "(\"'‘“[—–-/"
WORD_SUFFIXES = {"s", "es", "n", "ns", "ese", "ian", "ians", "ic", "ed", "ing", "er", "ers", "ism", "ist", "ists"}
JOINING_WORDS = {"and", "or", "the", "of", "in", "on", "at", "to", "with", "between", "a", "an", "by", "for", "from"}
# A capital letter right after a lower-case letter, a digit or punctuation, with no space.
CASE_BOUNDARY = re.compile(r"(?<=[a-z0-9.,)\]'’”])(?=[A-Z])")
WORD = re.compile(r"[^\W_]+")
# Lower-case letters that may end a word cut after a link's text ("residence" + "s …").
SUFFIX = re.compile(r"([a-z]+)(?=$|[\s.,;:!?)])")


def _fold(value):
    return value.casefold()


def _common_prefix(first, second):
    length = 0
    for left, right in zip(first, second, strict=False):
        if left != right:
            break
        length += 1
    return length


def _initials(title):
    return "".join(word[0] for word in WORD.findall(title) if word[0].isupper())


def anchor_score(candidate, title):
    """Score how well a run of words could be the visible text of a link to ``title``."""
    folded, folded_title = _fold(candidate.lstrip(OPENERS)), _fold(title)
    if not folded:
        return 0
    if folded == folded_title:
        return 1000 + len(folded)
    if folded_title.startswith(folded) and not folded_title[len(folded)].isalnum():
        return 500 + len(folded)
    if len(folded) >= 2 and candidate.isupper() and candidate == _initials(title):
        return 300
    shared = _common_prefix(folded, folded_title)
    if shared >= 4 and shared >= len(folded.split()[0]) * 0.6:
        return 100 + shared - len(folded.split())
    return 0


def split_anchor(text, title, follows_link=False):
    """Return (text before the anchor, anchor) for a line that ends with a link to ``title``.

    The anchor is the run of trailing words that best matches the title (same words, the title's
    first words, a shared stem, or its initials). When nothing matches, a short line right after
    another link is taken whole ("bilateral" + "foreign relations"), else its last word.
    """
    if _fold(text).endswith(_fold(title)):
        cut = len(text) - len(title)
        if cut == 0 or text[cut - 1] == " " or text[cut - 1] in OPENERS:
            return text[:cut], text[cut:]
    words = text.split(" ")
    best_score, best_size = 0, 0
    for size in range(1, min(len(words), len(title.split()) + 2) + 1):
        candidate = " ".join(words[-size:])
        score = anchor_score(candidate, title)
        if score > best_score:
            best_score, best_size = score, size
    if not best_size:
        best_size = 1
        if follows_link and len(words) <= 3:
            # Right after another link ("bilateral" + "foreign relations"): the whole line but
            # the words that join it to the link before ("and Nippon").
            best_size = len(words)
            while best_size > 1 and words[-best_size].lower() in JOINING_WORDS:
                best_size -= 1
    anchor = " ".join(words[-best_size:])
    before = " ".join(words[:-best_size])
    stripped = anchor.lstrip(OPENERS)
    before += anchor[: len(anchor) - len(stripped)]
    return (before + " " if before and not before.endswith(tuple(OPENERS)) else before), stripped


def split_glued(line, known_title=None, known_titles=()):
    """Return (text, title) for a line whose last link's text is glued to the term's title."""
    if known_title and line.endswith(known_title) and len(line) > len(known_title):
        return line[: -len(known_title)], known_title
    for title in sorted(known_titles, key=len, reverse=True):
        text = line[: -len(title)]
        if line.endswith(title) and text and anchor_score(text.split(" ")[-1], title):
            return text, title
    # The same words twice: "IrkutskIrkutsk", "astronautAstronaut".
    for size in range(len(line) // 2, 0, -1):
        tail, before = line[-size:], line[-2 * size : -size]
        if _fold(tail) == _fold(before) and (len(line) == 2 * size or not line[-2 * size - 1].isalnum()):
            return line[:-size], tail
    # Otherwise the title starts at a capital stuck to the text before it; prefer the split
    # whose title best matches the words just before it.
    best = None
    for match in CASE_BOUNDARY.finditer(line):
        text, title = line[: match.start()], line[match.start() :]
        if not text.strip():
            continue
        score = max(anchor_score(" ".join(text.split(" ")[-size:]), title) for size in (1, 2, 3))
        if best is None or score > best[0]:
            best = (score, text, title)
    if best is not None:
        return best[1], best[2]
    return line, line.split(" ")[-1]


def continues_word(anchor, continuation):
    """Return the suffix that completes the anchor's last word ("residence" + "s …"), or ""."""
    if not anchor or not anchor[-1].isalpha():
        return ""
    match = SUFFIX.match(continuation)
    if match and match.group(1) in WORD_SUFFIXES:
        return match.group(1)
    return ""
