"""Import an article from a captured page, or restore articles from a JSON export."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.importing.document import ImportFormatError
from articles.importing.parser import decode_source, parse_article
from articles.services import ImportRejected, article_import, document_import, load_document
from articles.services.backups import read_backup

_BYTE_ORDER_MARK = b"\xef\xbb\xbf"
_REPORT_COLUMNS = ("created", "updated", "unchanged", "kept_as_edited")


class Command(BaseCommand):
    help = (
        "Import an article from a text capture of an encyclopedia page, or restore articles from "
        "a JSON export (PATH ending in .json) or a backup with its pictures (.zip). Fields editors "
        "changed since the last import are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path", type=Path, help="The captured page (.txt), a JSON export (.json) or a backup (.zip)."
        )
        parser.add_argument("--dry-run", action="store_true", help="Report what would change; write nothing.")

    def handle(self, *, path, dry_run, verbosity, **options):
        if path.suffix.lower() == ".zip":
            report = self.restore_backup(path, dry_run)
        else:
            report = self.import_file(path, dry_run)
        if verbosity:
            self.write_report(report, verbosity)

    def restore_backup(self, path, dry_run):
        """Restore a backup made by export_article -o NAME.zip: its JSON export and image files."""
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            data, files = read_backup(
                path,
                max_document_bytes=settings.ARTICLE_IMPORT_MAX_BYTES,
                max_file_bytes=getattr(settings, "IMAGE_UPLOAD_MAX_BYTES", 10 * 1024 * 1024),
            )
            return document_import(document=load_document(data), files=files, dry_run=dry_run)
        except (ImportFormatError, ImportRejected) as error:
            raise CommandError(f"{path}: {error}") from None

    def import_file(self, path, dry_run):
        data = self.read(path, max_bytes=settings.ARTICLE_IMPORT_MAX_BYTES)
        try:
            if path.suffix.lower() == ".json" or data.lstrip(_BYTE_ORDER_MARK + b" \t\r\n").startswith(b"{"):
                report = document_import(document=load_document(data), dry_run=dry_run)
            else:
                parsed = parse_article(decode_source(data, max_bytes=settings.ARTICLE_IMPORT_MAX_BYTES))
                report = article_import(parsed=parsed, source_name=path.name, dry_run=dry_run)
        except (ImportFormatError, ImportRejected) as error:
            raise CommandError(f"{path}: {error}") from None
        return report

    def read(self, path, *, max_bytes):
        """Return the file's bytes, checking its size before reading it."""
        try:
            size = path.stat().st_size
            if path.is_dir():
                raise CommandError(f"{path}: is a directory, not a file")
            if size > max_bytes:
                raise CommandError(f"{path}: {size:,} bytes is over the import limit of {max_bytes:,} bytes")
            with path.open("rb") as source:
                # A file that grows while being read is still cut at the limit.
                data = source.read(max_bytes + 1)
        except FileNotFoundError:
            raise CommandError(f"{path}: no such file") from None
        except OSError as error:
            raise CommandError(f"{path}: cannot be read ({error.strerror})") from None
        if len(data) > max_bytes:
            raise CommandError(f"{path}: over the import limit of {max_bytes:,} bytes")
        if not data.strip():
            raise CommandError(f"{path}: the file is empty")
        return data

    def write_report(self, report, verbosity):
        """Write the counts per model, then what the import left alone."""
        heading = ["model", *(column.replace("_", "-") for column in _REPORT_COLUMNS)]
        rows = [heading] + [
            [model, *(str(getattr(counts, column)) for column in _REPORT_COLUMNS)]
            for model, counts in report.counts.items()
        ]
        widths = [max(len(row[index]) for row in rows) for index in range(len(heading))]
        for row in rows:
            cells = [row[0].ljust(widths[0])] + [cell.rjust(width) for cell, width in zip(row[1:], widths[1:])]
            self.stdout.write("  ".join(cells))
        if report.kept:
            self.stdout.write("Kept as edited (an editor changed these fields since the last import):")
            for ref in report.kept:
                self.stdout.write(f"  {ref.model} {ref.slug}: {ref.field}")
        if report.not_in_source:
            self.stdout.write("Not in the source any more, left alone:")
            for ref in report.not_in_source:
                self.stdout.write(f"  {ref.model} {ref.slug}")
        if verbosity > 1 and report.updated:
            self.stdout.write("Updated:")
            for ref in report.updated:
                self.stdout.write(f"  {ref.model} {ref.slug}: {ref.field}")
        articles = ", ".join(report.articles)
        if report.dry_run:
            self.stdout.write(self.style.WARNING(f"Dry run: nothing was written ({articles})."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported {articles}."))
