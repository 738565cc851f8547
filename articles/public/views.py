"""The public reading site. Views only wire requests to selectors, filter sets and templates."""

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView, ListView, TemplateView
from django.views.generic.detail import SingleObjectMixin
from django_filters.views import FilterView

from articles.models import GlossaryEntry, Period, Topic
from articles.public import search, selectors, time_axis
from articles.public.filters import ArticleFilter, EventFilter, GlossaryFilter, PersonFilter, changed_query
from articles.templatetags.relations import period_years


def filter_query(filterset_class, *others):
    """The query parameters a filtered listing reads: its filters, its page, and ``others``."""
    return (*filterset_class.base_filters, "page", *others)


class DeepPagePaginator(Paginator):
    """A paginator that reads a page past the middle of an ordered queryset from its far end.

    ``OFFSET n`` steps over n rows: the timeline's last page walked 18,000 index entries at
    1,000 articles (92 ms on PostgreSQL, 141 ms on SQLite). Such a page is the same rows as the
    first ones of the reversed order, read back to front: no page then skips more than half the
    rows, and the queries are the same. Only for orders that end with the primary key (a total
    order, which reversed gives the same rows at every page boundary).
    """

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows = self.object_list
        if bottom <= self.count // 2 or not (isinstance(rows, QuerySet) and rows.ordered):
            return super().page(number)
        return self._get_page(list(rows.reverse()[self.count - top : self.count - bottom])[::-1], number, self)


class ListingView(FilterView):
    """A filtered listing, rendered by ``<app>/<model>_list.html``.

    The page cache keys it on what it reads of the query string: its filters, its page and
    ``extra_parameters``.
    """

    template_name_suffix = "_list"
    extra_parameters = ()
    paginate_by = 20

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.query_parameters = filter_query(cls.filterset_class, *cls.extra_parameters)


class HomeView(TemplateView):
    template_name = "articles/home.html"
    query_parameters = ()  # what the page reads of the query string (relations_site/page_cache.py)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, **selectors.home_page())


class ArticleListView(ListingView):
    """Every published article, A to Z, as cards with their lead (the home page shows the latest)."""

    filterset_class = ArticleFilter
    queryset = selectors.article_cards()


class RecordView(DetailView):
    """A record's page; ``page_context(record)`` gives what the page shows beside it.

    Readers find only published records. Staff also find drafts, to preview them at the address
    they will have, under a "Draft — not public" banner (``draft_preview``).
    """

    records = None  # a selector: records(drafts=…) returns the records the page may show
    page_context = None
    query_parameters = ()

    def shows_drafts(self):
        return self.request.user.is_staff

    def get_queryset(self):
        return self.records(drafts=self.shows_drafts())

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs, draft_preview=not self.object.is_published, **self.page_context(self.object)
        )

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.shows_drafts():
            # A staff page may show drafts: no shared or browser cache may keep it for anyone else.
            add_never_cache_headers(response)
        return response


class ArticleDetailView(RecordView):
    records = staticmethod(selectors.article_detail_queryset)
    template_name = "articles/article_detail.html"

    def page_context(self, article):
        return selectors.article_page(article, drafts=self.shows_drafts())


class EventListView(ListingView):
    """The timeline: filters with facet counts, removable chips, pages of events grouped by period."""

    filterset_class = EventFilter
    queryset = selectors.timeline_events()
    paginator_class = DeepPagePaginator

    def get_queryset(self):
        # Oldest first unless the reader orders otherwise; explicit, not Meta.ordering, which ends
        # with no unique field and on SQLite is not the order its timeline index holds.
        return selectors.oldest_first(super().get_queryset())

    def get_paginator(self, *args, **kwargs):
        paginator = super().get_paginator(*args, **kwargs)
        if not self.filterset.is_bound or self.filterset.is_valid():  # else: no events (strict)
            paginator.count = self.filterset.count()  # the facets' counts tell it: no COUNT query
        return paginator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            **kwargs,
            period_facets=self.filterset.period_facets(),
            topic_facets=self.filterset.topic_facets(),
            chips=self.filterset.chips(),
        )
        context["page_title"] = timeline_title(context["chips"], context.get("page_obj"))
        context["time_axis"] = self.time_axis()
        return context

    def time_axis(self):
        """Return the time axis of the events every filter keeps (one query; none unfiltered)."""
        if self.filterset.is_bound and not self.filterset.is_valid():
            return None  # an invalid filter lists no events
        # Summed from the period facet's counts, split by year, when they were read: no query then.
        counted = self.filterset.year_counts()
        year_counts, undated = counted or selectors.events_per_year(self.filterset.queryset_without())
        return time_axis.build(
            year_counts,
            selectors.published_event_counts(Period),
            undated=undated,
            span_url=lambda first, last: timeline_url(self.request, year_from=[first], year_to=[last]),
            period_url=lambda period: timeline_url(self.request, period=[period.slug], year_from=[], year_to=[]),
            period_years=period_years,
        )


def timeline_url(request, **changes):
    """Return the timeline's URL with the request's filters, ``changes`` ({filter: values}) made,
    on its first page, at its results."""
    query = changed_query(request.GET, **changes)
    return f"{request.path}?{query}#results" if query else f"{request.path}#results"


def timeline_title(chips, page):
    """The timeline's title: its active filters and its page ("Timeline: Period: Cold War, page 2")."""
    parts = [chip.label for chip in chips]
    if page is not None and page.number > 1:
        parts.append(f"page {page.number} of {page.paginator.num_pages}")
    return "Timeline: " + ", ".join(parts) if parts else "Timeline"


class EventDetailView(RecordView):
    records = staticmethod(selectors.event_detail_queryset)
    page_context = staticmethod(selectors.event_page)
    template_name = "articles/event_detail.html"


class PersonListView(ListingView):
    """Everyone the articles name, by name, filtered by country or role."""

    filterset_class = PersonFilter
    queryset = selectors.person_list_queryset()
    paginate_by = 30
    paginator_class = DeepPagePaginator


class PersonDetailView(RecordView):
    records = staticmethod(selectors.person_detail_queryset)
    page_context = staticmethod(selectors.person_page)
    template_name = "articles/person_detail.html"
    context_object_name = "person"


class GlossaryListView(ListingView):
    """The A–Z index: one page while the glossary is small, then a page per letter (``?letter=C``)."""

    filterset_class = GlossaryFilter
    extra_parameters = ("letter",)
    paginate_by = None  # the index letters page it
    queryset = GlossaryEntry.objects.published().only("slug", "term", "definition")
    template_name = "articles/glossary_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["index"] = index = selectors.glossary_index(context["object_list"], self.request.GET.get("letter"))
        if index.letter is not None and index.letter != index.first_letter:
            context["canonical_query"] = {"letter": index.letter}  # the first letter's page is /glossary/
        return context


class GlossaryDetailView(RecordView):
    records = staticmethod(selectors.glossary_detail_queryset)
    page_context = staticmethod(selectors.glossary_entry_page)
    template_name = "articles/glossary_detail.html"
    context_object_name = "entry"


class EventGroupView(SingleObjectMixin, ListView):
    """A period or a topic: the articles that tell most of its events, and a page of its events."""

    paginate_by = 20
    paginator_class = DeepPagePaginator
    query_parameters = ("page",)
    lookup = None  # the Event field that points at the object: "period" or "topics"
    filter_name = None  # the timeline filter that selects the same events

    def get(self, request, *args, **kwargs):
        self.object = self.get_object(queryset=self.model.objects.all())
        self.page = selectors.grouped_events_page(**{self.lookup: self.object})
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return self.page["events"]

    def get_paginator(self, *args, **kwargs):
        paginator = super().get_paginator(*args, **kwargs)
        paginator.count = self.page["count"]  # kept per content generation: no COUNT query
        return paginator

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs, group=self.object, articles=self.page["articles"], filter_name=self.filter_name
        )


class GroupIndexView(TemplateView):
    """Every period or topic, with its description and how many published events it has (kept per
    content generation: no query)."""

    model = None
    template_name = "articles/group_list.html"

    def get_context_data(self, **kwargs):
        meta = self.model._meta
        return super().get_context_data(
            **kwargs,
            groups=selectors.published_event_counts(self.model),
            kind=meta.model_name,
            heading=meta.verbose_name_plural.capitalize(),
        )


class PeriodDetailView(EventGroupView):
    model = Period
    lookup = "period"
    filter_name = "period"
    template_name = "articles/period_detail.html"


class TopicDetailView(EventGroupView):
    model = Topic
    lookup = "topics"
    filter_name = "topic"
    template_name = "articles/topic_detail.html"


class SearchView(TemplateView):
    template_name = "articles/search.html"
    query_parameters = ("q", "order")

    def get_context_data(self, **kwargs):
        query = self.request.GET.get("q", "").strip()
        results = search.search(query, order=self.request.GET.get("order", search.RELEVANCE))
        title = "Search"
        if results.words:
            title = f"“{query}”: {results.count_label} · Search"
        orders = [(key, label, key == results.order) for key, label in search.ORDERS.items()]
        return super().get_context_data(**kwargs, query=query, results=results, page_title=title, orders=orders)


class RobotsView(TemplateView):
    template_name = "robots.txt"
    query_parameters = ()
    content_type = "text/plain; charset=utf-8"

    def get_context_data(self, **kwargs):
        sitemap_url = self.request.build_absolute_uri(reverse("sitemap"))
        return super().get_context_data(**kwargs, sitemap_url=sitemap_url)
