"""The Atom feed of events, newest in history first."""

import re

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from articles import partial_dates
from articles.attribution import attribution_text
from articles.models import Event
from articles.public import selectors

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
    # Atom needs an author for the feed or for every entry: the site's, whose editors keep the events.
    author_name = "Relations"

    def items(self):
        return selectors.newest_first(Event.objects.published().select_related("section__article"))[:FEED_LENGTH]

    def item_copyright(self, item):
        # Each entry's text is its article's: the entry credits that article's source (Atom <rights>).
        return attribution_text(item.section.article) if item.section_id else None

    def item_title(self, item):
        return xml_text(f"{partial_dates.event_text(item)}: {item.title}")

    def item_description(self, item):
        # An Atom summary is type="html": a feed reader renders it as HTML. The description is
        # plain text, so it is escaped here, once more than the XML itself needs.
        return escape(xml_text(item.description))

    def item_updateddate(self, item):
        # The record's last change, an editor's or an import's that changed it. No <published>: the
        # time a record was first saved is when its article was imported, not a date of the event.
        return item.updated_at
