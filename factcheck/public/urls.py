from django.urls import path

from . import views

app_name = "public"
urlpatterns = [
    path("", views.home, name="home"),
    path("sources/<slug:slug>/", views.source_detail, name="source-detail"),
]
