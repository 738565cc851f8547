"""Glossary definitions: the capture's artefacts repaired where certain, the source kept, doubt flagged."""

import pytest

from articles.importing.definitions import repair_definition


@pytest.mark.parametrize(
    ("captured", "repaired"),
    [
        # A name in another script, lost between "or" and a comma.
        (
            "Norway or , officially the Kingdom of Norway, is a country.",
            "Norway, officially the Kingdom of Norway, is a country.",
        ),
        # An aside in another script, lost between two commas.
        (
            "The Republic of Chile , , is a country in South America.",
            "The Republic of Chile is a country in South America.",
        ),
        # Brackets whose opening part was in another script.
        ("Chile ) is a country.", "Chile is a country."),
        ("Vostok , East) is a series of rockets.", "Vostok is a series of rockets."),
        # Spaces before punctuation.
        ("Valparaíso , formerly spelled Valparayso is a port .", "Valparaíso, formerly spelled Valparayso is a port."),
        # Sentences glued together.
        ("The fleet was small.It grew after the war.", "The fleet was small. It grew after the war."),
        # Heading debris and an empty field.
        (
            "Tromsø is a city. Population: .-History:In 1794, it became a town...",
            "Tromsø is a city. In 1794, it became a town...",
        ),
        # A cut mark after a full stop.
        ("Tromsø is a city in Norway....", "Tromsø is a city in Norway."),
    ],
)
def test_artefacts_are_repaired(captured, repaired):
    result = repair_definition(captured)
    assert result.text == repaired
    assert result.changed and result.review


def test_glued_words_split_where_the_first_is_a_word_of_its_own():
    result = repair_definition("LAN ChileChilean Airlines , known as LAN Chile , is an airline...", "LAN Chile")
    assert result.text == "LAN Chile Chilean Airlines, known as LAN Chile, is an airline..."


def test_what_might_be_meant_is_left_as_captured():
    for text in ("McDonald founded the JavaScript guild in the U.S.A. in 1901...", "A (small) port..."):
        assert repair_definition(text).text == text
        assert not repair_definition(text).changed


def test_a_list_of_pages_is_flagged_not_rewritten():
    result = repair_definition("Chilean may refer to:* Chile, a country* Chilean people...")
    assert result.review == "a list of pages, not a definition"
