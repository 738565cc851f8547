import os

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # Tests create many users; MD5 keeps them quick. Never used outside tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    # The cache outlives each test's rolled-back transaction: a page cached by one test would
    # otherwise be served to the next, whose database no longer holds what it shows.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session", autouse=True)
def _own_content_generation(tmp_path_factory):
    # Without Redis the page cache's content generation is a file that every process of the
    # checkout shares (the dev server, other test runs): the tests get one of their own, and so do
    # the processes they start.
    from django.conf import settings
    from django.test import override_settings

    if "generation" not in settings.CACHES:
        yield
        return
    folder = tmp_path_factory.mktemp("cache")
    generation = {**settings.CACHES["generation"], "LOCATION": str(folder / "generation")}
    previous = os.environ.get("LOCAL_CACHE_DIR")
    os.environ["LOCAL_CACHE_DIR"] = str(folder)
    try:
        with override_settings(CACHES={**settings.CACHES, "generation": generation}):
            yield
    finally:
        if previous is None:
            os.environ.pop("LOCAL_CACHE_DIR")
        else:
            os.environ["LOCAL_CACHE_DIR"] = previous
