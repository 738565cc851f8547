"""The editors' admin: content models, their history, and images."""

from articles.admin import content, images  # noqa: F401  (registers the ModelAdmins)
