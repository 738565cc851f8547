"""Find the people an article's text names, with the role and country it gives them.

People are found by a title before a name ("South Korean President Roh Tae Woo"), by what people
do after a name ("Kim Young Sam visited") or around it ("a summit with …", "the reforms of …",
"… 's ‘Golden Bridge’"), by "and" joining a name to a known person's, and by a linked term whose
definition describes a person. Later mentions by one part of the name ("Roh", "Gorbachev")
resolve to the person last named with it, so two people sharing a surname stay apart.
"""

import re
from dataclasses import dataclass, field

from articles.importing.text import Spans, whole_phrase_matches


def _prefix_alternation(words):
    """Return a regex alternation of the words with their common prefixes shared.

    The engine then tries the few distinct first letters at each place instead of every word,
    several times faster. Words with the same first letter keep their order ("General Secretary"
    before "General"); words with different ones never match at the same place, so their order
    does not matter. Words are grouped by their lower-cased first letter: give lower-case words,
    or use the alternation where case is ignored.
    """
    by_first_letter = {}
    for word in words:
        by_first_letter.setdefault(word[:1].lower(), []).append(word)
    branches = []
    for first_letter, group in by_first_letter.items():
        if not first_letter:
            branches.append("")  # a word that ends here, tried where the list had it
        elif len(group) == 1:
            branches.append(re.escape(group[0]))
        else:
            branches.append(re.escape(group[0][0]) + _prefix_alternation([word[1:] for word in group]))
    return "(?:" + "|".join(branches) + ")"


DEMONYMS = {
    "afghan": "Afghanistan", "albanian": "Albania", "algerian": "Algeria", "american": "United States",
    "argentine": "Argentina", "argentinian": "Argentina", "armenian": "Armenia", "australian": "Australia",
    "austrian": "Austria", "azerbaijani": "Azerbaijan", "bangladeshi": "Bangladesh", "belarusian": "Belarus",
    "belgian": "Belgium", "brazilian": "Brazil", "british": "United Kingdom", "bulgarian": "Bulgaria",
    "cambodian": "Cambodia", "canadian": "Canada", "chilean": "Chile", "chinese": "China",
    "colombian": "Colombia", "croatian": "Croatia", "cuban": "Cuba", "czech": "Czech Republic",
    "danish": "Denmark", "dutch": "Netherlands", "egyptian": "Egypt", "estonian": "Estonia",
    "ethiopian": "Ethiopia", "filipino": "Philippines", "finnish": "Finland", "french": "France",
    "georgian": "Georgia", "german": "Germany", "greek": "Greece", "hungarian": "Hungary",
    "icelandic": "Iceland", "indian": "India", "indonesian": "Indonesia", "iranian": "Iran",
    "iraqi": "Iraq", "irish": "Ireland", "israeli": "Israel", "italian": "Italy", "japanese": "Japan",
    "jordanian": "Jordan", "kazakh": "Kazakhstan", "kazakhstani": "Kazakhstan", "kenyan": "Kenya",
    "korean": "Korea", "north korean": "North Korea", "south korean": "South Korea", "kyrgyz": "Kyrgyzstan",
    "lao": "Laos", "latvian": "Latvia", "lebanese": "Lebanon", "libyan": "Libya", "lithuanian": "Lithuania",
    "malaysian": "Malaysia", "mexican": "Mexico", "moldovan": "Moldova", "mongolian": "Mongolia",
    "moroccan": "Morocco", "nepalese": "Nepal", "new zealand": "New Zealand", "nigerian": "Nigeria",
    "norwegian": "Norway", "pakistani": "Pakistan", "peruvian": "Peru", "polish": "Poland",
    "portuguese": "Portugal", "romanian": "Romania", "russian": "Russia", "saudi": "Saudi Arabia",
    "serbian": "Serbia", "singaporean": "Singapore", "slovak": "Slovakia", "slovenian": "Slovenia",
    "soviet": "Soviet Union", "spanish": "Spain", "swedish": "Sweden", "swiss": "Switzerland",
    "syrian": "Syria", "taiwanese": "Taiwan", "tajik": "Tajikistan", "thai": "Thailand",
    "turkish": "Turkey", "turkmen": "Turkmenistan", "ukrainian": "Ukraine", "uzbek": "Uzbekistan",
    "venezuelan": "Venezuela", "vietnamese": "Vietnam", "yemeni": "Yemen", "south african": "South Africa",
    "new zealander": "New Zealand", "emirati": "United Arab Emirates", "qatari": "Qatar", "kuwaiti": "Kuwait",
    "omani": "Oman", "bahraini": "Bahrain", "sri lankan": "Sri Lanka", "burmese": "Myanmar",
    "ghanaian": "Ghana", "tanzanian": "Tanzania", "ugandan": "Uganda", "zimbabwean": "Zimbabwe",
    "tunisian": "Tunisia", "sudanese": "Sudan", "somali": "Somalia", "senegalese": "Senegal",
    "angolan": "Angola", "bolivian": "Bolivia", "ecuadorian": "Ecuador", "uruguayan": "Uruguay",
    "paraguayan": "Paraguay", "panamanian": "Panama", "jamaican": "Jamaica", "haitian": "Haiti",
    "dominican": "Dominican Republic", "costa rican": "Costa Rica", "guatemalan": "Guatemala",
    "honduran": "Honduras", "nicaraguan": "Nicaragua", "salvadoran": "El Salvador", "cypriot": "Cyprus",
    "maltese": "Malta", "luxembourgish": "Luxembourg", "bosnian": "Bosnia and Herzegovina",
    "macedonian": "North Macedonia", "montenegrin": "Montenegro", "kosovar": "Kosovo",
    "belarussian": "Belarus", "east german": "East Germany", "west german": "West Germany",
    "yugoslav": "Yugoslavia", "czechoslovak": "Czechoslovakia", "ottoman": "Ottoman Empire",
    "persian": "Iran", "korean empire": "Korean Empire", "brunei": "Brunei", "bhutanese": "Bhutan",
    "maldivian": "Maldives", "fijian": "Fiji", "papua new guinean": "Papua New Guinea",
}  # fmt: skip
COUNTRIES = {country.lower(): country for country in DEMONYMS.values()} | {
    "the russian federation": "Russia", "russian federation": "Russia", "the united states": "United States",
    "the united kingdom": "United Kingdom", "the soviet union": "Soviet Union", "the ussr": "Soviet Union",
    "the people's republic of china": "China", "the republic of korea": "South Korea",
    "the democratic people's republic of korea": "North Korea", "the philippines": "Philippines",
    "the netherlands": "Netherlands", "the czech republic": "Czech Republic",
}  # fmt: skip
ROLES = [
    "Deputy Prime Minister", "Prime Minister", "Vice Foreign Minister", "Foreign Minister",
    "Defence Minister", "Defense Minister", "Trade Minister", "Finance Minister", "Minister",
    "Vice President", "President", "Premier", "Chancellor", "General Secretary", "Secretary-General",
    "Secretary General", "Secretary of State", "Ambassador", "Envoy", "Crown Prince", "King", "Queen",
    "Emperor", "Empress", "Tsar", "Czar", "Chairman", "Supreme Leader", "Leader", "Governor", "Mayor",
    "General", "Admiral", "Marshal", "Senator", "Speaker", "Prince", "Princess", "Pope", "Patriarch",
    "Astronaut", "Cosmonaut", "Dictator", "Consul",
]  # fmt: skip
PERSON_VERBS = (
    "visited|met|said|says|held|signed|announced|stated|declared|told|arrived|became|resigned|died|"
    "travelled|traveled|led|accompanied|hosted|received|welcomed|praised|criticized|criticised|urged|"
    "proposed|agreed|wrote|returned|served|won|married|was born|was elected|attended|addressed|called|"
    "spoke|speaks|argued|warned|insisted|noted|claimed|suggested|promised|pledged|vowed|condemned|opened|"
    "chaired|negotiated|launched|thanked|invited|visits|meets|reported|replied|responded|explained|"
    "toured|watched|inaugurated|expressed|discussed|stressed|emphasized|emphasised|congratulated|"
    "telephoned|phoned|talked|apologized|apologised|reaffirmed|remarked|commented|recalled|paid|raised"
)
# Nouns of what people do, and the word that leads from them to the person: "a summit with …",
# "the reforms of …". Places and organisations follow them too, so the name must stand alone.
PERSON_CONTEXTS = (
    "summit with|summits with|talks with|meeting of|meeting with|meetings with|together with|"
    "conversation with|interview with|negotiations with|reforms of|policies of|administration of|"
    "presidency of|premiership of|reign of|death of|resignation of|election of|leadership of|"
    "tenure of|speech by|visit by|visit of|accompanied by|led by"
)
_DESCRIPTION_WORDS = _prefix_alternation(
    "statesman|stateswoman|politician|president|prime minister|minister|diplomat|general secretary|"
    "leader|monarch|king|queen|emperor|empress|chancellor|served as|born|actor|actress|writer|author|poet|"
    "singer|composer|painter|scientist|astronaut|cosmonaut|athlete|footballer|businessman|businesswoman|"
    "admiral|philosopher|journalist|activist|revolutionary|dictator|general".split("|")
)
PERSON_DESCRIPTIONS = re.compile(rf"\b{_DESCRIPTION_WORDS}\b", re.IGNORECASE)
# Words that make a run of capitalised words a place, an organisation or a people, not a name.
NOT_NAME_WORDS = {
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "far",
    "united", "union", "states", "state", "republic", "kingdom", "federation", "empire", "government",
    "ministry", "council", "party", "army", "navy", "company", "group", "corporation", "bank",
    "university", "institute", "agency", "office", "city", "island", "islands", "sea", "river", "lake",
    "mountain", "mountains", "province", "region", "peninsula", "ocean", "bay", "war", "treaty",
    "olympics", "games", "station", "railway", "railroad", "the", "a", "an", "in", "on", "at", "after",
    "before", "during", "since", "many", "some", "this", "that", "these", "those", "it", "he", "she",
    "they", "we", "his", "her", "their", "its", "when", "while", "as", "because", "although", "both",
    "president", "minister", "people", "koreans", "russians", "chamber", "commerce", "industry",
    "committee", "association", "organization", "organisation", "forces", "airlines", "district",
}  # fmt: skip
# Words of organisations, events and places: "talks with Hyundai Heavy Industries" names no one.
NOT_NAME_WORDS |= {
    "cooperation", "economic", "forum", "summit", "conference", "assembly", "commission",
    "electronics", "motor", "motors", "industries", "industrial", "heavy", "holdings", "energy",
    "partnership", "community", "alliance", "league", "movement", "foundation", "center", "centre",
    "museum", "festival", "agreement", "accord", "declaration", "initiative", "program", "programme",
    "project", "policy", "fund", "parliament", "congress", "senate", "duma", "cabinet", "bureau",
    "service", "services", "airport", "palace", "cathedral", "stadium", "dynasty", "revolution",
    "crisis", "conflict", "incident", "doctrine", "pact", "zone", "krai", "oblast", "territory",
    "prefecture", "county", "valley", "strait", "gulf", "coast", "desert", "canal", "pipeline",
    "cosmodrome", "school", "college", "academy", "hospital", "library", "television",
    "championship", "olympic", "space", "nuclear",
}  # fmt: skip
# Honorifics and callings before a name ("Mr Putin", "Historian John Smith"): no part of it.
HONORIFICS = {
    "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "madame", "monsieur", "herr",
    "historian", "professor", "scholar", "journalist", "author", "writer", "economist", "analyst",
}  # fmt: skip
NOT_NAME_WORDS |= HONORIFICS
NOT_NAME_WORDS |= {word.lower() for role in ROLES for word in role.split()}
# Before one capitalised word these titles are as often part of a name ("General Motors").
SINGLE_NAME_AMBIGUOUS_ROLES = {"general", "leader", "speaker", "prince", "princess", "consul", "envoy"}
UPPER = "A-ZÀ-ÖØ-ÞĀ-ž"  # Latin Extended-A alternates cases; the pairs read as one range here
LOWER = "a-zß-öø-ÿā-ž"
NAME_WORD_TAIL = rf"[{LOWER}]+(?:-[{UPPER}{LOWER}][{LOWER}]*)*"
NAME_WORD = rf"[{UPPER}]{NAME_WORD_TAIL}"
# Lower-case particles inside a name: "Otto von Bismarck", "Charles de Gaulle", "Ursula von der Leyen".
NAME_PARTICLES = "von|van|de|der|den|da|di|du|del|della|dos|das|do|bin|ibn"
PARTICLE_WORDS = set(NAME_PARTICLES.split("|"))
# Between two words of a name.
NAME_GAP = rf"\s+(?:{_prefix_alternation(NAME_PARTICLES.split('|'))}\s+){{0,2}}"
NAME = rf"{NAME_WORD}(?:{NAME_GAP}{NAME_WORD}){{0,3}}"
ROLE_PATTERN = re.compile(
    rf"(?P<nationality>(?:[A-Z][a-z]+\s+){{0,2}}?)(?P<role>(?i:{_prefix_alternation(ROLES)}))"
    rf"\s+(?P<name>{NAME})(?:['’]s)?"
)
# Most sentences hold no title. Ignoring case costs the scan above most of its time, so a
# case-sensitive scan of the lower-cased sentence rules titles out first where that is exact.
LOWER_CASE_ROLE = re.compile(_prefix_alternation([role.lower() for role in ROLES]))
VERB_PATTERN = re.compile(rf"(?P<name>{NAME_WORD}(?:{NAME_GAP}{NAME_WORD}){{1,3}})\s+(?:{PERSON_VERBS})\b")
# Most sentences have none of these verbs after a space: they skip the scan above.
VERB_AFTER_SPACE = re.compile(rf"\s{_prefix_alternation(PERSON_VERBS.split('|'))}\b")
NAME_RUN = re.compile(rf"{NAME_WORD}(?:{NAME_GAP}{NAME_WORD}){{1,3}}")
# Where a run of capitalised words ends: not inside a word, and no capitalised word follows.
RUN_ENDS = rf"(?![{UPPER}{LOWER}-]|{NAME_GAP}{NAME_WORD})"
# The whole run of capitalised words after a context: a longer run is some other proper noun.
CONTEXT_PATTERN = re.compile(
    rf"\b(?:{_prefix_alternation(PERSON_CONTEXTS.split('|'))})\s+"
    rf"(?P<name>{NAME_WORD}(?:{NAME_GAP}{NAME_WORD}){{1,3}}){RUN_ENDS}"
)
# Every context ends in one of these words, before a capital: most sentences skip the scan above.
CONTEXT_END = re.compile(rf" (?:with|of|by)\s+[{UPPER}]")
# A name owning a policy in quotes or what only people have: "Ahmet Kaya's ‘Golden Bridge’".
PERSON_BELONGINGS = (
    "office|administration|visit|speech|wife|husband|widow|son|daughter|father|mother|family|"
    "memoirs|death|resignation|election|funeral|successor|predecessor|spokesman|spokeswoman|"
    "spokesperson|aide|aides"
)
POSSESSIVE = rf"['’]s\s+(?:[‘“\"']|(?:{_prefix_alternation(PERSON_BELONGINGS.split('|'))})\b)"
POSSESSIVE_PATTERN = re.compile(
    rf"(?<![{UPPER}{LOWER}])(?P<name>{NAME_WORD}(?:{NAME_GAP}{NAME_WORD}){{1,3}}){POSSESSIVE}"
)
HAS_POSSESSIVE = re.compile(POSSESSIVE)
# Two names joined by "and": when one is a known person, so is the other. The second may carry a
# title ("… and the then Canadian defence minister Ana Silva"), which ROLE_PATTERN reads.
COORDINATED = re.compile(rf"(?P<left>{NAME})\s+and\s+(?:the\s+)?(?:then\s+)?")
COORDINATED_NAME = re.compile(rf"{NAME_WORD}(?:{NAME_GAP}{NAME_WORD}){{0,3}}{RUN_ENDS}")
# A name word not inside a longer word. The capital comes first and the look-behind after it,
# so the engine skips from capital to capital instead of testing a word boundary everywhere.
CAPITALISED_WORD = re.compile(rf"[{UPPER}](?<!\w[{UPPER}]){NAME_WORD_TAIL}\b")
NAME_WORD_PATTERN = re.compile(NAME_WORD)
# A definition names the person it describes within its first words.
OPENING_WORDS = 8
SENTENCE_END = re.compile(r"[.!?]\s")
SERVED_AS = re.compile(
    r"served as (?:the )?(?:(?:first|second|third|fourth|fifth|sixth|seventh|\d+(?:st|nd|rd|th)) )?"
    r"(?P<role>(?:" + "|".join(re.escape(role) for role in ROLES) + r")(?: of [A-Z][\w ]+?)?)"
    r"(?=[,.;]| from| and| is| between| until|$)"
)


@dataclass
class FoundPerson:
    name: str
    role: str = ""
    country: str = ""
    glossary_term: str | None = None
    aliases: list = field(default_factory=list)

    @property
    def parts(self):
        words = self.name.split()
        return {words[0], words[-1]} if len(words) > 1 else {words[0]}


def country_for(nationality):
    """Return the country of a nationality's words ("South Korean" -> "South Korea"), or ""."""
    words = nationality.lower().split()
    for size in (2, 1):
        if len(words) >= size:
            country = DEMONYMS.get(" ".join(words[-size:]))
            if country:
                return country
    return ""


def _clean_name(words, blocked):
    """Cut a run of capitalised words at the first word that cannot be part of a name."""
    kept = []
    for word in words:
        if not kept and word.lower() in PARTICLE_WORDS:
            continue  # "Von der Leyen" opening a sentence: the surname alone
        if word.lower() in NOT_NAME_WORDS or word.lower() in DEMONYMS or word in blocked:
            if kept:
                break
            continue  # a leading "When", "The" or title is not part of the name
        kept.append(word)
    return kept


def _may_hold_a_role(sentence):
    """Tell whether ROLE_PATTERN may match in the sentence: False only when it surely does not."""
    if not sentence.isascii():
        # Ignoring case, a few other letters match ASCII ones (the Kelvin sign matches "k"), which
        # lower() does not fold alike: leave such sentences to the scan.
        return True
    return LOWER_CASE_ROLE.search(sentence.lower()) is not None


def _person_from_definition(term, definition):
    """Return (role, country) when a linked term's definition describes a person, else None."""
    words = term.split()
    if not 2 <= len(words) <= 4 or not all(NAME_WORD_PATTERN.fullmatch(word) for word in words):
        return None
    opening = definition.split(maxsplit=OPENING_WORDS)[:OPENING_WORDS]
    if words[0] not in opening or words[-1].strip(",") not in [word.strip(",") for word in opening]:
        return None
    end = SENTENCE_END.search(definition)
    first_sentence = definition[: end.start() + 1] if end else definition
    if not PERSON_DESCRIPTIONS.search(first_sentence):
        return None
    role = ""
    served = SERVED_AS.search(first_sentence)
    if served:
        role = served.group("role").strip()
        office, _, place = role.partition(" of ")
        if place.lower() in COUNTRIES:
            # "President of Turkey": the office is the role, the place is the country.
            role = office
            return role, COUNTRIES[place.lower()]
    country = ""
    sentence_words = first_sentence.split()
    for word_index in range(len(sentence_words)):
        candidate = country_for(" ".join(sentence_words[max(0, word_index - 1) : word_index + 1]))
        if candidate:
            country = candidate
            break
    return role, country


class PeopleFinder:
    """Collect people across the article's sentences, in reading order."""

    def __init__(self, glossary, blocked_words=()):
        # glossary: {term: (slug, definition)}; terms that are not people block names.
        self.people = []
        self.by_name = {}
        self.last_by_part = {}
        self.glossary_people = {}
        self.blocked = set(blocked_words)
        self._known_names_cache = (None, [], set())
        for term, (slug, definition) in glossary.items():
            described = _person_from_definition(term, definition)
            if described:
                self.glossary_people[term] = (slug, *described)
            else:
                self.blocked.update(word for word in term.split() if word[:1].isupper())

    def _person(self, name):
        person = self.by_name.get(name)
        if person is None:
            person = FoundPerson(name=name)
            if name in self.glossary_people:
                slug, role, country = self.glossary_people[name]
                person.glossary_term, person.role, person.country = slug, role, country
            self.people.append(person)
            self.by_name[name] = person
        return person

    def _resolve_part(self, word):
        return self.last_by_part.get(word)

    def _remember(self, person):
        for part in person.parts:
            self.last_by_part[part] = person

    def first_pass(self, sentences):
        """Learn the full names, roles and countries the sentences give, in reading order."""
        titled = set()
        titled_alone = []  # ("Emperor", "Akihito", nationality) when no known person has the name
        for sentence in sentences:
            named = [
                *self._glossary_names(sentence),
                *self._names_before_verbs(sentence),
                *self._names_in_contexts(sentence),
                *self._titled_names(sentence, titled_alone),
            ]
            self._learn_titles(named, titled)
        self._add_coordinated(sentences)
        self._add_namesakes(sentences)
        self._add_titled_alone(titled_alone)
        self.last_by_part = {}

    def _glossary_names(self, sentence):
        """Return (position, person, None) for each linked term describing a person the sentence names."""
        return [
            (match.start(), self._person(term), None)
            for term in self.glossary_people
            for match in whole_phrase_matches(term, sentence)
        ]

    def _names_before_verbs(self, sentence):
        """Return (position, person, None) for names followed by what people do ("Kim visited")."""
        named = []
        for match in VERB_PATTERN.finditer(sentence) if VERB_AFTER_SPACE.search(sentence) else ():
            name = self._whole_name(match.group("name"))
            if name:
                named.append((match.start(), self._person(name), None))
        return named

    def _names_in_contexts(self, sentence):
        """Return (position, person, None) for names after "a summit with", before "'s office"…"""
        contexts = CONTEXT_PATTERN.finditer(sentence) if CONTEXT_END.search(sentence) else ()
        owners = POSSESSIVE_PATTERN.finditer(sentence) if HAS_POSSESSIVE.search(sentence) else ()
        named = []
        for match in (*contexts, *owners):
            name = self._whole_name(match.group("name"))
            if name:
                named.append((match.start("name"), self._person(name), None))
        return named

    def _titled_names(self, sentence, titled_alone):
        """Return (position, person, match) for names after a title ("President Roh Tae Woo").

        A title before one name nobody is known by yet goes to ``titled_alone``, for later.
        """
        named = []
        for match in ROLE_PATTERN.finditer(sentence) if _may_hold_a_role(sentence) else ():
            words = _clean_name(match.group("name").split(), self.blocked)
            person = None
            if len(words) >= 2:
                person = self._person(" ".join(words))
            elif words:
                person = self._resolve_part(words[0])
                if person is None and match.group("role").lower() not in SINGLE_NAME_AMBIGUOUS_ROLES:
                    titled_alone.append((words[0], match))
            if person is not None:
                named.append((match.start("name"), person, match))
        return named

    def _learn_titles(self, named, titled):
        """In reading order, remember each name's parts and give people the first title the text gives them."""
        for _, person, match in sorted(named, key=lambda item: item[0]):
            self._remember(person)
            if match is None or person.name in titled:
                continue
            # The first title the text gives a person is theirs; a definition's is a fallback.
            titled.add(person.name)
            person.role = " ".join(
                word.capitalize() if word.islower() else word for word in match.group("role").split()
            )
            person.country = country_for(match.group("nationality")) or person.country

    def _add_titled_alone(self, titled_alone):
        for name, match in titled_alone:
            # A title before a single name nobody else carries ("Emperor Akihito") names a person.
            if not any(name in person.parts for person in self.people):
                person = self._person(name)
                person.role = match.group("role")
                person.country = country_for(match.group("nationality"))

    def _whole_name(self, run):
        """Return the run of capitalised words as a name of two words or more, or None.

        Honorifics before the name are left out ("Mr", "Historian"); every other word must be one
        a name can have, and the run no country's name ("Sri Lanka").
        """
        words = run.split()
        while words and words[0].lower() in HONORIFICS:
            del words[0]
        if len(words) < 2 or len(_clean_name(words, self.blocked)) != len(words):
            return None
        name = " ".join(words)
        return None if name.lower() in COUNTRIES else name

    def _add_coordinated(self, sentences):
        """Add the name joined by "and" to a known person's ("Ana Silva and President Kim met")."""
        parts = {part for person in self.people for part in person.parts}

        def known(words):
            return " ".join(words) in self.by_name or (len(words) == 1 and words[0] in parts)

        for sentence in sentences:
            if " and " not in sentence:
                continue
            for match in COORDINATED.finditer(sentence):
                titled = ROLE_PATTERN.match(sentence, match.end())
                following = titled or COORDINATED_NAME.match(sentence, match.end())
                if not following:
                    continue
                left, right = match.group("left"), titled.group("name") if titled else following.group()
                for side, other in ((left, right), (right, left)):
                    if not known(_clean_name(other.split(), self.blocked)):
                        continue
                    # The side may open with words that are no part of a name ("Turkish President").
                    side_words = side.split()
                    words = _clean_name(side_words, self.blocked)
                    name = words and self._whole_name(" ".join(words))
                    if name and side_words[-len(words) :] == words and name not in self.by_name:
                        self._person(name)

    def _add_namesakes(self, sentences):
        """Add people whose full name shares one part with a known person's ("Boris Novikov")."""
        parts = {part for person in self.people for part in person.parts}
        for sentence in sentences:
            for match in NAME_RUN.finditer(sentence):
                words = match.group().split()
                if parts.isdisjoint(words):
                    continue  # what remains of the run once cleaned cannot share a part either
                words = _clean_name(words, self.blocked)
                name = " ".join(words)
                if len(words) < 2 or name in self.by_name or not (words[0] in parts or words[-1] in parts):
                    continue
                if any(name in person.name for person in self.people):
                    continue
                self._person(name)

    def _known_names(self):
        """Return the people longest name first and the parts of their names, for mentions."""
        # People are only ever added, so their count tells whether the cache is current.
        if self._known_names_cache[0] != len(self.people):
            by_length = sorted(self.people, key=lambda person: len(person.name), reverse=True)
            parts = {part for person in self.people for part in person.parts}
            self._known_names_cache = (len(self.people), by_length, parts)
        return self._known_names_cache[1:]

    def mentions(self, sentence):
        """Return the people a sentence names, by full name, title or one part of the name."""
        by_length, parts = self._known_names()
        named, spans = [], Spans()
        for person in by_length:
            for match in whole_phrase_matches(person.name, sentence):
                if spans.overlaps(*match.span()):
                    continue
                spans.add(*match.span())
                named.append((match.start(), person, None))
        for match in CAPITALISED_WORD.finditer(sentence):
            # A word that is no part of a name resolves to nobody: leave it out early.
            if match.group() not in parts:
                continue
            if not spans.overlaps(*match.span()):
                named.append((match.start(), None, match.group()))
        result, seen = [], set()
        # In reading order, so "Lee Myung-bak … Lee's office" resolves within one sentence.
        for _, person, part in sorted(named, key=lambda item: item[0]):
            if person is None:
                person = self._resolve_part(part)
                if person is None:
                    continue
                if part != person.name and part not in person.aliases:
                    person.aliases.append(part)
            self._remember(person)
            # By identity: names are unique, and comparing dataclasses field by field is slow.
            if id(person) not in seen:
                seen.add(id(person))
                result.append(person)
        return result


def find_people(sentences, glossary, blocked_words=()):
    """Return (people, mentions per sentence) for the article's sentences in reading order."""
    finder = PeopleFinder(glossary, blocked_words)
    finder.first_pass(sentences)
    mentions = [finder.mentions(sentence) for sentence in sentences]
    mentioned = {id(person) for people in mentions for person in people}
    people = [person for person in finder.people if id(person) in mentioned]
    return people, mentions
