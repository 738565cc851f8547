from django.conf import settings
from django.conf.urls.static import static as debug_file_urls
from django.contrib import admin
from django.contrib.sitemaps.views import index as sitemap_index
from django.contrib.sitemaps.views import sitemap
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from articles.public.sitemaps import sitemaps
from articles.public.views import RobotsView
from relations_site.health import healthz
from relations_site.page_cache import public_page

# A lost database answers with the styled 503 page, wherever the request failed.
handler500 = "relations_site.health.server_error"
# A refused admin page keeps the admin's header and says where to go.
handler403 = "relations_site.errors.permission_denied"


class FaviconRedirectView(RedirectView):
    """Browsers ask for /favicon.ico whatever the page says; point them at the real icon.

    Its URL is looked up per request, never when this module is imported: with DEBUG off it comes
    from collectstatic's manifest, which commands run before collectstatic (migrate, check) lack.
    """

    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        return static("favicon.svg")


urlpatterns = [
    # The admin's home page with the editor's watchlist, and the pages about changes; then the admin.
    path("admin/", include("articles.admin.recent_changes")),
    path("admin/", admin.site.urls),
    path(
        "sitemap.xml",
        public_page(sitemap_index, query=["p"]),
        {"sitemaps": sitemaps, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        public_page(sitemap, query=["p"]),
        {"sitemaps": sitemaps, "template_name": "sitemaps/urlset.xml"},
        name="sitemap-section",
    ),
    path("robots.txt", public_page(RobotsView.as_view()), name="robots"),
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", FaviconRedirectView.as_view()),
    path("", include("articles.public.urls")),
]

# Uploaded images, served by Django in development only (no URL at all when DEBUG is off): in
# production the web server or the S3-compatible bucket serves MEDIA_URL.
urlpatterns += debug_file_urls(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
