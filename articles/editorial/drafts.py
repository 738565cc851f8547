"""Working copies of content records: save a draft beside the live version, publish, schedule, review.

A record's own row is its live version: what readers see when its status is published. An editor's
unpublished changes to it are its working copy (``WorkingCopy``): the change form's fields as a
JSON snapshot, one per record at most. Publishing writes the snapshot onto the record (a save like
any other: versioned, in the history, bumping the page cache) and drops the working copy.

Never-published records (status draft) are not public anyway: their own row is their draft, and a
working copy holds them only while they are in review or scheduled.
"""

import copy
import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import models, router, transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.urls import resolve
from django.utils import timezone

from articles.editorial.diffing import FieldDiff, list_sides, text_sides, value_sides
from articles.editorial.locking import bump_version
from articles.models import Expiry, Status, WorkingCopy
from relations_site import page_cache

logger = logging.getLogger(__name__)

PUBLISH_PERMISSION = "articles.publish_content"
# Form fields that are bookkeeping or state, never part of a working copy.
NOT_DRAFTED = {"status", "loaded_version", "loaded_draft"}
# A working copy's own note for the history of the publish that makes it live ("restored the version of…").
REASON = "_reason"
# Model fields an image's working copy holds: its words. A new file goes live on saving.
IMAGE_DRAFT_FIELDS = ("alt_text", "caption", "credit")


class State:
    """The one state a changelist shows for a record."""

    DRAFT = "Draft"
    LIVE = "Live"
    LIVE_DRAFT = "Live + draft"
    IN_REVIEW = "In review"
    SCHEDULED = "Scheduled"


def can_publish(user):
    return user.has_perm(PUBLISH_PERMISSION)


def is_live(obj):
    """A record readers can see: a published content record, or any image."""
    return getattr(obj, "status", Status.PUBLISHED) == Status.PUBLISHED


def copies_of(model):
    return WorkingCopy.objects.filter(content_type=ContentType.objects.get_for_model(model))


def working_copy(obj, *, lock=False):
    if obj is None or obj.pk is None:
        return None
    rows = copies_of(type(obj)).filter(object_id=obj.pk).select_related("author", "reviewer")
    if lock:
        rows = rows.select_for_update(of=("self",))
    return rows.first()


def expiry(obj):
    return Expiry.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk).first()


# -- the snapshot: form fields as JSON --------------------------------------------------------------


def drafted_fields(model, names):
    """Return the model fields among ``names`` that a working copy holds."""
    fields = []
    for name in names:
        if name in NOT_DRAFTED:
            continue
        try:
            field = model._meta.get_field(name)
        except Exception:  # a form-only field
            continue
        if field.editable and (field.concrete or field.many_to_many) and not isinstance(field, models.FileField):
            fields.append(field)
    return fields


def _dump(field, value):
    if value is None or isinstance(value, (str, int, float, bool, list, dict)):
        return value
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def snapshot(form):
    """Return the JSON snapshot of a valid model form: what its record would be if it were saved."""
    instance = form.instance
    data = {}
    for field in drafted_fields(type(instance), form.fields):
        if field.many_to_many:
            data[field.name] = sorted(row.pk for row in form.cleaned_data.get(field.name) or [])
        else:
            data[field.name] = _dump(field, field.value_from_object(instance))
    return data


def live_snapshot(obj, names):
    """The same snapshot of the live record's fields ``names``."""
    data = {}
    for field in drafted_fields(type(obj), names):
        if field.many_to_many:
            data[field.name] = sorted(getattr(obj, field.name).values_list("pk", flat=True))
        else:
            data[field.name] = _dump(field, field.value_from_object(obj))
    return data


def _load(field, value):
    if value is None or field.many_to_many or isinstance(field, models.JSONField):
        return value
    return field.to_python(value)


def form_initial(model, data):
    """Return a change form's initial values from a snapshot."""
    initial = {}
    for field in drafted_fields(model, data):
        initial[field.name] = _load(field, data[field.name])
    return initial


def apply(obj, data):
    """Write a snapshot's fields onto ``obj`` (not saved); return its links to set after saving."""
    links = {}
    for field in drafted_fields(type(obj), data):
        if field.many_to_many:
            links[field.name] = field.related_model._default_manager.filter(pk__in=data[field.name])
        else:
            setattr(obj, field.attname, _load(field, data[field.name]))
    return links


# -- writing ----------------------------------------------------------------------------------------


def _db(model):
    return router.db_for_write(model)


def save_draft(obj, data, user, *, loaded_revision=None, state=WorkingCopy.State.DRAFT):
    """Store ``data`` as the record's working copy; the live record is not touched. Return it."""
    with transaction.atomic(using=_db(WorkingCopy)):
        copy_ = working_copy(obj, lock=True)
        if copy_ is None:
            copy_ = WorkingCopy(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk, revision=0)
        copy_.data = data
        copy_.base_version = getattr(obj, "version", None)
        copy_.revision += 1
        copy_.author = user
        copy_.state = state
        if state == WorkingCopy.State.IN_REVIEW:
            copy_.submitted_at = timezone.now()
            copy_.review_comment = ""
            copy_.reviewer = None
        copy_.save()
    return copy_


def publish(obj, *, user=None, data=None, reason="published", links=None):
    """Make the record live: with ``data`` (a working copy's snapshot) written onto it first.

    A save like any other: the version moves on, the history records who and why, the page cache
    is bumped. The working copy, if any, is dropped. Raise ValidationError when the result is not
    a valid record (the working copy is then kept).
    """
    model = type(obj)
    with transaction.atomic(using=_db(model)):
        set_links = dict(links or {})
        if data is not None:
            set_links.update(apply(obj, data))
            reason = "; ".join(filter(None, [data.get(REASON), reason]))
        if hasattr(obj, "status"):
            obj.status = Status.PUBLISHED
        obj.full_clean(exclude=[name for name in ("imported",) if hasattr(obj, name)], validate_unique=True)
        if hasattr(obj, "version"):
            bump_version(obj)
        obj._history_user = user
        obj._change_reason = reason
        obj.save()
        for name, rows in set_links.items():
            getattr(obj, name).set(rows)
        discard(obj)
    return obj


def unpublish(obj, *, user=None, reason="unpublished"):
    """Take a live record off the public site; its working copy and history stay."""
    with transaction.atomic(using=_db(type(obj))):
        bump_version(obj)
        obj.status = Status.DRAFT
        obj._history_user = user
        obj._change_reason = reason
        obj.save(update_fields=["status", "version", "updated_at"])
        Expiry.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk).delete()
    return obj


def set_expiry(obj, when, user):
    """Give a live record the time it stops being published (None: it stays)."""
    rows = Expiry.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)
    if when is None:
        rows.delete()
        return
    rows.update_or_create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        defaults={"expires_at": when, "author": user},
    )


def discard(obj):
    return copies_of(type(obj)).filter(object_id=obj.pk).delete()[0]


# -- states -----------------------------------------------------------------------------------------


def with_states(queryset):
    """Annotate the records with their working copy's state and go-live time (two subqueries)."""
    # The content type by its names, joined in the subquery: no query of its own, cached or not.
    opts = queryset.model._meta
    rows = WorkingCopy.objects.filter(
        content_type__app_label=opts.app_label, content_type__model=opts.model_name, object_id=OuterRef("pk")
    ).order_by()
    return queryset.annotate(
        working_state=Subquery(rows.values("state")[:1]),
        working_go_live=Subquery(rows.values("go_live_at")[:1]),
    )


def state_label(obj, copy_state=None, go_live_at=None):
    if copy_state == WorkingCopy.State.IN_REVIEW:
        return State.IN_REVIEW
    if go_live_at is not None:
        return State.SCHEDULED
    if not is_live(obj):
        return State.DRAFT
    return State.LIVE_DRAFT if copy_state else State.LIVE


def describe(copy_, obj):
    """One line for the top of a change form: whose unpublished changes, since when."""
    who = copy_.author.get_username() if copy_.author else "someone"
    since = timezone.now() - copy_.updated_at
    prefix = "Live, with unpublished changes" if is_live(obj) else "Not published yet, with changes"
    return f"{prefix} by {who}, {_ago(since)}"


def _ago(delta):
    seconds = int(delta.total_seconds())
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= size:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''} ago"
    return "just now"


# -- comparing --------------------------------------------------------------------------------------


def _shown(field, value):
    if value in (None, ""):
        return value
    if field.is_relation:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related else f"(deleted {value})"
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    return value


def draft_diffs(obj, data):
    """Return one FieldDiff per field in which the working copy differs from the live record."""
    live = live_snapshot(obj, data)
    diffs = []
    for field in drafted_fields(type(obj), data):
        old, new = live.get(field.name), data[field.name]
        if old == new:
            continue
        if field.many_to_many:
            names = {row.pk: str(row) for row in field.related_model._default_manager.filter(pk__in=[*old, *new])}
            sides = list_sides([names.get(pk, pk) for pk in old], [names.get(pk, pk) for pk in new])
        elif isinstance(field, models.JSONField) and isinstance(old or [], list):
            sides = list_sides(old, new)
        elif isinstance(field, (models.CharField, models.TextField)) and not field.choices:
            sides = text_sides(old, new)
        else:
            sides = value_sides(_shown(field, old), _shown(field, new))
        diffs.append(
            FieldDiff(field.name, field.verbose_name[:1].upper() + field.verbose_name[1:], sides.old, sides.new)
        )
    return diffs


# -- preview ----------------------------------------------------------------------------------------


def render_preview(request, obj, data):
    """Render the record's public page as it would be with ``data`` published; never commit anything.

    The working copy is written onto the record inside a transaction that is rolled back after the
    page is rendered, so the page is made by the same views and templates as the live one (the
    article page with the draft section in its place). Whatever the rendering caches meanwhile is
    kept under a content generation of its own, which nobody else ever reads.
    """
    model = type(obj)
    with page_cache.private_generation(), transaction.atomic(using=_db(model)):
        obj = model._default_manager.select_for_update().get(pk=obj.pk)
        links = apply(obj, data)
        obj.save()
        for name, rows in links.items():
            getattr(obj, name).set(rows)
        path = urlsplit(obj.get_absolute_url()).path
        match = resolve(path)
        preview_request = copy.copy(request)
        preview_request.path = preview_request.path_info = path
        preview_request.relations_preview = True
        response = match.func(preview_request, *match.args, **match.kwargs)
        if hasattr(response, "render"):
            response.render()
        transaction.set_rollback(True)
    mark_private(response)
    return response


def mark_private(response):
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response.headers.pop("ETag", None)
    response.headers.pop("Last-Modified", None)
    return response


# -- review -----------------------------------------------------------------------------------------


def reviewers():
    """Active users who may publish, with an e-mail address."""
    User = get_user_model()
    perm = Q(groups__permissions__codename="publish_content") | Q(user_permissions__codename="publish_content")
    return User._default_manager.filter(Q(is_superuser=True) | perm, is_active=True).exclude(email="").distinct()


def notify(subject, message, recipients):
    """Send a notification e-mail, unless DRAFT_NOTIFICATIONS is off; a failure is logged, not raised."""
    recipients = sorted({address for address in recipients if address})
    if not settings.DRAFT_NOTIFICATIONS or not recipients:
        return 0
    try:
        return send_mail(subject, message, None, recipients)
    except Exception:  # a mail server down must not lose the editor's change
        logger.exception("notification not sent: %s", subject)
        return 0


def submit_for_review(obj, data, user, *, loaded_revision=None):
    copy_ = save_draft(obj, data, user, state=WorkingCopy.State.IN_REVIEW)
    notify(
        f"Review requested: {obj}",
        f"{user.get_username()} submitted changes to “{obj}” for review.",
        reviewers().values_list("email", flat=True),
    )
    return copy_


def approve(copy_, obj, reviewer):
    publish(obj, user=reviewer, data=copy_.data, reason=f"approved by {reviewer.get_username()}")
    _tell_author(
        copy_, f"Published: {obj}", f"{reviewer.get_username()} approved and published your changes to “{obj}”."
    )


def reject(copy_, obj, reviewer, comment):
    WorkingCopy.objects.filter(pk=copy_.pk).update(
        state=WorkingCopy.State.REJECTED, reviewer=reviewer, review_comment=comment, revision=F("revision") + 1
    )
    _tell_author(
        copy_,
        f"Changes requested: {obj}",
        f"{reviewer.get_username()} did not publish your changes to “{obj}”:\n\n{comment}",
    )


def _tell_author(copy_, subject, message):
    if copy_.author:
        notify(subject, message, [copy_.author.email])


# -- schedules --------------------------------------------------------------------------------------


def _each_due(model, field, now, handle):
    """Call ``handle(row, record)`` for each row of ``model`` whose ``field`` time has come.

    Each in its own transaction, with the row taken first: a second run at the same time skips it
    (PostgreSQL: SKIP LOCKED) or, where writers are serialized (SQLite), finds it gone once the
    first run has handled and dropped it; so nothing is done twice.
    """
    due_filter = {f"{field}__lte": now}
    due = list(model.objects.filter(**due_filter).order_by(field, "pk").values_list("pk", flat=True))
    for pk in due:
        with transaction.atomic(using=_db(model)):
            row = model.objects.select_for_update(skip_locked=True).filter(pk=pk, **due_filter).first()
            if row is None:
                continue
            record_model = row.content_type.model_class()
            record = record_model._default_manager.select_for_update().filter(pk=row.object_id).first()
            handle(row, record)


def publish_due(now=None):
    """Publish every working copy whose go-live time has come; return (published, failed) names.

    A working copy that is not a valid record any more stays, and is reported.
    """
    published, failed = [], []

    def handle(copy_, obj):
        if obj is None:
            copy_.delete()
            return
        name = f"{obj._meta.verbose_name} “{obj}”"
        try:
            with transaction.atomic(using=_db(type(obj))):
                publish(obj, user=copy_.author, data=copy_.data, reason="published at its scheduled time")
        except ValidationError as error:
            failed.append(f"{name}: {' '.join(error.messages)}")
        else:
            published.append(name)

    _each_due(WorkingCopy, "go_live_at", now or timezone.now(), handle)
    return published, failed


def expire_due(now=None):
    """Unpublish every live record whose expiry time has come; return their names."""
    expired = []

    def handle(row, obj):
        row.delete()
        if obj is not None and is_live(obj):
            unpublish(obj, user=row.author, reason="unpublished at its expiry time")
            expired.append(f"{obj._meta.verbose_name} “{obj}”")

    _each_due(Expiry, "expires_at", now or timezone.now(), handle)
    return expired
