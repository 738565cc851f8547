from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        from articles import signals  # noqa: F401  (connects the handlers)
        from relations_site import page_cache

        page_cache.connect_signals()  # every content change starts a new page-cache generation
