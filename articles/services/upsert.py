"""Write the records a source describes, field by field, keeping what editors changed.

Every content model keeps in ``imported`` the values the importer last wrote, in a JSON form:
text and numbers as they are, dates as ISO strings, a foreign key as the related record's slug,
a many-to-many relation as the sorted list of slugs. A field whose current value differs from
that snapshot was changed by an editor since (in the admin, the shell, anywhere) and a re-import
leaves it alone. Models without a snapshot (periods, topics) take the source's values.
"""

import copy
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models

from articles.locking import EditConflict, claim_version, is_versioned

_MISSING = object()
# What the history of a record says of the changes an import made (who: nobody, when: now).
CHANGE_REASON = "import"


class ImportRejected(Exception):
    """The database cannot take what the source describes; the message is one line."""


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
    return copy.deepcopy(value)


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
    """Create or update records from the values a source gives, filling an ImportReport."""

    def __init__(self, report):
        self.report = report
        # Records by slug, per model, so relations resolve without a query per record.
        self._by_slug = defaultdict(dict)
        self._written_pks = defaultdict(set)

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
        existing = self._existing(model, fields, key_field, scope, [record.key for record in records])
        instances = []
        for record in records:
            instance = existing.get(record.key)
            if instance is None:
                instance = model(**scope, **{key_field: record.key})
                self._create(instance, fields, record)
            else:
                self._update(instance, fields, record)
            instances.append(instance)
            self._written_pks[model].add(instance.pk)
        self.remember(instance for instance in instances if hasattr(instance, "slug"))
        return instances

    def note_not_in_source(self, queryset):
        """Report the records of ``queryset`` this import did not write (left alone)."""
        written = self._written_pks[queryset.model]
        for slug in queryset.exclude(pk__in=written).order_by("slug").values_list("slug", flat=True):
            self.report.not_in_source.append(RecordRef(queryset.model.__name__, slug))

    def _existing(self, model, fields, key_field, scope, keys):
        queryset = model.objects.filter(**scope, **{f"{key_field}__in": keys})
        foreign_keys = [model_field.name for model_field in fields if model_field.many_to_one]
        many = [model_field.name for model_field in fields if model_field.many_to_many]
        queryset = queryset.select_related(*foreign_keys).prefetch_related(*many)
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
            raise ImportRejected(
                f"{model.__name__} {record.key!r}: unknown {model_field.name} {slug!r}"
            ) from None

    def _assign(self, instance, model_field, record):
        """Set a non-many-to-many field from its snapshot-form value."""
        value = record.values[model_field.name]
        if model_field.many_to_one:
            value = self._resolve(type(instance), record, model_field, value) if value else None
        elif isinstance(model_field, models.DateField):
            value = date.fromisoformat(value) if value else None
        else:
            value = copy.deepcopy(value)
        setattr(instance, model_field.name, value)

    def _save(self, instance, fields, record, snapshot, names, *, created=False):
        """Validate and save the instance, then set the named many-to-many fields."""
        if snapshot is not None:
            instance.imported = snapshot
        # Related records were resolved from rows read in this transaction: checking that they
        # exist again would cost a query per record and field. Everything else is validated.
        resolved = [model_field.name for model_field in fields if model_field.many_to_one]
        try:
            instance.full_clean(exclude=resolved)
        except ValidationError as error:
            raise ImportRejected(f"{type(instance).__name__} {record.key!r}: {_one_line(error)}") from None
        if not created and is_versioned(type(instance)):
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
        instance.save()
        for model_field in fields:
            if model_field.many_to_many and model_field.name in names:
                slugs = record.values[model_field.name]
                related = [self._resolve(type(instance), record, model_field, slug) for slug in slugs]
                manager = getattr(instance, model_field.name)
                # A new record links nothing yet: adding spares set()'s read of the current links.
                if not created:
                    manager.set(related)
                elif related:
                    manager.add(*related)

    def _create(self, instance, fields, record):
        for model_field in fields:
            if not model_field.many_to_many:
                self._assign(instance, model_field, record)
        snapshot = copy.deepcopy(record.values) if _has_snapshot(type(instance)) else None
        self._save(instance, fields, record, snapshot, set(record.values), created=True)
        self.report.counts_for(type(instance)).created += 1

    def _update(self, instance, fields, record):
        model = type(instance)
        snapshot = copy.deepcopy(instance.imported) if _has_snapshot(model) else None
        updated, kept, snapshot_moved = [], [], False
        for model_field in fields:
            name, new = model_field.name, record.values[model_field.name]
            current = snapshot_value(instance, model_field)
            last_imported = current if snapshot is None else snapshot.get(name, _MISSING)
            if current == new:
                # The editor's value is what the source now says: follow the source again.
                if last_imported != new:
                    snapshot[name], snapshot_moved = copy.deepcopy(new), True
            elif current == last_imported:
                updated.append(name)
                if snapshot is not None:
                    snapshot[name] = copy.deepcopy(new)
                if not model_field.many_to_many:
                    self._assign(instance, model_field, record)
            else:
                kept.append(name)
        counts = self.report.counts_for(model)
        slug = getattr(instance, "slug", record.key)
        self.report.kept.extend(FieldRef(model.__name__, slug, name) for name in kept)
        self.report.updated.extend(FieldRef(model.__name__, slug, name) for name in updated)
        if updated:
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
