"""The filter sets of the public listings: the timeline, people, the glossary and the articles."""

from dataclasses import dataclass
from html import escape
from urllib.parse import urlencode

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.forms.utils import flatatt
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe

from articles.models import Article, Event, GlossaryEntry, Period, Person, Topic
from articles.public import search, selectors


def changed_query(data, **changes):
    """Return the query string of ``data`` (a QueryDict) with ``changes`` ({name: values}) made,
    without its page and its empty fields (a submitted form leaves them behind; they say nothing).

    The order of the parameters is kept, as QueryDict.urlencode() writes it, without copying the
    QueryDict: a copy per link was a twentieth of a filtered timeline's time.
    """
    lists = {key: values for key, values in data.lists() if key != "page"}
    for name, values in changes.items():
        lists[name] = [str(value) for value in values]
    return urlencode([(key, value) for key, values in lists.items() if any(values) for value in values])


class QuickTextInput(forms.TextInput):
    """A text <input> written directly, as Django's template writes it: each widget rendered through
    Django's form templates was a sixth of the timeline's time (see QuickSelect)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]  # what Django's template is given
        shown = "" if widget["value"] is None else f' value="{escape(str(widget["value"]))}"'
        attributes = "".join(  # in order and escaped, as Django's attrs.html
            f" {escape(key)}" if value is True else f' {escape(key)}="{escape(str(value))}"'
            for key, value in widget["attrs"].items()
            if value is not False and value is not None
        )
        return mark_safe(f'<input type="{escape(widget["type"])}" name="{escape(name)}"{shown}{attributes}>')


class YearFilter(django_filters.Filter):
    """A year, as a whole number; entered in a text box so that a mistyped value can be shown back."""

    # NumberFilter would give a Decimal, which the date__year lookups cannot turn into a date.
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        # A number input cannot hold the invalid text it is sent back with ("soon"): use text.
        kwargs.setdefault("widget", QuickTextInput(attrs={"inputmode": "numeric", "pattern": "[0-9]{1,4}"}))
        super().__init__(*args, **kwargs)


def words_filter(label, fields):
    """Return a text filter keeping the records where every word of the value is in one of ``fields``."""

    def filter_words(queryset, name, value):
        return queryset.filter(search.matches_all_words(queryset.model, fields, search.query_words(value)))

    words = django_filters.CharFilter(label=label, method=filter_words, widget=QuickTextInput(attrs={"type": "search"}))
    words.searched_fields = fields  # the indexes that serve it: tests/test_search_config.py
    return words


class QuickSelect(forms.Select):
    """A <select> written in one pass over its choices: Django renders each option through a
    template of its own, which was half of the timeline's render time with the person filter's
    hundreds of options (and format_html per option still a fifth)."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = {str(item) for item in self.format_value(value)}
        options = "".join(
            f'<option value="{escape(str(key))}"{" selected" * (str(key) in selected)}>{escape(str(label))}</option>'
            for key, label in self.choices
        )
        attributes = flatatt(self.build_attrs(self.attrs, attrs))
        return mark_safe(f'<select name="{escape(name)}"{attributes}>{options}</select>')  # every value escaped


class MenuSelect(QuickSelect):
    """A <select> offering a menu of its field's choices (``menu()``: some of them, in order),
    the empty choice first and the chosen one wherever it is: a field may take more values
    than a page should list."""

    def __init__(self, menu, attrs=None):
        super().__init__(attrs)
        self.menu = menu

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(item) for item in self.format_value(value)} - {""}
        offered = self.menu()
        unlisted = chosen - {str(key) for key, _ in offered}
        first = next(iter(self.choices), None)  # the empty choice comes first, if any
        empty = [first] if first is not None and first[0] in ("", None) else []
        # Every choice is read only to name a chosen one the menu leaves out.
        extra = [choice for choice in self.choices if str(choice[0]) in unlisted] if unlisted else []
        self.choices = empty + sorted([*offered, *extra], key=lambda choice: str(choice[1]))
        return super().render(name, value, attrs, renderer)


class FacetField(forms.Field):
    """The checked periods or topics, by slug: the records themselves, found in the list of them
    with their event counts that the timeline reads anyway (kept per content generation), not by
    a query of their own as a ModelMultipleChoiceField makes."""

    widget = forms.CheckboxSelectMultiple  # never rendered: includes/facet_fieldset.html writes the boxes
    default_error_messages = {
        "invalid_list": forms.ModelMultipleChoiceField.default_error_messages["invalid_list"],
        "invalid_choice": forms.ModelMultipleChoiceField.default_error_messages["invalid_choice"],
    }

    def __init__(self, *, model, **kwargs):
        self.model = model
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return []
        if not isinstance(value, (list, tuple)):
            raise forms.ValidationError(self.error_messages["invalid_list"], code="invalid_list")
        wanted = [str(slug) for slug in value]
        records = [record for record in selectors.published_event_counts(self.model) if record.slug in wanted]
        known = {record.slug for record in records}
        for slug in wanted:
            if slug not in known:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": slug}
                )
        return records


class FacetFilter(django_filters.Filter):
    field_class = FacetField


def facet_filter(label, field_name, model, method):
    """Return a filter keeping the records with any of the checked slugs (the options are rendered as facets)."""
    return FacetFilter(label=label, field_name=field_name, model=model, method=method)


@dataclass(frozen=True)
class Chip:
    label: str
    url: str


class EventFilter(django_filters.FilterSet):
    """Filter the timeline: periods and topics (any of those checked), years, person, words; order it."""

    ORDERINGS = {"oldest": selectors.oldest_first, "newest": selectors.newest_first}
    ORDERING_LABELS = {"oldest": "Oldest first", "newest": "Newest first"}
    DEFAULT_ORDERING = "oldest"

    period = facet_filter("Period", "period__slug", Period, method="filter_periods")
    topic = facet_filter("Topic", "topics__slug", Topic, method="filter_topics")
    year_from = YearFilter(label="From year", field_name="date", lookup_expr="year__gte", min_value=1, max_value=9999)
    year_to = YearFilter(label="To year", field_name="date", lookup_expr="year__lte", min_value=1, max_value=9999)
    # The choices are read once per content change (hundreds at 1,000 articles, one pass over
    # every event), and written without a template per option; the menu lists the most named.
    person = django_filters.ChoiceFilter(
        label="Person",
        field_name="people__slug",
        lookup_expr="exact",
        choices=selectors.person_filter_choices,
        empty_label="Anyone",
        widget=MenuSelect(selectors.person_menu_choices),
    )
    q = words_filter("Words", ("title", "description", "date_text"))
    ordering = django_filters.ChoiceFilter(
        label="Order",
        choices=list(ORDERING_LABELS.items()),
        method="filter_ordering",
        empty_label=None,
        widget=QuickSelect,
    )

    # The filters whose values show as removable chips, in display order.
    CHIP_FILTERS = ("period", "topic", "year_from", "year_to", "person", "q", "ordering")

    class Meta:
        model = Event
        fields = []  # every filter is declared above

    def filter_periods(self, queryset, name, periods):
        if not periods:  # none checked: no filter
            return queryset
        # By the periods' ids (read with the form), not a join on their slugs: the planner then
        # knows how many events each has, and reads a period's own index rather than walking
        # every event in date order (PostgreSQL, 1,000 articles: the Cold War's 5,620 of 18,080).
        return queryset.filter(period__in=periods)

    def filter_topics(self, queryset, name, topics):
        if not topics:  # an empty queryset when none is checked: no filter, not "no event"
            return queryset
        # EXISTS, not a join: an event may have several of the topics, and a join would repeat it
        # and need DISTINCT over whole rows (60 ms at 100 articles on SQLite). Not IN either: SQLite
        # then builds the list of every event of the topics before reading a page of them in date
        # order (57 ms for two topics at 10,000 articles; EXISTS, one index lookup an event: 0.3 ms).
        link = Event.topics.through.objects.filter(event=OuterRef("pk"), topic__in=topics)
        return queryset.filter(Exists(link))

    def filter_ordering(self, queryset, name, value):
        return self.ORDERINGS[value](queryset)

    def queryset_without(self, *excluded):
        """Return the queryset with every valid filter applied except the ``excluded`` ones, or None
        when no other filter narrows it (every published event: facets then use counts kept per
        content change)."""
        queryset = self.queryset.all()
        if not self.is_bound:
            return None
        self.form.is_valid()  # validate the form, as FilterSet.qs does, so that cleaned_data exists
        narrowed = False
        for name, value in self.form.cleaned_data.items():
            if name not in excluded:
                queryset = self.filters[name].filter(queryset, value)
                # Empty: None, "" or no checked box (an empty queryset, already read by the filter).
                narrowed |= name != "ordering" and value not in (None, "") and bool(value)
        return queryset if narrowed else None

    def selected(self, name):
        """Return the submitted values of a multiple-choice filter."""
        return set(self.form[name].value() or [])

    @cached_property
    def facet_counts(self):
        """Return ({period pk: count}, {topic pk: count}): each facet's counts with every other filter.

        With a filter other than the facets (years, person, words) both come from one pass over
        the events it keeps; otherwise each facet is counted over the other facet's events (an
        index read), or taken from the counts kept per content generation when nothing narrows.
        Filtered by periods, topics and years alone, both are summed from the counts kept per
        (period, year, set of topics) (``_kept``).
        """
        if self._kept is not None:
            return selectors.by_period(self._kept[0]), self._kept[1]
        period_years = self._period_years
        periods = selectors.by_period(period_years) if period_years is not None else None
        events = self.queryset_without("period", "topic")
        if events is None:
            if periods is None:
                periods = selectors.facet_counts(Period, None)
            return periods, selectors.facet_counts(Topic, self.queryset_without("topic"))
        return periods, self._combined[1]

    @cached_property
    def _kept(self):
        """The facets' counts from those kept per content generation, when only periods, topics and
        years filter the timeline (selectors.kept_facet_counts); else None: they are counted."""
        if not self.is_bound or not self.is_valid():
            return None
        cleaned = self.form.cleaned_data
        if cleaned.get("person") or cleaned.get("q"):
            return None
        periods = {period.pk for period in cleaned.get("period") or ()}
        topics = {topic.pk for topic in cleaned.get("topic") or ()}
        year_from, year_to = cleaned.get("year_from"), cleaned.get("year_to")
        if not periods and not topics and year_from is None and year_to is None:
            return None  # nothing narrows the timeline: its own kept counts serve
        return selectors.kept_facet_counts(periods, topics, year_from, year_to)

    @cached_property
    def _combined(self):
        cleaned = self.form.cleaned_data
        events = self.queryset_without("period", "topic")
        return selectors.combined_facet_counts(events, cleaned.get("period") or [], cleaned.get("topic") or [])

    @cached_property
    def _period_years(self):
        """{(period pk, year): count} of the events every filter but the period one keeps, or None
        when no other filter narrows them (the periods' counts are then the kept ones)."""
        if self._kept is not None:
            return self._kept[0]
        if self.queryset_without("period", "topic") is not None:
            return self._combined[0]
        events = self.queryset_without("period")
        return None if events is None else selectors.period_year_counts(events)

    def year_counts(self):
        """Return ({year: count}, undated) of the events every filter keeps, for the time axis, or
        None when that needs a query of its own (no filter, or a period filter alone)."""
        if not self.is_bound or self._period_years is None:
            return None
        periods = {period.pk for period in self.form.cleaned_data.get("period") or ()}
        return selectors.years_of(self._period_years, periods)

    def period_facets(self):
        return selectors.facets(Period, self.facet_counts[0], self.selected("period"))

    def topic_facets(self):
        return selectors.facets(Topic, self.facet_counts[1], self.selected("topic"))

    def count(self):
        """Return how many events every filter keeps, without a query of its own.

        An event has at most one period, so the period facet's counts (every other filter
        applied, grouped by period, undated-period events under None) add up to it: those of the
        checked periods, or all of them when none is checked. With no filter at all, the number
        of published events, kept per content generation. The timeline's COUNT read the same
        thousands of rows as the facets (10-20 ms at 1,000 articles).
        """
        periods = self.form.cleaned_data.get("period") if self.is_bound and self.is_valid() else None
        if periods:
            return sum(self.facet_counts[0].get(period.pk, 0) for period in periods)
        if self.queryset_without("period") is None:  # no filter narrows the timeline
            return selectors.published_event_total()
        return sum(self.facet_counts[0].values())

    def chips(self):
        """Return one chip per active filter value; each chip's URL drops that value and the page.

        A non-default ordering counts: it is a choice the reader made and may want to undo.
        """
        if not self.is_bound:
            return []
        self.form.is_valid()  # validate the form so that cleaned_data exists
        chips = []
        for name in self.CHIP_FILTERS:
            value = self.form.cleaned_data.get(name)
            label = self.filters[name].label
            if name in ("period", "topic"):
                chips += [Chip(f"{label}: {item.name}", self._url_without(name, item.slug)) for item in value or ()]
            elif name == "person":
                if value:
                    names = dict(self.form.fields["person"].choices)
                    chips.append(Chip(f"{label}: {names.get(value, value)}", self._url_without(name)))
            elif name == "ordering":
                if value and value != self.DEFAULT_ORDERING:
                    chips.append(Chip(f"{label}: {self.ORDERING_LABELS[value]}", self._url_without(name)))
            elif value not in (None, ""):
                chips.append(Chip(f"{label}: {value}", self._url_without(name)))
        return chips

    def _url_without(self, name, value=None):
        kept = [item for item in self.data.getlist(name) if item != value] if value is not None else []
        query = changed_query(self.data, **{name: kept})
        return f"{self.request.path}?{query}" if query else self.request.path


def value_filter(label, field_name, widget=QuickSelect):
    """Return a choice among the values published people have in ``field_name`` (kept per content change)."""
    return django_filters.ChoiceFilter(
        label=label,
        field_name=field_name,
        lookup_expr="exact",
        choices=lambda: selectors.person_choices(field_name),
        empty_label=f"Any {label.lower()}",
        widget=widget,
    )


class PersonFilter(django_filters.FilterSet):
    """Filter people by country and role, and by words of their name."""

    country = value_filter("Country", "country")
    role = value_filter("Role", "role", widget=MenuSelect(selectors.role_menu_choices))
    q = words_filter("Name", ("name", "aliases"))

    class Meta:
        model = Person
        fields = []


class GlossaryFilter(django_filters.FilterSet):
    """Search the glossary by words of the term, its link texts or its definition."""

    q = words_filter("Search the glossary", ("term", "aliases", "definition"))

    class Meta:
        model = GlossaryEntry
        fields = []


class ArticleFilter(django_filters.FilterSet):
    """Find articles by words of their title."""

    q = words_filter("Title", ("title",))

    class Meta:
        model = Article
        fields = []
