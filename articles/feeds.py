"""The Atom feed of events, newest in history first."""

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed

from articles import selectors
from articles.models import Event
from articles.templatetags.relations import event_date

FEED_LENGTH = 50


class EventFeed(Feed):
    feed_type = Atom1Feed
    title = "Relations: events"
    link = reverse_lazy("articles:event-list")
    subtitle = "Events of the timeline, the most recent first."

    def items(self):
        return selectors.newest_first(Event.objects.published())[:FEED_LENGTH]

    def item_title(self, item):
        return f"{event_date(item)}: {item.title}"

    def item_description(self, item):
        return item.description

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at
