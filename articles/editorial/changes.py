"""Who changed what, and why: edit summaries, every content model's changes in one list, watchlists.

- **Edit summaries.** An admin request that carries a summary runs inside ``edit_summary(text)``;
  every history record written meanwhile (the record itself, its inlines, its many-to-many links,
  each record of a bulk action or a bulk delete) gets it as its change reason. A reason the code
  already gives (a restore, a bulk action) is kept after it, in brackets.
- **Changes.** ``changes()`` reads the history tables of every content model as one list, newest
  first: one UNION ALL query, whose rows carry what a list of changes shows (who, when, which
  record, the action, the summary), so a page of it costs three queries (its count, its rows,
  and which of its records still exist), whatever the number of changes or of models.
- **Watching.** ``watched_filter()`` narrows those changes to the records an editor watches; an
  article's watchers follow its sections and their events too.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, IntegerField, Q, Value
from django.dispatch import receiver
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import Truncator
from simple_history.signals import pre_create_historical_record

from articles.editorial.watching import Watch, WatchlistVisit
from articles.models import Article, Event, GlossaryEntry, Image, Period, Person, Section, Topic

SUMMARY_FIELD = "edit_summary"
# The length of django-simple-history's change reason column, which keeps the summary.
SUMMARY_MAX_LENGTH = 100
SUMMARY_HELP = "One line saying what you changed and why, kept in the history (optional)."

# Every model whose changes editors follow, in the order the filters list them.
CONTENT_MODELS = (Article, Section, Event, Person, GlossaryEntry, Period, Topic, Image)
# The field that names a record in its history rows (a row outlives the record it names).
NAME_FIELDS = ("title", "name", "term", "alt_text")

ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}

_summary = ContextVar("edit_summary", default="")


# -- edit summaries ------------------------------------------------------------------------------


def clean_summary(text):
    """Make one line of at most SUMMARY_MAX_LENGTH characters of what an editor typed."""
    return Truncator(" ".join(str(text or "").split())).chars(SUMMARY_MAX_LENGTH)


@contextmanager
def edit_summary(text):
    """Give every history record written inside the block the summary ``text`` (if any)."""
    token = _summary.set(clean_summary(text))
    try:
        yield
    finally:
        _summary.reset(token)


def with_summary(reason, summary):
    """Return the change reason a history record keeps: the summary, then any reason the code gave."""
    if not summary:
        return reason
    if not reason:
        return Truncator(summary).chars(SUMMARY_MAX_LENGTH)
    # The code's reason is kept whole (it says what kind of save this was); the summary gives way.
    room = SUMMARY_MAX_LENGTH - len(reason) - len(" ()")
    return f"{Truncator(summary).chars(room)} ({reason})" if room > 0 else reason[:SUMMARY_MAX_LENGTH]


@receiver(pre_create_historical_record, dispatch_uid="articles.edit_summary")
def add_edit_summary(sender, history_instance, **kwargs):
    # A signal, because django-simple-history writes a record for each save, inline and
    # many-to-many change of a request, and this is its one hook before each record is saved.
    summary = _summary.get()
    if summary:
        history_instance.history_change_reason = with_summary(history_instance.history_change_reason, summary)


# -- the list of changes -------------------------------------------------------------------------


def name_field(model):
    names = {field.name for field in model._meta.concrete_fields}
    return next(name for name in NAME_FIELDS if name in names)


def model_key(model):
    return model._meta.model_name


MODELS_BY_KEY = {model_key(model): model for model in CONTENT_MODELS}


@dataclass(frozen=True)
class Change:
    """One row of a list of changes: a historical record of any content model."""

    model: type
    history_id: int
    object_id: int
    name: str
    action: str
    when: datetime
    username: str
    summary: str
    exists: bool = True

    @property
    def action_label(self):
        return ACTIONS.get(self.action, self.action)

    @property
    def model_name(self):
        return self.model._meta.verbose_name

    def _url(self, view, *args):
        return reverse(f"admin:{self.model._meta.app_label}_{self.model._meta.model_name}_{view}", args=args)

    @property
    def change_url(self):
        """The record's change form; None once deleted (its history is then the way in)."""
        return self._url("change", self.object_id) if self.exists else None

    @property
    def history_url(self):
        return self._url("history", self.object_id)

    @property
    def diff_url(self):
        """What this change did, against the version before it; a creation or a deletion shows the history.

        A model whose admin compares no versions shows its history instead.
        """
        if self.action != "~":
            return self.history_url
        try:
            return f"{self._url('history_compare', self.object_id)}?to={self.history_id}"
        except NoReverseMatch:
            return self.history_url


def _rows(model, index, where):
    history = model.history.model
    return (
        history.objects.filter(where)
        .order_by()
        .annotate(
            kind=Value(index, output_field=IntegerField()),
            object_id=F(model._meta.pk.attname),
            label=F(name_field(model)),
            username=F("history_user__username"),
        )
        .values(
            "history_id",
            "history_date",
            "history_type",
            "history_change_reason",
            "kind",
            "object_id",
            "label",
            "username",
        )
    )


def changes(models=CONTENT_MODELS, *, where=None, where_for=None):
    """Return the history rows of ``models`` as one query of dicts, newest first.

    ``where`` filters every model's history; ``where_for(model)``, when given, adds a filter of
    that model's own (or None to leave the model out). Turn the rows into ``Change`` with
    ``as_changes``.
    """
    where = Q() if where is None else where
    parts = []
    for index, model in enumerate(models):
        extra = Q() if where_for is None else where_for(model)
        if extra is not None:
            parts.append(_rows(model, index, where & extra))
    if not parts:
        return _rows(models[0], 0, where).none()
    first, *rest = parts
    combined = first.union(*rest, all=True) if rest else first
    return combined.order_by("-history_date", "-history_id")


def as_changes(rows, models=CONTENT_MODELS):
    """Turn rows of ``changes(models)`` into Changes, each knowing whether its record still exists.

    Which records exist is asked in one query, whatever the models of the rows.
    """
    rows = list(rows)
    wanted = {}
    for row in rows:
        wanted.setdefault(row["kind"], set()).add(row["object_id"])
    existing = set()
    if wanted:
        parts = [
            models[kind]
            ._default_manager.filter(pk__in=ids)
            .order_by()
            .annotate(kind=Value(kind, output_field=IntegerField()))
            .values("kind", "pk")
            for kind, ids in wanted.items()
        ]
        first, *rest = parts
        existing = {(row["kind"], row["pk"]) for row in (first.union(*rest, all=True) if rest else first)}
    return [
        Change(
            model=models[row["kind"]],
            history_id=row["history_id"],
            object_id=row["object_id"],
            name=row["label"],
            action=row["history_type"],
            when=row["history_date"],
            username=row["username"] or "",
            summary=row["history_change_reason"] or "",
            exists=(row["kind"], row["object_id"]) in existing,
        )
        for row in rows
    ]


# -- watching ------------------------------------------------------------------------------------


def watched_filter(user):
    """Return ``where_for`` for ``changes()``: the records ``user`` watches, and an article's parts."""
    watches = Watch.objects.filter(user=user)
    types = ContentType.objects.get_for_models(*CONTENT_MODELS)
    article_ids = watches.filter(content_type=types[Article]).values("object_id")

    def where_for(model):
        where = Q(**{f"{model._meta.pk.attname}__in": watches.filter(content_type=types[model]).values("object_id")})
        if model is Section:
            where |= Q(article_id__in=article_ids)
        elif model is Event:
            where |= Q(section_id__in=Section.objects.filter(article_id__in=article_ids).values("pk"))
        return where

    return where_for


def is_watching(user, obj):
    content_type = ContentType.objects.get_for_model(type(obj))
    return Watch.objects.filter(user=user, content_type=content_type, object_id=obj.pk).exists()


def toggle_watch(user, obj):
    """Watch ``obj`` if ``user`` does not yet, else stop; return whether they watch it now."""
    content_type = ContentType.objects.get_for_model(type(obj))
    deleted, _ = Watch.objects.filter(user=user, content_type=content_type, object_id=obj.pk).delete()
    if deleted:
        return False
    Watch.objects.get_or_create(user=user, content_type=content_type, object_id=obj.pk)
    # Someone who never opened their watchlist sees what changed since they first watched something.
    WatchlistVisit.objects.get_or_create(user=user, defaults={"seen_at": timezone.now()})
    return True


def watchlist_visit(user, now):
    """Record that ``user`` looks at their watched changes at ``now``; return when they last did (or None)."""
    visit = WatchlistVisit.objects.filter(user=user).first()
    WatchlistVisit.objects.update_or_create(user=user, defaults={"seen_at": now})
    return visit.seen_at if visit else None
