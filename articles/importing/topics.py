"""Place a text in topics by the word stems each topic lists."""

import re

WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")


def topic_stems(stems_by_topic):
    """Return each topic's stems as classify() takes them.

    A stem of three letters or fewer must match a whole word ("war" is not "warm"); a longer
    one begins a word, and a stem of several words ("hot line") matches consecutive words.
    Per topic: the longer stems, each after a space, and the set of the short ones; lower case,
    blank ones left out.
    """
    prepared = {}
    for topic, stems in stems_by_topic.items():
        stems = [stem for stem in (stem.strip().lower() for stem in stems) if stem]
        prepared[topic] = (
            tuple(f" {stem}" for stem in stems if " " in stem or len(stem) > 3),
            frozenset(stem for stem in stems if " " not in stem and len(stem) <= 3),
        )
    return prepared


def classify(text, stems):
    """Return the topic keys one of whose stems ``text`` holds, in the mapping's order.

    ``stems``: as topic_stems() returns them.
    """
    words = [word.lower() for word in WORD.findall(text)]
    joined, whole_words = " " + " ".join(words), set(words)
    matched = []
    for topic, (beginnings, short) in stems.items():
        if not whole_words.isdisjoint(short):
            matched.append(topic)
            continue
        for beginning in beginnings:
            if beginning in joined:
                matched.append(topic)
                break
    return matched
