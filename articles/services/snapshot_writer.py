"""Write the records a source describes, field by field, keeping what editors changed.

Every content model keeps in ``imported`` the values the importer last wrote, in a JSON form:
text and numbers as they are, dates as ISO strings, a foreign key as the related record's slug,
a many-to-many relation as the sorted list of slugs. A field whose current value differs from
that snapshot was changed by an editor since (in the admin, the shell, anywhere) and a re-import
leaves it alone. Models without a snapshot (periods, topics) take the source's values.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, models, router
from django.db.models import Prefetch
from django.utils import timezone

from articles import history_internals
from articles.editorial.drafts import copies_of
from articles.editorial.links import is_derived, saving_fields
from articles.editorial.locking import EditConflict, claim_version, is_versioned
from articles.services.bulk_insert import insert_instances, insert_rows, insert_selected

_MISSING = object()
# What the history of a record says of the changes an import made (who: nobody, when: now).
CHANGE_REASON = "import"


class ImportRejected(Exception):
    """The database cannot take what the source describes; the message is one line."""


class RefusedInBulk(Exception):
    """The database refused new records inserted together (a constraint, or a concurrent writer)."""

    def __init__(self, error, fields, new):
        super().__init__(str(error))
        self.error, self.fields, self.new = error, fields, new

    def diagnosis(self):
        """Return an ImportRejected naming the first record that breaks a rule, or None.

        Ask once the import's transaction is rolled back: each record is validated as saving it
        alone would, constraints and uniqueness included. None means each record is valid on
        its own: another writer took a slug meanwhile.
        """
        for instance, record in self.new:
            try:
                _validate(instance, self.fields, record)
            except ImportRejected as rejected:
                return rejected
        return None


@dataclass(frozen=True)
class Record:
    """One record as the source wants it: its key and its fields' values in snapshot form."""

    key: str
    values: dict


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_as_edited: int = 0


@dataclass(frozen=True, order=True)
class FieldRef:
    """A field of one record, named by model, slug and field."""

    model: str
    slug: str
    field: str


@dataclass(frozen=True, order=True)
class RecordRef:
    model: str
    slug: str


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would have done) to each model.

    Each record counts once: created, kept-as-edited (at least one field left as an editor set
    it; its other fields may still have been updated), updated, or unchanged.
    """

    dry_run: bool = False
    articles: list[str] = field(default_factory=list)  # slugs of the articles imported
    counts: dict[str, Counts] = field(default_factory=dict)  # by model name, in the order written
    kept: list[FieldRef] = field(default_factory=list)  # fields left as an editor changed them
    updated: list[FieldRef] = field(default_factory=list)  # fields the source changed
    # Fields the source changed on a live record whose working copy holds its own value: the
    # working copy is left as it is (publishing it would put the editor's value back).
    drafted: list[FieldRef] = field(default_factory=list)
    not_in_source: list[RecordRef] = field(default_factory=list)  # the article's records left alone

    @property
    def changed(self):
        """Return whether the import created or updated anything."""
        return bool(self.updated) or any(counts.created for counts in self.counts.values())

    def counts_for(self, model):
        return self.counts.setdefault(model.__name__, Counts())


def snapshot_value(instance, model_field):
    """Return the value of a field of a saved instance in snapshot (JSON) form."""
    if model_field.many_to_many:
        return sorted(related.slug for related in getattr(instance, model_field.name).all())
    value = getattr(instance, model_field.name)
    if model_field.many_to_one:
        return value.slug if value is not None else None
    if isinstance(model_field, models.DateField):
        return value.isoformat() if value is not None else None
    return _copied(value)


def _copied(value):
    """Return a copy of a value in snapshot form that shares no list or dict with it."""
    # copy.deepcopy would do, at several times the cost: snapshots hold JSON values only, whose
    # other types (text, numbers, None) are immutable.
    if isinstance(value, list):
        return [_copied(item) for item in value]
    if isinstance(value, dict):
        return {key: _copied(item) for key, item in value.items()}
    return value


def _has_snapshot(model):
    return any(model_field.name == "imported" for model_field in model._meta.concrete_fields)


def _normalized(record, fields):
    """Return the record with its many-to-many values as sorted lists of distinct slugs."""
    values = dict(record.values)
    for model_field in fields:
        if model_field.many_to_many:
            values[model_field.name] = sorted(set(values[model_field.name]))
    return Record(key=record.key, values=values)


def _one_line(error):
    """Return a ValidationError's messages as one line."""
    if hasattr(error, "message_dict"):
        parts = [f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()]
    else:
        parts = error.messages
    return "; ".join(parts).replace("\n", " ")


class SnapshotWriter:
    """Create or update records from the values a source gives, filling an ImportReport.

    One writer may write several articles in turn, in one transaction: set ``report`` to each
    article's report before writing it. Records matched by a key alone (no scope) are read once
    and then kept current here, so a record that several of the articles name (a person, a
    glossary entry) is read once for all of them.
    """

    def __init__(self, report=None, primary_keys=None):
        self.report = report
        # Keys taken ahead for the records it creates (pipelining.PrimaryKeys), or None.
        self.primary_keys = primary_keys
        # Records by slug, per model, so relations resolve without a query per record.
        self._by_slug = defaultdict(dict)
        self._written_pks = defaultdict(set)
        self._created_pks = defaultdict(set)
        # Per (model, key field): the instances read or written, and every key already looked up.
        self._known = defaultdict(dict)
        self._looked_up = defaultdict(set)
        self._drafts = {}  # per model: {record id: its working copy's fields}, read once

    def remember(self, instances):
        """Make these records available to relations by their slug."""
        for instance in instances:
            self._by_slug[type(instance)][instance.slug] = instance

    def forget(self, model):
        """Drop the remembered records of a model whose slugs are unique only within an article."""
        self._by_slug.pop(model, None)

    def upsert(self, model, records, *, key_field="slug", scope=None):
        """Create or update one record per Record, matched by ``key_field`` within ``scope``.

        Return the records' instances, in order.
        """
        if not records:
            return []
        scope = scope or {}
        fields = [model._meta.get_field(name) for name in records[0].values]
        records = [_normalized(record, fields) for record in records]
        self._load_related(model, fields, records)
        _refuse_repeated_keys(model, records)
        if self._created_here(scope):
            existing = {}  # nothing can belong yet to a record this import created
        else:
            existing = self._existing(model, fields, key_field, scope, [record.key for record in records])
        instances, new = [], []
        for record in records:
            instance = existing.get(record.key)
            if instance is None:
                instance = model(**scope, **{key_field: record.key})
                new.append((instance, record))
            else:
                self._update(instance, fields, record)
            instances.append(instance)
        if new:
            self._create(model, fields, key_field, new)
            if not scope:
                self._known[model, key_field].update((record.key, instance) for instance, record in new)
        self._written_pks[model].update(instance.pk for instance in instances)
        self.remember(instance for instance in instances if hasattr(instance, "slug"))
        return instances

    def preload(self, model, records, *, key_field="slug"):
        """Read, in one query, the records of ``model`` that these Records (of several articles) name.

        Return them by key. Later upserts of these keys read nothing more.
        """
        if not records:
            return {}
        fields = [model._meta.get_field(name) for name in records[0].values]
        keys = list(dict.fromkeys(record.key for record in records))
        found = self._existing(model, fields, key_field, {}, keys)
        return {key: found[key] for key in keys if key in found}

    def note_absent(self, model, keys, *, key_field="slug"):
        """Note that no record of ``model`` has these keys (the caller asked the database)."""
        self._looked_up[model, key_field].update(keys)

    def known(self, model, key, *, key_field="slug"):
        """Return the instance of a record this writer read or wrote, as it is now (None if none)."""
        return self._known[model, key_field].get(key)

    def note_not_in_source(self, queryset):
        """Report the records of ``queryset`` this import did not write (left alone)."""
        written = self._written_pks[queryset.model]
        for slug in queryset.exclude(pk__in=written).order_by("slug").values_list("slug", flat=True):
            self.report.not_in_source.append(RecordRef(queryset.model.__name__, slug))

    def written_pks(self, model):
        """Return the pks of the records of ``model`` this writer wrote (or found unchanged)."""
        return set(self._written_pks[model])

    def created_pks(self, model):
        """Return the pks of the records of ``model`` this writer created."""
        return set(self._created_pks[model])

    def created(self, instance):
        """Tell whether this import created the record."""
        return instance.pk in self._created_pks[type(instance)]

    def _created_here(self, scope):
        """Tell whether the scope names a record this import created."""
        return any(isinstance(value, models.Model) and self.created(value) for value in scope.values())

    def _existing(self, model, fields, key_field, scope, keys):
        """Return the existing records of these keys within the scope, by key."""
        if scope:
            return self._read(model, fields, key_field, scope, keys)
        # Unscoped keys are read once: what this writer wrote since, it knows.
        known, looked_up = self._known[model, key_field], self._looked_up[model, key_field]
        unread = [key for key in keys if key not in looked_up]
        if unread:
            known.update(self._read(model, fields, key_field, scope, unread))
            looked_up.update(unread)
        return {key: known[key] for key in keys if key in known}

    def _read(self, model, fields, key_field, scope, keys):
        queryset = model.objects.filter(**scope, **{f"{key_field}__in": keys})
        if all(keys):
            # Saying that no key is blank lets SQLite use a unique index that leaves blanks out
            # (event_unique_import_key): it only uses a partial index when the query repeats
            # the index's condition, and would read every row otherwise.
            queryset = queryset.exclude(**{key_field: ""})
        # Of a related record, the comparison with the snapshot needs the slug alone: loading
        # whole rows (a section's body, every record's snapshot JSON) cost most of a re-import.
        foreign_keys = [model_field.name for model_field in fields if model_field.many_to_one]
        own = [model_field.name for model_field in model._meta.concrete_fields]
        queryset = queryset.select_related(*foreign_keys).only(*own, *(f"{name}__slug" for name in foreign_keys))
        for model_field in fields:
            if model_field.many_to_many:
                slugs_only = model_field.related_model.objects.only("slug")
                queryset = queryset.prefetch_related(Prefetch(model_field.name, queryset=slugs_only))
        return {getattr(instance, key_field): instance for instance in queryset}

    def _load_related(self, model, fields, records):
        """Fetch, in one query per relation, the related records not remembered yet."""
        for model_field in fields:
            if not model_field.is_relation:
                continue
            related = model_field.related_model
            wanted = set()
            for record in records:
                value = record.values[model_field.name]
                wanted.update(value if model_field.many_to_many else [value] if value else [])
            missing = wanted - self._by_slug[related].keys()
            # Sections' slugs are unique only within their article: never look them up globally.
            if missing and related._meta.get_field("slug").unique:
                self.remember(related.objects.filter(slug__in=missing))

    def _resolve(self, model, record, model_field, slug):
        try:
            return self._by_slug[model_field.related_model][slug]
        except KeyError:
            raise ImportRejected(f"{model.__name__} {record.key!r}: unknown {model_field.name} {slug!r}") from None

    def _assign(self, instance, model_field, record):
        """Set a non-many-to-many field from its snapshot-form value."""
        value = record.values[model_field.name]
        if model_field.many_to_one:
            value = self._resolve(type(instance), record, model_field, value) if value else None
        elif isinstance(model_field, models.DateField):
            value = date.fromisoformat(value) if value else None
        else:
            value = _copied(value)
        setattr(instance, model_field.name, value)

    def _save(self, instance, fields, record, snapshot, names):
        """Validate and save a changed instance, then set the named many-to-many fields."""
        if snapshot is not None:
            instance.imported = snapshot
        _validate(instance, fields, record)
        if is_versioned(type(instance)):
            # The record was read earlier in this transaction; an editor who saved since then
            # would lose their change to this write. Refuse it, as an editor's form would be.
            try:
                claim_version(instance, instance.version)
            except EditConflict:
                raise ImportRejected(
                    f"{type(instance).__name__} {record.key!r} was changed by someone else during the import; "
                    "nothing was imported, run it again"
                ) from None
        instance._change_reason = CHANGE_REASON
        saving_fields(instance, names)
        instance.save()
        for model_field in fields:
            if model_field.many_to_many and model_field.name in names:
                slugs = record.values[model_field.name]
                related = [self._resolve(type(instance), record, model_field, slug) for slug in slugs]
                getattr(instance, model_field.name).set(related)

    def _create(self, model, fields, key_field, new):
        """Insert new records in bulk: rows, many-to-many links, and their history.

        One INSERT per table rather than one per row and link, and one history record per new
        row holding its links (saving row by row writes one on save and one more per relation).
        """
        snapshots = _has_snapshot(model)
        for instance, record in new:
            for model_field in fields:
                if not model_field.many_to_many:
                    self._assign(instance, model_field, record)
            if snapshots:
                instance.imported = _copied(record.values)
            # The fields the source gives, one by one (lengths, choices, slugs); the rest are the
            # importer's own, and the constraints are the database's, below.
            _validate(instance, fields, record, only={key_field, *record.values})
        instances = [instance for instance, _ in new]
        keys = None if self.primary_keys is None else self.primary_keys.take(model, len(instances))
        try:
            insert_instances(model, instances, keys)
        except IntegrityError as error:
            # PostgreSQL now refuses every statement until the rollback: which record breaks
            # which rule can only be asked after it (see RefusedInBulk.diagnosis).
            raise RefusedInBulk(error, fields, new) from error
        links = {  # how many rows each relation has
            model_field: self._insert_links(model_field, new) for model_field in fields if model_field.many_to_many
        }
        _record_history(model, instances, links)
        self._created_pks[model].update(instance.pk for instance in instances)
        self.report.counts_for(model).created += len(new)

    def _insert_links(self, model_field, new):
        """Insert the many-to-many rows of new records; return how many."""
        through = model_field.remote_field.through
        source, target = f"{model_field.m2m_field_name()}_id", f"{model_field.m2m_reverse_field_name()}_id"
        rows = [
            {source: instance.pk, target: self._resolve(type(instance), record, model_field, slug).pk}
            for instance, record in new
            for slug in record.values[model_field.name]
        ]
        insert_rows(through, rows)
        return len(rows)

    def _update(self, instance, fields, record):
        """Write what the source changed in an existing record, keeping what an editor changed."""
        model = type(instance)
        snapshot = _copied(instance.imported) if _has_snapshot(model) else None
        updated, kept, snapshot_moved = [], [], False
        for model_field in fields:
            if is_derived(model_field):
                continue  # follows the record's text (articles.editorial.links), whoever wrote that
            name, new = model_field.name, record.values[model_field.name]
            current = snapshot_value(instance, model_field)
            last_imported = current if snapshot is None else snapshot.get(name, _MISSING)
            if current == new:
                # The editor's value is what the source now says: follow the source again.
                if last_imported != new:
                    snapshot[name], snapshot_moved = _copied(new), True
            elif current == last_imported:
                updated.append(name)
                if snapshot is not None:
                    snapshot[name] = _copied(new)
                if not model_field.many_to_many:
                    self._assign(instance, model_field, record)
            else:
                kept.append(name)
        counts = self.report.counts_for(model)
        slug = getattr(instance, "slug", record.key)
        self.report.kept.extend(FieldRef(model.__name__, slug, name) for name in kept)
        self.report.updated.extend(FieldRef(model.__name__, slug, name) for name in updated)
        if updated:
            self._report_drafted(instance, slug, updated)
            self._save(instance, fields, record, snapshot, set(updated))
        elif snapshot_moved:
            # Only the snapshot moved: the record's content and updated_at stay as they are.
            model.objects.filter(pk=instance.pk).update(imported=snapshot)
            instance.imported = snapshot
        if kept:
            counts.kept_as_edited += 1
        elif updated:
            counts.updated += 1
        else:
            counts.unchanged += 1

    def _report_drafted(self, instance, slug, updated):
        model = type(instance)
        if model not in self._drafts:
            self._drafts[model] = dict(copies_of(model).values_list("object_id", "data"))
        pending = self._drafts[model].get(instance.pk)
        if pending:
            self.report.drafted.extend(FieldRef(model.__name__, slug, name) for name in updated if name in pending)


def _refuse_repeated_keys(model, records):
    """Refuse a source that describes one record twice: the second would overwrite the first."""
    seen = set()
    for record in records:
        if record.key in seen:
            raise ImportRejected(f"{model.__name__} {record.key!r}: described twice in the source")
        seen.add(record.key)


def _validate(instance, fields, record, *, only=None):
    """Validate an instance as a form would, raising ImportRejected with a one-line message.

    ``only``: check just these fields, each on its own (no uniqueness or constraint check).
    """
    # Related records were resolved from rows read in this transaction: checking that they
    # exist again would cost a query per record and field. Everything else is validated.
    resolved = {model_field.name for model_field in fields if model_field.many_to_one}
    try:
        if only is None:
            instance.full_clean(exclude=resolved)
        else:
            skipped = [f.name for f in instance._meta.fields if f.name not in only or f.name in resolved]
            instance.clean_fields(exclude=skipped)
            instance.clean()
    except ValidationError as error:
        raise ImportRejected(f"{type(instance).__name__} {record.key!r}: {_one_line(error)}") from None


@cache
def _history_model(model):
    """Return the model of a model's history records, or None if its changes are not recorded."""
    return history_internals.history_model(model)


def _record_history(model, instances, links):
    """Write one history record per new instance, with the many-to-many links it was created with.

    The database copies the rows just inserted, and their links: nothing goes through Python.
    """
    history_model = _history_model(model)
    if history_model is None or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    connection = connections[router.db_for_write(history_model)]
    quote = connection.ops.quote_name
    # Who imports: the signed-in editor when the import runs in a request, as for a record saved.
    user = history_internals.default_history_user(history_model, instances[0])
    written = {
        "history_date": timezone.now(),
        "history_type": "+",
        "history_change_reason": CHANGE_REASON,
        "history_user": getattr(user, "pk", None),
    }
    given = [history_model._meta.get_field(name) for name in written]
    tracked = history_internals.tracked_fields(history_model)
    copied = [history_model._meta.get_field(model_field.name).column for model_field in tracked]
    sources = [model_field.column for model_field in tracked]
    pk, history_pk = quote(model._meta.pk.column), quote(history_model._meta.pk.column)
    keys = [instance.pk for instance in instances]
    prepared = {
        model_field.name: model_field.get_db_prep_save(written[model_field.name], connection) for model_field in given
    }
    insert_selected(
        history_model,
        copied + [model_field.column for model_field in given],
        f"SELECT {', '.join(map(quote, sources))}, {', '.join(['%s'] * len(given))} "
        # In the records' order, as saving them one by one would number their history.
        f"FROM {quote(model._meta.db_table)} WHERE {pk} IN ({{keys}}) ORDER BY {pk}",
        keys,
        params=list(prepared.values()),
    )
    # The history rows just written: a new record has no other creation record, let alone one
    # of this time. Found by the records' keys, they need not be returned (see pipelining).
    just_written = (
        f"history.{quote(history_model._meta.get_field('history_type').column)} = %s "
        f"AND history.{quote(history_model._meta.get_field('history_date').column)} = %s"
    )
    for model_field in history_internals.many_to_many_fields(history_model):
        if not links.get(model_field):
            continue
        through = model_field.remote_field.through
        history_through = history_internals.links_history_model(model_field)
        link_columns = [link_field.column for link_field in through._meta.concrete_fields]
        selected = ", ".join(f"link.{quote(column)}" for column in link_columns)
        source = quote(through._meta.get_field(model_field.m2m_field_name()).column)
        # A new record's links are all new: each goes with the record's one history row.
        insert_selected(
            history_through,
            [*link_columns, history_through._meta.get_field("history").column],
            f"SELECT {selected}, history.{history_pk} FROM {quote(through._meta.db_table)} link "
            f"JOIN {quote(history_model._meta.db_table)} history ON history.{pk} = link.{source} AND {just_written} "
            f"WHERE link.{source} IN ({{keys}}) ORDER BY link.{quote(through._meta.pk.column)}",
            keys,
            params=[prepared["history_type"], prepared["history_date"]],
        )
