"""Dismissing a check-worthy sentence ("not worth checking") and undoing it,
each on the audit trail. Which sentences are candidates is decided by
core/checkworthy.py; a dismissal is kept per source and sentence anchor."""

from django.db import transaction

from .audit import record
from .models import CandidateDismissal


@transaction.atomic
def dismiss_candidate(source, anchor, *, reviewer, reason=""):
    """Dismiss the sentence `anchor` of `source`. Already dismissed: no-op."""
    dismissal, created = CandidateDismissal.objects.get_or_create(
        source=source, anchor=anchor, defaults={"dismissed_by": reviewer}
    )
    if created:
        record(reviewer, "dismiss", dismissal, changes={"anchor": [None, anchor]}, note=reason)
    return dismissal


@transaction.atomic
def undo_dismissal(source, anchor, *, reviewer):
    """The sentence is a candidate again. False if it was not dismissed."""
    dismissal = (
        CandidateDismissal.objects.select_for_update()
        .select_related("dismissed_by")
        .filter(source=source, anchor=anchor)
        .first()
    )
    if dismissal is None:
        return False
    by = dismissal.dismissed_by.get_username() if dismissal.dismissed_by else ""
    record(
        reviewer,
        "undo_dismiss",
        dismissal,
        changes={"anchor": [anchor, None]},
        note=f"dismissed by {by or 'a former user'}",
    )
    dismissal.delete()
    return True


def dismissals_of(source):
    """{anchor: (username or "", dismissed_at)} of the source, one query."""
    rows = source.dismissals.values_list("anchor", "dismissed_by__username", "dismissed_at")
    return {anchor: (by or "", at) for anchor, by, at in rows}
