"""The app's URLs plus the baselines of bench/public.py: /bench-hello/ and
/bench-same-bytes/ (the bytes of the public page, from memory), and of
bench/workspace.py: /bench-hello-user/ (a bare view behind the login)."""

import os
from functools import cache
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path

from factcheck.urls import urlpatterns as app_urlpatterns


def hello(request):
    return HttpResponse("Hello, world.", content_type="text/plain")


@login_required
def hello_user(request):
    """A bare view behind the login (session and user read), as every reviewer
    request is: the fixed cost under bench/workspace.py's figures."""
    return HttpResponse(f"Hello, {request.user.get_username()}.", content_type="text/plain")


@cache
def page_bytes():
    return Path(os.environ["BENCH_PAGE_FILE"]).read_bytes()


def same_bytes(request):
    """The honest ceiling of a cached page: its bytes, with no work at all."""
    return HttpResponse(page_bytes(), content_type="text/html; charset=utf-8")


urlpatterns = [
    path("bench-hello/", hello),
    path("bench-hello-user/", hello_user),
    path("bench-same-bytes/", same_bytes),
    *app_urlpatterns,
]
