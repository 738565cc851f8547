"""Anonymous page caching, its invalidation by any content change, and conditional GET.

The cache is the one settings configure (local memory here); conftest empties it around every
test. One test runs the same checks against a real Redis when one answers on 127.0.0.1:6379.
"""

import os
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.cache.backends.redis import RedisCache
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils.http import http_date
from test_views_helpers import build_site

from articles.models import Article, Event, Person, Section, Status
from relations_site import page_cache

ROOT = Path(__file__).resolve().parent.parent
SHELL_DATABASE = "sqlite://:memory:"
SEED = ROOT / "articles" / "sources" / "russia-south-korea-relations.txt"
ARTICLE = "/articles/atlantis-lemuria-1/"
# Every kind of public page, each with the slugs of the first copy of build_site().
PAGES = [
    "/",
    ARTICLE,
    "/events/",
    "/events/?period=rapprochement&topic=economy&ordering=newest",
    "/events/talks-1/",
    "/events/feed/",
    "/people/",
    "/people/jane-doe-1/",
    "/glossary/",
    "/glossary/lemuria-1/",
    "/periods/rapprochement/",
    "/topics/space/",
    "/search/?q=treaty",
    "/sitemap.xml",
    "/robots.txt",
]


def set_generation_seconds_ago(seconds):
    """Pretend the last change was a while ago (Last-Modified is only sent once its second is over)."""
    page_cache._generations().set(page_cache.GENERATION_KEY, time.time_ns() - int(seconds * 1e9), timeout=None)


class CacheTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        cls.editor = get_user_model().objects.create_superuser("editor", "editor@example.org", "a long password 1")

    def get(self, path=ARTICLE, **headers):
        return self.client.get(path, headers=headers)

    def assertServedFromCache(self, path=ARTICLE):
        with self.assertNumQueries(0):
            response = self.get(path)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response[page_cache.CACHE_HEADER], "hit")
        return response


class AnonymousPageCacheTests(CacheTestCase):
    def test_every_public_page_is_cached_for_anonymous_readers(self):
        for path in PAGES:
            with self.subTest(path=path):
                first = self.get(path)
                self.assertEqual(first.status_code, 200)
                self.assertEqual(first[page_cache.CACHE_HEADER], "miss")
                second = self.assertServedFromCache(path)
                self.assertEqual(second.content, first.content)
                self.assertEqual(second["Content-Type"], first["Content-Type"])

    def test_each_url_has_its_own_page(self):
        self.get("/search/?q=treaty")
        response = self.get("/search/?q=satellite")
        self.assertEqual(response[page_cache.CACHE_HEADER], "miss")
        self.assertContains(response, "satellite")

    def test_cached_pages_still_get_every_middleware_header(self):
        first = self.get()
        second = self.assertServedFromCache()
        for header in ("X-Frame-Options", "Content-Security-Policy", "Cache-Control", "Vary", "ETag"):
            self.assertEqual(second.get(header), first.get(header), header)
        self.assertIn("no-cache", second["Cache-Control"])
        self.assertIn("Cookie", second["Vary"])

    def test_only_public_pages_are_stored(self):
        for _ in range(2):
            response = self.get("/admin/login/")
            self.assertEqual(response.status_code, 200)
            self.assertNotIn(page_cache.CACHE_HEADER, response)

    def test_a_missing_page_is_not_cached(self):
        for _ in range(2):
            response = self.get("/articles/no-such-article/")
            self.assertEqual(response.status_code, 404)
            self.assertNotIn("ETag", response)
            self.assertNotIn(page_cache.CACHE_HEADER, response)  # Http404 went past the cache

    def test_a_signed_in_editor_is_never_served_from_nor_fills_the_cache(self):
        self.client.force_login(self.editor)
        for _ in range(2):
            response = self.get()
            self.assertEqual(response.status_code, 200)
            self.assertEqual(response[page_cache.CACHE_HEADER], "bypass")
            self.assertNotIn("ETag", response)
            self.assertIn("private", response["Cache-Control"])
        self.client.logout()
        self.assertEqual(self.get()[page_cache.CACHE_HEADER], "miss")  # the editor's visits stored nothing
        self.client.force_login(self.editor)
        self.assertEqual(self.get()[page_cache.CACHE_HEADER], "bypass")  # nor are they served the reader's page

    def test_any_session_cookie_bypasses_the_cache(self):
        self.get()
        self.client.cookies["sessionid"] = "whatever"
        self.assertEqual(self.get()[page_cache.CACHE_HEADER], "bypass")

    @override_settings(PAGE_CACHE_SECONDS=0)
    def test_no_page_is_stored_when_page_caching_is_off(self):
        self.get()
        # The article page's queries (its text links to a draft entry: one of them looks among aliases;
        # one takes the first events of the people it names, for their cards).
        with self.assertNumQueries(7):
            self.assertEqual(self.get()[page_cache.CACHE_HEADER], "off")


class InvalidationTests(CacheTestCase):
    """Whatever changes content, the next anonymous request shows it."""

    def setUp(self):
        self.get()
        self.assertServedFromCache()

    def assertShown(self, text, path=ARTICLE):
        response = self.get(path)
        self.assertEqual(response[page_cache.CACHE_HEADER], "miss")
        self.assertContains(response, text)

    def test_saving_a_section_in_the_orm(self):
        section = Section.objects.get(article__slug="atlantis-lemuria-1", slug="history")
        section.title = "A history rewritten"
        section.save()
        self.assertShown("A history rewritten")

    def test_creating_and_deleting_a_record(self):
        article = Article.objects.get(slug="atlantis-lemuria-1")
        Section.objects.create(article=article, title="Aftermath", slug="aftermath", order=9, status=Status.PUBLISHED)
        self.assertShown("Aftermath")
        self.assertServedFromCache()
        Section.objects.get(slug="aftermath").delete()
        response = self.get()
        self.assertEqual(response[page_cache.CACHE_HEADER], "miss")
        self.assertNotContains(response, "Aftermath")

    def test_a_many_to_many_change(self):
        self.get("/people/john-roe-1/")
        section = Section.objects.get(article__slug="atlantis-lemuria-1", slug="space")
        section.people.add(Person.objects.get(slug="john-roe-1"))
        self.assertShown("Space", "/people/john-roe-1/")

    def test_publishing_with_the_admin_action(self):
        draft = Section.objects.create(
            article=Article.objects.get(slug="atlantis-lemuria-1"), title="Embargoed", slug="embargoed", order=8
        )
        self.assertNotContains(self.get(), "Embargoed")
        self.client.force_login(self.editor)
        response = self.client.post(
            reverse("admin:articles_section_changelist"), {"action": "publish", "_selected_action": [draft.pk]}
        )
        self.assertEqual(response.status_code, 302)
        self.client.logout()
        self.assertShown("Embargoed")

    def test_deleting_in_the_admin(self):
        section = Section.objects.get(article__slug="atlantis-lemuria-1", slug="space")
        self.client.force_login(self.editor)
        response = self.client.post(reverse("admin:articles_section_delete", args=[section.pk]), {"post": "yes"})
        self.assertEqual(response.status_code, 302)
        self.client.logout()
        response = self.get()
        self.assertEqual(response[page_cache.CACHE_HEADER], "miss")
        self.assertNotContains(response, 'id="space"')

    def test_importing_an_article(self):
        call_command("import_article", str(SEED), verbosity=0, stdout=StringIO())
        self.assertShown("Russia", "/")

    def test_a_queryset_update_needs_an_explicit_bump(self):
        Section.objects.filter(slug="history").update(title="Updated in bulk")
        self.assertNotContains(self.assertServedFromCache(), "Updated in bulk")  # no signal: still cached
        page_cache.bump()
        self.assertShown("Updated in bulk")

    def test_a_change_in_a_transaction_bumps_again_when_it_commits(self):
        # A reader may render the old content between the change and the commit; the page it
        # caches then belongs to a generation the commit leaves behind.
        with self.captureOnCommitCallbacks(execute=True):
            Section.objects.filter(slug="history").first().save()
            during = page_cache.current_generation()
        self.assertNotEqual(page_cache.current_generation(), during)

    def test_bulk_changes_bump_once_at_the_end(self):
        before = page_cache.current_generation()
        with page_cache.changes_in_bulk():
            for section in Section.objects.all():
                section.save()
            self.assertEqual(page_cache.current_generation(), before)
        self.assertNotEqual(page_cache.current_generation(), before)

    def test_history_records_and_other_apps_do_not_count_as_content(self):
        self.assertTrue(page_cache.is_content_model(Event))
        self.assertTrue(page_cache.is_content_model(Section.people.through))
        self.assertFalse(page_cache.is_content_model(Event.history.model))
        self.assertFalse(page_cache.is_content_model(get_user_model()))


class ConditionalGetTests(CacheTestCase):
    def setUp(self):
        set_generation_seconds_ago(10)

    def test_etag_and_last_modified_answer_304_without_a_query(self):
        for path in PAGES:
            with self.subTest(path=path):
                response = self.get(path)
                etag, last_modified = response["ETag"], response["Last-Modified"]
                for headers in ({"If-None-Match": etag}, {"If-Modified-Since": last_modified}):
                    with self.assertNumQueries(0):
                        self.assertEqual(self.get(path, **headers).status_code, 304)

    def test_an_edit_answers_200_with_new_validators(self):
        response = self.get()
        etag, last_modified = response["ETag"], response["Last-Modified"]
        time.sleep(0.01)
        Section.objects.filter(slug="history").first().save()
        self.assertEqual(self.get(**{"If-None-Match": etag}).status_code, 200)
        self.assertEqual(self.get(**{"If-Modified-Since": last_modified}).status_code, 200)
        self.assertNotEqual(self.get()["ETag"], etag)

    def test_last_modified_is_withheld_during_the_second_of_a_change(self):
        # An HTTP date has whole seconds: a second change in the same second would look older.
        page_cache.bump()
        response = self.get()
        self.assertIn("ETag", response)
        self.assertNotIn("Last-Modified", response)

    def test_a_stale_date_or_another_pages_etag_gets_the_page(self):
        other = self.get("/events/")["ETag"]
        self.assertEqual(self.get(**{"If-None-Match": other}).status_code, 200)
        long_ago = http_date(time.time() - 3600)
        self.assertEqual(self.get(**{"If-Modified-Since": long_ago}).status_code, 200)

    def test_signed_in_editors_get_no_validators(self):
        etag = self.get()["ETag"]
        self.client.force_login(self.editor)
        response = self.get(**{"If-None-Match": etag})
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("ETag", response)


REDIS_TEST_URL = "redis://127.0.0.1:6379/15"


def redis_or_skip():
    """Return a Redis client of database 15, or skip (fail under CI) when no Redis answers."""
    try:
        import redis
    except ImportError:  # pragma: no cover - redis is in requirements.txt
        problem = "the redis package is not installed"
    else:
        client = redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=1)
        try:
            client.ping()
            return client
        except redis.RedisError as error:
            problem = f"no Redis answers at {REDIS_TEST_URL} ({error})"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must run the Redis cache test: {problem}")
    pytest.skip(f"{problem}; start redis-server to run this test")


# As settings configure it with REDIS_URL: the pages and the generation in one Redis.
REDIS_CACHES = {"default": {"BACKEND": "relations_site.cache_backend.RedisCache", "LOCATION": REDIS_TEST_URL}}


def test_the_redis_client_reuse_still_finds_the_django_internals_it_relies_on():
    """The one use of Django's private Redis internals (relations_site/cache_backend.py): after a
    Django upgrade that changes them, this fails, and the backend falls back on Django's client."""
    from relations_site.cache_backend import RedisCache as SiteRedisCache
    from relations_site.cache_backend import has_private_api

    backend = SiteRedisCache("redis://127.0.0.1:6379/15", {})
    assert has_private_api(backend)
    assert type(backend._cache).__name__ == "_ReusedClientRedisCacheClient"


@pytest.mark.django_db
def test_redis_is_one_cache_for_every_worker(client, settings):
    redis_client = redis_or_skip()
    redis_client.flushdb()
    settings.CACHES = REDIS_CACHES
    try:
        build_site()
        assert client.get(ARTICLE)[page_cache.CACHE_HEADER] == "miss"
        assert client.get(ARTICLE)[page_cache.CACHE_HEADER] == "hit"
        redis_cache = page_cache._pages()._cache
        assert redis_cache.get_client(write=True) is redis_cache.get_client(write=True)  # made once
        keys = {key.decode() for key in redis_client.keys()}
        assert any(page_cache.GENERATION_KEY in key for key in keys)
        assert any(page_cache.PAGE_KEY_PREFIX in key for key in keys)

        # Another worker (its own connection to the same Redis) changes content.
        Section.objects.filter(slug="history").update(title="Told by another worker")
        another_worker = RedisCache(REDIS_TEST_URL, {})
        another_worker.set(page_cache.GENERATION_KEY, time.time_ns(), timeout=None)
        response = client.get(ARTICLE)
        assert response[page_cache.CACHE_HEADER] == "miss"
        assert "Told by another worker" in response.content.decode()
        assert client.get(ARTICLE)[page_cache.CACHE_HEADER] == "hit"
    finally:
        redis_client.flushdb()


def test_without_redis_every_process_of_the_machine_reads_one_generation():
    """A change saved by another process (import_article, the shell) reaches this one's pages."""
    before = page_cache.current_generation()
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", "from relations_site import page_cache; page_cache.bump()"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        # The generation lives outside any database: the shell needs one only to start.
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "relations_site.settings", "DATABASE_URL": SHELL_DATABASE},
    )
    assert page_cache.current_generation() != before
