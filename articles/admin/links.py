"""A section's glossary links in the admin: read from its text on every save, never picked by hand."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from articles.editorial.links import sections_links_sync


class LinksFromTextMixin:
    """Show a section's glossary links read-only, and keep them the text's after a recovery too."""

    @admin.display(description="glossary terms linked")
    def linked_terms(self, obj):
        """List the glossary entries the section's text links to, each linked to its change form."""
        if obj is None or obj.pk is None:
            return "Read from the text's [[links]] when the section is saved."
        entries = obj.terms.order_by("term")
        links = format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            ((reverse("admin:articles_glossaryentry_change", args=[entry.pk]), entry.term) for entry in entries),
        )
        return format_html(
            '{} <span class="help">(read from the text’s [[links]] on every save)</span>', links or "None"
        )

    def recover(self, request, deletion, before):
        # The recovery brings back the links the section had; the glossary may have changed since.
        obj = super().recover(request, deletion, before)
        sections_links_sync([obj])
        return obj
