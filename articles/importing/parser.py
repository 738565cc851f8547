"""Parse a text capture of an encyclopedia page into a ParsedArticle (work in progress)."""

from articles.importing.document import ImportFormatError, ParsedArticle  # noqa: F401


def decode_source(data, *, max_bytes=20 * 1024 * 1024):
    """Return the text of a source file's bytes, or raise ImportFormatError with one line."""
    raise NotImplementedError


def parse_article(text):
    """Return the ParsedArticle of a captured page's text, or raise ImportFormatError."""
    raise NotImplementedError
