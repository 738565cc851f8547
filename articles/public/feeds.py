"""The Atom feed of events, newest in history first."""

import re

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from articles.models import Event
from articles.public import selectors
from articles.templatetags.relations import event_date

FEED_LENGTH = 50


# Characters XML 1.0 cannot carry (C0 controls but tab and line breaks, surrogates, U+FFFE/FFFF):
# one saved in an event would make the whole feed unserialisable for every reader.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text):
    """Return ``text`` without the characters XML cannot carry."""
    return _NOT_XML.sub("", text)


class EventFeed(Feed):
    feed_type = Atom1Feed
    query_parameters = ()  # the feed reads no query parameter (relations_site/page_cache.py)
    title = "Relations: events"
    link = reverse_lazy("articles:event-list")
    subtitle = "Events of the timeline, the most recent first."

    def items(self):
        return selectors.newest_first(Event.objects.published())[:FEED_LENGTH]

    def item_title(self, item):
        return xml_text(f"{event_date(item)}: {item.title}")

    def item_description(self, item):
        # An Atom summary is type="html": a feed reader renders it as HTML. The description is
        # plain text, so it is escaped here, once more than the XML itself needs.
        return escape(xml_text(item.description))

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at
