"""Template tags and filters of the public site: dates at their precision, markup, highlighting, metadata."""

from dataclasses import dataclass
from itertools import groupby
from operator import attrgetter
from urllib.parse import urlencode

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles import markup, partial_dates
from articles.public import search, structured_data
from articles.record_urls import slug_url

register = template.Library()


@register.simple_tag
def record_url(view_name, slug):
    return slug_url(view_name, slug)


@register.filter
def event_date(event):
    """Return the event's date as text at its precision."""
    return partial_dates.event_text(event)


@register.simple_tag
def event_time(event):
    """Render the event's date in a <time> element when it has a machine-readable form."""
    text = event_date(event)
    datetime_value = partial_dates.as_iso(event.date, event.precision)
    if datetime_value:
        return format_html('<time datetime="{}">{}</time>', datetime_value, text)
    return format_html("{}", text)


@dataclass(frozen=True)
class TimelineGroup:
    period: object  # a Period, or None for undated events
    events: list
    heading: bool  # a heading names the period
    title_level: str  # the events' titles are headings of this level (text: a number is localized, slowly)


@register.simple_tag
def timeline_groups(events, by_period, level):
    """Return the lists of a timeline (includes/timeline.html): with ``by_period``, one per run of
    events of one period, each under a heading at ``level``, titles one level below; else one list."""
    if not by_period:
        return [TimelineGroup(None, list(events), heading=False, title_level=str(level))]
    return [
        TimelineGroup(period, list(run), heading=True, title_level=str(level + 1))
        for period, run in groupby(events, key=attrgetter("period"))
    ]


@register.filter
def period_years(period):
    """Return a period's span for display: "1985–1991", "before 1910", "since 1991"."""
    if period.start_year is None and period.end_year is None:
        return ""
    if period.start_year is None:
        return f"before {period.end_year}"
    if period.end_year is None:
        return f"since {period.start_year}"
    return f"{period.start_year}–{period.end_year}"


@register.filter
def plain_text(body):
    """Return a section body without its link markup."""
    return markup.to_plain_text(body)


@register.filter
def one_line(text):
    """Collapse every run of whitespace, line breaks included, into one space."""
    return " ".join(str(text).split())


@register.filter
def highlight(text, words):
    """Escape ``text`` and mark the search words in it."""
    return search.highlight(text, words)


# Metadata: canonical URL, navigation state, schema.org JSON-LD.


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """Return the absolute URL of the page without its query string, but for what picks a part.

    A page number is kept, and the view's ``canonical_query`` (the glossary's letter): filters
    and searches are views of the listing, its pages and letters parts of it.
    """
    request = context.get("request")
    if request is None:
        return ""
    url = request.build_absolute_uri(request.path)
    query = dict(context.get("canonical_query") or {})
    page = request.GET.get("page", "")
    if page.isdigit() and page != "1":
        query["page"] = page
    return f"{url}?{urlencode(query)}" if query else url


@register.simple_tag(takes_context=True)
def nav_current(context, prefix):
    """Return `` aria-current="page"`` (with its leading space) when the request path is, or is below, ``prefix``."""
    request = context.get("request")
    if request is None:
        return ""
    if request.path == prefix or (prefix != "/" and request.path.startswith(prefix)):
        return mark_safe(' aria-current="page"')  # a constant: nothing to escape
    return ""


@register.simple_tag(takes_context=True)
def json_ld(context, obj, description=""):
    """Render the schema.org description of an article, event, person or glossary entry.

    The JSON is escaped like Django's json_script (see structured_data), so text from the content
    can never end the <script> element.
    """
    url = context["request"].build_absolute_uri(obj.get_absolute_url())
    return structured_data.script(obj, url, description)
