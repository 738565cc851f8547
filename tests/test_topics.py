"""Placing a text in topics by the word stems each topic lists (pure: no database)."""

from articles.importing.topics import classify, topic_stems

STEMS = topic_stems(
    {
        "conflict": ["war", " Invasi "],
        "trade": ["", "export", "free trade"],
        "space": ["cosmonaut", "hot line"],
    }
)


def test_stems_are_lower_case_trimmed_and_blank_ones_left_out():
    assert classify("WAR", STEMS) == ["conflict"]
    assert classify("invasions", STEMS) == ["conflict"]
    assert classify("", STEMS) == []


def test_a_short_stem_matches_whole_words_only():
    assert classify("A warm welcome", STEMS) == []
    assert classify("After the war, talks", STEMS) == ["conflict"]


def test_a_long_stem_begins_a_word_in_any_case():
    assert classify("The INVASION of 1950", STEMS) == ["conflict"]
    assert classify("Reinvasion plans", STEMS) == []


def test_a_stem_of_several_words_matches_consecutive_words():
    assert classify("a free and open trade", STEMS) == []
    assert classify("the free-trade talks; a Hot line opened", STEMS) == ["space"]
    assert classify("free trade talks", STEMS) == ["trade"]


def test_topics_come_in_the_mapping_order():
    assert classify("Cosmonauts, exports and war", STEMS) == ["conflict", "trade", "space"]
