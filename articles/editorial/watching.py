"""Watchlists: the records an editor follows, and when they last looked at what changed.

A watch names any content record (a generic relation). Watching an article also follows its
sections and their events (articles.editorial.changes.watched_filter says how).
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models


class Watch(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="watches")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "articles"
        ordering = ["-created_at"]
        verbose_name_plural = "watches"
        constraints = [
            models.UniqueConstraint(fields=["user", "content_type", "object_id"], name="watch_unique_per_editor"),
        ]

    def __str__(self):
        return f"{self.user} watches {self.content_type.model} {self.object_id}"


class WatchlistVisit(models.Model):
    """When an editor last saw the changes to what they watch (their admin home page)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="watchlist_visit"
    )
    seen_at = models.DateTimeField()

    class Meta:
        app_label = "articles"
        ordering = ["-seen_at"]

    def __str__(self):
        return f"{self.user} saw the watchlist at {self.seen_at}"
