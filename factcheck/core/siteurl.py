"""Absolute URLs, built in one place.

During a request they come from the request itself (its scheme and host, as
`request.build_absolute_uri` makes them: the host was checked against
ALLOWED_HOSTS), so a site served on another port or name links to itself.
Without a request (management commands, tasks in a worker) they come from
SITE_URL. SiteURLMiddleware tells this module which request is being served."""

from contextvars import ContextVar

from django.conf import settings

_request = ContextVar("siteurl_request", default=None)


def origin():
    """ "scheme://host[:port]" of the request being served, else SITE_URL."""
    request = _request.get()
    if request is None:
        return settings.SITE_URL
    if not hasattr(request, "_site_origin"):
        request._site_origin = request.build_absolute_uri("/").removesuffix("/")
    return request._site_origin


def absolute(path):
    """The absolute URL of a path ("/claims/6-kei/")."""
    return origin() + path


def own_origins():
    """The bases our own URLs may start with: this request's and SITE_URL."""
    return {origin(), settings.SITE_URL}


class SiteURLMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)
