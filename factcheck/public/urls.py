from django.urls import path

from . import views

app_name = "public"
urlpatterns = [
    path("", views.home, name="home"),
    path("methodology/", views.methodology, name="methodology"),
    path("sources/<slug:slug>/", views.source_detail, name="source-detail"),
    path(
        "sources/<slug:slug>/annotations.jsonld",
        views.source_annotations,
        name="source-annotations",
    ),
    path(
        "sources/<slug:slug>/revisions/<int:number>/",
        views.source_revision,
        name="source-revision",
    ),
    path(
        "sources/<slug:slug>/revisions/<int:number>/text.txt",
        views.source_revision_text,
        name="source-revision-text",
    ),
    path(
        "sources/<slug:slug>/sentences/<slug:anchor>/",
        views.sentence_lookup,
        name="sentence-lookup",
    ),
    path("claims/<int:pk>-<slug:slug>/", views.claim_detail, name="claim-detail"),
    path("claims/<int:pk>/", views.claim_short, name="claim-short"),
    path("feed.atom", views.feed, name="feed"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("sitemap-<slug:section>.xml", views.sitemap_section, name="sitemap-section"),
    path("robots.txt", views.robots, name="robots"),
]
