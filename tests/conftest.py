import pytest


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # Tests create many users; MD5 keeps them quick. Never used outside tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
