"""Deletes in plain words: what goes, what only changes, and how it comes back.

Django's confirmation lists every row a deletion touches, down to "Section-glossary entry
relationship" rows, under "All of the following related items will be deleted", and says nothing
of the rows that only lose a link (``SET_NULL``). Here the confirmations of one record and of the
bulk action say, for an article, which sections go with it and which events stay without a
section; for an image, which people, sections and events stay without the picture.

Recovering a deleted article brings back the sections deleted with it, and a recovered section
takes back the events it held (articles.services.deletes).
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.template.defaultfilters import pluralize
from django.utils.html import format_html

from articles.models import Event, Person, Section, WorkingCopy
from articles.services.deletes import article_delete, events_relink, sections_deleted_with


class PlainDeletionMixin:
    """A ModelAdmin whose delete confirmations list ``deletion_consequences()`` instead of Django's rows."""

    delete_confirmation_template = "admin/articles/plain_delete_confirmation.html"
    delete_selected_confirmation_template = "admin/articles/plain_delete_selected_confirmation.html"

    def get_deleted_objects(self, objs, request):
        _, _, perms_needed, protected = super().get_deleted_objects(objs, request)
        listed, counts = self.deletion_consequences(list(objs))
        return listed, counts, perms_needed, protected

    def deletion_consequences(self, objs):
        """Return what deleting ``objs`` does, as nested lists of sentences, and the summary's counts."""
        raise NotImplementedError


class ArticleDeletionMixin(PlainDeletionMixin):
    def deletion_consequences(self, articles):
        sections = list(Section.objects.filter(article__in=articles).select_related("article").order_by("order"))
        events = list(Event.objects.filter(section__in=sections).order_by("date", "title"))
        listed = []
        for article in articles:
            own = [section for section in sections if section.article_id == article.pk]
            listed.append(
                format_html("The article “{}”, with its {} section{}:", article.title, len(own), pluralize(len(own)))
            )
            listed.append([format_html("the section “{}” and its text", section.title) for section in own])
        if events:
            count = len(events)
            kept = "{} event{} stay{}, but no longer belong{} to a section:"
            listed.append(format_html(kept, count, pluralize(count), pluralize(count, "s,"), pluralize(count, "s,")))
            listed.append([format_html("“{}”", event.title) for event in events])
        listed.append(
            "Glossary entries, people, periods and topics stay as they are. Recovering a deleted article "
            "(its list’s “Recover deleted” page) brings back its sections and puts the events back in them."
        )
        counts = {
            "articles": len(articles),
            "sections (deleted)": len(sections),
            "events (kept, without a section)": len(events),
        }
        return listed, counts

    def delete_model(self, request, obj):
        article_delete(obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic(using=router.db_for_write(self.model)):
            for article in queryset:
                article_delete(article)

    def recovery_note(self, deletion):
        count = len(sections_deleted_with(deletion))
        return (
            f"Its {count} section{pluralize(count)} come{pluralize(count, 's,')} back with it, and the events that "
            f"were in them go back in them (unless an editor put them in another section since)."
        )

    def recover(self, request, deletion, before):
        with transaction.atomic(using=router.db_for_write(self.model)):
            article = super().recover(request, deletion, before)
            sections = self.admin_site.get_model_admin(Section)
            for section_deletion in sections_deleted_with(deletion):
                before_section = section_deletion.prev_record or section_deletion
                try:
                    sections.recover(request, section_deletion, before_section)
                except ValidationError as error:
                    raise ValidationError(
                        f"its section “{before_section.title}” cannot come back ({' '.join(error.messages)})"
                    ) from None
        return article

    def recovery_outcome(self, obj):
        sections = obj.sections.count()
        events = Event.objects.filter(section__article=obj).count()
        return format_html(
            "Its {} section{} came back with it, and {} event{} {} in them again.",
            sections,
            pluralize(sections),
            events,
            pluralize(events),
            pluralize(events, "is,are"),
        )


class SectionRecoveryMixin:
    """A recovered section takes back the events it held when it was deleted."""

    def recovery_note(self, deletion):
        return "The events that were in it go back in it (unless an editor put them in another section since)."

    def recover(self, request, deletion, before):
        with transaction.atomic(using=router.db_for_write(self.model)):
            section = super().recover(request, deletion, before)
            events_relink(section, deletion)
        return section

    def recovery_outcome(self, obj):
        count = obj.events.count()
        return format_html("{} event{} {} in it again.", count, pluralize(count), pluralize(count, "is,are"))


# Where an image can be picked: (model, field, how the confirmation names that use).
IMAGE_USES = [
    (Person, "portrait", "the portrait of “{}”"),
    (Section, "illustration", "the illustration of the section “{}”"),
    (Event, "image", "the picture of the event “{}”"),
]
IMAGE_FILES_GO = (
    "Its file and its smaller copies are removed: the image cannot be recovered from its history, only uploaded again."
)


class ImageDeletionMixin(PlainDeletionMixin):
    """Deleting an image in use says where it is used: those records stay, without the picture."""

    def deletion_consequences(self, images):
        pks = [image.pk for image in images]
        uses = {pk: [] for pk in pks}
        for model, field, wording in IMAGE_USES:
            related = model._default_manager.filter(**{f"{field}__in": pks})
            if model is Section:
                related = related.select_related("article")
            for record in related.order_by("pk"):
                uses[getattr(record, f"{field}_id")].append(format_html(wording, record))
            copies = WorkingCopy.objects.filter(content_type=ContentType.objects.get_for_model(model))
            by_pk = {}
            for copy_ in copies.filter(**{f"data__{field}__in": pks}).order_by("pk"):
                by_pk.setdefault(copy_.object_id, []).append(copy_.data[field])
            for record in model._default_manager.filter(pk__in=by_pk).order_by("pk"):
                for image_pk in by_pk[record.pk]:
                    uses[image_pk].append(format_html(f"{wording} in its unpublished changes", record))
        listed = []
        for image in images:
            used = uses[image.pk]
            if used:
                count = len(used)
                listed.append(
                    format_html(
                        "The image “{}”. It is used in {} place{}, which stay{}, without the picture:",
                        image.alt_text,
                        count,
                        pluralize(count),
                        pluralize(count, "s,"),
                    )
                )
                listed.append(used)
            else:
                listed.append(
                    format_html(
                        "The image “{}”. It is not used as a portrait, an illustration or an event’s picture.",
                        image.alt_text,
                    )
                )
        listed.append(IMAGE_FILES_GO)
        counts = {"images": len(images), "uses (kept, without the picture)": sum(map(len, uses.values()))}
        return listed, counts

    def unrecoverable(self, deletion):
        return "its files were removed when it was deleted: upload the picture again."

    def recover(self, request, deletion, before):
        raise ValidationError(self.unrecoverable(deletion))
