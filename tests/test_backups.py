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
import shutil
import tempfile
import zipfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import TestCase, override_settings
from PIL import Image as PillowImage

from articles.models import Article, Event, GlossaryEntry, Image, Person, Section
from loadtests import harness
from tests.browser_support import import_seed

MEDIA = Path(tempfile.gettempdir()) / "relations-test-backups-media"


def png(colour, size=(6, 4)):
    buffer = io.BytesIO()
    PillowImage.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def add_picture(name, colour, **text):
    """An Image with its original and one rendition in the storage, as an upload leaves them."""
    image = Image(alt_text=text.get("alt_text", f"A {colour} square"), caption=text.get("caption", ""),
                  credit=text.get("credit", ""))  # fmt: skip
    storage = Image._meta.get_field("file").storage
    image.file = storage.save(f"images/{name}.png", ContentFile(png(colour)))
    rendition = storage.save(f"images/{name}-320w.webp", ContentFile(png(colour, (3, 2))))
    image.renditions = [{"width": 320, "height": 213, "format": "webp", "name": rendition}]
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
