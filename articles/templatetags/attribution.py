"""Template filters crediting an article's source (see articles.attribution)."""

from django import template

from articles import attribution

register = template.Library()
register.filter("licence_url", attribution.licence_url)
register.filter("has_attribution", attribution.has_attribution)
