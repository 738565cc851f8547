"""Signal handlers of the articles app, connected in ArticlesConfig.ready().

Deleting an Image removes its stored files through a post_delete handler rather than in a service,
against the project's rule of keeping logic out of signals (docs/architecture.md), because a
service would not see every deletion: the admin's delete view and its bulk "delete selected"
action (QuerySet.delete(), which never calls Model.delete()), a cascade from a deleted row, and the
shell all delete Images, and post_delete is the one hook Django calls for each of them. The
handler only hands the deleted row to the service that removes the files once the deletion is
committed.
"""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from articles.models import Image
from articles.services import images


@receiver(post_delete, sender=Image, dispatch_uid="articles.remove_deleted_image_files")
def remove_deleted_image_files(sender, instance, **kwargs):
    images.image_files_delete(instance)
