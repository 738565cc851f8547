"""Deleting an article with its sections, and putting events back in a recovered section.

An article's sections are deleted with it (``on_delete=CASCADE``), and an event in one of them
loses its section (``SET_NULL``). ``article_delete`` deletes the sections first, one by one, so
that each section's history says it went with its article: recovering the article brings back
those sections, and no section deleted on its own before. Django sets the events' section to
NULL with one UPDATE, which writes no history: an event's history still says which section it
was in when that section was deleted, and ``events_relink`` reads it from there.
"""

from django.db import router, transaction

from articles.editorial.locking import bump_version
from articles.models import Article, Event, Section

DELETED = "-"
DELETED_WITH_ARTICLE = "deleted with its article"
RELINKED_REASON = "back in its recovered section"


def article_delete(article):
    """Delete ``article``, its sections first, each recorded as deleted with its article."""
    with transaction.atomic(using=router.db_for_write(Article)):
        for section in Section.objects.filter(article=article).order_by("order", "pk"):
            section._change_reason = DELETED_WITH_ARTICLE
            section.delete()
        article.delete()


def section_deleting(section, origin):
    """Before a section is deleted: say so in its history when its article's deletion took it.

    ``article_delete`` says so itself; this covers the other ways an article goes, the shell's
    ``article.delete()`` and a queryset's ``delete()``, whose cascade deletes its sections.
    """
    from_article = isinstance(origin, Article) or getattr(origin, "model", None) is Article
    if from_article and not getattr(section, "_change_reason", None):
        section._change_reason = DELETED_WITH_ARTICLE


def sections_deleted_with(deletion):
    """Return the last history record (a deletion) of each section deleted with an article and still gone.

    ``deletion`` is the article's deletion record: the sections are those deleted with it, not
    those deleted on their own before, nor those deleted with it an earlier time and since recovered.
    """
    records = (
        Section.history.filter(history_type=DELETED, article_id=deletion.id, history_date__lte=deletion.history_date)
        .exclude(id__in=Section.objects.values("pk"))
        .order_by("id", "-history_date", "-history_id")
    )
    latest = {}
    for record in records:
        latest.setdefault(record.id, record)
    return [record for record in latest.values() if _says_deleted_with_article(record.history_change_reason)]


def _says_deleted_with_article(reason):
    # An edit summary comes first, the code's reason after it in brackets (editorial.changes.with_summary).
    return reason == DELETED_WITH_ARTICLE or (reason or "").endswith(f"({DELETED_WITH_ARTICLE})")


def events_relink(section, deletion):
    """Put back in the recovered ``section`` the events it held when it was deleted (``deletion``).

    An event that an editor has put in another section since stays there. Each event put back is
    saved (its version moves on, its history says why). Return how many were put back.
    """
    once_in_it = Event.history.filter(section_id=section.pk, history_date__lte=deletion.history_date).values("id")
    candidates = Event.objects.filter(pk__in=once_in_it, section__isnull=True).values("pk")
    records = Event.history.filter(id__in=candidates, history_date__lte=deletion.history_date).order_by(
        "id", "-history_date", "-history_id"
    )
    last_known = {}
    for record in records.only("id", "section_id", "history_date", "history_id"):
        last_known.setdefault(record.id, record.section_id)
    held = [pk for pk, section_id in last_known.items() if section_id == section.pk]
    events = Event.objects.select_for_update().filter(pk__in=held, section__isnull=True).order_by("pk")
    count = 0
    with transaction.atomic(using=router.db_for_write(Event)):
        for event in events:
            bump_version(event)
            event.section = section
            event._change_reason = RELINKED_REASON
            event.save(update_fields=["section", "version", "updated_at"])
            count += 1
    return count
