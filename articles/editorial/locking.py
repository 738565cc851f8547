"""Optimistic locking of content records: every write claims the version it read, or is refused.

A record's ``version`` is the number of saves it has had. A writer remembers the version it
loaded (an editor's form carries it in a hidden field; the importer reads it with the record)
and, in the transaction that saves, moves it on with one conditional UPDATE:

    UPDATE … SET version = version + 1 WHERE id = %s AND version = <loaded>

One row updated: nobody saved in between, and the record is ours to save. No row: someone else
saved first (or deleted the record), and saving now would silently undo their change.
"""

from django.db.models import F


class EditConflict(Exception):
    """Someone else saved (or deleted) the record since this writer loaded it."""


def is_versioned(model):
    return any(field.name == "version" for field in model._meta.concrete_fields)


def current_version(instance, *, lock=False):
    """Return the version of the instance's row in the database, or None when it was deleted.

    With ``lock``, the row stays locked (SELECT … FOR UPDATE) until the transaction ends, so that
    nobody can save between this check and the writer's own save. SQLite has no row locks; its
    transactions here begin IMMEDIATE (see settings), which serializes writers anyway.
    """
    rows = type(instance)._default_manager.filter(pk=instance.pk)
    if lock:
        rows = rows.select_for_update()
    return rows.values_list("version", flat=True).first()


def claim_version(instance, loaded):
    """Move the record's version on from ``loaded``, or raise EditConflict if it moved already.

    Call inside the transaction that then saves the instance: the instance's ``version`` is set to
    the new number, so its save writes what the database holds.
    """
    model = type(instance)
    claimed = model._default_manager.filter(pk=instance.pk, version=loaded).update(version=F("version") + 1)
    if not claimed:
        raise EditConflict(f"{model._meta.verbose_name} {instance.pk} is no longer at version {loaded}")
    instance.version = loaded + 1


def bump_version(instance):
    """Move the record's version on whatever it is: for writes that carry no loaded version.

    Open forms of the record then see that it changed. Return the new version.
    """
    model = type(instance)
    model._default_manager.filter(pk=instance.pk).update(version=F("version") + 1)
    instance.version = current_version(instance)
    return instance.version
