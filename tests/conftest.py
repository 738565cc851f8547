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
