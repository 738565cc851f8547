"""The schema.org description (JSON-LD) of an article, event, person or glossary entry."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles import partial_dates
from articles.attribution import licence_url
from articles.models import Article, Event, GlossaryEntry, Person

SCHEMA = "https://schema.org"
# As django.utils.html.json_script: "<", ">" and "&" escaped, so no text can close the element.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _article_data(article):
    data = {"@type": "Article", "headline": article.title, "dateModified": article.updated_at}
    if article.source_url:
        source = {"@type": "CreativeWork", "name": article.source_title or article.title, "url": article.source_url}
        data["isBasedOn"] = source
    if article.licence:
        data["license"] = licence_url(article.licence) or article.licence
    return data


def _event_data(event):
    data = {"@type": "Event", "name": event.title, "description": event.description}
    start = partial_dates.as_iso(event.date, event.precision)
    if start:
        data["startDate"] = start
        end = partial_dates.as_iso(event.end_date, event.precision)
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


def data(obj, url, description=""):
    """Return the JSON-ready schema.org description of ``obj``, found at the absolute ``url``."""
    described = {"@context": SCHEMA, "url": url, **STRUCTURED_DATA[type(obj)](obj)}
    if description and "description" not in described:
        described["description"] = description
    return described


def script(obj, url, description=""):
    """Return the ``<script type="application/ld+json">`` element describing ``obj``.

    The JSON is built with json.dumps and escaped like Django's json_script, so text from the
    content can never end the element.
    """
    encoded = json.dumps(data(obj, url, description), cls=DjangoJSONEncoder, ensure_ascii=False)
    # Safe: escaped here, as json_script does.
    return format_html(
        '<script type="application/ld+json">{}</script>', mark_safe(encoded.translate(_JSON_SCRIPT_ESCAPES))
    )
