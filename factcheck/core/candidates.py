"""Check-worthy sentences of a revision (found by core/checkworthy.py, kept in
RevisionCandidates), and a reviewer's dismissal of one ("not worth checking")
and its undo, each on the audit trail. A dismissal is kept per source and
sentence anchor, so it holds across revisions that keep the sentence."""

from django.db import transaction

from . import checkworthy
from .audit import record
from .models import CandidateDismissal, RevisionCandidates


def find(text, spans):
    """The stored form of the check-worthy sentences among `spans` ((start,
    end) offsets into `text`, in sentence order)."""
    found = []
    for index, (start, end) in enumerate(spans):
        hit = checkworthy.candidate(text[start:end])
        if hit is not None:
            usual = hit.reason == checkworthy.REASONS[hit.kind]
            found.append([index, hit.kind] if usual else [index, hit.kind, hit.reason])
    return found


def candidates_of(revision, spans):
    """Per sentence of `revision` (`spans`: its sentences' (start, end), in order), its
    checkworthy.Candidate or None. Found and stored the first time (ingestion
    does it after storing the text: see tasks.process_ingestion), read after."""
    kept = RevisionCandidates.objects.filter(revision=revision).values_list("version", "found")
    version, stored = kept.first() or (None, None)
    if version != checkworthy.VERSION:
        stored = find(revision.text, spans)
        fresh = RevisionCandidates(revision=revision, version=checkworthy.VERSION, found=stored)
        if version is None:
            # Two first opens at once find the same: the second insert is dropped.
            RevisionCandidates.objects.bulk_create([fresh], ignore_conflicts=True)
        else:
            fresh.save(force_update=True)
    result = [None] * len(spans)
    for index, kind, *reason in stored:
        reason = reason[0] if reason else checkworthy.REASONS[kind]
        result[index] = checkworthy.Candidate(kind, reason)
    return result


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
        CandidateDismissal.objects.select_for_update(of=("self",))
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
