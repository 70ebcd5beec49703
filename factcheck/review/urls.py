from django.urls import path

from . import desk_views, fetch_views, processing_views, revision_views, search_views, views

app_name = "review"
urlpatterns = [
    path("", views.desk, name="desk"),
    path("notifications/", desk_views.notification_list, name="notifications"),
    path("notifications/read/", desk_views.notifications_read, name="notifications-read"),
    path("notifications/<int:pk>/", desk_views.notification_open, name="notification-open"),
    path("claims/<int:pk>/assign/", desk_views.claim_assign, name="claim-assign"),
    path("sources/<slug:slug>/assign/", desk_views.source_assign, name="source-assign"),
    path("sources/new/", views.source_new, name="source-new"),
    path("processing/<int:pk>/", processing_views.ingestion_detail, name="ingestion-detail"),
    path("sources/<slug:slug>/", views.source_detail, name="source-detail"),
    path("sources/<slug:slug>/claims/new/", views.claim_new, name="claim-new"),
    path(
        "sources/<slug:slug>/candidates/dismiss/",
        views.candidate_dismiss,
        name="candidate-dismiss",
    ),
    path("sources/<slug:slug>/candidates/undo/", views.candidate_undo, name="candidate-undo"),
    path("sources/<slug:slug>/fetch/", fetch_views.source_fetch, name="source-fetch"),
    path("citations/<int:pk>/archive/", fetch_views.citation_archive, name="citation-archive"),
    path("copies/<int:pk>/", fetch_views.snapshot_detail, name="snapshot-detail"),
    path("copies/<int:pk>/warc/", fetch_views.snapshot_warc, name="snapshot-warc"),
    path("sources/<slug:slug>/revise/", revision_views.source_revise, name="source-revise"),
    path("sources/<slug:slug>/revisions/", revision_views.revision_list, name="revision-list"),
    path("sources/<slug:slug>/revisions/diff/", revision_views.revision_diff, name="revision-diff"),
    path(
        "sources/<slug:slug>/revisions/<int:number>/",
        revision_views.revision_detail,
        name="revision-detail",
    ),
    path("claims/<int:pk>/", views.claim_detail, name="claim-detail"),
    path("claims/<int:pk>/verdict/", views.claim_verdict, name="claim-verdict"),
    path("claims/<int:pk>/citations/", views.citation_add, name="citation-add"),
    path("claims/<int:pk>/delete/", views.claim_delete, name="claim-delete"),
    path("claims/<int:pk>/reattach/", views.claim_reattach, name="claim-reattach"),
    path("claims/<int:pk>/confirm/", views.claim_confirm, name="claim-confirm"),
    path("claims/<int:pk>/same-as/", search_views.claim_same_as, name="claim-same-as"),
    path("claims/<int:pk>/<slug:action>/", views.claim_transition, name="claim-transition"),
    path("citations/<int:pk>/", views.citation_edit, name="citation-edit"),
    path("citations/<int:pk>/delete/", views.citation_delete, name="citation-delete"),
    path("citations/<int:pk>/move/", views.citation_move, name="citation-move"),
    path("preview/", views.rationale_preview, name="rationale-preview"),
    path("search/", search_views.claim_search, name="claim-search"),
    path("similar/", search_views.claim_similar, name="claim-similar"),
]
