"""Editors attach pictures to people, events and sections from their own change forms."""

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse

from tests.factories import make_event, make_person, make_section


class PictureFieldTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = get_user_model().objects.create_superuser("boss", "boss@example.org", "a long password 1")
        cls.person, cls.event, cls.section = make_person(), make_event(), make_section()

    def setUp(self):
        self.client.force_login(self.admin)

    def test_each_change_form_offers_its_picture(self):
        for obj, field in [(self.person, "portrait"), (self.event, "image"), (self.section, "illustration")]:
            with self.subTest(model=type(obj).__name__):
                url = reverse(f"admin:articles_{obj._meta.model_name}_change", args=[obj.pk])
                response = self.client.get(url)
                self.assertContains(response, f'name="{field}"')
