"""Public pages are gzipped for readers who accept it, above the page cache: a cached page is
served compressed or not as each reader asks, its weak ETag still answers 304, and pages that may
hold a secret (an editor's session, a CSRF token) are never compressed (BREACH)."""

import gzip
import time

from django.contrib.auth import get_user_model
from django.test import TestCase
from test_views_helpers import build_site

from relations_site import page_cache

GZIP = {"Accept-Encoding": "gzip, deflate, br"}
ARTICLE = "/articles/atlantis-lemuria-1/"


class CompressionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_site()
        cls.editor = get_user_model().objects.create_superuser("editor", "editor@example.org", "a long password 1")

    def get(self, path=ARTICLE, **headers):
        return self.client.get(path, headers=headers)

    def test_a_public_page_is_gzipped_on_a_miss_and_on_a_hit(self):
        responses = [self.get(**GZIP), self.get(**GZIP)]
        plain = self.get().content
        for response, expected_cache in zip(responses, ("miss", "hit"), strict=True):
            self.assertEqual(response[page_cache.CACHE_HEADER], expected_cache)
            self.assertEqual(response["Content-Encoding"], "gzip")
            self.assertIn("Accept-Encoding", response["Vary"])
            self.assertEqual(gzip.decompress(response.content), plain)
            self.assertLess(len(response.content), len(plain) / 2)

    def test_a_reader_who_does_not_accept_gzip_gets_the_cached_page_plain(self):
        self.get(**GZIP)  # stored on this miss, which was compressed on its way out
        response = self.get()
        self.assertEqual(response[page_cache.CACHE_HEADER], "hit")
        self.assertFalse(response.has_header("Content-Encoding"))
        self.assertIn(b"<h1>", response.content)

    def test_the_weakened_etag_still_answers_304(self):
        page_cache._generations().set(page_cache.GENERATION_KEY, time.time_ns() - 10**10, timeout=None)
        etag = self.get(**GZIP)["ETag"]
        self.assertTrue(etag.startswith('W/"'), etag)
        with self.assertNumQueries(0):
            self.assertEqual(self.get(**GZIP, **{"If-None-Match": etag}).status_code, 304)

    def test_pages_with_a_csrf_token_or_for_a_session_are_not_compressed(self):
        login = self.get("/admin/login/", **GZIP)
        self.assertContains(login, "csrfmiddlewaretoken")
        self.assertFalse(login.has_header("Content-Encoding"))
        self.client.force_login(self.editor)
        for path in (ARTICLE, "/admin/"):
            with self.subTest(path=path):
                self.assertFalse(self.get(path, **GZIP).has_header("Content-Encoding"))
