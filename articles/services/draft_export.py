"""Working copies, schedules and review state in an article's JSON export (``export_article --with-drafts``).

The default export holds live content only. With drafts, an article document also has:

- ``working_copies``: one entry per record of the article (the article, its sections, events,
  people and glossary entries) that has a working copy: the record (``part`` and ``slug``, or an
  event's ``key``), the draft's fields, its state, author, reviewer, comment and go-live time;
- ``expiries``: the records' unpublishing times.

Links in the draft's fields are written as slugs (a picture as its file name), as everywhere in
the export, so that a restore into another database finds the same records; users by username
(left empty when the restored site has no such account).
"""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.utils.dateparse import parse_datetime

from articles.editorial.drafts import copies_of
from articles.importing.document import ImportFormatError
from articles.models import Article, Event, Expiry, GlossaryEntry, Image, Person, Section, WorkingCopy

PARTS = {"article": Article, "sections": Section, "events": Event, "people": Person, "glossary": GlossaryEntry}
COPY_KEYS = ("state", "author", "submitted_at", "reviewer", "review_comment", "go_live_at")


def _identity(part, obj):
    if part == "events" and obj.import_key:
        return {"key": obj.import_key}
    return {"slug": obj.slug}


def _natural_key(model):
    return "file" if model is Image else "slug"


def _with_links(model, data, convert):
    """Return ``data`` with each link field's value (an id, a list of ids, or their natural keys)
    replaced by ``convert(field, values)`` (a list, of one value for a foreign key)."""
    converted = {}
    for name, value in data.items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            field = None
        if field is None or not field.is_relation or value is None:
            converted[name] = value
            continue
        found = convert(field, value if field.many_to_many else [value])
        converted[name] = found if field.many_to_many else (found[0] if found else None)
    return converted


def _portable(model, data):
    """Return a working copy's fields with their links as slugs (pictures as file names)."""

    def natural_keys(field, pks):
        related = field.related_model
        names = dict(related._default_manager.filter(pk__in=pks).values_list("pk", _natural_key(related)))
        return sorted(names[pk] for pk in pks if pk in names)

    return _with_links(model, data, natural_keys)


def _local(model, data, article):
    """The reverse of _portable, in the restored database; links to what it lacks are left out."""

    def ids(field, keys):
        related = field.related_model._default_manager.all()
        if field.related_model is Section:
            related = related.filter(article=article)
        found = related.filter(**{f"{_natural_key(field.related_model)}__in": keys})
        return sorted(found.values_list("pk", flat=True))

    return _with_links(model, data, ids)


def _when(value):
    return value.isoformat() if value is not None else None


def drafts_document(article, records):
    """Return the ``working_copies`` and ``expiries`` of an article document; ``records``: {part: instances}."""
    copies, expiries = [], []
    for part, model in PARTS.items():
        instances = {obj.pk: obj for obj in records[part]}
        for copy_ in copies_of(model).filter(object_id__in=instances).select_related("author", "reviewer"):
            obj = instances[copy_.object_id]
            entry = {"part": part, **_identity(part, obj), "data": _portable(model, copy_.data)}
            entry.update(
                state=copy_.state,
                author=copy_.author.get_username() if copy_.author else None,
                submitted_at=_when(copy_.submitted_at),
                reviewer=copy_.reviewer.get_username() if copy_.reviewer else None,
                review_comment=copy_.review_comment,
                go_live_at=_when(copy_.go_live_at),
            )
            copies.append(entry)
        rows = Expiry.objects.filter(content_type=ContentType.objects.get_for_model(model), object_id__in=instances)
        for row in rows:
            expiries.append(
                {"part": part, **_identity(part, instances[row.object_id]), "expires_at": _when(row.expires_at)}
            )

    def order(entry):
        return (list(PARTS).index(entry["part"]), entry.get("key", ""), entry.get("slug", ""))

    return {"working_copies": sorted(copies, key=order), "expiries": sorted(expiries, key=order)}


def _record(entry, article, where):
    if not isinstance(entry, dict) or entry.get("part") not in PARTS:
        raise ImportFormatError(f"{where}: 'part' must be one of {', '.join(PARTS)}")
    model = PARTS[entry["part"]]
    if model is Article:
        return model, article
    rows = model._default_manager.all()
    if model is Section:
        rows = rows.filter(article=article)
    lookup = {"import_key": entry["key"]} if entry.get("key") else {"slug": entry.get("slug")}
    return model, rows.filter(**lookup).first()


def _time(entry, name, where):
    value = entry.get(name)
    if value is None:
        return None
    parsed = parse_datetime(value) if isinstance(value, str) else None
    if parsed is None:
        raise ImportFormatError(f"{where}: {name!r} is not a date and time")
    return parsed


def restore_drafts(document, article, where=""):
    """Bring back the working copies and expiries of an article document (none: nothing to do)."""
    users = get_user_model()._default_manager
    for position, entry in enumerate(document.get("working_copies") or []):
        place = f"{where}working_copies[{position}]"
        model, obj = _record(entry, article, place)
        if obj is None or not isinstance(entry.get("data"), dict):
            raise ImportFormatError(f"{place}: no such record, or no 'data' object")
        state = entry.get("state", WorkingCopy.State.DRAFT)
        if state not in WorkingCopy.State.values:
            raise ImportFormatError(f"{place}: unknown state {state!r}")
        WorkingCopy.objects.update_or_create(
            content_type=ContentType.objects.get_for_model(model),
            object_id=obj.pk,
            defaults={
                "data": _local(model, entry["data"], article),
                "state": state,
                "author": users.filter(username=entry.get("author") or "").first(),
                "submitted_at": _time(entry, "submitted_at", place),
                "reviewer": users.filter(username=entry.get("reviewer") or "").first(),
                "review_comment": entry.get("review_comment") or "",
                "go_live_at": _time(entry, "go_live_at", place),
                "base_version": getattr(obj, "version", None),
            },
        )
    for position, entry in enumerate(document.get("expiries") or []):
        place = f"{where}expiries[{position}]"
        model, obj = _record(entry, article, place)
        if obj is None:
            raise ImportFormatError(f"{place}: no such record")
        Expiry.objects.update_or_create(
            content_type=ContentType.objects.get_for_model(model),
            object_id=obj.pk,
            defaults={"expires_at": _time(entry, "expires_at", place)},
        )
