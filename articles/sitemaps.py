"""The sitemap: the listings, then every published record with a page of its own."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from articles.models import Article, Event, GlossaryEntry, Period, Person, Topic


class ListingSitemap(Sitemap):
    priority = 0.8

    def items(self):
        return ["articles:home", "articles:event-list", "articles:person-list", "articles:glossary-list"]

    def location(self, item):
        return reverse(item)


class RecordSitemap(Sitemap):
    """The records ``records()`` returns (those readers can see), with their last change when known."""

    def __init__(self, records, priority=0.5):
        self.records = records
        self.priority = priority

    def items(self):
        return self.records()

    def lastmod(self, item):
        return getattr(item, "updated_at", None)


sitemaps = {
    "listings": ListingSitemap,
    "articles": RecordSitemap(Article.objects.published, priority=1.0),
    "events": RecordSitemap(Event.objects.published),
    "people": RecordSitemap(Person.objects.published),
    "glossary": RecordSitemap(GlossaryEntry.objects.published),
    "periods": RecordSitemap(Period.objects.all, priority=0.6),
    "topics": RecordSitemap(Topic.objects.all, priority=0.6),
}
