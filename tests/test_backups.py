"""Backups: `export_article --all -o backup.zip` and a restore into a fresh database give the same site,
pictures included.

In process: export, empty the database and the media folder, restore, export again: the same JSON
and the same files. In subprocesses, as README's "Backups" says to do it: a site with pictures is
exported, a new database is migrated, the backup restored into it with an empty media folder, and
the new site's export and files are compared with the old one's (on SQLite, or on PostgreSQL when
the suite runs on it).
"""

import io
import json
import os
import random
import shutil
import tempfile
import tracemalloc
import warnings
import zipfile
from io import StringIO
from pathlib import Path
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import TestCase, override_settings
from PIL import Image as PillowImage

from articles.models import Article, Event, GlossaryEntry, Image, Person, Section
from articles.services import backups
from loadtests import harness
from tests.browser_support import import_seed

# One folder per test process: two suites running at once (SQLite and PostgreSQL) must not share it.
MEDIA = Path(tempfile.gettempdir()) / f"relations-test-backups-media-{os.getpid()}"


def png(colour, size=(6, 4), image_format="PNG"):
    buffer = io.BytesIO()
    PillowImage.new("RGB", size, colour).save(buffer, format=image_format)
    return buffer.getvalue()


def add_picture(name, colour, **text):
    """An Image with its original and one rendition in the storage, as an upload leaves them."""
    image = Image(alt_text=text.get("alt_text", f"A {colour} square"), caption=text.get("caption", ""),
                  credit=text.get("credit", ""))  # fmt: skip
    storage = Image._meta.get_field("file").storage
    image.file = storage.save(f"images/{name}.png", ContentFile(png(colour)))
    rendition = storage.save(f"images/{name}-320w.webp", ContentFile(png(colour, (3, 2), "WEBP")))
    image.renditions = [{"width": 3, "height": 2, "format": "webp", "name": rendition}]
    image.save()
    return image


def add_pictures():
    """Pictures on a person, a section and an event of the seed article (one picture shown twice)."""
    portrait = add_picture("portrait", "red", caption="Roh Tae Woo, 1990", credit="Archive <b>")
    map_picture = add_picture("map", "blue", alt_text="A map of the Korean peninsula")
    Person.objects.filter(pk=Person.objects.order_by("slug").first().pk).update(portrait=portrait)
    Section.objects.filter(pk=Section.objects.order_by("order").last().pk).update(illustration=map_picture)
    Event.objects.filter(pk=Event.objects.order_by("slug").first().pk).update(image=map_picture)


def export(*args):
    stdout = StringIO()
    call_command("export_article", *args, stdout=stdout)
    return stdout.getvalue()


def media_files(root):
    root = Path(root)
    return {str(path.relative_to(root)): path.read_bytes() for path in root.rglob("*") if path.is_file()}


@override_settings(MEDIA_ROOT=MEDIA)
class BackupRoundTripTests(TestCase):
    def setUp(self):
        shutil.rmtree(MEDIA, ignore_errors=True)
        self.addCleanup(shutil.rmtree, MEDIA, True)
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        self.folder = Path(folder.name)
        import_seed()
        add_pictures()

    def backup(self, name="backup.zip"):
        path = self.folder / name
        call_command("export_article", "--all", "-o", str(path), verbosity=0)
        return path

    def empty_site(self):
        for model in (Event, Section, Article, Person, GlossaryEntry, Image):
            model.objects.all().delete()
        shutil.rmtree(MEDIA, ignore_errors=True)

    def test_the_export_names_the_pictures_and_the_zip_holds_their_files(self):
        document = json.loads(export("--all"))
        [article] = document["articles"]
        self.assertEqual([image["file"] for image in article["images"]], ["images/map.png", "images/portrait.png"])
        self.assertEqual(article["images"][1]["credit"], "Archive <b>")
        self.assertEqual(sum("portrait" in person for person in article["people"]), 1)
        self.assertEqual(sum("illustration" in section for section in article["sections"]), 1)
        self.assertEqual(sum("image" in event for event in article["events"]), 1)
        with zipfile.ZipFile(self.backup()) as archive:
            self.assertEqual(
                sorted(archive.namelist()),
                ["articles.json", "media/images/map-320w.webp", "media/images/map.png",
                 "media/images/portrait-320w.webp", "media/images/portrait.png"],
            )  # fmt: skip
            self.assertEqual(archive.read("articles.json").decode(), export("--all"))

    def test_backup_then_restore_into_an_empty_site_gives_the_same_site(self):
        first_export, first_files = export("--all"), media_files(MEDIA)
        backup = self.backup()
        self.empty_site()
        self.assertEqual(Image.objects.count(), 0)
        call_command("import_article", str(backup), verbosity=0)
        self.assertEqual(export("--all"), first_export)
        self.assertEqual(media_files(MEDIA), first_files)
        picture = Image.objects.get(file="images/portrait.png")
        self.assertEqual((picture.width, picture.height), (6, 4))
        person = Person.objects.get(portrait=picture)
        self.assertEqual(self.client.get(person.get_absolute_url()).status_code, 200)

    def test_restoring_a_backup_twice_changes_nothing(self):
        backup = self.backup()
        call_command("import_article", str(backup), verbosity=0)
        before = (export("--all"), media_files(MEDIA), Image.objects.count())
        call_command("import_article", str(backup), verbosity=0)
        self.assertEqual((export("--all"), media_files(MEDIA), Image.objects.count()), before)

    def test_an_article_without_pictures_exports_as_before(self):
        Person.objects.update(portrait=None)
        Section.objects.update(illustration=None)
        Event.objects.update(image=None)
        self.assertNotIn('"images"', export("--all"))

    def test_a_damaged_or_unsafe_backup_is_refused_in_one_line(self):
        cases = {
            "not-a-zip.zip": b"plain text",
            "no-document.zip": {"media/images/x.png": png("red")},
            "escape.zip": {"articles.json": export("--all"), "media/../../etc/x": b"x"},
            "stray.zip": {"articles.json": export("--all"), "notes.txt": b"x"},
        }
        backup = self.backup()
        with zipfile.ZipFile(backup) as archive:
            members = {name: archive.read(name) for name in archive.namelist() if name != "media/images/map.png"}
        cases["missing-file.zip"] = members
        for name, content in cases.items():
            path = self.folder / name
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                with zipfile.ZipFile(path, "w") as archive:
                    for member, data in content.items():
                        archive.writestr(member, data)
            with self.subTest(name), self.assertRaises(CommandError) as raised:
                call_command("import_article", str(path), verbosity=0)
            self.assertNotIn("\n", str(raised.exception))
        self.assertIn("lacks the file 'images/map.png'", self.last_error(cases, "missing-file.zip"))

    def backup_members(self):
        with zipfile.ZipFile(self.backup()) as archive:
            return [(member.filename, archive.read(member)) for member in archive.infolist()]

    def restore_error(self, name, members, compression=zipfile.ZIP_STORED):
        """Restore a zip of ``members`` into the empty site; return its one-line error ("" when it imports)."""
        path = self.folder / name
        with warnings.catch_warnings(), zipfile.ZipFile(path, "w", compression=compression) as archive:
            warnings.simplefilter("ignore")  # zipfile warns of a duplicate name, which is the point
            for member, data in members:
                archive.writestr(member, data)
        self.empty_site()
        try:
            call_command("import_article", str(path), verbosity=0)
        except CommandError as error:
            self.assertNotIn("\n", str(error))
            self.assertFalse(Article.objects.exists())  # nothing restored
            return str(error)
        return ""

    def test_an_archive_past_the_limits_is_refused_in_one_line(self):
        members = self.backup_members()
        bomb = [*members, ("media/images/bomb.png", b"\0" * (5 * 1024 * 1024))]
        self.assertIn("compressed over 100 to 1", self.restore_error("bomb.zip", bomb, zipfile.ZIP_DEFLATED))
        self.assertIn("more than once", self.restore_error("twice.zip", [*members, members[1]]))
        with mock.patch.object(backups, "MAX_MEMBERS", len(members) - 1):
            self.assertIn(f"holds {len(members)} files, over the limit", self.restore_error("many.zip", members))
        with mock.patch.object(backups, "MAX_TOTAL_BYTES", 1000):
            self.assertIn("uncompressed, over the limit of 1,000", self.restore_error("big.zip", members))

    def test_members_are_streamed_to_disk_not_held_in_memory(self):
        path = self.folder / "large.zip"
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("articles.json", export("--all"))
            archive.writestr("media/images/large.png", random.randbytes(8 * 1024 * 1024))
        with tempfile.TemporaryDirectory() as folder:
            tracemalloc.start()
            try:
                _, files = backups.read_backup(
                    path, Path(folder), max_document_bytes=20 * 1024 * 1024, max_file_bytes=10 * 1024 * 1024
                )
                peak = tracemalloc.get_traced_memory()[1]
            finally:
                tracemalloc.stop()
            self.assertEqual(files["images/large.png"].stat().st_size, 8 * 1024 * 1024)
        self.assertLess(peak, 4 * 1024 * 1024)

    def test_restored_pictures_are_checked_as_uploads(self):
        members = dict(self.backup_members())
        script = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
        error = self.restore_error("svg.zip", {**members, "media/images/portrait.png": script}.items())
        self.assertIn("image 'images/portrait.png': The file is not an image", error)
        error = self.restore_error(
            "jpeg-named-png.zip", {**members, "media/images/map.png": png("red", (6, 4), "JPEG")}.items()
        )
        self.assertIn("is a JPEG image but its name ends in .png", error)
        wrong_size = {**members, "media/images/map-320w.webp": png("blue", (5, 5), "WEBP")}
        self.assertIn("not the 3×2 WEBP the export says", self.restore_error("size.zip", wrong_size.items()))
        document = json.loads(members["articles.json"])
        del document["articles"][0]["images"][0]["renditions"][0]["width"]
        error = self.restore_error("no-width.zip", {**members, "articles.json": json.dumps(document)}.items())
        self.assertIn("'renditions' must be a list of objects with a name, a width", error)

    def test_a_restored_picture_with_metadata_is_stored_without_it(self):
        members = dict(self.backup_members())
        exif = PillowImage.Exif()
        exif[0x8825] = {1: "N", 2: (55.0, 45.0, 21.0)}  # a GPS position
        buffer = io.BytesIO()
        PillowImage.new("RGB", (6, 4), "red").save(buffer, format="PNG", exif=exif)
        self.assertEqual(
            self.restore_error("exif.zip", {**members, "media/images/portrait.png": buffer.getvalue()}.items()), ""
        )
        with default_storage.open("images/portrait.png") as stored:
            restored = PillowImage.open(io.BytesIO(stored.read()))
            self.assertFalse(restored.getexif())
            self.assertEqual(restored.size, (6, 4))

    def last_error(self, cases, name):
        try:
            call_command("import_article", str(self.folder / name), verbosity=0)
        except CommandError as error:
            return str(error)
        return ""


@pytest.fixture
def two_databases():
    vendor = connection.vendor
    old = harness.make_database(vendor, os.environ.get("DATABASE_URL", ""), suffix="backup")
    new = harness.make_database(vendor, os.environ.get("DATABASE_URL", ""), suffix="restore")
    yield old, new
    old.drop()
    new.drop()


def test_the_documented_restore_into_a_fresh_database_gives_the_same_site(two_databases):
    old, new = two_databases
    old_env = {**harness.prepare_site(old, editors=0), "MEDIA_ROOT": str(old.folder / "media")}
    # The same pictures as the in-process tests.
    add = "from tests.test_backups import add_pictures; add_pictures()"
    harness.manage("shell", "-c", add, env=old_env)
    backup = old.folder / "backup.zip"
    harness.manage("export_article", "--all", "-o", str(backup), env=old_env)
    # README, "Backups": a new database, migrate, restore the zip.
    new_env = {**harness.site_environment(new.url, new.folder / "static"), "MEDIA_ROOT": str(new.folder / "media")}
    harness.manage("collectstatic", "--noinput", env=new_env)
    harness.manage("migrate", "--noinput", env=new_env)
    harness.manage("import_article", str(backup), env=new_env)
    old_export = harness.manage("export_article", "--all", env=old_env).stdout
    new_export = harness.manage("export_article", "--all", env=new_env).stdout
    assert json.loads(old_export)["articles"][0]["images"]
    assert new_export == old_export
    assert media_files(new.folder / "media") == media_files(old.folder / "media")
    # The same pages: the person with the portrait, as each site renders it.
    page = (
        "from django.test import Client; from articles.models import Person; "
        "p = Person.objects.exclude(portrait=None).get(); "
        "print(Client(SERVER_NAME='localhost').get(p.get_absolute_url()).content.decode())"
    )
    old_page = harness.manage("shell", "-c", page, env=old_env).stdout
    new_page = harness.manage("shell", "-c", page, env=new_env).stdout
    assert "<h1>" in new_page
    assert new_page == old_page
