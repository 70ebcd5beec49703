"""The desk's counts in the navigation of every page, for people who work on claims."""

from django.db.models import Subquery
from django.utils.functional import SimpleLazyObject

from factcheck.core.models import Counter
from factcheck.core.publicity import EPOCH
from factcheck.core.queues import nav_counts


def desk_counts_for(request):
    """The user's queue sizes, computed once per request; {} for readers.
    Public pages call this for their ETag too (see public/caching.py).

    The same query reads the public epoch, which every page needs for the
    rating stylesheet's URL, so the counts cost no query of their own."""
    if not hasattr(request, "_desk_counts"):
        user = getattr(request, "user", None)
        works = user is not None and user.is_authenticated and user.has_perm("core.view_claim")
        counts = {}
        if works:
            epoch = Subquery(Counter.objects.filter(name=EPOCH).values("value")[:1])
            counts = nav_counts(user, epoch=epoch)
            value = counts.pop("epoch")
            if not hasattr(request, "_public_epoch"):
                request._public_epoch = value or 0
        request._desk_counts = counts
    return request._desk_counts


def desk_counts(request):
    # Lazy: a page that never shows the navigation (an htmx fragment) pays nothing.
    return {"desk_counts": SimpleLazyObject(lambda: desk_counts_for(request))}
