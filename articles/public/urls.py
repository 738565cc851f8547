from django.urls import path

from articles.models import Period, Topic
from articles.public import views
from articles.public.feeds import EventFeed
from relations_site.page_cache import public_page

app_name = "articles"

# Every page here is cached for anonymous readers and answers conditional GETs (relations_site/page_cache.py).
urlpatterns = [
    path("", public_page(views.HomeView.as_view()), name="home"),
    path("articles/", public_page(views.ArticleListView.as_view()), name="article-list"),
    path("articles/<slug:slug>/", public_page(views.ArticleDetailView.as_view()), name="article-detail"),
    path("events/", public_page(views.EventListView.as_view()), name="event-list"),
    path("events/feed/", public_page(EventFeed()), name="event-feed"),
    path("events/<slug:slug>/", public_page(views.EventDetailView.as_view()), name="event-detail"),
    path("people/", public_page(views.PersonListView.as_view()), name="person-list"),
    path("people/<slug:slug>/", public_page(views.PersonDetailView.as_view()), name="person-detail"),
    path("glossary/", public_page(views.GlossaryListView.as_view()), name="glossary-list"),
    path("glossary/<slug:slug>/", public_page(views.GlossaryDetailView.as_view()), name="glossary-detail"),
    path("periods/", public_page(views.GroupIndexView.as_view(model=Period)), name="period-list"),
    path("periods/<slug:slug>/", public_page(views.PeriodDetailView.as_view()), name="period-detail"),
    path("topics/", public_page(views.GroupIndexView.as_view(model=Topic)), name="topic-list"),
    path("topics/<slug:slug>/", public_page(views.TopicDetailView.as_view()), name="topic-detail"),
    path("search/", public_page(views.SearchView.as_view()), name="search"),
]
