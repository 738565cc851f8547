"""Insert many rows in one statement, without building a model instance per row.

For the tables an import fills by the hundred whose rows nothing reads back at once: history
records and many-to-many links. ``QuerySet.bulk_create`` would build, signal and compile an
instance per row, which costs more than the database's own work for these narrow rows.
"""

from django.db import connections, router


def insert_rows(model, rows, *, same=None, returning_pk=False):
    """Insert ``rows`` into ``model``'s table; return their primary keys, in order, if asked.

    Each row is a dict of attname (``article_id``, not ``article``) to value, every row with the
    same keys; ``same`` holds the values every row shares (prepared once). Values are prepared for the database as ``Model.save()`` prepares them; no signal
    is sent and no default is filled in: give every column that has no database default.
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
    prepared = [[field.get_db_prep_save(row[field.attname], connection) for field in own_fields] + shared for row in rows]
    keys = []
    batch_size = max(connection.ops.bulk_batch_size(fields, prepared), 1)
    with connection.cursor() as cursor:
        for start in range(0, len(prepared), batch_size):
            batch = prepared[start : start + batch_size]
            values = ", ".join([placeholders] * len(batch))
            sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES {values}{returning}"
            cursor.execute(sql, [value for row in batch for value in row])
            if returning_pk:
                keys.extend(key for (key,) in cursor.fetchall())
    return keys
