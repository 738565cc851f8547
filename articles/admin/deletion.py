"""The confirmation of an article's deletion, in plain words: what goes, and what only changes.

Django's own page lists every row the deletion touches, down to "Section-glossary entry
relationship" rows. Here it says which sections go with the article (their text, their links)
and which events stay but lose their section; both can be recovered from their history.
"""

from django.template.defaultfilters import pluralize
from django.utils.html import format_html

from articles.models import Event, Section


class PlainArticleDeletionMixin:
    def get_deleted_objects(self, objs, request):
        _, _, perms_needed, protected = super().get_deleted_objects(objs, request)
        articles = list(objs)
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
            "Glossary entries, people, periods and topics stay as they are. Everything deleted can be "
            "recovered from the “Recover deleted” pages of articles, then sections."
        )
        counts = {
            "articles": len(articles),
            "sections (deleted)": len(sections),
            "events (kept, without a section)": len(events),
        }
        return listed, counts, perms_needed, protected
