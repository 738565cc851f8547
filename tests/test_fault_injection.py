"""Faults injected under the running site, on either database: the site keeps answering.

- Redis at a closed port, and at a port that accepts connections and never answers: pages come
  from the database quickly, the admin sign-in page answers, editors save, /healthz says the cache
  is down with 200; the outage is logged once, not per request.
- A page-cache invalidation that fails after a committed change: no earlier page is served once
  the cache answers again.
- PostgreSQL refusing connections, and accepting them without ever answering (the settings'
  connect timeout, read from the environment as a server starts): the 503 page and /healthz 503
  come within seconds.
- The media folder read-only or full: an upload is a form error, the form is kept, no file is left.
"""

import errno
import io
import logging
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from contextlib import contextmanager
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.storage import FileSystemStorage
from django.db import connections
from django.db.utils import ConnectionHandler
from django.test import Client, override_settings
from editorial_support import admin_url, form_data
from test_security import production_settings
from test_views_helpers import build_site

from articles.models import Section
from relations_site import cache_backend, page_cache

ARTICLE = "/articles/atlantis-lemuria-1/"
PAGES = ["/", ARTICLE, "/events/", "/people/jane-doe-1/", "/search/?q=treaty", "/admin/login/"]
FAST = 3  # seconds a page may take while a dependency is down (its timeout is shorter; a loaded machine)
REDIS_TIMEOUT = 0.3


def closed_port():
    """A local port nothing listens on: connections are refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SilentServer:
    """A local port that accepts connections and never answers (a hung Redis or PostgreSQL)."""

    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(64)
        self.port = self.socket.getsockname()[1]
        self.accepted = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            self.accepted.append(connection)

    def close(self):
        for connection in self.accepted:
            connection.close()
        self.socket.close()


@pytest.fixture
def silent_server():
    server = SilentServer()
    yield server
    server.close()


def redis_caches(port, db=0):
    """CACHES as settings.py makes them with REDIS_URL (a test of settings checks they agree)."""
    return {
        "default": {
            "BACKEND": "relations_site.cache_backend.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/{db}",
            "KEY_PREFIX": f"faults-{uuid.uuid4().hex}",
            "OPTIONS": {"socket_connect_timeout": REDIS_TIMEOUT, "socket_timeout": REDIS_TIMEOUT},
        }
    }


@contextmanager
def captured(logger_name):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger = logging.getLogger(logger_name)
    logger.addHandler(handler)
    try:
        yield stream
    finally:
        logger.removeHandler(handler)


@pytest.fixture(autouse=True)
def _fresh_outage_state():
    cache_backend._outages.clear()
    yield
    cache_backend._outages.clear()


def timed_get(client, path):
    started = time.monotonic()
    response = client.get(path)
    return response, time.monotonic() - started


def assert_site_answers_without_the_cache(client):
    for path in PAGES:
        response, seconds = timed_get(client, path)
        assert response.status_code == 200, (path, response.status_code)
        assert seconds < FAST, (path, seconds)
    health, seconds = timed_get(client, "/healthz")
    assert seconds < FAST
    assert health.status_code == 200
    body = health.json()
    assert body["status"] == "degraded"
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["cache"]["status"] == "error"
    assert body["checks"]["cache"]["error"] in {"ConnectionError", "TimeoutError"}


def assert_editor_saves(editor):
    client = Client()
    client.force_login(editor)
    section = Section.objects.get(slug="history", article__slug="atlantis-lemuria-1")
    started = time.monotonic()
    url = admin_url(Section, "change", section.pk)
    response = client.post(url, {**form_data(client.get(url)), "title": "Saved while the cache was down"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert time.monotonic() - started < 3 * FAST
    section.refresh_from_db()
    assert section.title == "Saved while the cache was down"


@pytest.fixture
def site(db):
    build_site()
    return get_user_model().objects.create_superuser("editor", "editor@example.org", "a long password 1")


# Redis down.


def test_redis_at_a_closed_port(site, client):
    with override_settings(CACHES=redis_caches(closed_port())), captured("relations.cache") as log:
        assert_site_answers_without_the_cache(client)
        assert_site_answers_without_the_cache(client)
        assert_editor_saves(site)
    assert log.getvalue().count("Cache unavailable") == 1, log.getvalue()


def test_redis_that_accepts_and_never_answers(site, client, silent_server):
    with override_settings(CACHES=redis_caches(silent_server.port)), captured("relations.cache") as log:
        assert_site_answers_without_the_cache(client)
        assert_site_answers_without_the_cache(client)
        assert_editor_saves(site)
        # One timeout, then the cache is skipped for a while: not one wait per request (only
        # /healthz tries each time it is asked).
        assert len(silent_server.accepted) <= 6, len(silent_server.accepted)
    assert log.getvalue().count("Cache unavailable") == 1, log.getvalue()


def redis_or_skip(db):
    import redis

    client = redis.Redis(host="127.0.0.1", port=6379, db=db, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError as error:  # pragma: no cover - CI starts Redis
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the Redis tests: {error}")
        pytest.skip(f"no Redis at 127.0.0.1:6379 ({error})")
    return client


def test_a_change_whose_invalidation_failed_is_never_served_stale_once_redis_is_back(site, client):
    redis_client = redis_or_skip(13)
    caches = redis_caches(6379, db=13)
    prefix = caches["default"]["KEY_PREFIX"]
    try:
        check_no_stale_page_after_an_outage(client, caches)
    finally:  # this run's keys only: the database may be shared
        for key in redis_client.scan_iter(f"{prefix}*"):
            redis_client.delete(key)


def check_no_stale_page_after_an_outage(client, caches):
    with override_settings(CACHES=caches):
        cache = page_cache._pages()
        cache.retry_seconds = 0  # try again at once: the outage ends with the next request
        assert client.get(ARTICLE)[page_cache.CACHE_HEADER] == "miss"
        assert client.get(ARTICLE)[page_cache.CACHE_HEADER] == "hit"
        # Redis goes away; an editor saves: the bump cannot reach Redis, and the save goes on.
        import redis

        with mock.patch.object(redis.Redis, "execute_command", side_effect=redis.ConnectionError("down")):
            with captured("relations.cache") as log:
                Section.objects.filter(slug="history").update(title="Changed during the outage")
                page_cache.bump()
                during = client.get(ARTICLE)
            assert during.status_code == 200 and "Changed during the outage" in during.content.decode()
            assert "Cache unavailable" in log.getvalue()
        # Redis is back with the page of the old generation still in it: never served again.
        after = client.get(ARTICLE)
        assert after[page_cache.CACHE_HEADER] == "miss"
        assert "Changed during the outage" in after.content.decode()
        assert client.get(ARTICLE)[page_cache.CACHE_HEADER] == "hit"


def test_an_unreadable_generation_is_a_miss_and_nothing_is_stored(site, client):
    with mock.patch.object(page_cache, "current_generation", return_value=None):
        for _ in range(2):
            response = client.get(ARTICLE)
            assert response.status_code == 200
            assert response[page_cache.CACHE_HEADER] == "miss"
            assert "ETag" not in response
    assert client.get(ARTICLE)[page_cache.CACHE_HEADER] == "miss"  # nothing was stored meanwhile


def test_settings_give_redis_short_timeouts():
    cache = production_settings(["CACHES"], REDIS_URL="redis://127.0.0.1:6379/0", REDIS_TIMEOUT_SECONDS="0.3")[
        "CACHES"
    ]["default"]
    expected = redis_caches(6379)["default"]
    assert cache["BACKEND"] == expected["BACKEND"]
    assert cache["OPTIONS"] == expected["OPTIONS"]


# PostgreSQL refusing or hanging.


def postgresql_settings(port):
    """DATABASES['default'] as settings.py makes it for a PostgreSQL URL."""
    databases = production_settings(
        ["DATABASES"],
        DATABASE_URL=f"postgres://nobody@127.0.0.1:{port}/nothing",
        DATABASE_CONNECT_TIMEOUT="2",
        CONN_MAX_AGE="0",
    )
    return databases["DATABASES"]["default"]


@contextmanager
def database_at(port):
    """Requests of this thread use a PostgreSQL connection to 127.0.0.1:port, as settings make it."""
    handler = ConnectionHandler({"default": postgresql_settings(port)})
    original = connections["default"]
    connections["default"] = handler["default"]
    try:
        yield
    finally:
        handler["default"].close()
        connections["default"] = original


def assert_database_down_answers(client):
    with captured("relations.errors"), mock.patch.object(logging.getLogger("django.request"), "error"):
        page, seconds = timed_get(client, "/events/")
        assert page.status_code == 503
        assert "Temporarily unavailable" in page.content.decode()
        assert seconds < 4, seconds  # the connect timeout (2 s), not the worker's
        health, seconds = timed_get(client, "/healthz")
        assert health.status_code == 503
        assert health.json()["checks"]["database"]["status"] == "error"
        assert seconds < 4, seconds


def test_settings_set_postgresql_connect_and_statement_timeouts():
    options = postgresql_settings(5432)["OPTIONS"]
    assert options["connect_timeout"] == 2
    assert options["options"] == "-c statement_timeout=30000"


@pytest.mark.django_db
def test_postgresql_refusing_connections(client):
    with database_at(closed_port()):
        assert_database_down_answers(client)


@pytest.mark.django_db
def test_postgresql_that_accepts_and_never_answers(client, silent_server):
    with database_at(silent_server.port):
        assert_database_down_answers(client)


@pytest.mark.django_db
@pytest.mark.skipif(connections["default"].vendor != "postgresql", reason="PostgreSQL's own statement timeout")
def test_the_statement_timeout_is_in_force_on_postgresql():
    with connections["default"].cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "30s"


# DEBUG off before collectstatic: nothing looks up a static file when the URLconf is imported.


def test_commands_run_with_debug_off_before_collectstatic(tmp_path):
    import secrets

    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "example.org",
        "STATIC_ROOT": str(tmp_path / "static-not-collected"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    env.pop("REDIS_URL", None)
    seed = settings.BASE_DIR / "articles" / "sources" / "russia-south-korea-relations.txt"
    for command in (["check", "--deploy"], ["migrate", "--noinput"], ["import_article", str(seed), "--dry-run"]):
        completed = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert completed.returncode == 0, (command, completed.stderr[-2000:])
        assert "Traceback" not in completed.stderr, (command, completed.stderr[-2000:])


# A committed change whose invalidation fails is reported as done.


@pytest.fixture
def generation_unwritable():
    """The content generation's cache refuses writes (a full disk, a lost Redis behind another backend)."""
    with mock.patch.object(page_cache._generations(), "set", side_effect=OSError(errno.ENOSPC, "No space left")):
        with captured("relations.cache") as log:
            yield log


def test_an_import_whose_invalidation_fails_is_reported_done(db, generation_unwritable, tmp_path):
    from django.core.management import call_command

    from articles.models import Article

    seed = settings.BASE_DIR / "articles" / "sources" / "russia-south-korea-relations.txt"
    out = io.StringIO()
    call_command("import_article", str(seed), stdout=out, stderr=io.StringIO())
    assert Article.objects.filter(slug="russia-south-korea-relations").exists()
    assert "Could not start a new content generation (OSError)" in generation_unwritable.getvalue()


def test_a_bulk_publish_whose_invalidation_fails_is_reported_done(site, generation_unwritable):
    from articles.models import Status

    client = Client()
    client.force_login(site)
    draft = Section.objects.filter(status=Status.DRAFT).first()
    response = client.post(
        "/admin/articles/section/", {"action": "publish", "_selected_action": [draft.pk]}, follow=True
    )
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED
    assert "Could not start a new content generation" in generation_unwritable.getvalue()


# The media folder read-only or full.


class RefusingStorage(FileSystemStorage):
    """A media folder that refuses files: read-only (nothing written), or full (ENOSPC once half
    of a file is written, which stays on disk as a real full disk leaves it)."""

    refusal = errno.EROFS

    def _save(self, name, content):
        if self.refusal == errno.ENOSPC:
            path = self.path(name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            data = content.read()
            with open(path, "wb") as partial:
                partial.write(data[: len(data) // 2])
        raise OSError(self.refusal, os.strerror(self.refusal))


class FullStorage(RefusingStorage):
    refusal = errno.ENOSPC


def png_upload():
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image as PillowImage

    buffer = io.BytesIO()
    PillowImage.new("RGB", (800, 600), (20, 60, 200)).save(buffer, "PNG")
    return SimpleUploadedFile("portrait.png", buffer.getvalue(), "image/png")


@pytest.mark.parametrize("storage", ["RefusingStorage", "FullStorage"], ids=["read-only", "full"])
def test_an_upload_the_media_folder_refuses_is_a_form_error_that_keeps_the_form(db, tmp_path, storage):
    from articles.models import Image

    storages = {
        **settings.STORAGES,
        "default": {"BACKEND": f"test_fault_injection.{storage}", "OPTIONS": {"location": str(tmp_path)}},
    }
    editor = get_user_model().objects.create_superuser("editor", "editor@example.org", "a long password 1")
    client = Client()
    client.force_login(editor)
    with override_settings(STORAGES=storages), captured("articles.services.images"):
        response = client.post(
            "/admin/articles/image/add/",
            {"file": png_upload(), "alt_text": "Typed by the editor", "caption": "Kept too", "credit": ""},
        )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "could not be stored" in " ".join(errors["file"])
    html = response.content.decode()
    assert 'value="Typed by the editor"' in html and "Kept too" in html
    assert not Image.objects.exists()
    assert [path for path in tmp_path.rglob("*") if path.is_file()] == []  # not even half a file
