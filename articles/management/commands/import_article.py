"""Import articles from captured pages, or restore articles from a JSON export or a backup."""

import tempfile
from dataclasses import replace
from datetime import date
from itertools import islice
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import URLValidator
from django.db import DatabaseError, transaction

from articles.importing.document import ImportFormatError
from articles.importing.files import loaded_in_order, source_files
from articles.services import (
    ImportRejected,
    article_import,
    article_imports,
    database_error_line,
    document_import,
    load_document,
    refresh_planner_statistics,
)
from articles.services.backups import read_backup

_REPORT_COLUMNS = ("created", "updated", "unchanged", "kept_as_edited")
# Files written per transaction, together. Each commit writes back every page the batch changed
# (on SQLite, through the WAL and its checkpoints): index pages many files touch are written
# once per batch. 50 files halve the commits' cost per file against 20 (BENCHMARKS.md) and
# hold SQLite's write lock about a second.
DEFAULT_BATCH = 50


class Command(BaseCommand):
    help = (
        "Import articles from text captures of encyclopedia pages (files, or folders of .txt "
        "captures), or restore articles from a JSON export (.json) or a backup with its pictures "
        "(.zip). Each file is imported or refused as a whole: a bad file changes nothing and the "
        "others are imported. Fields editors changed since the last import are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths",
            nargs="+",
            type=Path,
            metavar="path",
            help="A captured page (.txt), a JSON export (.json), a backup (.zip), or a folder of captures.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Report what would change; write nothing.")
        parser.add_argument(
            "--jobs",
            type=int,
            default=1,
            help="Parse captures in this many worker processes while the import writes (for many files).",
        )
        parser.add_argument(
            "--batch",
            type=int,
            default=DEFAULT_BATCH,
            help=f"Commit every this many files (default {DEFAULT_BATCH}); a file that fails is still rolled back alone.",
        )

        parser.add_argument("--source-url", default="", help="Address of the page the captures' text comes from.")
        parser.add_argument("--licence", default="", help="Licence of the captures' text, e.g. 'CC BY-SA 3.0'.")
        parser.add_argument(
            "--retrieved", default="", metavar="YYYY-MM-DD", help="When the captures' text was taken from its page."
        )

    def handle(self, *, paths, dry_run, jobs, batch, verbosity, **options):
        if batch < 1:
            raise CommandError("--batch must be at least 1")
        self.attribution = _attribution(
            options.get("source_url", ""), options.get("licence", ""), options.get("retrieved", "")
        )
        files = []
        for path in paths:
            try:
                files.extend(source_files(path))
            except ImportFormatError as error:
                raise CommandError(f"{path}: {error}") from None
        outcomes = loaded_in_order(files, settings.ARTICLE_IMPORT_MAX_BYTES, jobs=jobs, held=batch)
        if len(files) == 1:
            [(path, loaded)] = outcomes
            report = self.import_loaded(path, loaded, dry_run)
            self.settle(report.changed, dry_run)
            if verbosity:
                self.write_report(report, verbosity)
            return
        failed, changed, done, next_settle = 0, False, 0, batch
        while group := list(islice(outcomes, batch)):
            reports, failed_here = self.import_group(group, dry_run)
            failed += failed_here
            changed = changed or any(report.changed for _, report in reports)
            done += len(group)
            if done >= next_settle and done < len(files):
                # Each time the import has doubled what it wrote: plans made for the tables as they
                # were grow slower with them (on SQLite, a full read of a history table per batch).
                self.settle(changed, dry_run)
                next_settle *= 2
            for path, report in reports:
                if verbosity > 1:
                    self.write_report(report, verbosity)
                elif verbosity:
                    self.stdout.write(f"{path.name}: {self.summary(report)}")
        self.settle(changed, dry_run)
        if failed:
            raise CommandError(f"{failed} of {len(files)} files not imported (see above); the others were")
        if verbosity:
            self.stdout.write(self.style.SUCCESS(f"{len(files)} files {'checked' if dry_run else 'imported'}."))

    def settle(self, changed, dry_run):
        """After imports that wrote something, let the database's planner see the new rows."""
        if changed and not dry_run:
            refresh_planner_statistics()

    def import_group(self, group, dry_run):
        """Import files in one transaction; return the reports and the failures.

        Captures are written together when they can be; otherwise (a dry run, a refused capture,
        exports and backups) each file in a savepoint. A file that fails is rolled back alone
        and reported on stderr. The reports are returned
        once the transaction has committed: a file is reported imported only when it is.
        """
        reports, failed = [], 0
        try:
            with transaction.atomic():
                # A dry run reports each file as if imported alone, whatever the batches.
                if not dry_run and (together := self.import_together(group)):
                    return together, 0
                for path, loaded in group:
                    try:
                        reports.append((path, self.import_loaded(path, loaded, dry_run)))
                    except CommandError as error:
                        # One bad file leaves the database as it was for that file; the others go on.
                        failed += 1
                        self.stderr.write(str(error))
        except DatabaseError as error:
            # The connection failed (lost, locked too long) or the commit did: nothing of the
            # group was written, the files reported imported so far included.
            lost = [path for path, _ in reports] + [path for path, _ in group[len(reports) + failed :]]
            for path in lost:
                self.stderr.write(f"{path}: not imported, the database failed: {database_error_line(error)}")
            return [], failed + len(lost)
        return reports, failed

    def import_together(self, group):
        """Write a group of captures together, as one import; return their reports, or None.

        What the captures share is then read once for all of them (BENCHMARKS.md: the import's
        throughput). None when the group holds something else than captures, or when one of
        them was refused: nothing is written then, and the caller imports them one by one to
        tell which.
        """
        if len(group) < 2 or any(isinstance(loaded, Exception) or loaded.parsed is None for _, loaded in group):
            return None
        try:
            reports = article_imports([(self.attributed(loaded.parsed), path.name) for path, loaded in group])
        except ImportRejected:
            return None
        return [(path, report) for (path, _), report in zip(group, reports, strict=True)]

    def import_loaded(self, path, loaded, dry_run):
        """Write what one file holds; raise CommandError with one line naming the file."""
        try:
            if isinstance(loaded, ImportFormatError):
                raise loaded
            if loaded.is_backup:
                return self.restore_backup(path, dry_run)
            if loaded.document is not None:
                return document_import(document=load_document(loaded.document), dry_run=dry_run)
            return article_import(parsed=self.attributed(loaded.parsed), source_name=path.name, dry_run=dry_run)
        except (ImportFormatError, ImportRejected) as error:
            raise CommandError(f"{path}: {error}") from None

    def attributed(self, parsed):
        """Return the parsed capture with the source and licence the command was given."""
        return replace(parsed, **self.attribution) if self.attribution else parsed

    def restore_backup(self, path, dry_run):
        """Restore a backup made by export_article -o NAME.zip: its JSON export and image files."""
        if not path.is_file():
            raise ImportFormatError("no such file")
        # The archive's files are streamed to a temporary folder, never held in memory.
        with tempfile.TemporaryDirectory(prefix="relations-restore-") as folder:
            data, files = read_backup(
                path,
                Path(folder),
                max_document_bytes=settings.ARTICLE_IMPORT_MAX_BYTES,
                max_file_bytes=getattr(settings, "IMAGE_UPLOAD_MAX_BYTES", 10 * 1024 * 1024),
            )
            return document_import(document=load_document(data), files=files, dry_run=dry_run)

    def summary(self, report):
        """Return one line of what an import did, summed over the models."""
        totals = {
            column: sum(getattr(counts, column) for counts in report.counts.values()) for column in _REPORT_COLUMNS
        }
        done = ", ".join(f"{count} {column.replace('_', ' ')}" for column, count in totals.items())
        return f"{', '.join(report.articles)}: {done}" + (" (dry run: nothing written)" if report.dry_run else "")

    def write_report(self, report, verbosity):
        """Write the counts per model, then what the import left alone."""
        heading = ["model", *(column.replace("_", "-") for column in _REPORT_COLUMNS)]
        rows = [heading] + [
            [model, *(str(getattr(counts, column)) for column in _REPORT_COLUMNS)]
            for model, counts in report.counts.items()
        ]
        widths = [max(len(row[index]) for row in rows) for index in range(len(heading))]
        for row in rows:
            cells = [row[0].ljust(widths[0])] + [
                cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)
            ]
            self.stdout.write("  ".join(cells))
        if report.kept:
            self.stdout.write("Kept as edited (an editor changed these fields since the last import):")
            for ref in report.kept:
                self.stdout.write(f"  {ref.model} {ref.slug}: {ref.field}")
        if report.drafted:
            self.stdout.write("Changed by the source, with a pending draft left as it is (compare it with live):")
            for ref in report.drafted:
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


def _attribution(source_url, licence, retrieved):
    """Return the ParsedArticle fields of the attribution options given; raise CommandError on bad ones."""
    given = {}
    if source_url:
        try:
            URLValidator(schemes=["http", "https"])(source_url)
        except ValidationError:
            raise CommandError(f"--source-url: {source_url!r} is not an http(s) address") from None
        given["source_url"] = source_url
    if licence:
        given["licence"] = " ".join(licence.split())
    if retrieved:
        try:
            given["retrieved"] = date.fromisoformat(retrieved)
        except ValueError:
            raise CommandError(f"--retrieved: {retrieved!r} is not a date (YYYY-MM-DD)") from None
    return given
