"""Writes to claims, their verdicts and citations; each leaves an audit event.

Every save carries the version the reviewer started from: a stale save raises
Conflict and changes nothing, so two people editing one claim never overwrite
each other silently. A save that changes nothing changes nothing: no version,
no author, no event. Whoever changes something that gets published becomes one
of the claim's contributors, who may not approve it (workflow.refusal)."""

from typing import NamedTuple

from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from . import audit, snapshots, workflow
from .anchoring import anchor_selection, selectors
from .ingest import strip_nul
from .markup import claim_footnotes, render_markdown
from .models import AnchorState, Citation, Claim, ClaimStatus

CLAIM_FIELDS = ("text", "claimant", "claimant_type", "claim_date", "notes")
# The desk's own notes are never published: changing them makes no contributor.
UNPUBLISHED_FIELDS = {"notes"}
CITATION_FIELDS = ("url", "archived_url", "title", "publisher", "quote", "stance", "accessed_on")
ANCHOR_FIELDS = ("quote", "start", "end", "anchor_state")


class NotAllowed(Exception):
    """The write is refused; str() says why, for the user."""


class Conflict(Exception):
    """Someone saved the object since this edit began; `current` is what they saved."""

    def __init__(self, current):
        super().__init__("This was changed by someone else while you were editing.")
        self.current = current


def clean(fields):
    return {name: strip_nul(value) for name, value in fields.items()}


class Bound(NamedTuple):
    index: int
    start: int
    end: int


def locate(revision, bounds, first, last=None, start=None, end=None, phrase=""):
    """Fields that place a claim in `revision` from a reviewer's selection.
    `bounds` are the revision's sentences in order, as anything with `start`
    and `end` (a caller that holds them saves reading them again); only the
    two sentences the claim points at are read as models."""
    if bounds is None:
        bounds = [Bound(*row) for row in revision.sentences.values_list("index", "start", "end")]
    anchor = anchor_selection(
        revision.text, bounds, first=first, last=last, start=start, end=end, phrase=phrase
    )
    picked = revision.sentences.filter(index__in=[anchor.first_index, anchor.last_index])
    ends = {sentence.index: sentence for sentence in picked}
    first, last = ends[anchor.first_index], ends[anchor.last_index]
    return {
        "revision": revision,
        "first_sentence": first,
        "last_sentence": last,
        "start": anchor.start,
        "end": anchor.end,
        "selector": selectors(revision.text, anchor.start, anchor.end),
        "quote": revision.text[anchor.start : anchor.end],
        "anchor_state": AnchorState.ANCHORED,
        "anchor_score": None,
    }


@transaction.atomic
def create_claim(
    *, source, author, first, last=None, start=None, end=None, phrase="", bounds=None, **fields
):
    """A draft claim on the current revision, from a sentence range or a phrase in it
    (`bounds`: see `locate`). Raises anchoring.SelectionError for a selection
    outside the text."""
    place = locate(source.current_revision, bounds, first, last, start, end, phrase)
    claim = Claim.objects.create(
        source=source, author=author, updated_by=author, **place, **clean(fields)
    )
    claim.contributors.add(author)
    audit.record(
        author,
        "create",
        claim,
        changes=audit.diff({}, audit.snapshot(claim, CLAIM_FIELDS + ("quote",))),
    )
    return claim


@transaction.atomic
def reattach_claim(
    claim, *, editor, first, last=None, start=None, end=None, phrase="", bounds=None
):
    """Anchor a claim (orphaned, or fuzzy and to be confirmed) to a new selection
    in the current revision (`bounds`: see `locate`)."""
    before = audit.snapshot(claim, ANCHOR_FIELDS)
    place = locate(claim.source.current_revision, bounds, first, last, start, end, phrase)
    for name, value in place.items():
        setattr(claim, name, value)
    claim.updated_by = editor
    claim.version += 1
    claim.save()
    # The quote and its place are published: whoever moves them contributed.
    claim.contributors.add(editor)
    audit.record(
        editor, "reattach", claim, changes=audit.diff(before, audit.snapshot(claim, ANCHOR_FIELDS))
    )
    if claim.status == ClaimStatus.PUBLISHED and workflow.only_place_changed(claim):
        # Readers see the new place only once someone else approves it.
        claim = workflow.transition(claim, "submit_place", editor)
    return claim


def _save_versioned(model, obj, version, editor, fields, *, action, extra=None, counter="version"):
    """Save `fields` if the row is still at the version the edit started from;
    raise Conflict otherwise. Values equal to the stored ones are no change: then
    nothing is written. The "before" side is read from the locked row: `obj` may
    already hold the new values (a bound ModelForm writes them onto its instance).
    Returns `obj` as stored (its counter unchanged when nothing changed)."""
    fields = clean(fields)
    # of=("self",): PostgreSQL cannot lock the nullable side of the join.
    current = (
        model.objects.select_for_update(of=("self",)).select_related("updated_by").get(pk=obj.pk)
    )
    if getattr(current, counter) != version:
        raise Conflict(current)
    before = audit.snapshot(current, fields)
    for name, value in fields.items():
        setattr(current, model._meta.get_field(name).attname, getattr(value, "pk", value))
    changes = audit.diff(before, audit.snapshot(current, fields))
    if not changes:
        obj.refresh_from_db()
        return obj
    model.objects.filter(pk=obj.pk).update(
        **{counter: F(counter) + 1},
        updated_at=timezone.now(),
        updated_by=editor,
        **fields,
        **(extra or {}),
    )
    _reload_keeping_relations(obj)
    audit.record(editor, action, obj, changes=changes)
    if set(changes) - UNPUBLISHED_FIELDS:
        claim = obj if isinstance(obj, Claim) else obj.claim
        claim.contributors.add(editor)
    return obj


def _reload_keeping_relations(obj):
    """refresh_from_db(), keeping the related objects `obj` held whose keys did
    not change (refresh_from_db forgets them all: each would cost a query when
    the response shows it)."""
    kept = {
        f: f.get_cached_value(obj)
        for f in obj._meta.concrete_fields
        if f.is_relation and f.many_to_one and f.is_cached(obj)
    }
    obj.refresh_from_db()
    for field, related in kept.items():
        if getattr(obj, field.attname) == getattr(related, "pk", None):
            field.set_cached_value(obj, related)


@transaction.atomic
def update_claim(claim, *, editor, version, **fields):
    """Save the claim's CLAIM_FIELDS given in `fields`."""
    return _save_versioned(Claim, claim, version, editor, fields, action="update")


@transaction.atomic
def save_verdict(claim, *, editor, version, rating, summary, rationale, correction_note=None):
    fields = {"rating": rating, "summary": summary, "rationale": rationale}
    if correction_note is not None:
        fields["correction_note"] = correction_note
    html = render_markdown(strip_nul(rationale), footnote_prefix=claim_footnotes(claim))
    extra = {"rationale_html": html}
    claim = _save_versioned(
        Claim,
        claim,
        version,
        editor,
        fields,
        action="verdict",
        extra=extra,
        counter="verdict_version",
    )
    # A second rating that waited for the claim's own is revealed now. Imported
    # here: blind imports notifications, which imports this module.
    from . import blind

    blind.after_rating_saved(claim)
    return claim


@transaction.atomic
def add_citation(claim, *, editor, archive=True, **fields):
    """Add a citation; its page is archived in the background unless `archive` is
    off (the demo data, whose real URLs a machine without internet must not try)."""
    last = claim.citations.aggregate(last=Max("position"))["last"]
    citation = Citation.objects.create(
        claim=claim, position=(last or 0) + 1, updated_by=editor, **clean(fields)
    )
    claim.contributors.add(editor)
    audit.record(
        editor, "add", citation, changes=audit.diff({}, audit.snapshot(citation, CITATION_FIELDS))
    )
    if archive:
        snapshots.queue_citation_archive(citation, user=editor)
    return citation


@transaction.atomic
def update_citation(citation, *, editor, version, **fields):
    """Save the citation; a changed URL is archived afresh."""
    before = Citation.objects.values_list("url", flat=True).get(pk=citation.pk)
    citation = _save_versioned(Citation, citation, version, editor, fields, action="update")
    if citation.url != before:
        snapshots.queue_citation_archive(citation, user=editor)
    return citation


@transaction.atomic
def delete_citation(citation, *, editor):
    audit.record(
        editor,
        "delete",
        citation,
        changes=audit.diff(audit.snapshot(citation, CITATION_FIELDS), {}),
    )
    citation.claim.contributors.add(editor)
    citation.delete()


@transaction.atomic
def move_citation(citation, offset, *, editor):
    """Swap the citation with its neighbour above (offset -1) or below (+1)."""
    siblings = list(citation.claim.citations.select_for_update().order_by("position", "pk"))
    i = next(i for i, c in enumerate(siblings) if c.pk == citation.pk)
    j = i + offset
    if not 0 <= j < len(siblings):
        return
    siblings[i], siblings[j] = siblings[j], siblings[i]
    for position, sibling in enumerate(siblings, start=1):
        if sibling.position != position:
            Citation.objects.filter(pk=sibling.pk).update(position=position)
    citation.claim.contributors.add(editor)
    audit.record(editor, "move", citation, changes={"position": [i + 1, j + 1]})


@transaction.atomic
def delete_claim(claim, *, editor):
    """Delete a draft that was never published; a published fact-check stays on
    the public record and can only be retracted."""
    if not claim.can_delete(editor):
        raise NotAllowed(
            "A claim that was published cannot be deleted; an editor can retract it with a public note."
            if claim.ever_published
            else "Only the claim's author or an editor can delete a draft."
        )
    audit.record(
        editor,
        "delete",
        claim,
        changes=audit.diff(audit.snapshot(claim, CLAIM_FIELDS + ("quote",)), {}),
    )
    claim.delete()


def number_in_source(claim):
    """The claim's number in the workspace's claim list: the claims placed in
    the source's current text, in the order their badges end (end, start, pk;
    see review.views.text_context). None for a claim without a place there."""
    if claim.start is None:
        return None
    # The source's current revision is cached on it: the workspace has read it.
    if claim.revision_id != claim.source.current_revision.pk:
        return None
    before = (
        Claim.objects.filter(revision_id=claim.revision_id)
        .located()
        .filter(
            Q(end__lt=claim.end)
            | Q(end=claim.end, start__lt=claim.start)
            | Q(end=claim.end, start=claim.start, pk__lt=claim.pk)
        )
    )
    return before.count() + 1
