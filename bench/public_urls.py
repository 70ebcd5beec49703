"""The app's URLs plus /bench-hello/, the baseline of bench/public.py."""

from django.http import HttpResponse
from django.urls import path

from factcheck.urls import urlpatterns as app_urlpatterns


def hello(request):
    return HttpResponse("Hello, world.", content_type="text/plain")


urlpatterns = [path("bench-hello/", hello), *app_urlpatterns]
