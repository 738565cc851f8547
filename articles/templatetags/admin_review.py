"""The admin home page's count of the records the importer asks editors to check."""

from django import template

from articles.admin.review import review_counts

register = template.Library()


@register.simple_tag(takes_context=True)
def needs_review(context):
    return review_counts(context["request"])
