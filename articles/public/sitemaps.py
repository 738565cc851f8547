"""The sitemap: an index of files, the listings, then every published record with a page of its own.

A file holds at most ``RecordSitemap.limit`` records: one file of every record was 3.5 MB and took
6.4 s to render at 1,000 articles; the index (``/sitemap.xml``) points at every file.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from articles.models import Article, Event, GlossaryEntry, Period, Person, Topic
from articles.record_urls import slug_url


class ListingSitemap(Sitemap):
    priority = 0.8

    def items(self):
        return [
            "articles:home",
            "articles:article-list",
            "articles:event-list",
            "articles:person-list",
            "articles:glossary-list",
            "articles:period-list",
            "articles:topic-list",
        ]

    def location(self, item):
        return reverse(item)


class RecordSitemap(Sitemap):
    """The records ``records()`` returns (those readers can see), with their last change when known."""

    limit = 1000

    def __init__(self, records, view_name, priority=0.5):
        self.records = records
        self.view_name = view_name  # the record's page: the view get_absolute_url() reverses, by slug
        self.priority = priority
        model = records().model
        self.dated = any(field.name == "updated_at" for field in model._meta.fields)

    def items(self):
        # Only what a URL and its date need; in a stable order, so that each file keeps its records.
        return self.records().only("slug", *(["updated_at"] if self.dated else [])).order_by("pk")

    def location(self, item):
        return slug_url(self.view_name, item.slug)  # not one reverse() per record: a fifth of the time

    def lastmod(self, item):
        return item.updated_at if self.dated else None

    def get_latest_lastmod(self):
        # The index's date of a file: one aggregate, not Sitemap's maximum over every record read.
        return self.records().aggregate(latest=Max("updated_at"))["latest"] if self.dated else None


sitemaps = {
    "listings": ListingSitemap,
    "articles": RecordSitemap(Article.objects.published, "articles:article-detail", priority=1.0),
    "events": RecordSitemap(Event.objects.published, "articles:event-detail"),
    "people": RecordSitemap(Person.objects.published, "articles:person-detail"),
    "glossary": RecordSitemap(GlossaryEntry.objects.published, "articles:glossary-detail"),
    "periods": RecordSitemap(Period.objects.all, "articles:period-detail", priority=0.6),
    "topics": RecordSitemap(Topic.objects.all, "articles:topic-detail", priority=0.6),
}
