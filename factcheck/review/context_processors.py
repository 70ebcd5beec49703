"""The desk's counts in the navigation of every page, for people who work on claims."""

from django.utils.functional import SimpleLazyObject

from factcheck.core.queues import desk_counts_for


def desk_counts(request):
    # Lazy: a page that never shows the navigation (an htmx fragment) pays nothing.
    return {"desk_counts": SimpleLazyObject(lambda: desk_counts_for(request))}
