from django.urls import path

from articles import views
from articles.feeds import EventFeed

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="article-detail"),
    path("events/", views.EventListView.as_view(), name="event-list"),
    path("events/feed/", EventFeed(), name="event-feed"),
    path("events/<slug:slug>/", views.EventDetailView.as_view(), name="event-detail"),
    path("people/", views.PersonListView.as_view(), name="person-list"),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person-detail"),
    path("glossary/", views.GlossaryListView.as_view(), name="glossary-list"),
    path("glossary/<slug:slug>/", views.GlossaryDetailView.as_view(), name="glossary-detail"),
    path("periods/<slug:slug>/", views.PeriodDetailView.as_view(), name="period-detail"),
    path("topics/<slug:slug>/", views.TopicDetailView.as_view(), name="topic-detail"),
    path("search/", views.SearchView.as_view(), name="search"),
]
