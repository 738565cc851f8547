"""The Redis cache of the site (settings: REDIS_URL): Django's RedisCache, failing soft and fast.

The cache only makes pages faster: nothing the site does needs it to answer. So a Redis that
refuses connections, or accepts them and never answers, must cost a reader little time and an
editor nothing:

- every operation gives up after the socket timeouts of ``OPTIONS`` (settings: REDIS_TIMEOUT_SECONDS,
  passed by Django to redis-py's connection pool);
- a failed operation answers as a miss (``get`` returns the default, ``set`` and ``add`` return
  False, ``get_many`` an empty dict), so pages are rendered from the database and saves go on;
- after a failure the cache is not tried again for ``RETRY_SECONDS``: a hung Redis costs one
  timeout per process every few seconds, not one per request;
- the outage is logged once when it starts and once when it ends (logger ``relations.cache``), not
  on every request;
- when the cache answers again, :data:`cache_recovered` is sent: the page cache starts a new
  content generation then (relations_site/page_cache.py), so that a change whose invalidation
  failed during the outage never lets an earlier page be served.

:meth:`RedisCache.check` does one round trip that raises instead (for /healthz).

The one use of Django's private internals in the project is here, in :class:`_ReusedClientRedisCacheClient`
(tests/test_cache_backend.py fails when a Django upgrade changes them).
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from django.dispatch import Signal
from redis.exceptions import RedisError

logger = logging.getLogger("relations.cache")

# Sent (sender: the RedisCache class; keywords ``location`` and ``cache``) when a cache that failed
# answers again.
cache_recovered = Signal()

RETRY_SECONDS = 5.0


def has_private_api(cache):
    """Whether Django's Redis cache still has the private names the client reuse relies on: the
    ``_class`` its ``_cache`` is made from, and the client's ``_get_connection_pool_index``."""
    return "_class" in vars(cache) and hasattr(RedisCacheClient, "_get_connection_pool_index")


class _ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's Redis client makes a new redis.Redis object for every operation, about 0.1 ms of
    CPU each (a third of a cached page's cost); this one makes one per connection pool and keeps it
    (redis.Redis objects are thread-safe: each command takes a connection from the pool).

    Relies on ``RedisCacheClient._get_connection_pool_index`` (private): when a Django upgrade
    removes it, Django's own client is used instead (slower, still correct) and the test fails.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = super().get_client(key, write=write)
        return client


class _Outage:
    """The state of one Redis location, shared by the threads of a process."""

    def __init__(self):
        self.lock = threading.Lock()
        self.failed = False
        self.retry_at = 0.0


_outages = {}
_outages_lock = threading.Lock()


def _outage(location):
    with _outages_lock:
        return _outages.setdefault(location, _Outage())


class RedisCache(DjangoRedisCache):
    """Django's RedisCache that answers as a miss while Redis is unreachable (see the module)."""

    retry_seconds = RETRY_SECONDS

    def __init__(self, server, params):
        super().__init__(server, params)
        if has_private_api(self):
            self._class = _ReusedClientRedisCacheClient
        self._location = server if isinstance(server, str) else ",".join(server)
        self._state = _outage(self._location)

    @property
    def available(self):
        """Whether the cache is being used (False while it is skipped after a failure)."""
        return not self._state.failed or time.monotonic() >= self._state.retry_at

    def _guard(self, operation, default, *args, **kwargs):
        state = self._state
        if state.failed and time.monotonic() < state.retry_at:
            return default
        try:
            result = operation(*args, **kwargs)
        except (RedisError, OSError) as error:
            with state.lock:
                state.retry_at = time.monotonic() + self.retry_seconds
                first = not state.failed
                state.failed = True
            if first:
                logger.warning(
                    "Cache unavailable (%s): pages are served from the database; retrying every %s s",
                    type(error).__name__,
                    self.retry_seconds,
                    extra={"cache_error": type(error).__name__},
                )
            return default
        if state.failed:
            with state.lock:
                recovered, state.failed = state.failed, False
            if recovered:
                logger.warning("Cache available again")
                cache_recovered.send(sender=type(self), location=self._location, cache=self)
                # Read before the receivers started a new generation: the first answer is a miss.
                return default
        return result

    def check(self):
        """Write, read back and delete a key, raising on any failure (for /healthz)."""
        key = self.make_and_validate_key("healthz:check")
        client = self._cache
        value = str(time.time_ns())
        client.set(key, value, 10)
        found = client.get(key, None)
        client.delete(key)
        if found != value:
            raise RuntimeError("the cache did not return the value just written")

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(super().add, False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._guard(super().get, default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(super().set, None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(super().touch, False, key, timeout, version)

    def delete(self, key, version=None):
        return self._guard(super().delete, False, key, version)

    def get_many(self, keys, version=None):
        return self._guard(super().get_many, {}, keys, version)

    def has_key(self, key, version=None):
        return self._guard(super().has_key, False, key, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(super().set_many, list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._guard(super().delete_many, None, keys, version)
