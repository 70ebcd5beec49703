"""Re-anchoring: when a source gets a new revision, every claim is found again
in the new text, or recorded as needing attention. Nothing is dropped: an
orphaned claim keeps its original quote and selectors."""

from collections import Counter

from . import audit
from .anchoring import selectors, sentence_range
from .models import AnchorState, AuditEvent, Claim, Sentence
from .reanchor import AnchorState as Found
from .reanchor import reanchor_many

# Re-anchoring's states, as stored on claims (AnchorState takes their values).
STATE = [AnchorState(found) for found in Found]


def plan(claims, new_text, sentences=None):
    """Results of re-anchoring `claims` in `new_text`, in order (no writes).

    `sentences` (the new text's, with `.start` and `.end`) lets a claim that
    covered whole sentences be found as whole sentences (see reanchor.py)."""
    return reanchor_many(
        [claim.selector for claim in claims],
        new_text,
        sentences=sentences,
        whole=covers_whole_sentences(claims) if sentences else None,
    )


def covers_whole_sentences(claims):
    """Per claim: whether it starts where its first sentence starts and ends where its
    last one ends (a sentence range, not a phrase). One query. An orphaned claim has no
    sentences and counts as a phrase."""
    ids = {c.first_sentence_id for c in claims} | {c.last_sentence_id for c in claims}
    ids.discard(None)
    spans = {pk: (start, end) for pk, start, end in _sentence_spans(ids)}
    return [
        claim.start is not None
        and claim.first_sentence_id in spans
        and claim.last_sentence_id in spans
        and spans[claim.first_sentence_id][0] == claim.start
        and spans[claim.last_sentence_id][1] == claim.end
        for claim in claims
    ]


def _sentence_spans(ids):
    if not ids:
        return []
    return Sentence.objects.filter(pk__in=ids).values_list("pk", "start", "end")


def summarise(results):
    counts = Counter(AnchorState(r.state).value for r in results)
    return {state.value: counts.get(state.value, 0) for state in STATE}


def apply(claims, results, revision, spans, *, user):
    """Point each claim at its place in `revision` (whose sentences are stored,
    as `spans` in order) and record what happened."""
    ranges = {
        i: sentence_range(spans, r.start, r.end)
        for i, r in enumerate(results)
        if r.start is not None
    }
    needed = {index for pair in ranges.values() for index in pair}
    pk_of = (
        dict(
            Sentence.objects.filter(revision=revision, index__in=needed).values_list("index", "pk")
        )
        if needed
        else {}
    )
    events = []
    for i, (claim, result) in enumerate(zip(claims, results, strict=True)):
        before = audit.snapshot(claim, ("start", "end", "anchor_state"))
        before["revision"] = claim.revision_id and claim.revision.number
        state = AnchorState(result.state)
        claim.revision = revision
        claim.anchor_state = state
        claim.anchor_score = round(result.score, 4)
        if state == AnchorState.ORPHANED:
            claim.start = claim.end = claim.first_sentence = claim.last_sentence = None
        else:
            claim.start, claim.end = result.start, result.end
            first, last = ranges[i]
            claim.first_sentence_id, claim.last_sentence_id = pk_of[first], pk_of[last]
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
