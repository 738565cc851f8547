"""Signal handlers of the articles app, connected in ArticlesConfig.ready().

Deleting an Image removes its stored files through a post_delete handler rather than in a service,
against the project's rule of keeping logic out of signals (docs/architecture.md), because a
service would not see every deletion: the admin's delete view and its bulk "delete selected"
action (QuerySet.delete(), which never calls Model.delete()), a cascade from a deleted row, and the
shell all delete Images, and post_delete is the one hook Django calls for each of them. The
handler only hands the deleted row to the service that removes the files once the deletion is
committed.

A section's glossary links are derived from its text for the same reason: the admin's form, its
lists, bulk actions and restores, and the shell all save sections (and glossary entries, whose
names decide which links reach them), and post_save is the one hook each of them calls. The
handlers only hand the saved row to articles.editorial.links. The importer writes in bulk,
without signals, and calls that service itself. So with each section's stored HTML, which also
follows deletions, its people and the people themselves (articles.editorial.section_html).

A section deleted because its article was (from the shell or a queryset too, not only through
articles.services.deletes) says so in its history, for the article's recovery to bring it back:
pre_delete is the one hook a cascade calls for each section.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from articles.editorial import links
from articles.editorial.links import entry_saved, section_saved
from articles.models import GlossaryEntry, Image, Person, Section
from articles.services import deletes, images


@receiver(post_delete, sender=Image, dispatch_uid="articles.remove_deleted_image_files")
def remove_deleted_image_files(sender, instance, **kwargs):
    images.image_files_delete(instance)


@receiver(post_save, sender=Section, dispatch_uid="articles.section_links_from_text")
def section_links_from_text(sender, instance, raw=False, **kwargs):
    if not raw:
        section_saved(instance)


@receiver(post_save, sender=GlossaryEntry, dispatch_uid="articles.entry_links_from_text")
def entry_links_from_text(sender, instance, raw=False, **kwargs):
    if not raw:
        entry_saved(instance)


@receiver(pre_save, sender=GlossaryEntry, dispatch_uid="articles.entry_html_before")
def entry_html_before(sender, instance, raw=False, **kwargs):
    if not raw:
        links.entry_saving(instance)


@receiver(post_save, sender=Person, dispatch_uid="articles.person_html_saved")
def person_html_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        links.person_saved(instance)


@receiver(pre_delete, dispatch_uid="articles.html_before_deletion")
def html_before_deletion(sender, instance, **kwargs):
    if sender in (GlossaryEntry, Person):
        links.record_deleting(instance)


@receiver(pre_delete, sender=Section, dispatch_uid="articles.section_deleted_with_article")
def section_deleted_with_article(sender, instance, origin=None, **kwargs):
    deletes.section_deleting(instance, origin)


@receiver(post_delete, dispatch_uid="articles.html_after_deletion")
def html_after_deletion(sender, instance, **kwargs):
    if sender in (Section, GlossaryEntry, Person):
        links.record_deleted(instance)


@receiver(m2m_changed, sender=Section.people.through, dispatch_uid="articles.section_people_html")
def section_people_html(sender, instance, action, reverse, pk_set=None, **kwargs):
    """A section's people changed (``section.people`` or, reversed, ``person.sections``)."""
    if not reverse:
        if action in ("post_add", "post_remove", "post_clear"):
            links.section_people_changed(section=instance)
    elif action == "pre_clear":
        links.record_deleting(instance)  # the person's sections are about to go: note their articles
    elif action == "post_clear":
        links.record_deleted(instance)
    elif action in ("post_add", "post_remove"):
        links.section_people_changed(section_pks=pk_set)
