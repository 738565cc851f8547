"""The `picture` filter: what templates/includes/picture.html needs to show an Image."""

from django import template

from articles.services import images

register = template.Library()


@register.filter
def picture(image):
    """Return an articles.services.images.Picture (src, srcsets, width, height) for `image`, or None."""
    return images.picture(image)
