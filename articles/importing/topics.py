"""Place a text in topics by the word stems each topic lists."""

import re

WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")


def classify(text, stems_by_topic):
    """Return the topic keys whose stems begin a word of ``text``, in the mapping's order.

    A stem of three letters or fewer must match a whole word ("war" is not "warm"); a stem of
    several words ("hot line") must match consecutive words.
    """
    words = [word.lower() for word in WORD.findall(text)]
    joined = " " + " ".join(words)
    matched = []
    for topic, stems in stems_by_topic.items():
        for stem in stems:
            stem = stem.strip().lower()
            if not stem:
                continue
            if " " in stem or len(stem) > 3:
                found = (" " + stem) in joined
            else:
                found = stem in words
            if found:
                matched.append(topic)
                break
    return matched
