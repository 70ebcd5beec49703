"""The desk's queues for one person, and their sizes for the navigation."""

from django.contrib.auth import get_user_model
from django.db.models import Count, IntegerField, Subquery, Value
from django.db.models.functions import Coalesce

from . import blind
from .assignment import assigned_to
from .models import Claim, ClaimStatus, Counter, Notification, Suggestion, SuggestionStatus
from .publicity import EPOCH
from .roles import is_editor


def sent_back_to(user):
    return Claim.objects.filter(author=user, status=ClaimStatus.CHANGES_REQUESTED)


def new_suggestions():
    return Suggestion.objects.filter(status=SuggestionStatus.NEW)


def _count(queryset):
    """COUNT(*) of `queryset` as a scalar subquery (0 when empty)."""
    grouped = queryset.order_by().annotate(one=Value(1)).values("one").annotate(n=Count("pk"))
    return Coalesce(Subquery(grouped.values("n")[:1], output_field=IntegerField()), 0)


def nav_counts(user, **extra):
    """{queue: size} for the user's navigation, in one query. Editors also get
    what waits for an editor; a reviewer only their own queues. `extra`
    expressions ride along in the same query."""
    queues = {
        "assigned": assigned_to(user),
        "sent_back": sent_back_to(user),
        "unread": Notification.objects.unread().filter(recipient=user),
        "blind": blind.open_for(user),
    }
    if is_editor(user):
        # As the desk lists them: not a claim the editor rates blind.
        queues["waiting"] = blind.visible_claims(Claim.objects.reviewable_by(user), user)

        queues["suggestions"] = new_suggestions()
        queues["disagree"] = blind.disagreements(user)
    counts = {name: _count(queryset) for name, queryset in queues.items()} | extra
    row = get_user_model().objects.filter(pk=user.pk).annotate(**counts).values(*counts).first()
    return row or dict.fromkeys(counts, 0)


def desk_counts_for(request):
    """The user's queue sizes, computed once per request; {} for readers.
    The navigation shows them (review/context_processors.py) and public pages
    put them in their ETag (public/caching.py), so they live here, below both.

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


def desk_queues(user, limit=50):
    """The desk's lists beside drafts and reviews: assigned work, unread notifications."""
    return {
        "assigned": assigned_to(user)[:limit],
        "unread": Notification.objects.unread().filter(recipient=user)[:10],
    }
