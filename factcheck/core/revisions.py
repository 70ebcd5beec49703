"""Re-anchoring: when a source gets a new revision, every claim is found again
in the new text, or recorded as needing attention. Nothing is dropped: an
orphaned claim keeps its original quote and selectors."""

from bisect import bisect_right
from collections import Counter

from . import audit
from .anchoring import selectors
from .models import AnchorState, AuditEvent, Claim
from .reanchor import AnchorState as Found
from .reanchor import reanchor_many

STATE = {
    Found.UNCHANGED: AnchorState.UNCHANGED,
    Found.MOVED: AnchorState.MOVED,
    Found.FUZZY: AnchorState.FUZZY,
    Found.ORPHANED: AnchorState.ORPHANED,
}


def plan(claims, new_text):
    """Results of re-anchoring `claims` in `new_text`, in order (no writes)."""
    return reanchor_many([claim.selector for claim in claims], new_text)


def summarise(results):
    counts = Counter(STATE[r.state].value for r in results)
    return {state.value: counts.get(state.value, 0) for state in STATE.values()}


def apply(claims, results, revision, sentences, *, user):
    """Point each claim at its place in `revision` and record what happened."""
    starts = [s.start for s in sentences]
    events = []
    for claim, result in zip(claims, results, strict=True):
        before = audit.snapshot(claim, ("start", "end", "anchor_state"))
        before["revision"] = claim.revision_id and claim.revision.number
        state = STATE[result.state]
        claim.revision = revision
        claim.anchor_state = state
        claim.anchor_score = round(result.score, 4)
        if state == AnchorState.ORPHANED:
            claim.start = claim.end = claim.first_sentence = claim.last_sentence = None
        else:
            claim.start, claim.end = result.start, result.end
            claim.first_sentence = sentences[bisect_right(starts, result.start) - 1]
            claim.last_sentence = sentences[bisect_right(starts, result.end - 1) - 1]
            if state != AnchorState.FUZZY:
                # The exact words were found: the selectors follow them. A fuzzy
                # match keeps the reviewed quote until a person confirms it.
                claim.selector = selectors(revision.text, result.start, result.end)
        after = audit.snapshot(claim, ("start", "end", "anchor_state"))
        after["revision"] = revision.number
        events.append(
            AuditEvent(
                actor=user if getattr(user, "pk", None) else None,
                action="reanchor",
                object_type="claim",
                object_id=claim.pk,
                object_repr=str(claim)[:200],
                claim_id=claim.pk,
                source_id=claim.source_id,
                changes=audit.diff(before, after),
                note=f"score {result.score:.2f}",
            )
        )
    Claim.objects.bulk_update(
        claims,
        [
            "revision",
            "anchor_state",
            "anchor_score",
            "start",
            "end",
            "first_sentence",
            "last_sentence",
            "selector",
        ],
        batch_size=500,
    )
    AuditEvent.objects.bulk_create(events, batch_size=500)
