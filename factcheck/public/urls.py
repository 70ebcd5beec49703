from django.urls import path

from . import copies, views

app_name = "public"
urlpatterns = [
    path("", views.home, name="home"),
    path("methodology/", views.methodology, name="methodology"),
    path("corrections/", views.corrections, name="corrections"),
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
    path("sources/<slug:slug>/copies/<int:pk>/", copies.source_copy, name="source-copy"),
    path(
        "sources/<slug:slug>/copies/<int:pk>/warc/",
        copies.source_copy_warc,
        name="source-copy-warc",
    ),
    path("claims/<int:claim_pk>/copies/<int:pk>/", copies.claim_copy, name="claim-copy"),
    path(
        "claims/<int:claim_pk>/copies/<int:pk>/warc/",
        copies.claim_copy_warc,
        name="claim-copy-warc",
    ),
    path("claims/<int:pk>-<slug:slug>/", views.claim_detail, name="claim-detail"),
    path("claims/<int:pk>/", views.claim_short, name="claim-short"),
    path("feed.atom", views.feed, name="feed"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("sitemap-<slug:section>.xml", views.sitemap_section, name="sitemap-section"),
    path("robots.txt", views.robots, name="robots"),
]
