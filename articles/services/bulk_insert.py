"""Insert many rows in one statement, without building a model instance per row.

For the tables an import fills by the hundred whose rows nothing reads back at once: history
records and many-to-many links. ``QuerySet.bulk_create`` would build, signal and compile an
instance per row, which costs more than the database's own work for these narrow rows; and a
row that copies another (a history record) is best copied by the database itself. Likewise
``update_field`` sets one field of many rows, each its own value, without ``bulk_update``'s CASE.
"""

from contextlib import nullcontext

from django.db import connections, router
from django.utils import timezone

from articles.services.pipelining import unawaited


def insert_rows(model, rows, *, same=None, returning_pk=False):
    """Insert ``rows`` into ``model``'s table; return their primary keys, in order, if asked.

    Each row is a dict of attname (``article_id``, not ``article``) to value, every row with the
    same keys; ``same`` holds the values every row shares (prepared once). Values are prepared
    for the database as ``Model.save()`` prepares them; no signal is sent and no default is
    filled in: give every column that has no database default. Unless keys are returned, the
    import does not wait for the rows in a pipeline (see pipelining).
    """
    if not rows:
        return []
    connection = connections[router.db_for_write(model)]
    same = same or {}
    own_fields = [model._meta.get_field(name) for name in rows[0]]
    same_fields = [model._meta.get_field(name) for name in same]
    fields = own_fields + same_fields
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    placeholders = f"({', '.join(['%s'] * len(fields))})"
    returning = f" RETURNING {quote(model._meta.pk.column)}" if returning_pk else ""
    shared = [field.get_db_prep_save(same[field.attname], connection) for field in same_fields]
    prepared = [
        [field.get_db_prep_save(row[field.attname], connection) for field in own_fields] + shared for row in rows
    ]
    keys = []
    batch_size = max(connection.ops.bulk_batch_size(fields, prepared), 1)
    insert = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES "
    with connection.cursor() as cursor, nullcontext() if returning_pk else unawaited(connection):
        for start in range(0, len(prepared), batch_size):
            batch = prepared[start : start + batch_size]
            values = ", ".join([placeholders] * len(batch))
            cursor.execute(f"{insert}{values}{returning}", [value for row in batch for value in row])
            if returning_pk:
                keys.extend(key for (key,) in cursor.fetchall())
    return keys


def insert_instances(model, instances, keys=None):
    """Insert new instances of ``model`` and give them their primary keys, as bulk_create() would.

    Every field is filled as saving fills it, ``auto_now`` dates with one time for all the
    instances, as they are created together; no signal is sent. Without bulk_create()'s
    expression and query compiler, per value, this costs a fraction of the Python time for the
    hundreds of rows an import creates. ``keys``: the primary keys to give them, taken ahead
    (pipelining.PrimaryKeys), so the INSERT need not return them; by default the table's.
    """
    if keys is not None:
        for instance, key in zip(instances, keys, strict=True):
            instance.pk = key
    fields = [field for field in model._meta.concrete_fields if keys is not None or not field.primary_key]
    stamped = [field for field in fields if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)]
    now = timezone.now()
    for instance in instances:
        for field in stamped:
            setattr(instance, field.attname, now)
    own = [field for field in fields if field not in stamped]
    rows = [{field.attname: field.pre_save(instance, add=True) for field in own} for instance in instances]
    returned = insert_rows(model, rows, same={field.attname: now for field in stamped}, returning_pk=keys is None)
    alias = router.db_for_write(model)
    for instance, key in zip(instances, keys or returned, strict=True):
        instance.pk = key
        instance._state.adding, instance._state.db = False, alias


def update_field(model, field_name, values_by_pk):
    """Set one field of many rows, each its own value: {primary key: value}. No signal is sent.

    One UPDATE run for every row (``executemany``), where ``QuerySet.bulk_update`` builds a
    CASE over all the rows that each row's update then walks: on SQLite that took longer than
    rendering the stored HTML it wrote.
    """
    if not values_by_pk:
        return
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    field = model._meta.get_field(field_name)
    update = (
        f"UPDATE {quote(model._meta.db_table)} SET {quote(field.column)} = %s WHERE {quote(model._meta.pk.column)} = %s"
    )
    with connection.cursor() as cursor:
        cursor.executemany(
            update, [(field.get_db_prep_save(value, connection), pk) for pk, value in values_by_pk.items()]
        )


# Primary keys per INSERT … SELECT: well under every backend's limit on parameters.
SELECTED_PER_STATEMENT = 500


def insert_selected(model, columns, select, keys, *, params=()):
    """Insert into ``model``'s table the rows a SELECT gives, for these keys.

    ``columns``: the table's columns the SELECT fills, in order. ``select``: the SELECT, with
    ``{keys}`` where the placeholders of a batch of ``keys`` go and ``params`` before them.
    In a pipeline, the import does not wait for the rows.
    """
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    insert = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(map(quote, columns))}) "
    with connection.cursor() as cursor, unawaited(connection):
        for start in range(0, len(keys), SELECTED_PER_STATEMENT):
            batch = list(keys[start : start + SELECTED_PER_STATEMENT])
            cursor.execute(insert + select.format(keys=", ".join(["%s"] * len(batch))), [*params, *batch])
