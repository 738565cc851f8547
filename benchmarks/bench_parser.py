"""Parse generated articles: the parser's time per article, and the people it finds against the truth.

    .venv/bin/python benchmarks/bench_parser.py [--count 1000] [--seed measure] [--repeat 5]

Pure Python (no database). The people are compared by name with each article's ground truth:
"missed" are people the text names whom the parser did not find, "extra" are names it took for
people that are not. The time is the best of --repeat passes over all the articles, parsing only.
Then one line of each adversarial kind (ADVERSARIAL_UNITS), 9,500 and 19,000 characters long:
parsing must stay near-linear in the line's length.
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from articles.importing.document import ImportFormatError  # noqa: E402
from articles.importing.parser import decode_source, parse_article  # noqa: E402
from benchmarks import generate_articles  # noqa: E402
from benchmarks.common import code_state  # noqa: E402


def compare_people(articles):
    """Return (people in the truth, missed, extra) over (truth, parsed article) pairs."""
    total, missed, extra = 0, [], []
    for truth, article in articles:
        expected = {person["name"] for person in truth["people"]}
        found = {person.name for person in article.people}
        total += len(expected)
        missed += [(truth["title"], name) for name in sorted(expected - found)]
        extra += [(truth["title"], name) for name in sorted(found - expected)]
    return total, missed, extra


# Lines a hostile or broken file may hold, each repeated to just under the parser's line limit.
ADVERSARIAL_UNITS = ["[[", "[[a|", "1988 ", "President Kim ", "On July 23 1997, ", "[[x]] "]


def adversarial_times(length=19_000, lines=1):
    """Return [(unit, milliseconds)]: the time to parse ``lines`` lines of ``length`` characters of each unit."""
    rows = []
    for unit in ADVERSARIAL_UNITS:
        line = unit * (length // len(unit))
        text = "Adversarial\nEncyclopedia\n" + "\n".join([line] * lines) + "\nThe end.\n"
        started = time.perf_counter()
        try:
            parse_article(text)
        except ImportFormatError:
            pass
        rows.append((unit, (time.perf_counter() - started) * 1000))
    return rows


def main():
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--count", type=int, default=1000)
    options.add_argument("--seed", default="measure")
    options.add_argument("--repeat", type=int, default=5)
    arguments = options.parse_args()

    generated = [generate_articles.generate(arguments.seed, index) for index in range(arguments.count)]
    texts = [decode_source(data) for _stem, data, _truth in generated]
    best = float("inf")
    for _ in range(arguments.repeat):
        started = time.perf_counter()
        parsed = [parse_article(text) for text in texts]
        best = min(best, time.perf_counter() - started)
    total, missed, extra = compare_people(zip((truth for *_, truth in generated), parsed, strict=True))

    head, changed = code_state("articles/importing")
    print(f"code {head}{' with changes to ' + ', '.join(changed) if changed else ''}")
    print(f"{arguments.count} articles of seed {arguments.seed!r}")
    print(f"parse: {best * 1000 / arguments.count:.2f} ms an article (best of {arguments.repeat})")
    print(f"people: {total} in the truth, {len(missed)} missed, {len(extra)} extra")
    for label, names in (("missed", missed), ("extra", extra)):
        for title, name in names[:10]:
            print(f"  {label}: {name} ({title})")
    for length in (9_500, 19_000):
        times = ", ".join(f"{unit.strip()!r} {ms:,.0f} ms" for unit, ms in adversarial_times(length))
        print(f"adversarial line of {length:,} characters: {times}")


if __name__ == "__main__":
    main()
