"""The parser on the shipped seed (exact expectations read off the source) and on small documents."""

from datetime import date
from pathlib import Path
from unittest import TestCase

from articles.importing.dates import find_dates
from articles.importing.document import ImportFormatError
from articles.importing.parser import decode_source, parse_article, split_sentences
from articles.importing.people import find_people
from articles.importing.text import has_whole_phrase, whole_phrase_matches

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "articles" / "sources" / "russia-south-korea-relations.txt"
SMALL = Path(__file__).resolve().parent / "data" / "france-japan-relations.txt"


def plain(paragraph):
    """Return a markup paragraph as a reader sees it (links reduced to their text)."""
    import re

    return re.sub(r"\[\[([^\]|]+)(?:\|([^\]]+))?\]\]", lambda m: m.group(2) or m.group(1), paragraph)


class SeedParserTests(TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.raw = SEED.read_text(encoding="utf-8")
        cls.article = parse_article(cls.raw)
        cls.source_lines = cls.raw.splitlines()

    def test_title_and_slug(self):
        self.assertEqual(self.article.title, "Russia–South Korea relations")
        self.assertEqual(self.article.slug, "russia-south-korea-relations")

    def test_section_titles_in_order(self):
        self.assertEqual(
            [section.title for section in self.article.sections],
            [
                "Introduction",
                "Soviet period",
                "Russian federation",
                "Economic cooperation",
                "Space program",
                "North Korean nuclear threat",
                "Human migration",
            ],
        )
        self.assertEqual([section.order for section in self.article.sections], list(range(7)))

    def test_paragraphs_read_as_the_article(self):
        paragraphs = {section.title: [plain(p) for p in section.paragraphs] for section in self.article.sections}
        self.assertEqual(
            paragraphs["Introduction"][0],
            "Russia–South Korea relations refers to the bilateral foreign relations between Russia and South Korea.",
        )
        self.assertEqual(len(paragraphs["Introduction"]), 3)
        self.assertTrue(paragraphs["Introduction"][1].startswith("Immediately following Japan's 1910-1945 occupation"))
        self.assertEqual([len(paragraphs[title]) for title in list(paragraphs)[1:]], [7, 4, 2, 1, 1, 2])
        # The section openings the plain body lacks are restored from the full body.
        self.assertTrue(
            paragraphs["Soviet period"][0].startswith("South Korea had been seeking to trade with the Soviet Union")
        )
        self.assertTrue(paragraphs["Soviet period"][0].endswith("in exporting to the Soviet Union and Eastern Europe."))
        self.assertEqual(
            paragraphs["Russian federation"][0],
            "After the collapse of the Soviet Union, South Korea and Russia established diplomatic ties in 1991. "
            "On November 20, 1992 Russia and South Korea signed a protocol providing for regular visits of "
            "defence officials and naval vessels between the two countries.",
        )
        self.assertEqual(
            paragraphs["Russian federation"][1],
            "On July 23 1997, During a visit of the then Russian Foreign Minister Yevgeni Primakov to Seoul, a "
            "‘hot line’ agreement was signed providing for the establishment of a special communications link "
            "between the official residences of the Russian and South Korean presidents.",
        )
        self.assertEqual(
            paragraphs["Economic cooperation"][0][:117],
            "South Korea and Russia are working together on construction of a bilateral industrial complex in the "
            "Nakhodka Free Ec",
        )
        self.assertIn(
            "gas-fields development in Irkutsk. The two sides also agreed", paragraphs["Economic cooperation"][0]
        )
        self.assertTrue(
            paragraphs["Space program"][0].startswith(
                "South Korea is currently selecting its first astronaut, scheduled to board a Soyuz flight to the "
                "International Space Station in April 2008."
            )
        )
        self.assertIn("about 20 billion on the astronaut project", paragraphs["Space program"][0])
        self.assertTrue(
            paragraphs["North Korean nuclear threat"][0].startswith(
                "After the nuclear test on May 25 for which North Korea was facing much censorship"
            )
        )
        self.assertTrue(
            paragraphs["Human migration"][0].startswith(
                "Koryo-saram is the name which ethnic Koreans in the Post-Soviet states use"
            )
        )
        self.assertIn(
            "southern Russia (around Volgograd), the Caucasus, and southern Ukraine.", paragraphs["Human migration"][0]
        )
        self.assertTrue(
            paragraphs["Human migration"][1].startswith("Russians in Korea began arriving as early as 1885;")
        )

    def test_every_source_sentence_appears_exactly_once(self):
        text = "\n".join(plain(p) for section in self.article.sections for p in section.paragraphs)
        for sentence in [
            "The total trade volume between South Korea and Russia in 2003 was 4.2 billion US dollars.",
            "The 1988 Seoul Olympics was a major catalyst.",
            "In June 1990, Roh held his first summit with President Gorbachev in San Francisco.",
            "Russia reportedly offered to repay its $1.7 billion debt to South Korea through joint investments in "
            "North Korea, such as the railroad project.",
            "Some may identify as Koryo-saram, but many do not.",
            "Moscow even arranged Kim's meeting with the North Korean ambassador to the Soviet Union.",
        ]:
            self.assertEqual(text.count(sentence), 1, sentence)

    def test_no_capture_artefacts_left_in_the_text(self):
        definitions = {term.definition for term in self.article.glossary}
        for section in self.article.sections:
            for paragraph in section.paragraphs:
                text = plain(paragraph)
                self.assertNotRegex(text, r"EuropeEastern|IrkutskIrkutsk|astronautAstronaut|KoreaNorth|saramKoryo")
                self.assertNotRegex(text, r"[a-z]{2}\.[A-Z]", "glued sentence")
                self.assertNotRegex(text, r"\b(\w+) \1\b", "doubled word")
                self.assertNotRegex(text, r"\s[.,;:]", "space before punctuation")
                self.assertNotIn("  ", text)
                self.assertFalse(text.startswith((".", ",")))
                for definition in definitions:
                    self.assertNotIn(definition[:60], text)

    def test_glossary_has_the_48_terms_with_their_definitions(self):
        terms = [term.term for term in self.article.glossary]
        self.assertEqual(len(terms), 48)
        self.assertEqual(len(set(terms)), 48)
        self.assertEqual(
            set(terms),
            {
                "Bilateralism", "Diplomacy", "Russia", "South Korea", "Japan", "Cold War", "Soviet Union",
                "United States", "Korea", "Eastern Europe", "Nordpolitik", "Mikhail Gorbachev", "Vladivostok",
                "Krasnoyarsk", "China", "Washington, D.C.", "Busan", "Incheon", "Aeroflot", "Hong Kong",
                "Singapore", "Daewoo", "Kremlin", "World War II", "Seoul", "Official residence", "Vladimir Putin",
                "Six-party talks", "North Korea", "Irkutsk", "Astronaut", "Soyuz spacecraft",
                "International Space Station", "Pyongyang", "Moscow", "Koryo-saram", "Korean people",
                "Post-Soviet states", "Central Asia", "Volgograd", "Caucasus", "Ukraine", "Russian Far East",
                "Sakhalin", "Sakhalin Koreans", "Gyeongsang", "Jeolla", "Russians in Korea",
            },
        )  # fmt: skip
        # Each definition is the source's line after the title: as given, or kept beside its repair.
        for term in self.article.glossary:
            source = term.source_definition or term.definition
            self.assertIn(source, self.source_lines, term.term)
            index = self.source_lines.index(source)
            self.assertTrue(self.source_lines[index - 1].endswith(term.term), term.term)
        by_term = {term.term: term for term in self.article.glossary}
        self.assertTrue(by_term["Russia"].source_definition.startswith("Russia or , officially known"))
        self.assertTrue(by_term["Russia"].definition.startswith("Russia, officially known"))
        self.assertEqual(by_term["Bilateralism"].aliases, ("bilateral",))
        self.assertEqual(by_term["Diplomacy"].aliases, ("foreign relations",))
        self.assertEqual(by_term["Washington, D.C."].aliases, ("Washington",))
        self.assertEqual(by_term["Soyuz spacecraft"].aliases, ("Soyuz",))
        self.assertEqual(by_term["Official residence"].aliases, ("official residences",))
        self.assertEqual(by_term["Soviet Union"].aliases, ("Soviet Union", "USSR"))
        self.assertEqual(by_term["Washington, D.C."].slug, "washington-dc")

    def test_every_link_becomes_markup_pointing_at_its_term(self):
        import re

        links = [
            match
            for section in self.article.sections
            for paragraph in section.paragraphs
            for match in re.findall(r"\[\[([^\]|]+)(?:\|([^\]]+))?\]\]", paragraph)
        ]
        self.assertEqual(len(links), 58)
        terms = {term.term for term in self.article.glossary}
        self.assertTrue(all(target in terms for target, _ in links))
        self.assertIn(("Diplomacy", "foreign relations"), links)
        self.assertIn(("Official residence", "official residences"), links)
        soviet = self.article.sections[1]
        self.assertEqual(soviet.terms[:3], ("eastern-europe", "nordpolitik", "mikhail-gorbachev"))

    def test_events_have_the_right_dates_and_precisions(self):
        found = {
            (event.date.text, event.date.start, event.date.precision, event.date.end) for event in self.article.events
        }
        expected = {
            # Background to the statement ("Immediately following Japan's 1910-1945 occupation
            # of Korea, the Cold War … created the division of Korea"): the event comes after it.
            ("1910-1945", date(1945, 1, 1), "year", None),
            ("the 1990s", date(1990, 1, 1), "decade", None),
            ("2003", date(2003, 1, 1), "year", None),
            ("May 1979", date(1979, 5, 1), "month", None),
            ("the 1980s", date(1980, 1, 1), "decade", None),
            ("July 1986", date(1986, 7, 1), "month", None),
            ("August 1988", date(1988, 8, 1), "month", None),
            ("1988", date(1988, 1, 1), "year", None),
            ("1989", date(1989, 1, 1), "year", None),
            ("July 1989", date(1989, 7, 1), "month", None),
            ("April 1989", date(1989, 4, 1), "month", None),
            ("1990", date(1990, 1, 1), "year", None),
            ("from June 2 to June 10, 1989", date(1989, 6, 2), "day", date(1989, 6, 10)),
            ("June 1990", date(1990, 6, 1), "month", None),
            ("1991", date(1991, 1, 1), "year", None),
            ("November 20, 1992", date(1992, 11, 20), "day", None),
            ("July 23 1997", date(1997, 7, 23), "day", None),
            ("February 2001", date(2001, 2, 1), "month", None),
            ("September 2004", date(2004, 9, 1), "month", None),
            ("April 2008", date(2008, 4, 1), "month", None),
            ("2008", date(2008, 1, 1), "year", None),
            ("May 25", None, "", None),
            ("the late 19th century", date(1800, 1, 1), "century", None),
            ("the late 1930s and early 1940s", date(1930, 1, 1), "decade", date(1940, 1, 1)),
            ("1885", date(1885, 1, 1), "year", None),
        }
        self.assertEqual(found, expected)
        # "1988" states two events; "Unlike the communities …, which consist mostly of immigrants from
        # the late 19th and early 20th centuries, the ancestors … came … in the late 1930s" states one.
        self.assertEqual(len(self.article.events), 26)
        self.assertEqual(len({event.slug for event in self.article.events}), 26)
        self.assertEqual(len({event.key for event in self.article.events}), 26)

    def test_events_know_their_section_people_and_statement(self):
        by_text = {event.date.text: event for event in self.article.events}
        visit = by_text["from June 2 to June 10, 1989"]
        self.assertEqual(visit.section, "soviet-period")
        self.assertEqual(visit.people, ("kim-young-sam",))
        self.assertTrue(visit.description.startswith("Kim Young Sam visited Moscow from June 2 to June 10, 1989"))
        summit = by_text["June 1990"]
        self.assertEqual(summit.people, ("roh-tae-woo", "mikhail-gorbachev"))
        self.assertEqual(by_text["February 2001"].people, ("vladimir-putin",))
        self.assertEqual(by_text["September 2004"].people, ("roh-muhyeon",))
        self.assertEqual(
            by_text["February 2001"].title, "Russian president Vladimir Putin visited Seoul in February 2001"
        )
        self.assertEqual(by_text["April 2008"].section, "space-program")
        self.assertEqual(by_text["May 25"].section, "north-korean-nuclear-threat")

    def test_people_with_roles_and_countries(self):
        people = {person.name: (person.role, person.country, person.glossary_term) for person in self.article.people}
        self.assertEqual(
            people,
            {
                "Roh Tae Woo": ("President", "South Korea", None),
                "Mikhail Gorbachev": ("President", "Soviet Union", "mikhail-gorbachev"),
                "Kim Young Sam": ("", "", None),
                "Yevgeni Primakov": ("Foreign Minister", "Russia", None),
                "Vladimir Putin": ("President", "Russia", "vladimir-putin"),
                "Roh Muhyeon": ("President", "South Korea", None),
                "Lee Myung-bak": ("President", "South Korea", None),
                "Dmitry Medvedev": ("President", "Russia", None),
            },
        )
        aliases = {person.name: person.aliases for person in self.article.people}
        self.assertEqual(aliases["Roh Tae Woo"], ("Roh",))
        self.assertEqual(aliases["Roh Muhyeon"], ())
        self.assertEqual(aliases["Lee Myung-bak"], ("Lee",))
        self.assertEqual(self.article.sections[1].people, ("roh-tae-woo", "mikhail-gorbachev", "kim-young-sam"))

    def test_windows_line_endings_and_byte_order_mark_parse_the_same(self):
        data = ("\ufeff" + self.raw.replace("\n", "\r\n")).encode("utf-8")
        self.assertEqual(parse_article(decode_source(data)), self.article)

    def test_definitions_are_not_mined_for_people_or_events(self):
        names = {person.name for person in self.article.people}
        self.assertNotIn("Lee Beom Suk", names)  # named only in the Nordpolitik definition
        self.assertFalse(any("1922" in event.date.text for event in self.article.events))


class SmallDocumentTests(TestCase):
    """A different article written by hand in the capture format."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.article = parse_article(SMALL.read_text(encoding="utf-8"))

    def test_sections_and_paragraphs(self):
        self.assertEqual([s.title for s in self.article.sections], ["Introduction", "History", "Culture"])
        self.assertEqual(
            [list(s.paragraphs) for s in self.article.sections],
            [
                [
                    "France–Japan relations are the [[Diplomacy|diplomatic]] ties between [[France]] and [[Japan]].",
                    "The first contact came in 1615 when Hasekura Tsunenaga visited Paris.",
                ],
                [
                    "In 1858 the two countries signed the [[Treaty of Amity and Commerce]]. Later, on 3 March 1995 a "
                    "cultural agreement was signed.",
                    "French President Jacques Chirac visited [[Tokyo]] in May 1996. Chirac met Emperor Akihito.",
                ],
                [
                    "Japanese art spread through [[Japonisme]]. Japonisme shaped painters.",
                    "[[Japan|Japanese]] art influenced the Impressionists from the 1860s.",
                ],
            ],
        )

    def test_glossary_people_and_events(self):
        self.assertEqual(
            [(t.term, t.aliases) for t in self.article.glossary],
            [
                ("Diplomacy", ("diplomatic",)),
                ("France", ("France",)),
                ("Japan", ("Japan", "Japanese")),
                ("Treaty of Amity and Commerce", ("Treaty of Amity and Commerce",)),
                ("Tokyo", ("Tokyo",)),
                ("Japonisme", ("Japonisme",)),
            ],
        )
        self.assertEqual(
            [(p.name, p.role, p.country) for p in self.article.people],
            [("Hasekura Tsunenaga", "", ""), ("Jacques Chirac", "President", "France"), ("Akihito", "Emperor", "")],
        )
        self.assertEqual(
            [(e.date.start, e.date.precision) for e in self.article.events],
            [
                (date(1615, 1, 1), "year"),
                (date(1858, 1, 1), "year"),
                (date(1995, 3, 3), "day"),
                (date(1996, 5, 1), "month"),
                (date(1860, 1, 1), "decade"),
            ],
        )

    def test_crlf_and_bom(self):
        data = b"\xef\xbb\xbf" + SMALL.read_bytes().replace(b"\n", b"\r\n")
        self.assertEqual(parse_article(decode_source(data)), self.article)


class MinimalDocumentTests(TestCase):
    def test_article_without_links(self):
        article = parse_article("Tiny relations\nEncyclopedia\nOne sentence in 1999.\nAnother paragraph.\n")
        self.assertEqual(
            [list(s.paragraphs) for s in article.sections], [["One sentence in 1999.", "Another paragraph."]]
        )
        self.assertEqual(article.glossary, ())
        self.assertEqual([e.date.start for e in article.events], [date(1999, 1, 1)])

    def test_glued_title_that_differs_from_its_link_text(self):
        text = "\n".join(
            [
                "A–B relations",
                "Encyclopedia",
                "A and B are neighbours",
                ".",
                ". They trade a lot.",
                "Neighbour",
                "A neighbour is someone nearby...",
                ".",
                "Trade",
                "Goods cross on the SoyuzSoyuz spacecraft",
                "Soyuz is a spacecraft...",
                ". They trade a lot.",
            ]
        )
        article = parse_article(text)
        self.assertEqual(
            article.sections[1].paragraphs, ("Goods cross on the [[Soyuz spacecraft|Soyuz]]. They trade a lot.",)
        )


class BadInputTests(TestCase):
    def assertRefused(self, data, message):
        with self.assertRaises(ImportFormatError) as caught:
            parse_article(decode_source(data))
        self.assertIn(message, str(caught.exception))
        self.assertNotIn("\n", str(caught.exception))

    def test_empty(self):
        self.assertRefused(b"", "empty")
        self.assertRefused(b"  \n\n", "empty")

    def test_binary(self):
        self.assertRefused(bytes(range(256)) * 4, "binary")

    def test_control_characters_over_one_in_a_thousand_are_binary(self):
        text = "Title\nEncyclopedia\n" + "a" * 3000
        self.assertRefused((text + "\x01\x1b\x0b\x1f").encode(), "binary")
        # Up to the limit they are tolerated, and tab, form feed and carriage return never count.
        self.assertEqual(decode_source((text + "\x01\x1b\x0b").encode()), text + "\x01\x1b\x0b")
        self.assertEqual(decode_source((text + "\t\f\r" * 50).encode()), text + "\t\f\r" * 50)

    def test_not_utf8(self):
        self.assertRefused("Relations de la Corée\nEncyclopedia\nÉté".encode("latin-1"), "not UTF-8")

    def test_html_page(self):
        self.assertRefused(b"<!DOCTYPE html><html><body>Hi</body></html>", "HTML")

    def test_title_without_body(self):
        self.assertRefused(b"Only a title\n", "no body")
        self.assertRefused(b"Only a title\nEncyclopedia\n", "no body")

    def test_not_a_capture(self):
        self.assertRefused(b"Some notes\nabout things\n", "Encyclopedia")

    def test_too_large(self):
        with self.assertRaises(ImportFormatError) as caught:
            decode_source(b"x" * 101, max_bytes=100)
        self.assertIn("limit", str(caught.exception))


class SentenceTests(TestCase):
    def test_abbreviations_stay_inside_sentences(self):
        self.assertEqual(
            split_sentences("It joined a U.S.-led plan. Lee's office said U.N. action was needed. Done."),
            ["It joined a U.S.-led plan.", "Lee's office said U.N. action was needed.", "Done."],
        )


class PeopleTitleTests(TestCase):
    def roles(self, sentence):
        people, _ = find_people([sentence], {})
        return [(person.name, person.role, person.country) for person in people]

    def test_the_longest_title_that_fits_is_taken(self):
        self.assertEqual(
            self.roles("General Secretary Mikhail Gorbachev visited Seoul."),
            [("Mikhail Gorbachev", "General Secretary", "")],
        )
        self.assertEqual(
            self.roles("Soviet General Dmitry Yazov arrived."), [("Dmitry Yazov", "General", "Soviet Union")]
        )
        self.assertEqual(self.roles("Princess Anne Windsor visited Tokyo."), [("Anne Windsor", "Princess", "")])
        self.assertEqual(self.roles("Prince Charles Windsor visited Tokyo."), [("Charles Windsor", "Prince", "")])

    def test_titles_are_read_in_any_case(self):
        self.assertEqual(
            self.roles("The deputy prime minister Ivan Petrov said so."), [("Ivan Petrov", "Deputy Prime Minister", "")]
        )
        self.assertEqual(self.roles("In Zürich the PRESIDENT Ivan Petrov spoke."), [("Ivan Petrov", "PRESIDENT", "")])
        # Ignoring case, the Kelvin sign is a "k".
        self.assertEqual(self.roles("Then \u212aing Harald Olsen arrived."), [("Harald Olsen", "\u212aing", "")])


class PeopleWithoutTitleTests(TestCase):
    """People named with no title, found by what the sentence says around the name."""

    def names(self, *sentences):
        people, _ = find_people(list(sentences), {})
        return [person.name for person in people]

    def test_a_name_before_what_people_do(self):
        self.assertEqual(self.names("Ana Silva toured a power plant near the capital."), ["Ana Silva"])
        self.assertEqual(self.names("Ivan Petrov watched the launch from the ground."), ["Ivan Petrov"])

    def test_a_name_after_a_meeting_or_a_reform(self):
        self.assertEqual(self.names("The minister held a first summit with Matteo Greco in Vienna."), ["Matteo Greco"])
        self.assertEqual(self.names("Rome arranged a meeting of Omar Saleh with the ambassador."), ["Omar Saleh"])
        self.assertEqual(self.names("The reforms of Mustafa Sahin were watched closely."), ["Mustafa Sahin"])
        self.assertEqual(self.names("A delegation led by Nikita Orlov came in November."), ["Nikita Orlov"])
        self.assertEqual(self.names("He arrived, accompanied by Viktor Primakov."), ["Viktor Primakov"])

    def test_a_name_owning_a_quoted_policy(self):
        self.assertEqual(self.names("Ahmet Kaya's ‘Golden Bridge’ was an attempt to trade more."), ["Ahmet Kaya"])
        self.assertEqual(self.names("Robert Walker's office said that trade would grow."), ["Robert Walker"])
        self.assertEqual(self.names("Ahmet Kaya's bridge was long."), [])

    def test_a_name_joined_by_and_to_a_known_person(self):
        self.assertEqual(
            self.names("Thabo Mbeki and Turkish Prime Minister Abdullah Ozturk signed a treaty."),
            ["Abdullah Ozturk", "Thabo Mbeki"],
        )
        # The known person may be named by one part, learned elsewhere in the article.
        self.assertEqual(
            self.names("Chancellor Helmut Weber visited Cairo.", "Faisal Saleh and Weber opened the line."),
            ["Helmut Weber", "Faisal Saleh"],
        )
        # The title may come in lower case, after "the then".
        self.assertEqual(
            self.names("Marie Dubois and the then Canadian defence minister Paul Roy met in Ottawa."),
            ["Paul Roy", "Marie Dubois"],
        )

    def test_lower_case_particles_belong_to_the_name(self):
        self.assertEqual(self.names("President Charles de Gaulle visited Moscow."), ["Charles de Gaulle"])
        self.assertEqual(
            self.names("Ursula von der Leyen and Chancellor Olaf Scholz met.", "Von der Leyen said so."),
            ["Olaf Scholz", "Ursula von der Leyen"],
        )
        self.assertEqual(self.names("He held talks with Mohammed bin Salman in Riyadh."), ["Mohammed bin Salman"])
        # A place with a particle is no one, and a particle is no name of its own.
        self.assertEqual(self.names("Exports through Rio de Janeiro grew.", "A summit with de Gaulle."), [])

    def test_honorifics_are_no_part_of_the_name(self):
        self.assertEqual(self.names("Historian John Wheeler-Bennett says so."), ["John Wheeler-Bennett"])
        self.assertEqual(self.names("Vladimir Putin spoke.", "Mr Putin said so."), ["Vladimir Putin"])

    def test_places_organisations_and_countries_in_those_places_are_no_one(self):
        for sentence in (
            "Officials held talks with Samsung Heavy Industries in Seoul.",
            "A summit with Sri Lanka followed in May.",
            "Russia and South Korea signed a treaty.",
            "The reforms of Eastern Europe were watched closely.",
            "Talks with Asia-Pacific Economic Cooperation members went on.",
            "Busan Metropolitan City and Vladivostok signed a twinning agreement.",
            "The Korea Herald reported the talks.",
            "The project was led by Hyundai Heavy Industries.",
            "Samsung Electronics's office said so.",
            # A longer run of capitals is some other proper noun, not a name.
            "They met together with Lotte Hotel Seoul Tower Staff in June.",
            # "and" joins two names, but neither is known to be a person.
            "Samsung Card and Hyundai Capital merged in 2010.",
        ):
            with self.subTest(sentence=sentence):
                self.assertEqual(self.names(sentence), [])


class DateWordingTests(TestCase):
    def test_each_wording_of_a_date_is_found(self):
        cases = {
            "They met from June 2 to June 10, 1989 in Seoul.": [("from June 2 to June 10, 1989", "day")],
            "Talks ran 2–10 June 1989.": [("2–10 June 1989", "day")],
            "On November 20, 1992 it was signed.": [("November 20, 1992", "day")],
            "On 20 November 1992 it was signed.": [("20 November 1992", "day")],
            "On May 25 they met.": [("May 25", "")],
            "From July to September 1990 talks went on.": [("July to September 1990", "month")],
            "In July 1986 he came.": [("July 1986", "month")],
            "In the late 19th and early 20th centuries trade grew.": [
                ("the late 19th and early 20th centuries", "century")
            ],
            "In the 19th century trade grew.": [("the 19th century", "century")],
            "In the late 1930s and early 1940s war raged.": [("the late 1930s and early 1940s", "decade")],
            "In the 1980s trade grew.": [("the 1980s", "decade")],
            "The occupation lasted 1910-1945.": [("1910-1945", "year")],
            "Between 1950 and 1953 war raged; 2000 people fled.": [("1950 and 1953", "year")],
            "In May the talks resumed, and 3 of them went to Moscow.": [],
        }
        for sentence, expected in cases.items():
            with self.subTest(sentence):
                found = [(mention.value.text, mention.value.precision) for mention in find_dates(sentence)]
                self.assertEqual(found, expected)


class WholePhraseTests(TestCase):
    def test_a_phrase_inside_a_longer_word_does_not_count(self):
        matches = whole_phrase_matches("Roh", "Roh and Rohan met Roh.")
        self.assertEqual([match.span() for match in matches], [(0, 3), (18, 21)])
        self.assertEqual(list(whole_phrase_matches("Roh", "Rohan and Lee")), [])
        self.assertTrue(has_whole_phrase("Roh Tae Woo", "Then Roh Tae Woo's visit."))
        self.assertFalse(has_whole_phrase("Roh", "Rohan"))
        self.assertFalse(has_whole_phrase("Kim", "Lee"))


class CaptureVariantTests(TestCase):
    """Shapes of capture the seed does not show but the format allows."""

    FIRST_LINE_WITHOUT_LINK = "\n".join(
        [
            "X–Y relations",
            "Encyclopedia",
            "X and Y have old ties.",
            "They met in Paris",
            "in 1990.",
            ". Trade grew.",
            "They met in Paris",
            "Paris",
            "Paris is the capital of France...",
            "in 1990.",
            "History",
            "The story begins in LondonLondon",
            "London is a city...",
            ". Trade grew.",
        ]
    )

    def assertSections(self, text, expected):
        article = parse_article(text)
        self.assertEqual([(s.title, list(s.paragraphs)) for s in article.sections], expected)

    def test_first_line_without_a_link(self):
        expected = [
            ("Introduction", ["X and Y have old ties.", "They met in [[Paris]] in 1990."]),
            ("History", ["The story begins in [[London]]. Trade grew."]),
        ]
        self.assertSections(self.FIRST_LINE_WITHOUT_LINK, expected)
        # A capture that also dropped the second line from the full body reads the same.
        self.assertSections(
            self.FIRST_LINE_WITHOUT_LINK.replace(
                "in 1990.\n. Trade grew.\nThey met in Paris\n", "in 1990.\n. Trade grew.\n"
            ),
            expected,
        )

    def test_section_without_links_is_kept_whole(self):
        text = "X–Y relations\nEncyclopedia\nX and Y have ties with Z\n.\nZ\nZ is a place...\n.\nNotes\nNothing was linked here in 2001.\nAnother paragraph without links.\n"
        self.assertSections(
            text,
            [
                ("Introduction", ["X and Y have ties with [[Z]]."]),
                ("Notes", ["Nothing was linked here in 2001.", "Another paragraph without links."]),
            ],
        )

    def test_paragraph_starting_with_a_link_that_looks_like_a_heading(self):
        text = "\n".join(
            [
                "X–Y relations", "Encyclopedia", "X and Y share the Amur River", ".", "Amur River",
                "flows between them.", "Amur River", "Amur River is a river...", ".", "Amur River",
                "Amur River", "Amur River is a river...", "flows between them.",
            ]
        )  # fmt: skip
        self.assertSections(
            text, [("Introduction", ["X and Y share the [[Amur River]].", "[[Amur River]] flows between them."])]
        )
