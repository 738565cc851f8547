"""Event headlines: short complete statements built from the sentence's main clause."""

import collections
from pathlib import Path

import pytest

from articles.importing.dates import find_dates
from articles.importing.events import find_events
from articles.importing.headlines import MAX_LENGTH, headline
from articles.importing.parser import decode_source, parse_article
from benchmarks import generate_articles as gen

SEED = Path(__file__).resolve().parent.parent / "articles" / "sources" / "russia-south-korea-relations.txt"


def title_of(sentence, **options):
    spans = [(mention.start, mention.end) for mention in find_dates(sentence)]
    return headline(sentence.rstrip("."), spans, **options)


def events_of(*sentences):
    return find_events([("history", sentence) for sentence in sentences], [[] for _ in sentences], {}, "article")


def assert_good_titles(events, where):
    counts = collections.Counter(event.title.casefold() for event in events)
    for event in events:
        title = event.title
        assert len(title) <= MAX_LENGTH, (where, title)
        assert "…" not in title and not title.endswith("..."), (where, title)
        assert counts[title.casefold()] == 1, (where, title)
        assert title[:1].isupper(), (where, title)
        assert title.split()[-1].lower() not in {"the", "a", "of", "in", "and", "to", "with"}, (where, title)


def test_an_opening_date_phrase_is_left_out():
    assert title_of("In March 1921, the two kingdoms signed a border treaty.").title == (
        "The two kingdoms signed a border treaty"
    )
    assert title_of("Since the 1870s there have been ferries between the two ports.").title == (
        "There have been ferries between the two ports"
    )


def test_an_opening_adverbial_is_left_out_and_the_date_kept_inside():
    title = title_of("After the fall of the old monarchy, Norway and Chile opened embassies in 1950.")
    assert title.title == "Norway and Chile opened embassies in 1950"
    assert title.guessed == ""


def test_a_date_before_a_noun_opening_the_sentence_stays():
    assert title_of("The 1975 Lima Games were a turning point.").title == "The 1975 Lima Games were a turning point"


def test_a_long_clause_is_cut_where_a_phrase_begins_and_keeps_its_verb():
    sentence = (
        "On 4 May 1961 the fishing fleets of both coasts signed an accord providing for shared "
        "quotas of cod and herring across the northern banks of the sea."
    )
    title = title_of(sentence)
    assert title.title == "The fishing fleets of both coasts signed an accord"
    assert title.guessed == ""


def test_an_acronym_in_brackets_stands_for_the_name_it_abbreviates():
    sentence = (
        "The National Fisheries Authority (NFA) and the Chilean Maritime Office of Ports and Harbours "
        "exchanged letters in 1966 pledging cooperation in building new piers."
    )
    title = title_of(sentence).title
    assert title.startswith("NFA and ")
    assert len(title) <= MAX_LENGTH and "(" not in title


def test_titles_before_names_and_asides_go_before_anything_is_cut():
    sentence = (
        "The then Chilean Fisheries Minister Ana Rojas, who had long sought an agreement, visited "
        "Bergen from March 3 to March 9, 1990, as the press reported on the talks."
    )
    assert title_of(sentence).title == "Chilean Fisheries Minister Ana Rojas visited Bergen"


def test_a_known_short_name_replaces_a_full_name_when_that_is_what_fits():
    sentence = (
        "In 1970, Chilean President Eduardo Frei Montalva's reform and Olav Tryggvason's "
        '"New Course" were both attempts to reopen their countries\' old trade routes.'
    )
    title = title_of(sentence, short_names={"Eduardo Frei Montalva": "Frei", "Olav Tryggvason": "Tryggvason"})
    assert title.title.startswith("Frei's reform and Tryggvason's")
    assert len(title.title) <= MAX_LENGTH


# (sentence, headline): each cut where a phrase ends, as the clause's own words (nothing guessed).
WHOLE_PHRASES = [
    pytest.param(
        "Norway and Chile signed a memorandum of understanding on fisheries inspection matters in 1983.",
        "Norway and Chile signed a memorandum of understanding",
        id="a noun in -ing after 'of' ends a phrase",
    ),
    pytest.param(
        "The then Norwegian Trade Minister Ola Berg and Chilean President Ana Rojas signed a free trade "
        "agreement worth 600 million US dollars in April 2013.",
        "Ola Berg and Ana Rojas signed a free trade agreement",
        id="a sum goes whole: no headline ends on a number",
    ),
    pytest.param(
        "The then Norwegian Trade Minister Ola Berg and President Rojas agreed in October 1970 to exchange "
        "military attachés and to open a telephone line between the two ministries.",
        "Ola Berg and Rojas agreed to exchange military attachés",
        id="an infinitive stays with its verb, a second one goes",
    ),
    pytest.param(
        "From May 2 to May 5, 1946, the Chilean Trade Minister Ana Rojas visited Washington, D.C. to discuss "
        "trade and the status of the Chilean fishermen living in the north of Norway.",
        "Ana Rojas visited Washington, D.C.",
        id="an abbreviation keeps its period",
    ),
    pytest.param(
        "On June 11 2017, during a visit of Rojas to Washington, D.C., a fisheries agreement was signed.",
        "A fisheries agreement was signed",
        id="a comma before an abbreviation does not end the opening",
    ),
    pytest.param(
        "Contacts between the two countries date back to June 1864, when merchants from Bergen first reached "
        "Washington, D.C..",
        "Contacts between the two countries date back to June 1864",
        id="a comma before an abbreviation does not end an aside",
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), WHOLE_PHRASES)
def test_a_headline_ends_where_a_phrase_ends(sentence, expected):
    title = title_of(sentence)
    assert (title.title, title.guessed) == (expected, "")


def test_a_present_tense_with_currently_says_which_year_it_refers_to():
    title = title_of("Chile is currently training its first polar crew, due to sail in May 2031.")
    assert title.title.startswith("As of 2031, Chile is training its first polar crew")
    assert title.guessed


def test_a_date_describing_the_opening_is_background_when_the_statement_has_its_own():
    [event] = events_of(
        "Unlike the settlers on the coast, who came mostly in the 1870s, the second wave arrived in the 1920s."
    )
    assert event.date.text == "the 1920s"
    assert event.title == "The second wave arrived in the 1920s"


def test_a_background_date_alone_dates_what_follows_it_and_asks_for_review():
    [event] = events_of(
        "Shortly after Spain's 1898-1902 blockade of the port, the two navies agreed to share the strait."
    )
    assert (event.date.start.year, event.date.precision, event.date.end) == (1902, "year", None)
    assert event.title == "The two navies agreed to share the strait"
    assert event.review


@pytest.mark.parametrize(
    ("sentence", "reviews"),
    [
        pytest.param(
            "The two ministries signed a memorandum of understanding on cooperation in 1958 and renewed it in 1961.",
            ["title told apart from another"] * 2,
            id="titles told apart by their dates",
        ),
        pytest.param(
            "The harbour board and the shipping guild of the southern provinces exchanged a memorandum "
            "in 1958 pledging support in building a dry dock by 1961.",
            ["", "title from the phrase its date ends"],
            id="a date ending a participle phrase titles its event from that phrase",
        ),
        pytest.param(
            "The Norwegian Fisheries Promotion Agency and the Chilean Chamber of Fisheries and Maritime "
            "Industry signed a memorandum in 1958 and again in 1961.",
            ["cut to fit", "cut to fit"],
            id="a title cut short to take its date says so",
        ),
    ],
)
def test_two_dates_in_one_sentence_give_two_events_with_distinct_titles(sentence, reviews):
    events = events_of(sentence)
    assert [event.date.text for event in events] == ["1958", "1961"]
    assert_good_titles(events, "two dates")
    assert [event.review for event in events] == reviews


def test_the_event_a_participle_phrase_dates_is_what_that_phrase_says():
    first, second = events_of(
        "The NFPA and the Chilean Chamber of Fisheries and Maritime Industry signed a fishing memorandum in 1958 "
        "pledging mutual assistance in opening ports in 1961."
    )
    assert second.title == "The NFPA and the Chilean Chamber of Fisheries and Maritime Industry opened ports"
    assert "(1958)" not in first.title and "opened" not in first.title
    # A date after a comma, or after a gerund that is a noun, belongs to no such phrase.
    assert [event.review for event in events_of(
        "Gorbachev signaled interest in improving relations, as explained in his July 1986 and August 1988 speeches."
    )] == ["title told apart from another"] * 2  # fmt: skip


@pytest.mark.parametrize(
    ("sentence", "titles"),
    [
        (
            "Japan and Korea signed a treaty in 1905, making Korea a protectorate in 1910.",
            ["Japan and Korea signed a treaty in 1905", "Japan and Korea made Korea a protectorate"],
        ),
        (
            "The company opened a plant in 1995 and began making cars there in 1997.",
            ["The company opened a plant in 1995", "The company began making cars there"],
        ),
        (
            "The two states held talks in 1958 before signing a treaty in 1961.",
            ["The two states held talks in 1958", "The two states signed a treaty"],
        ),
    ],
    ids=["after a comma", "a verb before the participle stays", "after a preposition"],
)
def test_the_other_event_of_the_sentence_is_titled_without_that_phrase(sentence, titles):
    events = events_of(sentence)
    assert [event.title for event in events] == titles
    assert [event.review for event in events] == ["", "title from the phrase its date ends"]


@pytest.mark.parametrize(
    ("participle", "past"),
    [
        ("establishing", "established"),
        ("opening", "opened"),
        ("creating", "created"),
        ("planning", "planned"),
        ("agreeing", "agreed"),
        ("supplying", "supplied"),
        ("playing", "played"),
        ("building", "built"),
        ("holding", "held"),
    ],
)
def test_a_participle_gives_its_simple_past(participle, past):
    from articles.importing.headlines import past_tense

    assert past_tense(participle) == past


def test_the_seed_titles_are_short_complete_and_distinct():
    article = parse_article(SEED.read_text(encoding="utf-8"))
    assert_good_titles(article.events, "seed")
    # Most cards no longer say the same thing twice: the title is not the sentence's start.
    repeating = [event for event in article.events if event.description.startswith(event.title)]
    assert len(repeating) <= len(article.events) // 3


@pytest.mark.parametrize("index", range(40))
def test_generated_article_titles_are_short_complete_and_distinct(index):
    _, data, _ = gen.generate("headlines", index, crlf_share=0.2)
    assert_good_titles(parse_article(decode_source(data)).events, index)


def test_a_sentence_says_more_than_its_title_only_with_words_of_its_own():
    from articles.importing.headlines import says_more

    assert not says_more("Norway and Chile opened embassies in June 1950.", "Norway and Chile opened embassies")
    assert says_more(
        "In 1950, after long talks in Lima, Norway and Chile opened embassies.", "Norway and Chile opened embassies"
    )


@pytest.mark.parametrize(
    ("sentence", "title"),
    [
        (
            "Nigeria plans the first domestic launch of a satellite from August 4 to August 11, 1985, with "
            "Argentine assistance.",
            "Nigeria plans the first domestic launch of a satellite",
        ),
        (
            "The then North Korean Trade Minister Han Tae Woo and Finnish Prime Minister Olof Andersson opened "
            "the first section of the pipeline transport in January 1990.",
            "Han Tae Woo and Olof Andersson opened first section of pipeline transport",
        ),
        (
            "Contacts between the two countries date back to the 1850s.",
            "Contacts between the two countries date back to the 1850s",
        ),
    ],
    ids=["a ranged date leaves the title", "articles go before a phrase is cut", "a date a word needs stays"],
)
def test_titles_that_fit_without_a_cut_are_not_flagged(sentence, title):
    headline = title_of(sentence)
    assert (headline.title, headline.guessed) == (title, "")
