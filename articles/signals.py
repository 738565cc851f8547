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
without signals, and calls that service itself.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from articles.editorial.links import entry_saved, section_saved
from articles.models import GlossaryEntry, Image, Section
from articles.services import images


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
