"""Template filters about an event's text: whether its source sentence says more than its title."""

from django import template

from articles.importing.headlines import says_more

register = template.Library()


@register.filter
def says_more_than(sentence, title):
    """True when the sentence is worth showing under the title (see headlines.says_more)."""
    return bool(sentence) and says_more(sentence, title)
