"""An editor uploads a portrait in the admin with a real Chromium; readers see it on the person's page."""

import io
import tempfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from PIL import ExifTags
from PIL import Image as PillowImage
from test_images import GPS, TemporaryMediaRoot, photo

from articles.models import Image, Person
from tests.browser_support import (
    BrowserTestCase,
    admin_sign_in,
    console_errors,
    format_axe,
    run_axe,
    run_vnu,
    upload_portrait,
    wait_for,
)

pytestmark = pytest.mark.browser

PASSWORD = "quince-harbour-lantern-82"


class PortraitUploadTests(TemporaryMediaRoot, BrowserTestCase):
    needs = ("chromium", "selenium", "axe", "vnu")

    def test_editor_uploads_a_portrait_and_readers_see_it(self):
        get_user_model().objects.create_superuser("editor", "editor@example.com", PASSWORD)
        person = Person.objects.published().order_by("slug").first()
        exif = PillowImage.Exif()
        exif[ExifTags.IFD.GPSInfo] = GPS
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "portrait.jpg"
            path.write_bytes(photo((1600, 1200), exif=exif))
            admin_sign_in(self.driver, self.live_server_url, "editor", PASSWORD)
            image_pk = upload_portrait(self.driver, self.live_server_url, person, path, f"{person.name} in 1990")

        person.refresh_from_db()
        image = Image.objects.get(pk=image_pk)
        self.assertEqual(person.portrait, image)
        self.assertEqual(len(image.renditions), 6)
        with image.file.storage.open(image.file.name) as stored:
            self.assertEqual(len(PillowImage.open(io.BytesIO(stored.read())).getexif()), 0)

        console_errors(self.driver)
        self.open(person.get_absolute_url())
        portrait = self.driver.find_element("css selector", "figure.picture-portrait img")
        wait_for(
            self.driver,
            lambda driver: driver.execute_script("return arguments[0].complete && arguments[0].naturalWidth", portrait),
            "the portrait did not load",
        )
        self.assertEqual(portrait.get_attribute("alt"), f"{person.name} in 1990")
        self.assertEqual((portrait.get_dom_attribute("width"), portrait.get_dom_attribute("height")), ("1280", "960"))
        # Chromium takes the WebP source, and for a 16rem (256 px) slot at scale 1 the 320 px one.
        current = self.driver.execute_script("return arguments[0].currentSrc", portrait)
        self.assertTrue(current.endswith("-320w.webp"), current)
        self.assertEqual(portrait.rect["width"], 256)
        self.screenshot("person-with-portrait", full_page=False)
        problems = format_axe("person", run_axe(self.driver)) + console_errors(self.driver)
        problems += run_vnu({"person with portrait": self.client.get(person.get_absolute_url()).content.decode()})
        self.assertEqual(problems, [])
