"""The import_article command on the shipped seed article and on bad input."""

import subprocess
import sys
import tempfile
from io import StringIO
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import IntegrityError, OperationalError, connection, transaction
from django.test import TestCase, override_settings

from articles.importing.parser import decode_source, parse_article
from articles.models import Article, Event, Person, Section, Topic
from benchmarks import generate_articles
from tests.factories import database_content, failing_writes

SEED = Path(settings.BASE_DIR) / "articles" / "sources" / "russia-south-korea-relations.txt"
SLUG = "russia-south-korea-relations"


def run_import(*paths, **options):
    """Run the command and return what it wrote."""
    stdout = StringIO()
    call_command("import_article", *map(str, paths), stdout=stdout, **options)
    return stdout.getvalue()


def report_rows(output):
    """Return the report table as {model: (created, updated, unchanged, kept-as-edited)}."""
    rows = {}
    for line in output.splitlines():
        cells = line.split()
        if len(cells) == 5 and all(cell.isdigit() for cell in cells[1:]):
            rows[cells[0]] = tuple(int(cell) for cell in cells[1:])
    return rows


def content_by_value():
    """Return the content rows without their keys, dates and links (which differ between runs)."""
    ignored = {"id", "created_at", "updated_at", "article_id", "section_id", "glossary_entry_id", "period_id"}
    return {
        table: sorted(repr(sorted((k, v) for k, v in row.items() if k not in ignored)) for row in rows)
        for table, rows in database_content().items()
        if table in {"Article", "Section", "GlossaryEntry", "Person", "Event"}
    }


class TemporaryFilesMixin:
    def setUp(self):
        super().setUp()
        directory = tempfile.TemporaryDirectory()
        self.addCleanup(directory.cleanup)
        self.directory = Path(directory.name)

    def write(self, name, data):
        path = self.directory / name
        path.write_bytes(data)
        return path


class SeedImportTests(TemporaryFilesMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("import_article", str(SEED), verbosity=0)

    def test_the_seed_becomes_published_linked_records(self):
        article = Article.objects.get(slug=SLUG)
        self.assertEqual((article.source, article.status), (SEED.name, "published"))
        self.assertGreater(Section.objects.filter(article=article).count(), 1)
        self.assertTrue(Event.objects.filter(section__article=article, period__isnull=False).exists())
        self.assertTrue(Event.objects.filter(section__article=article, topics__isnull=False).exists())

    def test_reimporting_the_seed_changes_nothing(self):
        before = database_content()
        output = run_import(SEED)
        self.assertEqual(database_content(), before)  # updated_at included
        rows = report_rows(output)
        self.assertEqual(list(rows), ["Article", "GlossaryEntry", "Person", "Section", "Event"])
        for model, (created, updated, unchanged, kept) in rows.items():
            self.assertEqual((created, updated, kept), (0, 0, 0), model)
            self.assertGreater(unchanged, 0, model)
        self.assertIn(f"Imported {SLUG}.", output)

    def test_the_same_article_with_windows_line_endings_and_a_byte_order_mark_changes_nothing(self):
        crlf = self.write("capture.txt", b"\xef\xbb\xbf" + SEED.read_bytes().replace(b"\n", b"\r\n"))
        before = database_content()
        run_import(crlf)
        changed = {name: [row for row in rows if row not in before[name]] for name, rows in database_content().items()}
        # Only the article's source names the other file.
        self.assertEqual(changed["Article"][0]["source"], "capture.txt")
        self.assertEqual({name: rows for name, rows in changed.items() if rows and name != "Article"}, {})

    def test_editor_changes_are_kept_and_reported(self):
        section = Section.objects.filter(article__slug=SLUG).order_by("order").last()
        Section.objects.filter(pk=section.pk).update(body="Rewritten by an editor.")
        person = Person.objects.order_by("slug").first()
        Person.objects.filter(pk=person.pk).update(role="Editor's role")
        event = Event.objects.filter(section__article__slug=SLUG).order_by("slug").first()
        event.topics.set(Topic.objects.filter(slug="sport"))

        output = run_import(SEED)

        section.refresh_from_db()
        person.refresh_from_db()
        self.assertEqual(section.body, "Rewritten by an editor.")
        self.assertEqual(person.role, "Editor's role")
        self.assertEqual(list(event.topics.values_list("slug", flat=True)), ["sport"])
        rows = report_rows(output)
        self.assertEqual(rows["Section"][3], 1)
        self.assertEqual(rows["Person"][3], 1)
        self.assertEqual(rows["Event"][3], 1)
        self.assertIn(f"Section {section.slug}: body", output)
        self.assertIn(f"Person {person.slug}: role", output)
        self.assertIn(f"Event {event.slug}: topics", output)

    def test_dry_run_over_edits_prints_the_report_and_writes_nothing(self):
        Section.objects.filter(article__slug=SLUG, order=0).update(body="Edited.")
        before = database_content()
        output = run_import(SEED, dry_run=True)
        self.assertEqual(database_content(), before)
        self.assertEqual(report_rows(output)["Section"][3], 1)
        self.assertIn("Dry run: nothing was written", output)

    def test_verbosity_zero_prints_nothing(self):
        self.assertEqual(run_import(SEED, verbosity=0), "")


class FirstSeedImportTests(TestCase):
    def test_dry_run_on_an_empty_database_prints_the_report_and_writes_nothing(self):
        before = database_content()
        output = run_import(SEED, dry_run=True)
        self.assertEqual(database_content(), before)
        rows = report_rows(output)
        self.assertEqual(rows["Article"], (1, 0, 0, 0))
        self.assertGreater(rows["Event"][0], 0)

    def test_a_write_failing_midway_leaves_the_database_as_it_was(self):
        before = database_content()
        # The article, its glossary and its people are written by then.
        with failing_writes(Section, RuntimeError("disk full")), self.assertRaises(RuntimeError):
            call_command("import_article", str(SEED), verbosity=0)
        self.assertEqual(database_content(), before)


class BadInputTests(TemporaryFilesMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("import_article", str(SEED), verbosity=0)

    def assertRejected(self, path, message):
        """Assert the command fails with one line naming the problem and changes nothing."""
        before = database_content()
        with self.assertRaises(CommandError) as caught:
            run_import(path)
        error = str(caught.exception)
        self.assertNotIn("\n", error)
        self.assertIn(message, error)
        self.assertEqual(database_content(), before)

    def test_missing_file(self):
        self.assertRejected(self.directory / "nowhere.txt", "no such file")

    def test_folder_without_captures(self):
        self.write("notes.md", b"Not a capture.")
        self.assertRejected(self.directory, "a folder with no .txt capture in it")

    def test_empty_file(self):
        self.assertRejected(self.write("empty.txt", b""), "empty")

    def test_blank_file(self):
        self.assertRejected(self.write("blank.txt", b" \n\r\n\t\n"), "empty")

    def test_binary_data(self):
        self.assertRejected(self.write("image.txt", bytes(range(256)) * 4), "binary")

    def test_text_that_is_not_utf8(self):
        data = "Café relations\nEncyclopedia\nLes relations entre la France et le Pérou.\n".encode("latin-1")
        self.assertRejected(self.write("latin.txt", data), "not UTF-8")

    def test_html_page(self):
        data = b"<!DOCTYPE html><html><head><title>Russia</title></head><body><p>Hi</p></body></html>"
        self.assertRejected(self.write("page.txt", data), "HTML")

    def test_title_without_a_body(self):
        self.assertRejected(self.write("title.txt", b"Russia\xe2\x80\x93South Korea relations\n"), "no body")

    def test_file_over_the_size_limit(self):
        with override_settings(ARTICLE_IMPORT_MAX_BYTES=1000):
            self.assertRejected(SEED, "over the import limit of 1,000 bytes")

    def test_size_is_checked_before_the_file_is_read(self):
        with override_settings(ARTICLE_IMPORT_MAX_BYTES=1000), mock.patch.object(Path, "open") as opened:
            with self.assertRaises(CommandError):
                run_import(SEED)
        opened.assert_not_called()

    def test_invalid_json(self):
        self.assertRejected(self.write("export.json", b'{"format": "relations-article/1",'), "not valid JSON")

    def test_json_of_an_unknown_format(self):
        self.assertRejected(self.write("export.json", b'{"format": "something/2"}'), "unknown export format")

    def test_json_export_named_txt_is_read_as_json(self):
        self.assertRejected(self.write("export.txt", b'\xef\xbb\xbf {"format": 1}'), "unknown export format")

    def test_failure_exits_non_zero_with_one_line_and_no_traceback(self):
        result = subprocess.run(
            [sys.executable, "manage.py", "import_article", str(self.directory / "nowhere.txt")],
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=60,
        )
        self.assertEqual(result.returncode, 1)
        expected = f"CommandError: {self.directory / 'nowhere.txt'}: no such file"
        self.assertEqual(result.stderr.strip().splitlines(), [expected])


class ManyFilesTests(TemporaryFilesMixin, TestCase):
    def write_generated(self, count):
        """Write ``count`` generated captures into the folder; return their article titles."""
        titles = []
        for index in range(count):
            stem, data, truth = generate_articles.generate("import-command", index)
            self.write(f"{stem}.txt", data)
            titles.append(truth["title"])
        return titles

    def test_a_long_import_refreshes_the_planner_statistics_each_time_it_doubles(self):
        self.write_generated(5)
        from articles.management.commands import import_article

        real = import_article.refresh_planner_statistics
        with mock.patch.object(import_article, "refresh_planner_statistics", side_effect=real) as refresh:
            call_command("import_article", str(self.directory), batch=1, stdout=StringIO())
        # After files 1, 2 and 4 (the import doubled), then once at the end.
        self.assertEqual(refresh.call_count, 4)
        self.assertEqual(Article.objects.count(), 5)

    def test_a_folder_is_imported_file_by_file_in_name_order(self):
        titles = self.write_generated(3)
        output = run_import(self.directory)
        self.assertCountEqual(Article.objects.values_list("title", flat=True), titles)
        lines = output.splitlines()
        self.assertEqual(len(lines), 4, output)  # one line a file, then the total
        self.assertEqual([line.split(":")[0] for line in lines[:3]], sorted(p.name for p in self.directory.iterdir()))
        self.assertIn("created", lines[0])
        self.assertEqual(lines[3], "3 files imported.")

    def test_parsing_in_worker_processes_imports_the_same(self):
        self.write_generated(3)
        with transaction.atomic():
            run_import(self.directory, jobs=2)
            in_workers = content_by_value()
            transaction.set_rollback(True)
        self.assertFalse(Article.objects.exists())
        run_import(self.directory, jobs=1)
        self.assertEqual(in_workers, content_by_value())
        self.assertEqual(Article.objects.count(), 3)

    def test_a_bad_file_among_good_ones_is_reported_and_leaves_the_rest_imported(self):
        titles = self.write_generated(2)
        self.write("0000-broken.txt", b"Just a title\nand no encyclopedia capture at all\n")
        stderr = StringIO()
        with self.assertRaises(CommandError) as caught:
            call_command("import_article", str(self.directory), stdout=StringIO(), stderr=stderr)
        self.assertEqual(str(caught.exception), "1 of 3 files not imported (see above); the others were")
        [error] = stderr.getvalue().splitlines()
        self.assertTrue(error.startswith(f"{self.directory / '0000-broken.txt'}: "), error)
        self.assertCountEqual(Article.objects.values_list("title", flat=True), titles)

    def test_a_file_the_database_refuses_is_rolled_back_alone_within_its_batch(self):
        titles = self.write_generated(3)
        stderr = StringIO()
        refused = IntegrityError("duplicate key value violates unique constraint")
        second = sorted(self.directory.iterdir())[1]
        # Its events' import keys start with its article's slug.
        events_of_second = f"{parse_article(decode_source(second.read_bytes())).slug}:"
        # The second file's events are refused: the first and third, in the same transaction, stay.
        with failing_writes(Event, refused, matching=events_of_second), self.assertRaises(CommandError) as caught:
            call_command("import_article", str(self.directory), stdout=StringIO(), stderr=stderr, batch=20)
        self.assertEqual(str(caught.exception), "1 of 3 files not imported (see above); the others were")
        [error] = stderr.getvalue().splitlines()
        self.assertTrue(error.startswith(f"{second}: "), error)
        self.assertCountEqual(Article.objects.values_list("title", flat=True), [titles[0], titles[2]])
        self.assertFalse(Section.objects.filter(article__title=titles[1]).exists())

    def test_a_database_failure_loses_its_batch_only_and_says_so(self):
        self.write_generated(3)
        files = sorted(self.directory.iterdir())
        stderr = StringIO()
        with failing_writes(Event, OperationalError("disk I/O error"), after=1, times=1):
            with self.assertRaises(CommandError) as caught:
                call_command("import_article", str(self.directory), stdout=StringIO(), stderr=stderr, batch=2)
        self.assertEqual(str(caught.exception), "2 of 3 files not imported (see above); the others were")
        self.assertEqual(
            stderr.getvalue().splitlines(),
            [f"{path}: not imported, the database failed: disk I/O error" for path in files[:2]],
        )
        self.assertEqual(list(Article.objects.values_list("source", flat=True)), [files[2].name])

    def test_batches_import_what_one_transaction_a_file_imports(self):
        self.write_generated(3)
        with transaction.atomic():
            reported_one_by_one = run_import(self.directory, batch=1, verbosity=2)
            one_by_one = content_by_value()
            transaction.set_rollback(True)
        # The captures of a batch are written together (article_imports), reported file by file.
        self.assertEqual(run_import(self.directory, batch=2, verbosity=2), reported_one_by_one)
        self.assertEqual(one_by_one, content_by_value())

    def test_a_dry_run_of_a_folder_reports_each_file_as_if_imported_alone(self):
        data = Path(__file__).resolve().parent / "data"
        for name in ("france-japan-relations.txt", "germany-japan-relations.txt"):  # share people and terms
            self.write(name, (data / name).read_bytes())
        # One file a transaction: each dry run is rolled back before the next file's.
        alone = run_import(self.directory, dry_run=True, batch=1)
        self.assertEqual(run_import(self.directory, dry_run=True), alone)
        self.assertFalse(Article.objects.exists())

    def test_several_paths_are_imported_in_the_order_given(self):
        self.write_generated(1)
        [generated] = list(self.directory.iterdir())
        output = run_import(generated, SEED)
        self.assertEqual(Article.objects.count(), 2)
        self.assertTrue(output.splitlines()[1].startswith(f"{SEED.name}: "), output)


class PlannerStatisticsTests(TestCase):
    """SQLite keeps no statistics by itself: an import that changed something refreshes them."""

    def setUp(self):
        if connection.vendor != "sqlite":
            self.skipTest("PostgreSQL's autovacuum analyzes changed tables by itself")

    def analyzed_tables(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if not cursor.fetchall():
                return set()
            cursor.execute("SELECT tbl FROM sqlite_stat1")
            return {table for (table,) in cursor.fetchall()}

    def test_an_import_refreshes_the_statistics(self):
        self.assertNotIn("articles_event", self.analyzed_tables())
        call_command("import_article", str(SEED), verbosity=0)
        self.assertIn("articles_event", self.analyzed_tables())

    def test_a_dry_run_leaves_them(self):
        call_command("import_article", str(SEED), "--dry-run", verbosity=0)
        self.assertNotIn("articles_event", self.analyzed_tables())
