from django.urls import path

from . import views

app_name = "review"
urlpatterns = [
    path("", views.desk, name="desk"),
    path("sources/new/", views.source_new, name="source-new"),
    path("sources/<slug:slug>/", views.source_detail, name="source-detail"),
    path("sources/<slug:slug>/claims/new/", views.claim_new, name="claim-new"),
    path("claims/<int:pk>/", views.claim_detail, name="claim-detail"),
    path("claims/<int:pk>/verdict/", views.claim_verdict, name="claim-verdict"),
    path("claims/<int:pk>/citations/", views.citation_add, name="citation-add"),
    path("claims/<int:pk>/submit/", views.claim_submit, name="claim-submit"),
    path("claims/<int:pk>/delete/", views.claim_delete, name="claim-delete"),
    path("citations/<int:pk>/", views.citation_edit, name="citation-edit"),
    path("citations/<int:pk>/delete/", views.citation_delete, name="citation-delete"),
    path("citations/<int:pk>/move/", views.citation_move, name="citation-move"),
    path("preview/", views.rationale_preview, name="rationale-preview"),
]
