"""The site's URLs under another path (tests of record URLs)."""

from django.urls import include, path

urlpatterns = [path("moved/", include("articles.public.urls"))]
