"""Re-anchoring: when a source gets a new revision, every claim is found again
in the new text, or recorded as needing attention. Nothing is dropped: an
orphaned claim keeps its original quote and selectors."""

from collections import Counter

from . import audit
from .anchoring import selectors, sentence_range
from .models import AnchorState, AuditEvent, Claim, Revision, Sentence, Source
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


# What readers see after a revision: the approved revision and approved places.
#
# A published claim's place is public once a second person approved it: the
# place its verdict was published at, an ApprovedPlace (a re-anchored place
# confirmed and then approved), or wherever re-anchoring found the approved
# words again word for word. A source's readers see the newest revision in
# which every public claim has such a place (a source without public claims
# shows its newest revision at once: there is nothing to review); until then
# they keep the revision they had, text and highlights together.


def same_words(a, b):
    return a.split() == b.split()


def approved_quotes(claim):
    """The words a second person approved for this published claim."""
    return [claim.published_verdict.quote, *(p.quote for p in claim.approved_places.all())]


def approved_place(claim, revision):
    """(start, end) of the published claim's approved place in `revision`, or None.
    Reads `claim.approved_places` (prefetch them for many claims) and, only when
    the claim's live place is in `revision`, the revision's text."""
    if claim.revision_id == revision.pk and claim.start is not None:
        words = revision.text[claim.start : claim.end]
        if any(same_words(words, quote) for quote in approved_quotes(claim)):
            return claim.start, claim.end
    verdict = claim.published_verdict
    if verdict.revision_id == revision.pk and verdict.start is not None:
        return verdict.start, verdict.end
    for place in claim.approved_places.all():
        if place.revision_id == revision.pk:
            return place.start, place.end
    return None


def has_a_place(claim):
    """A published claim that was approved at some place. One published without
    a place (before orphans were refused) holds no revision back: it has
    nowhere to be shown in any of them."""
    return claim.published_verdict.start is not None or bool(claim.approved_places.all())


def place_awaits_approval(claim):
    """A published claim whose live place in the newest revision is not approved
    yet (fuzzy, orphaned, or confirmed and waiting for a second person)."""
    return (
        claim.published_verdict_id is not None
        and claim.revision_id == claim.source.current_revision.pk
        and approved_place(claim, claim.revision) is None
    )


def public_revision(source):
    """The revision readers see (the newest, for a source stored before this rule)."""
    return source.public_revision or source.current_revision


def advance_public_revision(source, *, user=None, audited=True):
    """Show readers the newest revision in which every public claim of `source`
    has an approved place, if it is newer than the one they see. Returns the
    revision shown. A move is audited, unless the caller's own event says it
    (a revision shown as it is stored: its "revise" event)."""
    # Read afresh: the caller's instance may predate the last move.
    pointer = Source.objects.filter(pk=source.pk).values("public_revision")[:1]
    shown = Revision.objects.defer("text").filter(pk=pointer).first()
    newer = source.revisions.defer("text").order_by("-number")
    if shown is not None:
        newer = newer.filter(number__gt=shown.number)
    claims = [
        claim
        for claim in Claim.objects.public()
        .filter(source=source)
        .select_related("published_verdict")
        .prefetch_related("approved_places")
        if has_a_place(claim)
    ]
    for revision in newer:
        if all(approved_place(claim, revision) for claim in claims):
            Source.objects.filter(pk=source.pk).update(public_revision=revision)
            source.public_revision = revision
            if audited and shown is not None:
                audit.record(
                    user,
                    "show_revision",
                    revision,
                    changes={"public_revision": [shown.number, revision.number]},
                )
            return revision
    return shown
