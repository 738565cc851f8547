"""Place a text in topics by the word stems each topic lists."""

import re

WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")


def topic_stems(stems_by_topic):
    """Return each topic's stems as classify() takes them: lower case, blank ones left out."""
    return {
        topic: tuple(stem for stem in (stem.strip().lower() for stem in stems) if stem)
        for topic, stems in stems_by_topic.items()
    }


def classify(text, stems):
    """Return the topic keys whose stems begin a word of ``text``, in the mapping's order.

    ``stems``: as topic_stems() returns them. A stem of three letters or fewer must match a
    whole word ("war" is not "warm"); a stem of several words ("hot line") must match
    consecutive words.
    """
    words = [word.lower() for word in WORD.findall(text)]
    joined, whole_words = " " + " ".join(words), set(words)
    return [
        topic
        for topic, topic_stems in stems.items()
        if any((" " + stem) in joined if " " in stem or len(stem) > 3 else stem in whole_words for stem in topic_stems)
    ]
