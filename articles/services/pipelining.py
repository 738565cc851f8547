"""Let PostgreSQL run an import's INSERTs while the import prepares the next ones.

Sent one by one, each statement makes the writer wait while the server works, then the server
wait while the writer prepares the next statement: on PostgreSQL each side took about half of an
import's time (BENCHMARKS.md). In psycopg's pipeline mode a statement is sent without waiting for
its result. Within ``pipelined()``, only the statements sent under ``unawaited()`` go that way:
the import's own INSERTs, whose results it does not read. Every other statement (Django's: reads,
the UPDATEs whose row count ``save()`` checks, savepoints) still waits for its result, and for
every statement sent before it.

An unawaited INSERT the database refuses raises its IntegrityError at the next statement that
waits, or when the pipeline ends: which statement failed is not known there. ``pipelined()``
is for writes that can be run again without it to find out.

So that INSERTs need not return the primary keys they create, ``PrimaryKeys`` takes keys from
the tables' sequences ahead, many per query.
"""

from contextlib import contextmanager

from django.db import connections

# The waiting rule of each connection in a pipeline.
_pipelines = {}


def can_pipeline(connection):
    """Tell whether the connection's database can take statements without waiting.

    PostgreSQL through psycopg 3 with libpq 14 or newer; not psycopg2, not SQLite.
    """
    pipeline = getattr(connection.Database, "Pipeline", None) if connection.vendor == "postgresql" else None
    return pipeline is not None and pipeline.is_supported()


@contextmanager
def pipelined(using):
    """Send the statements under ``unawaited()`` without waiting for them, where the database can.

    Yield the pipeline's Waits (how many statements waited, how many did not), or None where
    the database cannot, or when a pipeline is open already (its statements count there).
    """
    connection = connections[using]
    if not can_pipeline(connection) or connection in _pipelines:
        yield None
        return
    connection.ensure_connection()
    # The pipeline's end waits for what is left: a refusal then is Django's IntegrityError too.
    with connection.wrap_database_errors, connection.connection.pipeline() as pipeline:
        waits = Waits(connection, pipeline)
        _pipelines[connection] = waits
        try:
            with connection.execute_wrapper(waits):
                yield waits
        finally:
            del _pipelines[connection]


@contextmanager
def unawaited(connection):
    """Send the statements executed here without waiting for their results, in a pipeline."""
    waits = _pipelines.get(connection)
    if waits is None:
        yield
        return
    waits.sending_unawaited = True
    try:
        yield
    finally:
        waits.sending_unawaited = False


class Waits:
    """An execute wrapper: wait for a statement's result, and every earlier one's, unless unawaited."""

    def __init__(self, connection, pipeline):
        self.connection, self.pipeline = connection, pipeline
        self.sending_unawaited = False
        self.waited = self.unawaited = 0  # statements

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if self.sending_unawaited:
            self.unawaited += 1
        else:
            self.waited += 1
            # Django reads a statement's row count right after it (save(), update()): a pipeline
            # sets it only once the result is in.
            with self.connection.wrap_database_errors:
                self.pipeline.sync()
        return result


class PrimaryKeys:
    """Primary keys taken ahead from the tables' sequences, for rows about to be inserted.

    Keys are handed out in the order a sequence gives them, so rows get the keys inserting them
    one by one would have given (unless another writer takes keys meanwhile, as it could then).
    A key taken but not used is skipped, as a rolled-back insert's is. ``for_database()`` is
    None where INSERTs must return their keys instead (no pipeline: nothing to gain).
    """

    def __init__(self, using):
        self.using = using
        self.ahead = {}

    @classmethod
    def for_database(cls, using):
        return cls(using) if can_pipeline(connections[using]) else None

    def reserve(self, counts):
        """Take ahead the keys of this many new rows per model: {model: count}."""
        for model, count in counts.items():
            have = len(self.ahead.get(model, ()))
            if count > have:
                self.ahead.setdefault(model, []).extend(self._next(model, count - have))

    def take(self, model, count):
        """Return the next ``count`` keys of the model's table, taken ahead or asked now."""
        ahead = self.ahead.get(model, [])
        keys, self.ahead[model] = ahead[:count], ahead[count:]
        if len(keys) < count:
            keys += self._next(model, count - len(keys))
        return keys

    def _next(self, model, count):
        connection = connections[self.using]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s) ORDER BY 1",
                [connection.ops.quote_name(model._meta.db_table), model._meta.pk.column, count],
            )
            return [key for (key,) in cursor.fetchall()]
