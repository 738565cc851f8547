"""Who else has a record open in the admin: shown to editors, never a lock.

An editor's change form says "I am here" when it opens and then every PING_SECONDS (a small
script); each time it learns who else said so within the last WINDOW. What is kept, in the
cache, is per record: {user id: (name, since, last seen)}. Two editors saying so at the same
instant may overwrite each other's entry; the next ping puts it back.

The cache is a convenience here: when it does not answer, the editor simply sees nobody.
"""

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.core.cache import cache
from django.utils import timezone
from django.utils.formats import time_format

log = logging.getLogger(__name__)

WINDOW = timedelta(minutes=1)
PING_SECONDS = 20


@dataclass(frozen=True)
class Presence:
    name: str
    since: datetime


def display_name(user):
    return user.get_full_name() or user.get_username()


def _key(model, pk):
    return f"presence:{model._meta.label_lower}:{pk}"


def here(user, obj, now=None):
    """Record that ``user`` has ``obj`` open; return the others who have it open, earliest first."""
    now = now or timezone.now()
    key = _key(type(obj), obj.pk)
    try:
        entries = cache.get(key) or {}
        entries = {uid: entry for uid, entry in entries.items() if now - datetime.fromtimestamp(entry[2], UTC) < WINDOW}
        since = entries[user.pk][1] if user.pk in entries else now.timestamp()
        entries[user.pk] = (display_name(user), since, now.timestamp())
        cache.set(key, entries, timeout=int(WINDOW.total_seconds()) * 2)
    except Exception:  # noqa: BLE001  (any cache failure: Redis down, a refused connection, a timeout)
        log.warning("presence: the cache did not answer", exc_info=True)
        return []
    others = [
        Presence(name, datetime.fromtimestamp(since, UTC))
        for uid, (name, since, _) in entries.items()
        if uid != user.pk
    ]
    return sorted(others, key=lambda presence: presence.since)


def message(others):
    """Say who else has the record open, and since when, in one sentence (empty when nobody)."""
    if not others:
        return ""
    names = [f"{other.name} (since {time_format(timezone.localtime(other.since), 'TIME_FORMAT')})" for other in others]
    who = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    verb = "has" if len(names) == 1 else "have"
    return f"{who} {verb} this record open too. Nothing is locked: if they save first, saving yours will say so."
