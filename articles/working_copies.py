"""Working copies: the unpublished changes of a record, kept beside its live version.

A record's own fields are what readers see (its live version). An editor's unpublished changes
are a ``WorkingCopy``: a JSON snapshot of the change form's fields, at most one per record, which
the change form opens on, a preview renders, a reviewer approves and a schedule publishes. The
logic lives in ``articles.editorial.drafts``; these are only the tables.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class WorkingCopy(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        REJECTED = "rejected", "Changes requested"

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    # The form's fields as the editor left them: {field name: JSON value}; links as lists of ids.
    data = models.JSONField(default=dict)
    # The live record's version when the working copy was last saved.
    base_version = models.PositiveIntegerField(null=True, blank=True)
    # Incremented on every save of the working copy: a form opened on an older one is refused.
    revision = models.PositiveIntegerField(default=1)
    state = models.CharField(max_length=9, choices=State, default=State.DRAFT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_comment = models.TextField(blank=True)
    go_live_at = models.DateTimeField(null=True, blank=True, help_text="When the working copy is published.")

    class Meta:
        ordering = ["-updated_at"]
        verbose_name_plural = "working copies"
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="working_copy_one_per_record"),
        ]
        indexes = [
            models.Index(fields=["state", "submitted_at"], name="working_copy_state_idx"),
            models.Index(fields=["go_live_at"], name="working_copy_go_live_idx"),
        ]
        permissions = [("publish_content", "Can publish content and review working copies")]

    def __str__(self):
        return f"Working copy of {self.content_type.name} {self.object_id}"


class Expiry(models.Model):
    """When a live record stops being published."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    expires_at = models.DateTimeField(db_index=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["expires_at"]
        verbose_name_plural = "expiries"
        constraints = [models.UniqueConstraint(fields=["content_type", "object_id"], name="expiry_one_per_record")]

    def __str__(self):
        return f"{self.content_type.name} {self.object_id} expires at {self.expires_at}"
