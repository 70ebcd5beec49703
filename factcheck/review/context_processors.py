"""The desk's counts in the navigation of every page, for people who work on claims."""

from django.utils.functional import SimpleLazyObject

from factcheck.core.queues import nav_counts


def desk_counts_for(request):
    """The user's queue sizes, computed once per request (one query); {} for
    readers. Public pages call this for their ETag too (see public/caching.py)."""
    if not hasattr(request, "_desk_counts"):
        user = getattr(request, "user", None)
        works = user is not None and user.is_authenticated and user.has_perm("core.view_claim")
        request._desk_counts = nav_counts(user) if works else {}
    return request._desk_counts


def desk_counts(request):
    # Lazy: a page that never shows the navigation (an htmx fragment) pays nothing.
    return {"desk_counts": SimpleLazyObject(lambda: desk_counts_for(request))}
