"""Production settings, security headers on every page type, /healthz, logs without secrets,
admin sign-in throttling and the 503 page.

The production settings are read in a subprocess, as a server would start: settings.py decides
them from the environment at import time.
"""

import io
import json
import logging
import os
import secrets
import subprocess
import sys
from contextlib import contextmanager
from datetime import timedelta
from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db import OperationalError, connections
from django.test import Client, RequestFactory, TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Event, GlossaryEntry, Period, Person, Section, Topic
from relations_site.logging import MASK, JsonFormatter, SensitiveDataFilter
from tests.browser_support import SERVER_ERROR_PATH, import_seed, page_types

ROOT = settings.BASE_DIR
CSP = "Content-Security-Policy"
ADMIN_MODELS = [Article, Section, GlossaryEntry, Person, Event, Period, Topic]


def production_environment(**changes):
    """The environment of a production start: DEBUG off, a long random key, one host."""
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "example.org",
    }
    for name, value in changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def run_manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def production_settings(names, **env_changes):
    """Return the named settings as a production start reads them from the environment."""
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name, None) for name in {list(names)!r}}}))"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**production_environment(**env_changes), "DJANGO_SETTINGS_MODULE": "relations_site.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


# Production settings.


@pytest.fixture(scope="module")
def collected_static(tmp_path_factory):
    """STATIC_ROOT after collectstatic, as a production deployment has it before it starts."""
    static_root = tmp_path_factory.mktemp("static")
    completed = run_manage("collectstatic", "--noinput", env=production_environment(STATIC_ROOT=str(static_root)))
    assert completed.returncode == 0, completed.stderr
    return static_root


def test_check_deploy_reports_no_warnings_with_production_settings(collected_static):
    env = production_environment(STATIC_ROOT=str(collected_static))
    completed = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "System check identified no issues" in completed.stdout


def test_check_deploy_warns_about_a_weak_secret_key(collected_static):
    # The check is real: a short key is reported (so "no warnings" above means something).
    env = production_environment(SECRET_KEY="short", STATIC_ROOT=str(collected_static))
    completed = run_manage("check", "--deploy", env=env)
    assert "security.W009" in completed.stderr + completed.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_start_without_a_required_variable_stops_with_a_clear_error(missing):
    completed = run_manage("check", env=production_environment(**{missing: ""}))
    assert completed.returncode != 0
    assert f"{missing} must be set when DEBUG is off." in completed.stderr


def test_production_settings_come_from_the_environment():
    found = production_settings(
        [
            "DEBUG", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
            "SESSION_COOKIE_HTTPONLY", "CSRF_COOKIE_HTTPONLY", "SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER",
            "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "X_FRAME_OPTIONS",
            "TRUSTED_PROXY_COUNT", "AXES_FAILURE_LIMIT",
        ],
        ALLOWED_HOSTS="relations.example.org,www.relations.example.org",
        CSRF_TRUSTED_ORIGINS="https://relations.example.org",
        SECURE_HSTS_SECONDS="600",
        SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_SCHEME,https",
        TRUSTED_PROXY_COUNT="1",
        AXES_FAILURE_LIMIT="7",
    )  # fmt: skip
    assert found == {
        "DEBUG": False,
        "ALLOWED_HOSTS": ["relations.example.org", "www.relations.example.org"],
        "CSRF_TRUSTED_ORIGINS": ["https://relations.example.org"],
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_HTTPONLY": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_SCHEME", "https"],
        "SECURE_HSTS_SECONDS": 600,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "X_FRAME_OPTIONS": "DENY",
        "TRUSTED_PROXY_COUNT": 1,
        "AXES_FAILURE_LIMIT": 7,
    }


def test_pictures_from_another_origin_are_allowed_by_csp_img_src():
    found = production_settings(["CONTENT_SECURITY_POLICY"], CSP_IMG_SRC="https://cdn.example.org")
    assert found["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"] == ["'self'", "data:", "https://cdn.example.org"]


def test_every_variable_the_settings_read_is_documented_in_env_example():
    import re

    source = (ROOT / "relations_site" / "settings.py").read_text(encoding="utf-8")
    read = set(re.findall(r"""env_(?:bool|list)\(\s*["'](\w+)["']|environ\.get\(\s*["'](\w+)["']""", source))
    names = {name for pair in read for name in pair if name}
    documented = (ROOT / ".env.example").read_text(encoding="utf-8")
    assert names, "no variable found in settings.py"
    assert sorted(name for name in names if f"# {name}=" not in documented) == []


@pytest.mark.django_db
def test_ssl_redirect_behind_a_proxy(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    settings.SECURE_HSTS_SECONDS = 3600
    client = Client()
    plain = client.get("/robots.txt")
    assert plain.status_code == 301
    assert plain["Location"] == "https://testserver/robots.txt"
    secure = client.get("/robots.txt", headers={"X-Forwarded-Proto": "https"})
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"].startswith("max-age=3600")
    # Load balancers poll over plain HTTP.
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_cookies_are_http_only_and_secure_in_production(settings):
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    get_user_model().objects.create_superuser("editor", "editor@example.com", "a-long-password-for-tests")
    client = Client()
    login_page = client.get("/admin/login/")
    csrf = login_page.cookies[settings.CSRF_COOKIE_NAME]
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "editor", "password": "a-long-password-for-tests", "csrfmiddlewaretoken": csrf.value},
    )
    assert response.status_code == 302
    for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME):
        cookie = client.cookies[name]
        assert cookie["httponly"] and cookie["secure"], f"{name}: {cookie.output()}"


def test_strong_password_validators_are_on():
    names = [validator["NAME"].rsplit(".", 1)[-1] for validator in settings.AUTH_PASSWORD_VALIDATORS]
    assert names == [
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    ]
    for weak in ("short1", "password1234", "123456789012345"):
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("plum-orbit-canvas-47")


# Headers on every page type, the admin's included.


def assert_security_headers(response, where):
    policy = response.get(CSP, "")
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives.get("default-src") == "'self'", f"{where}: {policy!r}"
    assert directives.get("script-src") == "'self'", f"{where}: {policy!r}"
    assert directives.get("style-src") == "'self'", f"{where}: {policy!r}"
    assert directives.get("object-src") == "'none'", f"{where}: {policy!r}"
    assert directives.get("frame-ancestors") == "'none'", f"{where}: {policy!r}"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, f"{where}: {policy!r}"
    assert response.get("X-Frame-Options") == "DENY", where
    assert response.get("X-Content-Type-Options") == "nosniff", where
    assert response.get("Referrer-Policy") == "same-origin", where
    permissions = response.get("Permissions-Policy", "")
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in permissions, f"{where}: {permissions!r}"


def admin_paths():
    """(name, path) of every admin page type: index, each changelist, change, add and history form."""
    paths = [("admin-index", "/admin/"), ("admin-password", "/admin/password_change/")]
    for model in ADMIN_MODELS:
        name = model._meta.model_name
        obj = model.objects.order_by("pk").first()
        paths.append((f"{name}-changelist", reverse(f"admin:articles_{name}_changelist")))
        paths.append((f"{name}-add", reverse(f"admin:articles_{name}_add")))
        paths.append((f"{name}-change", reverse(f"admin:articles_{name}_change", args=[obj.pk])))
        paths.append((f"{name}-history", reverse(f"admin:articles_{name}_history", args=[obj.pk])))
    return paths


@override_settings(ROOT_URLCONF="browser_support")
class SecurityHeaderTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        import_seed()
        cls.editor = get_user_model().objects.create_superuser("editor", "editor@example.com", "unused-password")

    def test_every_public_page_type(self):
        client = Client(raise_request_exception=False)
        pages = [*page_types(), ("feed", "/events/feed/"), ("sitemap", "/sitemap.xml"), ("robots", "/robots.txt")]
        with quiet_logs():
            for name, path in pages:
                response = client.get(path)
                assert response.status_code == {"404": 404, "500": 500}.get(name, 200), name
                assert_security_headers(response, f"{name} {path}")

    def test_every_admin_page_type(self):
        anonymous = Client()
        assert_security_headers(anonymous.get("/admin/login/"), "admin login")
        client = Client()
        client.force_login(self.editor)
        for name, path in admin_paths():
            response = client.get(path)
            assert response.status_code == 200, f"{name} {path}: {response.status_code}"
            assert_security_headers(response, f"{name} {path}")

    def test_the_503_page_and_the_lockout_page(self):
        with (
            mock.patch("articles.public.views.selectors.home_page", side_effect=OperationalError("gone")),
            quiet_logs(),
        ):
            assert_security_headers(Client().get("/"), "503")
        client = Client()
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post("/admin/login/", {"username": "editor", "password": "wrong"})
        assert_security_headers(client.post("/admin/login/", {"username": "editor", "password": "wrong"}), "lockout")


# /healthz


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_and_the_cache_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert {name: check["status"] for name, check in body["checks"].items()} == {"database": "ok", "cache": "ok"}
    # No policy noise on a JSON answer, and never cached by a proxy or the site's cache.
    assert CSP not in response
    assert "no-store" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_fails(client):
    with mock.patch.object(connections["default"], "cursor", side_effect=OperationalError("connection refused")):
        with quiet_logs():
            response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["database"] == {"status": "error", "error": "OperationalError"}
    assert body["checks"]["cache"]["status"] == "ok"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "failure",
    [{"set": mock.DEFAULT, "side_effect": ConnectionError("refused")}, {"get": mock.DEFAULT, "return_value": None}],
    ids=["cache-refuses", "cache-loses-the-value"],
)
def test_healthz_answers_200_degraded_when_the_cache_fails(client, failure):
    # Pages are then served from the database: the site is up, the load balancer keeps it.
    method = "set" if "set" in failure else "get"
    options = {key: value for key, value in failure.items() if key not in ("set", "get")}
    with mock.patch.object(caches["default"], method, **options), quiet_logs():
        response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["cache"]["status"] == "error"
    assert body["checks"]["database"]["status"] == "ok"


# The 503 page.


@pytest.mark.django_db
def test_a_view_that_loses_the_database_answers_the_styled_503_page(client):
    with (
        mock.patch("articles.public.views.selectors.home_page", side_effect=OperationalError("server closed")),
        quiet_logs(),
    ):
        response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "Temporarily unavailable" in html
    assert 'class="site-header"' in html and "css/site.css" in html


@pytest.mark.django_db
def test_a_middleware_that_loses_the_database_answers_the_503_page_too():
    # A failure outside any view (here: in the session middleware) reaches handler500.
    client = Client(raise_request_exception=False)
    with (
        mock.patch(
            "django.contrib.sessions.middleware.SessionMiddleware.process_request", side_effect=OperationalError("gone")
        ),
        quiet_logs(),
    ):
        response = client.get("/admin/")
    assert response.status_code == 503
    assert "Temporarily unavailable" in response.content.decode()


# Logs: structured, without secrets.


@contextmanager
def quiet_logs():
    """Keep deliberate errors out of the test output."""
    loggers = [logging.getLogger(name) for name in ("relations", "django.request", "axes")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


@contextmanager
def captured_log_lines():
    """The JSON lines the site's stdout handler writes meanwhile."""
    handler = logging.getLogger("relations").handlers[0]
    stream = io.StringIO()
    previous = handler.setStream(stream)
    lines = []
    try:
        yield lines
    finally:
        handler.setStream(previous)
        lines.extend(json.loads(line) for line in stream.getvalue().splitlines())


SECRETS = ["hunter2-correct-horse", "tok-5f1e0c", "sess-9a8b7c", "csrf-3d2e1f", "Bearer abc.def.ghi"]


def test_the_filter_masks_secrets_in_post_data_headers_and_messages():
    request = RequestFactory().post(
        "/admin/login/",
        {"username": "editor", "password": SECRETS[0], "csrfmiddlewaretoken": SECRETS[3], "api_key": SECRETS[1]},
        headers={"Cookie": f"sessionid={SECRETS[2]}", "Authorization": SECRETS[4], "X-CSRFToken": SECRETS[3]},
    )
    record = logging.LogRecord(
        "django.request", logging.ERROR, __file__, 1, "Failed for %s with password=%s token: %s",
        ("postgres://app:" + SECRETS[0] + "@db/relations", SECRETS[0], SECRETS[1]), None,
    )  # fmt: skip
    record.request = request
    record.status_code = 500
    record.payload = {"secret": SECRETS[1], "nested": {"session_key": SECRETS[2]}, "fine": "visible"}
    assert SensitiveDataFilter().filter(record) is True
    line = JsonFormatter().format(record)
    entry = json.loads(line)
    for secret in SECRETS:
        assert secret not in line
    assert entry["request"]["post"]["username"] == ["editor"]
    assert entry["request"]["post"]["password"] == MASK
    assert entry["request"]["post"]["csrfmiddlewaretoken"] == MASK
    assert entry["request"]["headers"]["Cookie"] == MASK
    assert entry["request"]["headers"]["Authorization"] == MASK
    assert entry["payload"] == {"secret": MASK, "nested": {"session_key": MASK}, "fine": "visible"}
    assert entry["message"] == f"Failed for postgres://app:{MASK}@db/relations with password={MASK} token: {MASK}"


@override_settings(ROOT_URLCONF="browser_support")
@pytest.mark.django_db
def test_request_and_error_logs_are_json_lines_without_secrets():
    client = Client(raise_request_exception=False)
    with captured_log_lines() as lines:
        client.get("/robots.txt")
        client.post(SERVER_ERROR_PATH, {"username": "editor", "password": SECRETS[0]}, headers={"Cookie": "x=1"})
        client.post("/admin/login/", {"username": "editor", "password": SECRETS[0]})
    text = json.dumps(lines)
    assert SECRETS[0] not in text
    access = [line for line in lines if line["logger"] == "relations.request"]
    assert [(line["method"], line["path"], line["status_code"]) for line in access] == [
        ("GET", "/robots.txt", 200),
        ("POST", SERVER_ERROR_PATH, 500),
        ("POST", "/admin/login/", 200),
    ]
    assert all(line["duration_ms"] >= 0 and line["level"] for line in access)
    assert access[1]["request"]["post"] == {"username": ["editor"], "password": MASK}
    errors = [line for line in lines if line["logger"] == "django.request"]
    assert errors and errors[0]["error"]["type"] == "RuntimeError"
    assert "Traceback" in errors[0]["error"]["traceback"]
    assert errors[0]["request"]["post"]["password"] == MASK


@pytest.mark.django_db
def test_a_successful_health_poll_writes_no_log_line(client):
    with captured_log_lines() as lines:
        client.get("/healthz")
    assert lines == []


# Admin sign-in throttling.


class SignInThrottlingTests(TestCase):
    password = "plum-orbit-canvas-47"

    def setUp(self):
        # Here, not in setUpTestData: the tests' fast password hasher is set per test.
        get_user_model().objects.create_superuser("editor", "editor@example.com", self.password)
        get_user_model().objects.create_superuser("other", "other@example.com", self.password)

    def sign_in(self, username="editor", password="wrong-password", ip="10.0.0.1"):
        with quiet_logs():
            return Client(REMOTE_ADDR=ip).post(
                "/admin/login/?next=/admin/", {"username": username, "password": password}
            )

    def fail(self, times, **kwargs):
        for _ in range(times):
            response = self.sign_in(**kwargs)
            self.assertEqual(response.status_code, 200)  # the login form again, with its error

    def assert_locked(self, response):
        self.assertEqual(response.status_code, 429)
        html = response.content.decode()
        self.assertIn("Sign-in locked", html)
        self.assertIn(f"{settings.AXES_FAILURE_LIMIT} failed attempts", html)
        self.assertIn("15 minutes", html)
        self.assertIn('class="site-header"', html)  # the site's own page, not a bare message
        self.assertIn("no-store", response["Cache-Control"])

    def test_repeated_failures_lock_the_account_even_with_the_right_password(self):
        self.fail(settings.AXES_FAILURE_LIMIT - 1)
        self.assert_locked(self.sign_in())
        self.assert_locked(self.sign_in(password=self.password))

    def test_the_lock_holds_the_account_from_that_address_only(self):
        self.fail(settings.AXES_FAILURE_LIMIT - 1)
        self.assert_locked(self.sign_in())  # the failure that reaches the limit
        self.assert_locked(self.sign_in(password=self.password))
        # Failures from elsewhere cannot lock the editor out: the editor's own address still signs in,
        # and so does another account from the attacker's address.
        self.assertEqual(self.sign_in(password=self.password, ip="10.0.0.2").status_code, 302)
        self.assertEqual(self.sign_in(username="other", password=self.password, ip="10.0.0.1").status_code, 302)

    def test_the_lock_ends_after_the_cool_off_period(self):
        self.fail(settings.AXES_FAILURE_LIMIT - 1)
        self.assert_locked(self.sign_in())
        self.assert_locked(self.sign_in(password=self.password))
        AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
        response = self.sign_in(password=self.password)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(response["Location"], "/admin/")

    def test_a_successful_sign_in_resets_the_count(self):
        self.fail(settings.AXES_FAILURE_LIMIT - 1)
        self.assertEqual(self.sign_in(password=self.password).status_code, 302)
        self.fail(settings.AXES_FAILURE_LIMIT - 1)
        self.assertEqual(self.sign_in(password=self.password).status_code, 302)

    def test_behind_a_proxy_the_forwarded_client_address_is_locked_not_the_proxy(self):
        with self.settings(TRUSTED_PROXY_COUNT=1, TRUSTED_PROXY_ADDRESSES=["192.0.2.0/24"]):

            def sign_in(client_ip, password="wrong-password"):
                with quiet_logs():
                    return Client(REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=f"{client_ip}").post(
                        "/admin/login/", {"username": "other", "password": password}
                    )

            for _ in range(settings.AXES_FAILURE_LIMIT):
                sign_in("203.0.113.5")
            self.assert_locked(sign_in("203.0.113.5"))
            self.assertEqual(self.sign_in(password=self.password, ip="192.0.2.1").status_code, 302)

    def test_a_client_reaching_the_app_directly_cannot_choose_its_address(self):
        # The proxy's address is trusted, the client's is not: its forged header is ignored, so
        # rotating it does not escape the lock.
        with self.settings(TRUSTED_PROXY_COUNT=1, TRUSTED_PROXY_ADDRESSES=["192.0.2.1"]):
            for number in range(settings.AXES_FAILURE_LIMIT - 1):
                with quiet_logs():
                    Client(REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=f"198.51.100.{number}").post(
                        "/admin/login/", {"username": "editor", "password": "wrong-password"}
                    )
            self.assert_locked(self.sign_in(ip="203.0.113.7"))

    def test_the_test_client_can_still_sign_in_without_a_request(self):
        self.assertTrue(Client().login(username="editor", password=self.password))


@pytest.mark.parametrize(
    "remote, forwarded, proxies, trusted, expected",
    [
        ("203.0.113.7", "198.51.100.1", 1, ["127.0.0.1"], "203.0.113.7"),  # straight to the app port
        ("127.0.0.1", "198.51.100.1", 1, ["127.0.0.1"], "198.51.100.1"),  # through the local proxy
        ("127.0.0.1", "6.6.6.6, 198.51.100.1", 1, ["127.0.0.1"], "198.51.100.1"),  # a forged left part
        ("10.0.0.2", "198.51.100.1, 10.0.0.1", 2, ["10.0.0.0/8"], "198.51.100.1"),  # two proxies
        ("10.0.0.2", "198.51.100.1, 203.0.113.9", 2, ["10.0.0.0/8"], "203.0.113.9"),  # an untrusted hop
        ("127.0.0.1", "", 1, ["127.0.0.1"], "127.0.0.1"),  # no header
        ("127.0.0.1", "198.51.100.1", 0, ["127.0.0.1"], "127.0.0.1"),  # no proxy configured
    ],
)
def test_x_forwarded_for_is_read_only_as_the_trusted_proxies_wrote_it(
    settings, remote, forwarded, proxies, trusted, expected
):
    from relations_site.middleware import client_ip

    settings.TRUSTED_PROXY_COUNT = proxies
    settings.TRUSTED_PROXY_ADDRESSES = trusted
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
