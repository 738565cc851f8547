"""Static files in production: collected under hashed names with gzip copies, served by whitenoise
with far-future caching for hashed names. collectstatic writes into a temporary folder."""

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.template import Context, Template
from django.test import RequestFactory
from whitenoise.middleware import WhiteNoiseMiddleware

ROOT = Path(__file__).resolve().parent.parent
MANIFEST_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"
TEN_YEARS = 10 * 365 * 24 * 60 * 60


@pytest.fixture
def collected(settings, tmp_path):
    """Collect the static files as production does (hashed names, gzip) into a temporary folder."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST_STORAGE}}
    settings.WHITENOISE_AUTOREFRESH = settings.WHITENOISE_USE_FINDERS = False
    call_command("collectstatic", interactive=False, verbosity=0)
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    return tmp_path, manifest


def whitenoise_get(path, **headers):
    """Serve one request through the whitenoise middleware as the site configures it."""
    middleware = WhiteNoiseMiddleware(lambda request: pytest.fail(f"whitenoise did not serve {path}"))
    return middleware(RequestFactory().get(path, headers=headers))


def test_collectstatic_writes_hashed_names_and_gzip_copies(collected):
    root, manifest = collected
    hashed = manifest["css/site.css"]
    assert hashed != "css/site.css" and hashed.startswith("css/site.") and hashed.endswith(".css")
    assert (root / hashed).read_bytes() == (ROOT / "static" / "css" / "site.css").read_bytes()
    assert gzip.decompress((root / f"{hashed}.gz").read_bytes()) == (root / hashed).read_bytes()
    for name in ("js/glossary-preview.js", "favicon.svg"):
        assert name in manifest


def test_hashed_names_are_cached_for_ten_years_and_sent_compressed(collected):
    _, manifest = collected
    response = whitenoise_get(f"/static/{manifest['css/site.css']}", accept_encoding="gzip")
    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    assert f"max-age={TEN_YEARS}" in cache_control and "immutable" in cache_control
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    response.file_to_stream.close()  # not close(): that would signal the end of a request


def test_unhashed_names_are_served_but_not_cached_for_long(collected):
    response = whitenoise_get("/static/css/site.css")
    assert response.status_code == 200
    assert "immutable" not in response["Cache-Control"]
    assert int(response["Cache-Control"].split("max-age=")[1].split(",")[0]) <= 3600
    response.file_to_stream.close()  # not close(): that would signal the end of a request


def test_pages_link_the_hashed_names(collected):
    _, manifest = collected
    rendered = Template("{% load static %}{% static 'css/site.css' %}").render(Context())
    assert rendered == f"/static/{manifest['css/site.css']}"


def test_production_settings_use_whitenoise_right_after_the_security_middleware(tmp_path):
    code = (
        "import json; from django.conf import settings; "
        "print(json.dumps([settings.MIDDLEWARE[:2], settings.STORAGES['staticfiles']['BACKEND']]))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "relations_site.settings",
        "DEBUG": "false",
        "SECRET_KEY": "test-only",
        "ALLOWED_HOSTS": "example.org",
    }
    output = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    middleware, backend = json.loads(output)
    assert middleware == ["django.middleware.security.SecurityMiddleware", "whitenoise.middleware.WhiteNoiseMiddleware"]
    assert backend == MANIFEST_STORAGE
