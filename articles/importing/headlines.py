"""Turn the clause that states an event into a headline: a short, complete statement.

A headline is the clause's main statement: the adverbials that open it ("In June 1990,",
"After the collapse of the Soviet Union,") are left out, and when it is still longer than
``MAX_LENGTH`` characters, optional parts go one kind at a time, least informative first:
brackets, date phrases (the event's date is shown beside its title), phrases set off by commas,
people's titles and first names, then trailing phrases cut where one begins. The result is never
cut inside a phrase and never ends with an ellipsis; a headline that needed a cut anywhere else
says so (``guessed``), for an editor to review.

Pure functions on text; dates are given as spans (the parser finds them).
"""

import re
from dataclasses import dataclass

from articles.importing.people import DEMONYMS, ROLES

MAX_LENGTH = 80
# Private-use characters stand for each date while the clause is rewritten, so a date with a
# comma in it ("November 20, 1992") is one word that no rule splits.
_OPEN, _CLOSE = "\ue000", "\ue001"
_DATE = rf"{_OPEN}\d+{_CLOSE}"
_DATE_TOKEN = re.compile(_DATE)
# Words that stand before a date in a phrase that only dates the statement.
_DATE_LEAD = (
    r"(?:(?:as\s+(?:early|late)\s+as|in|on|by|from|since|during|between|around|about|until|till|"
    r"before|after|at|through|throughout|circa|beginning|starting|as\s+of)\s+)"
)
# "In June 1990, …", "Since the 1990s there …", "1988: …" (a date alone must be set off by a comma).
LEADING_DATE = re.compile(rf"^(?:{_DATE_LEAD}+{_DATE}\s*,?\s*|{_DATE}\s*[,:]\s*)", re.IGNORECASE)
# A date phrase inside the clause: its preposition with it ("in July 1989", "as early as 1885").
DATE_PHRASE = re.compile(
    rf"\s*,?\s+(?:as\s+(?:early|late)\s+as|in|on|from|since|during|by|around|until|between)\s+{_DATE}(?=[\s,;.]|$)",
    re.IGNORECASE,
)
# "established in 1981, and have …": the comma set the date off; it goes with it.
DATE_PHRASE_AND_COMMA = re.compile(
    rf"\s+(?:in|on|from|since|during|by|around|until)\s+{_DATE},\s+(?=(?:and|or|but|when|as)\s)", re.IGNORECASE
)
# A date left alone ("from August 4 to August 11, 1985" is one date, its preposition in it).
BARE_DATE = re.compile(rf"\s*(?:\bthe\s+)?{_DATE}")
# Words that open an adverbial (or a subordinate clause) before the main clause.
ADVERBIAL_OPENERS = {
    "after", "before", "following", "immediately", "shortly", "soon", "in", "on", "at", "during", "since",
    "unlike", "like", "despite", "although", "though", "while", "whereas", "when", "as", "because", "with",
    "without", "under", "through", "throughout", "by", "from", "until", "upon", "amid", "amidst", "due",
    "once", "later", "earlier", "however", "meanwhile", "also", "then", "thus", "today", "currently",
    "recently", "subsequently", "afterwards", "eventually", "finally", "initially", "moreover", "furthermore",
    "nevertheless", "still", "for", "according", "besides", "within", "between", "over", "around", "if",
}  # fmt: skip
# What a comma after an opening adverbial must not lead to for the main clause to start there.
# An abbreviation of capitals with periods ("D.C.", "U.S."): the second part of a name after a
# comma ("Washington, D.C."), and a period that belongs to the word, not to the sentence.
ABBREVIATION = r"(?:[A-Z]\.){2,}"
ENDS_WITH_ABBREVIATION = re.compile(rf"(?<![\w.]){ABBREVIATION}$")
_NOT_A_CLAUSE_START = re.compile(
    rf"^(?:{ABBREVIATION}|which|who|whom|whose|where|when|including|and|or|but|as|such|especially|mostly|particularly|"
    r"estimated|then|the\s+then\b)(?:\b|(?<=\.))",
    re.IGNORECASE,
)
# Phrases set off by a comma that add detail to the statement.
COMMA_PHRASE = re.compile(
    r",\s+(?:including|which|who|whom|whose|where|when|while|whereas|such\s+as|especially|particularly|"
    r"mostly|estimated|according\s+to|as|after|before|for|scheduled|with|forced|covering|accompanied|"
    r"the\s+first|a\s+first|making|leading|bringing|followed|[a-z]+ing)\b"
    rf"(?:[^,;]|,(?=\S|\s+{ABBREVIATION}))*(?:,(?=\s)|$)",
)
# Only these open a list whose items may go on after the phrase's comma; "who …," never does.
LIST_OPENER = re.compile(r",\s+(?:including|such\s+as|especially|particularly|mostly)\b")
LIST_GOES_ON = re.compile(r"\s+(?:and\s+|or\s+)?[\w‘“'\"-]+(?:\s+[A-Z][\w-]*)*(?:,|\s+(?:and|or)\s)")
BRACKETS = re.compile(r"\s*\(([^()]*)\)")
_ROLE_WORDS = "|".join(re.escape(role) for role in sorted(ROLES, key=len, reverse=True))
_NATIONALITY = "|".join(re.escape(name) for name in sorted(DEMONYMS, key=len, reverse=True))
# "South Korean President Roh Tae Woo", "the then Russian Foreign Minister Yevgeni Primakov".
TITLE_BEFORE_NAME = re.compile(
    rf"\b(?:(?i:the)\s+)?(?:then\s+)?(?:(?i:{_NATIONALITY})\s+)?(?:[A-Z][a-z]+\s+){{0,2}}(?i:{_ROLE_WORDS})\s+(?=[A-Z])",
)
# Words a phrase may begin with: a trailing phrase is cut before one of them (or before a comma).
PHRASE_STARTS = {
    "in", "on", "at", "to", "with", "for", "from", "by", "into", "onto", "towards", "toward", "between",
    "during", "after", "before", "since", "until", "about", "over", "under", "through", "across", "against",
    "among", "near", "including", "as", "while", "when", "which", "who", "whose", "where", "that",
    "because", "although", "though", "whereas", "via", "within", "without", "despite", "amid", "following",
    "worth",
}  # fmt: skip
# Words a headline cannot end with: it would stop inside a phrase.
FUNCTION_WORDS = PHRASE_STARTS | {
    "the", "a", "an", "and", "or", "but", "of", "its", "his", "her", "their", "our", "this", "these",
    "those", "is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would", "not", "then",
    "both", "some", "any", "very", "more", "most", "than", "so", "such", "it", "they", "he", "she",
    "hundred", "thousand", "million", "billion", "trillion",
}  # fmt: skip
# A number ends no headline: it counts what follows it ("worth 600 million US dollars").
NUMBER = re.compile(r"^[\d.,]+$")
WORD = re.compile(r"\S+")
# Prepositions after which a word in -ing is a noun or a gerund that can end its phrase.
NOUN_BEFORE_ING = {"of", "for"}
DETERMINERS = {"the", "a", "an", "its", "his", "her", "their", "our", "this", "that", "these", "those", "some"}
# Finite verbs a headline's statement often has that no ending tells ("-ed" does).
VERBS = {
    "is", "are", "was", "were", "has", "have", "had", "will", "would", "can", "could", "may", "might",
    "must", "shall", "should", "did", "does", "do", "began", "begins", "became", "becomes", "came", "comes",
    "held", "holds", "met", "meets", "made", "makes", "took", "takes", "gave", "gives", "led", "leads",
    "left", "sent", "won", "went", "goes", "saw", "said", "says", "told", "paid", "pays", "built", "sold",
    "brought", "bought", "found", "fell", "grew", "rose", "stood", "remains", "plans", "aims", "seeks",
    "sought", "wants", "hopes", "lies", "fought", "broke", "drew", "spent", "set", "put", "ran", "runs",
    "kept", "keeps", "lost", "chose", "wrote", "spoke", "flew", "froze", "struck", "split",
    "visits", "signs", "opens", "joins", "agrees", "continues", "consists", "includes", "plays", "trades",
}  # fmt: skip
# Words that open a phrase describing a subject before its verb.
SUBJECT_DETAIL_STARTS = {"between", "including", "in", "from", "with", "of", "on", "at", "who", "which", "that"}
# "The then Russian Foreign Minister Primakov …": "then" is the sentence's view from later; a
# headline states what happened when it did.
THE_THEN = re.compile(r"^the\s+then\s+(?=[A-Z])", re.IGNORECASE)
CURRENTLY = re.compile(r"\s+(?:currently|presently|now|at present|at the moment)\b", re.IGNORECASE)
PRESENT_TENSE = re.compile(r"\b(?:is|are|has|have)\b")


@dataclass(frozen=True)
class Headline:
    title: str
    guessed: str = ""  # why an editor should check it; "" when it is the clause's own words


def _mark_dates(clause, spans):
    """Return the clause with each date span replaced by a token, and the dates' texts."""
    texts, parts, position = [], [], 0
    for index, (start, end) in enumerate(sorted(spans)):
        if start < position:
            continue
        parts.append(clause[position:start])
        parts.append(f"{_OPEN}{index}{_CLOSE}")
        texts.append(clause[start:end])
        position = end
    parts.append(clause[position:])
    return "".join(parts), texts


def _unmark(text, texts):
    return _DATE_TOKEN.sub(lambda match: texts[int(match.group()[1:-1])], text)


def _opening(text):
    """Return the opening adverbials and date phrases, as (start, end, is a date phrase) pieces."""
    pieces, position = [], 0
    while True:
        rest = text[position:]
        match = LEADING_DATE.match(rest)
        if match and len(rest[match.end() :].split()) >= 3:
            pieces.append((position, position + match.end(), True))
            position += match.end()
            continue
        end = _opening_adverbial_end(rest)
        if end is None:
            return pieces
        pieces.append((position, position + end, False))
        position += end


def _opening_end(text):
    """Return where the main clause starts once the opening adverbials and date phrases are left out."""
    pieces = _opening(text)
    return pieces[-1][1] if pieces else 0


def _opening_adverbial_end(text):
    """Return the end of an opening adverbial set off by a comma ("After the war, …"), or None."""
    first = text.split(" ", 1)[0].lower()
    if first not in ADVERBIAL_OPENERS:
        return None
    for match in re.finditer(r",\s+", text):
        rest = text[match.end() :]
        if _NOT_A_CLAUSE_START.match(rest) or len(rest.split()) < 3:
            continue
        return match.end()
    return None


def opening_pieces(clause, spans):
    """Return the clause's opening adverbials as (start, end, is a date phrase), in its own positions."""
    marked, texts = _mark_dates(clause, spans)
    return [
        (len(_unmark(marked[:start], texts)), len(_unmark(marked[:end], texts)), is_date)
        for start, end, is_date in _opening(marked)
    ]


def _capitalised(text):
    return text[:1].upper() + text[1:]


def _tidy(text):
    text = re.sub(r"\s+([,;:.])", r"\1", text)
    text = re.sub(r"\s{2,}", " ", text)
    return _without_closing_stop(text.strip(" ,;:"))


def _without_closing_stop(text):
    """Leave out the full stops that end the text, not the one of an abbreviation ("Washington, D.C.")."""
    text = text.rstrip(".")
    if ENDS_WITH_ABBREVIATION.search(text + "."):
        return text + "."
    return text


def _without_brackets(text):
    """Leave out brackets; an acronym in brackets stands for the capitalised words before it."""

    def replace(match):
        inside = match.group(1).strip()
        if not re.fullmatch(r"[A-Z]{2,8}", inside):
            return ""
        # Mark the name it stands for ("The Korean Trade Promotion Corporation") for removal.
        words = text[: match.start()].split(" ")
        count = 0
        while count < len(words) and words[-1 - count][:1].isupper():
            count += 1
        return "\x02" + str(count) + "\x03" + inside if count >= 2 else ""

    replaced = BRACKETS.sub(replace, text)

    def drop_name(match):
        count = int(match.group(2))
        words = match.group(1).split(" ")
        kept = words[: len(words) - count]
        if kept and kept[-1] in ("The", "the"):
            kept.pop()
        return " ".join([*kept, ""])

    while (marked := re.search(r"^(.*?)\x02(\d+)\x03", replaced, re.DOTALL)) is not None:
        replaced = drop_name(marked) + replaced[marked.end() :]
    return replaced


def _without_date_phrases(text):
    text = DATE_PHRASE_AND_COMMA.sub(" ", text)
    text = DATE_PHRASE.sub("", text)
    return BARE_DATE.sub(_bare_date_removed, text)


def _bare_date_removed(match):
    """Leave out a date that stands alone; keep one a word needs ("date back to the 1850s")."""
    before = match.string[: match.start()].split()
    return match.group() if before and before[-1].lower() in FUNCTION_WORDS else ""


def _without_comma_phrases(text):
    previous = None
    while previous != text:
        previous = text
        text = COMMA_PHRASE.sub(_comma_phrase_removed, text, count=1)
    return text


def _comma_phrase_removed(match):
    """Return what stands for a phrase set off by commas: nothing, unless it opens a list."""
    if not match.group().endswith(","):
        return ""
    if LIST_OPENER.match(match.group()) and LIST_GOES_ON.match(match.string, match.end()):
        return match.group()  # "including Daewoo, Sunkyong, and …": the list's end is unknown
    return ""


def _without_titles(text):
    return TITLE_BEFORE_NAME.sub("", text)


def _with_short_names(short_names):
    def shorten(text):
        for name, short in short_names.items():
            text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", short, text)
        return text

    return shorten


def verb_index(words):
    """Return the index of the statement's first finite verb, as far as its form tells, or None."""
    for index, word in enumerate(words):
        if index == 0:
            continue
        bare = word.strip(",;:\"'”’")
        if not bare.isalpha() or not bare.islower():
            continue
        if bare in VERBS:
            return index
        previous = words[index - 1].lower()
        if bare.endswith("ed") and len(bare) > 4 and previous not in DETERMINERS and not previous.endswith(","):
            return index
    return None


def _without_subject_detail(text):
    """Leave out the phrase that describes the subject before its verb ("The war between A and B began")."""
    words = text.split(" ")
    verb = verb_index(words)
    if verb is None:
        return text
    for index in range(1, verb - 1):
        inside_a_name = words[index].islower() and words[index - 1][:1].isupper() and words[index + 1][:1].isupper()
        if words[index].lower() in SUBJECT_DETAIL_STARTS and not inside_a_name:
            return " ".join(words[:index] + words[verb:])
    return text


def _without_articles(text):
    """Headline style: leave out "the", "a" and "an" (not at the start)."""
    words = text.split(" ")
    return " ".join([words[0], *(word for word in words[1:] if word.lower() not in ("the", "a", "an"))])


def _ends_a_phrase(words):
    last = words[-1].lower().strip("\"'”’")
    if last in FUNCTION_WORDS or NUMBER.match(last) or words[-1].endswith((",", ";", ":")):
        return False
    # A participle needs what follows it ("a protocol providing", "who were living"); after "of"
    # or "for" the word is a noun ("a memorandum of understanding"). After "a" it may still be
    # an adjective ("a fishing memorandum").
    if last.endswith("ing") and len(last) > 4:
        return len(words) > 1 and words[-2].lower() in NOUN_BEFORE_ING
    return True


def _cut_at_phrase(text, limit=MAX_LENGTH, measure=len):
    """Return the longest start of the text that fits and still holds its verb, cut where a phrase begins.

    None when there is no such start.
    """
    words = WORD.findall(text)
    verb = verb_index(words)
    best = None
    for count in range(max(3, (verb or 0) + 1), len(words)):
        following, last = words[count], words[count - 1]
        at_comma = last.endswith((",", ";")) and not LIST_GOES_ON.match(" " + " ".join(words[count:]))
        starts_phrase = following.lower() in PHRASE_STARTS or (
            following.islower() and following.endswith("ing") and len(following) > 5
        )
        # "agreed to exchange attachés and to open a line": a second phrase like the first.
        after = words[count + 1].lower() if count + 1 < len(words) else ""
        starts_phrase = starts_phrase or (following.lower() in ("and", "or") and after in PHRASE_STARTS)
        if not (at_comma or starts_phrase):
            continue
        if count - 1 == verb and (following.lower() == "to" or following.endswith("ing")):
            continue  # "agreed to open", "began exporting", "signed fishing rights": what the verb says
        kept = words[:count]
        kept[-1] = kept[-1].rstrip(",;")
        if not _ends_a_phrase(kept):
            continue
        candidate = " ".join(kept)
        if measure(candidate) <= limit:
            best = candidate
    return best


def _fitting(text, limit=MAX_LENGTH, measure=len):
    return text if measure(text) <= limit else None


def _cut_at_word(text, limit=MAX_LENGTH, measure=len):
    """Return the longest start of the text that fits and ends on a content word."""
    words = WORD.findall(text)
    while words and (measure(" ".join(words)) > limit or not _ends_a_phrase(words)):
        words.pop()
        if words:
            words[-1] = words[-1].rstrip(",;:")
    return " ".join(words)


def _as_of(text, texts):
    """ "Is currently" in a dated statement: say which year the present tense refers to."""
    if not CURRENTLY.search(text):
        return text, ""
    years = [int(year) for date_text in texts for year in re.findall(r"\b(1\d{3}|20\d{2})\b", date_text)]
    if not years or not PRESENT_TENSE.search(text):
        return text, ""
    return f"As of {max(years)}, {_decapitalised(CURRENTLY.sub('', text, count=1))}", "the year of a present tense"


def _decapitalised(text):
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first[1:].islower() and first.lower() in FUNCTION_WORDS | {"there"}:
        return text[:1].lower() + text[1:]
    return text


def headline(clause, spans=(), short_names=None, *, suffix=""):
    """Return the Headline of the clause stating an event; ``spans``: the dates in it.

    ``short_names``: {a person's full name: the shorter name the text also uses}. ``suffix``
    tells the headline apart from another's ("(1989)"); the whole fits in ``MAX_LENGTH``.
    """
    limit = MAX_LENGTH - len(suffix)
    marked, texts = _mark_dates(clause, spans)
    text = _tidy(THE_THEN.sub("", marked[_opening_end(marked) :], count=1))
    text, guessed = _as_of(text, texts)
    steps = [_without_brackets, _without_date_phrases, _without_comma_phrases, _without_titles]
    if short_names:
        steps.append(_with_short_names(short_names))

    def measure(marked_text):
        return len(_unmark(marked_text, texts))

    for step in steps:
        if measure(text) <= limit:
            break
        shorter = _tidy(step(text))
        if len(shorter.split()) >= 3:
            text = shorter
    if measure(text) > limit:
        shorter = _tidy(_without_subject_detail(text))
        cut = _cut_at_phrase(text, limit, measure) or _fitting(shorter, limit, measure)
        cut = cut or _cut_at_phrase(shorter, limit, measure)
        headline_style = _without_articles(text)
        cut = cut or _fitting(headline_style, limit, measure) or _cut_at_phrase(headline_style, limit, measure)
        if cut is None:
            cut, guessed = _cut_at_word(text, limit, measure), "cut to fit"
        text = cut
    title = _without_closing_stop(_tidy(_unmark(text, texts)).rstrip("…"))
    if len(title.split()) < 2:
        title, guessed = _cut_at_word(_tidy(_unmark(marked, texts)), limit), "no statement found"
    return Headline(_capitalised(title) + suffix, guessed)


# Past tenses no ending tells, by the verb's -ing form.
IRREGULAR_PAST = {
    "becoming": "became", "beginning": "began", "binding": "bound", "breaking": "broke", "bringing": "brought",
    "building": "built", "buying": "bought", "choosing": "chose", "coming": "came", "cutting": "cut",
    "dealing": "dealt", "drawing": "drew", "falling": "fell", "fighting": "fought", "finding": "found",
    "flying": "flew", "getting": "got", "giving": "gave", "going": "went", "growing": "grew",
    "holding": "held", "keeping": "kept", "laying": "laid", "leading": "led", "leaving": "left",
    "lending": "lent", "losing": "lost", "making": "made", "meeting": "met", "paying": "paid",
    "putting": "put", "reading": "read", "rising": "rose", "running": "ran", "saying": "said",
    "seeing": "saw", "seeking": "sought", "selling": "sold", "sending": "sent", "setting": "set",
    "sitting": "sat", "speaking": "spoke", "spending": "spent", "standing": "stood", "striking": "struck",
    "taking": "took", "teaching": "taught", "telling": "told", "thinking": "thought", "undertaking": "undertook",
    "winning": "won", "withdrawing": "withdrew", "writing": "wrote",
}  # fmt: skip
# Words in -ing that are prepositions, not participles.
ING_PREPOSITIONS = {"including", "following", "during", "regarding", "concerning", "according", "excluding"}
AUXILIARIES = {"is", "are", "was", "were", "be", "been", "being", "am", "to"}


def past_tense(participle):
    """Return the simple past of a verb from its -ing form ("establishing" → "established")."""
    word = participle.lower()
    if word in IRREGULAR_PAST:
        return IRREGULAR_PAST[word]
    stem = word[:-3]
    if stem.endswith("e"):
        return stem + "d"  # "agreeing"
    if stem.endswith("y") and len(stem) > 1 and stem[-2] not in "aeiou":
        return stem[:-1] + "ied"  # "supplying"
    # "creating" → "created", "planning" → "planned": the -ing form already dropped or doubled.
    return stem + "ed"


def _is_participle(words, index):
    word = words[index]
    bare = word.lower()
    return (
        word.isalpha()
        and word.islower()
        and bare.endswith("ing")
        and len(bare) > 5
        and bare not in ING_PREPOSITIONS
        and words[index - 1].lower() not in DETERMINERS | AUXILIARIES | NOUN_BEFORE_ING
    )


def _is_finite_verb(word):
    bare = word.lower()
    return bare in VERBS or (bare.endswith("ed") and len(bare) > 4)


def participle_headline(clause, spans, own, short_names=None):
    """Return the Headline of the event a participle phrase after the statement dates, or None.

    "A and B signed a memorandum in 1958 pledging help in building a dock by 1961": the 1961 date
    belongs to "building a dock", which the statement's subject pledged: "A and B built a dock".
    None unless the date ends such a phrase, with no comma between its participle and the date.
    """
    found = _participle_phrase(clause, spans, own)
    if found is None:
        return None
    words, texts, verb, index = found
    phrase = words[index + 1 :]
    while phrase and phrase[-1].lower() in FUNCTION_WORDS:
        phrase.pop()
    if not phrase:
        return None
    if _is_finite_verb(words[index - 1]):
        predicate = [words[index - 1], words[index]]  # "began making cars": the verb says when
    else:
        predicate = [past_tense(words[index])]
    text = _unmark(" ".join([*words[:verb], *predicate, *phrase]), texts)
    result = headline(text, (), short_names)
    return None if result.guessed else result


def headline_before_phrase(clause, spans, phrase_date, short_names=None):
    """Return the Headline of the statement without the participle phrase ``phrase_date`` ends, or None.

    Once that phrase titles its own event ("A and B built a dock"), the statement's other event
    is what comes before it: "A and B signed a memorandum in 1958", not the whole sentence again.
    """
    found = _participle_phrase(clause, spans, phrase_date)
    if found is None:
        return None
    words, texts, verb, index = found
    start = index
    # "pledging help in building a dock": the phrase starts at its first participle.
    for earlier in range(index - 1, verb + 1, -1):
        if words[earlier].endswith((",", ";", ":")) or _DATE_TOKEN.search(words[earlier]):
            break
        if _is_participle(words, earlier):
            start = earlier
    if _is_finite_verb(words[start - 1]):
        start -= 1  # "and began making cars": the verb goes with its phrase
    before = words[:start]
    before[-1:] = [word.rstrip(",;:") for word in before[-1:]]
    while len(before) > verb + 1 and before[-1].lower() in FUNCTION_WORDS:
        before.pop()
    result = headline(_unmark(" ".join(before), texts), (), short_names)
    return None if result.guessed else result


def _participle_phrase(clause, spans, own):
    """Find the participle phrase after the statement that the date ``own`` ends.

    Return (the statement's words up to the date, the dates' texts, the verb's index, the
    participle's index), or None.
    """
    spans = sorted(spans)
    if own not in spans:
        return None
    marked, texts = _mark_dates(clause, spans)
    main = THE_THEN.sub("", marked[_opening_end(marked) :], count=1)
    position = main.find(f"{_OPEN}{spans.index(own)}{_CLOSE}")
    if position < 0:
        return None
    words = main[:position].split()
    verb = verb_index(words)
    if verb is None:
        return None
    for index in range(len(words) - 1, verb + 1, -1):
        if words[index].endswith((",", ";", ":")) or _DATE_TOKEN.search(words[index]):
            return None
        if _is_participle(words, index):
            return words, texts, verb, index
    return None


_WORDS = re.compile(r"[^\W_]+")
# Words that add nothing a title lacks: joining words, and the words of dates (shown beside it).
_EMPTY_WORDS = FUNCTION_WORDS | DETERMINERS | {
    "s", "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "early", "late", "mid", "century", "centuries", "also", "then",
}  # fmt: skip


def says_more(sentence, title):
    """Tell whether the sentence says more than its title: two words or more besides dates and joins."""
    title_words = {word.casefold() for word in _WORDS.findall(title)}
    extra = {
        word
        for word in (word.casefold() for word in _WORDS.findall(sentence))
        if word not in title_words and word not in _EMPTY_WORDS and not word.isdigit() and not word[:-1].isdigit()
    }
    return len(extra) >= 2
