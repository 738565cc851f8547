"""Template tags and filters of the public site: dates at their precision, markup, highlighting, metadata."""

import json
from urllib.parse import urlencode

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles import markup
from articles.models import Article, Event, GlossaryEntry, Person
from articles.public import search
from articles.record_urls import slug_url

register = template.Library()

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
Precision = Event.Precision


@register.simple_tag
def record_url(view_name, slug):
    return slug_url(view_name, slug)


def ordinal(number):
    """Return 1st, 2nd, 3rd, 4th… 11th, 12th, 13th… 21st."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _month(day):
    return MONTHS[day.month - 1]


def _day_range(start, end):
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {_month(start)} {start.year}"
    if start.year == end.year:
        return f"{start.day} {_month(start)} – {end.day} {_month(end)} {end.year}"
    return f"{start.day} {_month(start)} {start.year} – {end.day} {_month(end)} {end.year}"


def _month_range(start, end):
    if start.year == end.year:
        return f"{_month(start)}–{_month(end)} {end.year}"
    return f"{_month(start)} {start.year} – {_month(end)} {end.year}"


def format_partial_date(start, precision, end=None, text=""):
    """Write a date as precisely as it is known: "2–10 June 1989", "July 1986", "1988", "the 1980s".

    An undated event keeps the source's own words (``text``), since there is no date to format.
    """
    if start is None:
        return text or "Undated"
    if precision == Precision.CENTURY:
        return f"the {ordinal(start.year // 100 + 1)} century"
    if precision == Precision.DECADE:
        return f"the {start.year // 10 * 10}s"
    if precision == Precision.MONTH:
        if end and (end.year, end.month) != (start.year, start.month):
            return _month_range(start, end)
        return f"{_month(start)} {start.year}"
    if precision == Precision.DAY:
        if end and end != start:
            return _day_range(start, end)
        return f"{start.day} {_month(start)} {start.year}"
    if end and end.year != start.year:
        return f"{start.year}–{end.year}"
    return str(start.year)


def iso_partial_date(day, precision):
    """Return the date as an HTML/ISO 8601 string at its precision ("1989-06-02", "1986-07", "1988").

    Decades and centuries have no such form: return "".
    """
    if day is None:
        return ""
    if precision == Precision.DAY:
        return day.isoformat()
    if precision == Precision.MONTH:
        return f"{day.year:04d}-{day.month:02d}"
    if precision == Precision.YEAR:
        return f"{day.year:04d}"
    return ""


@register.filter
def event_date(event):
    """Return the event's date as text at its precision."""
    return format_partial_date(event.date, event.precision, event.end_date, event.date_text)


@register.simple_tag
def event_time(event):
    """Render the event's date in a <time> element when it has a machine-readable form."""
    text = event_date(event)
    datetime_value = iso_partial_date(event.date, event.precision)
    if datetime_value:
        return format_html('<time datetime="{}">{}</time>', datetime_value, text)
    return format_html("{}", text)


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
def render_markup(body, resolve):
    """Render a section body as paragraphs; ``resolve`` is the page's GlossaryResolver."""
    return markup.render_resolved(body, resolve)


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


# As django.utils.html.json_script: "<", ">" and "&" escaped, so no text can close the element.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}

SCHEMA = "https://schema.org"


def _article_data(article):
    return {"@type": "Article", "headline": article.title, "dateModified": article.updated_at}


def _event_data(event):
    data = {"@type": "Event", "name": event.title, "description": event.description}
    start = iso_partial_date(event.date, event.precision)
    if start:
        data["startDate"] = start
        end = iso_partial_date(event.end_date, event.precision)
        if end:
            data["endDate"] = end
    if event.period_id:
        data["about"] = event.period.name
    return data


def _person_data(person):
    data = {"@type": "Person", "name": person.name}
    if person.aliases:
        data["alternateName"] = list(person.aliases)
    if person.role:
        data["jobTitle"] = person.role
    if person.country:
        data["nationality"] = {"@type": "Country", "name": person.country}
    return data


def _term_data(entry):
    data = {"@type": "DefinedTerm", "name": entry.term, "description": entry.definition}
    if entry.aliases:
        data["alternateName"] = list(entry.aliases)
    return data


STRUCTURED_DATA = {
    Article: _article_data,
    Event: _event_data,
    Person: _person_data,
    GlossaryEntry: _term_data,
}


@register.simple_tag(takes_context=True)
def json_ld(context, obj, description=""):
    """Render the schema.org description of an article, event, person or glossary entry.

    The JSON is built with json.dumps and escaped like Django's json_script, so text from the
    content can never end the <script> element.
    """
    request = context["request"]
    url = request.build_absolute_uri(obj.get_absolute_url())
    data = {"@context": SCHEMA, "url": url, **STRUCTURED_DATA[type(obj)](obj)}
    if description and "description" not in data:
        data["description"] = description
    encoded = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    # Safe: the JSON was escaped just above, as json_script does.
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(encoded))
