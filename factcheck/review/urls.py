from django.urls import path

from . import views

app_name = "review"
urlpatterns = [
    path("", views.desk, name="desk"),
    path("sources/new/", views.source_new, name="source-new"),
]
