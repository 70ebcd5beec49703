"""`/ratings.css`: the rating colours as set in the admin (see core/rating_colours.py).

The stylesheet is built once per public epoch (saving a rating in the admin
moves the epoch on) and linked with the epoch in its URL: pages already read
the epoch, so the link costs no query, and browsers keep each version for
good. Its ETag is a hash of the content."""

from django.core.cache import cache
from django.http import HttpResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from factcheck.core.models import Rating
from factcheck.core.queues import desk_counts_for
from factcheck.core.rating_colours import digest, stylesheet

from .caching import epoch

YEAR = 365 * 24 * 60 * 60


def current(request):
    """(css, hash) for this request's epoch."""
    key = f"public:{epoch(request)}:ratings-css"
    value = cache.get(key)
    if value is None:
        css = stylesheet(Rating.objects.only("slug", "colour"))
        value = (css, digest(css))
        cache.set(key, value)
    return value


def ratings_css_url(request):
    """The versioned URL of the stylesheet, for base.html (a context processor)."""

    def url():
        desk_counts_for(request)  # reads the epoch for people at the desk, in the same query
        return f"{reverse('ratings-css')}?v={epoch(request)}"

    return {"ratings_css_url": url}


@require_safe
def ratings_css(request):
    css, version = current(request)
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["ETag"] = f'"{version}"'
    if request.GET.get("v") == str(epoch(request)):
        patch_cache_control(response, public=True, max_age=YEAR, immutable=True)
    else:
        patch_cache_control(response, public=True, max_age=60)
    return response
