"""Where an article's text comes from and under which licence, as readers and machines are told."""

import re

# "CC BY-SA 3.0", "cc-by-sa-4.0": a Creative Commons licence and its version.
_CREATIVE_COMMONS = re.compile(r"^cc[\s-]+(by(?:[\s-](?:sa|nd|nc|nc[\s-]sa|nc[\s-]nd))?)[\s-]+(\d\.\d)$", re.IGNORECASE)


def licence_url(licence):
    """Return the address of a Creative Commons licence's deed, or "" for any other licence."""
    match = _CREATIVE_COMMONS.match(licence.strip())
    if match is None:
        return ""
    kind = re.sub(r"[\s-]+", "-", match.group(1).lower())
    return f"https://creativecommons.org/licenses/{kind}/{match.group(2)}/"


def has_attribution(article):
    return bool(article.source_url or article.licence)


def attribution_text(article):
    """Return one line of plain text crediting the article's source and naming its licence, or ""."""
    if not has_attribution(article):
        return ""
    line = f"Text from “{article.source_title or article.title}”"
    if article.source_url:
        line += f" ({article.source_url})"
    if article.retrieved:
        line += f", retrieved {article.retrieved.day} {article.retrieved:%B %Y}"
    if article.licence:
        line += f", under {article.licence}"
    return line + "."
