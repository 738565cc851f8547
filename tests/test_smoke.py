from django.test import TestCase

from articles.models import Period, Topic


class DefaultsTests(TestCase):
    def test_default_periods_and_topics_exist(self):
        self.assertEqual(
            list(Period.objects.values_list("slug", flat=True)),
            ["imperial-era", "japanese-rule", "cold-war", "rapprochement", "russian-federation"],
        )
        self.assertEqual(
            sorted(Topic.objects.values_list("slug", flat=True)),
            ["diplomacy", "economy", "migration", "security", "space", "sport"],
        )
