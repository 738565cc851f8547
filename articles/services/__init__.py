"""Services that write and read articles: import (capture or JSON export) and export.

article_import(*, parsed, source_name, dry_run=False) -> ImportReport
article_imports(sources, *, dry_run=False) -> [ImportReport]: several (parsed, source name) at once
document_import(*, document, dry_run=False) -> ImportReport
refresh_planner_statistics(using='default'): after imports
article_document(article) -> dict;  collection_document(articles) -> dict;  dumps(document) -> str
"""

from articles.services.imports import (
    article_import,
    article_imports,
    database_error_line,
    document_import,
    refresh_planner_statistics,
)
from articles.services.json_export import (
    ARTICLE_FORMAT,
    COLLECTION_FORMAT,
    article_document,
    collection_document,
    dumps,
    load_document,
)
from articles.services.snapshot_writer import Counts, FieldRef, ImportRejected, ImportReport, RecordRef

__all__ = [
    "ARTICLE_FORMAT",
    "COLLECTION_FORMAT",
    "Counts",
    "FieldRef",
    "ImportRejected",
    "ImportReport",
    "RecordRef",
    "article_document",
    "article_import",
    "article_imports",
    "collection_document",
    "database_error_line",
    "document_import",
    "dumps",
    "load_document",
    "refresh_planner_statistics",
]
