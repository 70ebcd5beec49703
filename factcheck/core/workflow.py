"""The one place where a claim's status changes.

    draft ──submit──▶ submitted ──publish──▶ published ──retract──▶ retracted
      ▲                 │    │                   │
      │◀──withdraw──────┘    └─request_changes──▶ changes_requested
      │◀──revise──────────────────────────────────┘
      │◀──correct─────────── published   (a correction draft: the public keeps
                                          seeing the last published verdict)

Each action names the states it starts from, who may take it and what the
claim needs; anything else raises TransitionError with a message for the user
and changes nothing. Publishing takes a second person: nobody who changed
anything that gets published since the last approval (a contributor, see
Claim.contributors) may approve it or send it back, editors included.

A published claim whose place moved in a new revision of its source (a
re-anchored place confirmed, or a re-attach) goes through the same review:
confirming submits it ("submit_place"), an editor who did not confirm it
approves it (the publish action, which then approves the place and publishes
no new verdict: nothing but the place changed) or sends it back. Readers keep
the approved revision until then (revisions.advance_public_revision). A claim
whose words were not found again (orphaned), or whose new place is not
confirmed (fuzzy), cannot be submitted or approved.

A claim with an open blind second rating, or whose blind ratings disagree and
no editor resolved it, is not approved either (core/blind.py)."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from . import audit, blind, notifications, revisions
from .ingest import strip_nul
from .models import AnchorState, ApprovedPlace, Claim, ClaimStatus, Verdict
from .publicity import public_changed
from .roles import can_retract, is_editor

S = ClaimStatus


class TransitionError(Exception):
    """The action is not allowed; str() says why, for the user."""


@dataclass(frozen=True)
class Action:
    """One workflow action and all its wording: the button (`label`), what it
    did (`past`, as in "cannot be published" or "Published: 3 claims"), and
    the message shown to whoever took it (`done`)."""

    name: str
    label: str
    past: str
    done: str
    sources: tuple
    target: str
    needs_note: bool = False


ACTIONS = {
    a.name: a
    for a in [
        Action(
            "submit",
            "Submit for review",
            "submitted",
            "Submitted for review. An editor will check it.",
            (S.DRAFT,),
            S.SUBMITTED,
        ),
        Action(
            "submit_place",
            "Submit the new place for review",
            "submitted for review of its new place",
            "Waiting for an editor to approve the new place: readers keep seeing the approved "
            "revision until then.",
            (S.PUBLISHED,),
            S.SUBMITTED,
        ),
        Action(
            "withdraw",
            "Withdraw from review",
            "withdrawn from review",
            "Withdrawn from review: it is a draft again.",
            (S.SUBMITTED,),
            S.DRAFT,
        ),
        Action(
            "publish", "Approve and publish", "published", "Published.", (S.SUBMITTED,), S.PUBLISHED
        ),
        Action(
            "request_changes",
            "Request changes",
            "sent back for changes",
            "Sent back to the author with your reason.",
            (S.SUBMITTED,),
            S.CHANGES_REQUESTED,
            needs_note=True,
        ),
        Action(
            "revise",
            "Revise",
            "back to draft for revision",
            "Back to draft: make the changes, then submit again.",
            (S.CHANGES_REQUESTED,),
            S.DRAFT,
        ),
        Action(
            "correct",
            "Start a correction",
            "corrected",
            "Correction started: the public keeps the published verdict until the correction is published.",
            (S.PUBLISHED,),
            S.DRAFT,
        ),
        Action(
            "retract",
            "Retract",
            "retracted",
            "Retracted: the public page now shows your note.",
            (S.PUBLISHED,),
            S.RETRACTED,
            needs_note=True,
        ),
    ]
}


def missing_for_publication(claim):
    """What a claim still needs before review or publication, as readable names."""
    missing = []
    if not claim.rating_id:
        missing.append("a rating")
    if not claim.summary.strip():
        missing.append("a summary")
    if not claim.rationale.strip():
        missing.append("a rationale")
    if not claim.citations.exists():
        missing.append("at least one citation")
    if (
        claim.published_verdict_id
        and not claim.correction_note.strip()
        and not only_place_changed(claim)
    ):
        missing.append("a correction note for readers")
    return missing


def citation_snapshot(claim):
    """The claim's citations as a published verdict stores them."""
    return [
        {
            "url": c.url,
            "archived_url": c.archived_url,
            "title": c.title,
            "publisher": c.publisher,
            "quote": c.quote,
            "stance": c.stance,
            "accessed_on": c.accessed_on.isoformat() if c.accessed_on else None,
            **archived_copy(c.snapshot),
        }
        for c in claim.citations.select_related("snapshot").order_by("position", "pk")
    ]


def only_place_changed(claim):
    """Nothing readers read changed since the published verdict but the claim's
    place, which awaits approval in a newer revision: approving it shows the
    place, and is no correction (no note, no new verdict)."""
    verdict = claim.published_verdict
    if verdict is None or claim.correction_note.strip():
        return False  # a note for readers makes it a correction
    if not revisions.place_awaits_approval(claim):
        return False
    working = (claim.text, claim.claimant, claim.claimant_type, claim.claim_date, claim.rating_id,
               claim.summary, claim.rationale)  # fmt: skip
    published = (verdict.claim_text, verdict.claimant, verdict.claimant_type, verdict.claim_date,
                 verdict.rating_id, verdict.summary, verdict.rationale)  # fmt: skip
    return working == published and citation_snapshot(claim) == verdict.citations


def place_refusal(claim):
    """Why the claim's place keeps it from review or approval, or None."""
    if claim.anchor_state == AnchorState.ORPHANED:
        return (
            f"Its words were not found in revision {claim.revision.number} of the text: "
            "re-attach it to the passage it is about first."
        )
    if claim.anchor_state == AnchorState.FUZZY:
        return (
            "The text changed under it: confirm its new place or re-attach it first, "
            "so the words shown with the verdict are the ones checked."
        )
    return None


def contributed(claim, user):
    """`user` changed something this claim would publish since its last approval."""
    return user.pk in claim.contributor_ids


def role_refusal(action, claim, user):
    """Why `user`'s role (or part in the claim) keeps them from `action`, or None."""
    if action.name in ("submit", "withdraw", "revise", "submit_place"):
        if not (claim.is_author_or_assignee(user) or is_editor(user)):
            return "Only the claim's author, its assignee or an editor can do that."
    elif action.name in ("publish", "request_changes", "correct"):
        if not is_editor(user):
            return "Only an editor can do that."
    elif action.name == "retract" and not can_retract(user):
        return "Only an editor can retract a fact-check."
    return None


SECOND_PERSON = (
    "You changed this fact-check since its last approval: a second person must review it."
)


def second_person_refusal(action, claim, user):
    """The two-person rule's refusal of `action` to `user`, or None."""
    if action.name in ("publish", "request_changes") and contributed(claim, user):
        return SECOND_PERSON
    return None


def blind_refusal(action, claim):
    """An open blind rating, or blind ratings that disagree and are not resolved,
    keep the claim from approval (core/blind.py), or None."""
    if action.name == "publish":
        return blind.publish_hold(claim)
    return None


def refusal(action, claim, user):
    """Why `user` may not take `action` on `claim` now, or None when they may."""
    reason = role_refusal(action, claim, user) or second_person_refusal(action, claim, user)
    if reason:
        return reason
    if claim.status not in action.sources:
        return f"A claim that is {claim.get_status_display().lower()} cannot be {action.past}."
    if action.name in ("submit", "publish", "submit_place"):
        if reason := place_refusal(claim):
            return reason
    if action.name == "submit_place" and not only_place_changed(claim):
        return "Only a new place in the current text can be submitted on its own."
    if action.name in ("submit", "publish"):
        missing = missing_for_publication(claim)
        if missing:
            return "It still needs " + ", ".join(missing) + "."
    return blind_refusal(action, claim)


def available_actions(claim, user):
    """The actions `user` can take on `claim` now, for buttons and admin actions."""
    return [a for a in ACTIONS.values() if refusal(a, claim, user) is None]


def withheld_actions(claim, user):
    """(action, reason) for each action from the claim's status that `user`'s
    role allows but the two-person rule or a blind rating keeps from them: the
    desk says why Approve is missing rather than leaving it out silently."""
    return [
        (action, reason)
        for action in ACTIONS.values()
        if claim.status in action.sources
        and role_refusal(action, claim, user) is None
        and (reason := second_person_refusal(action, claim, user) or blind_refusal(action, claim))
    ]


@transaction.atomic
def transition(claim, action_name, user, *, note=""):
    """Take the action or raise TransitionError; returns the updated claim."""
    action = ACTIONS[action_name]
    claim = Claim.objects.select_for_update().select_related("source").get(pk=claim.pk)
    reason = refusal(action, claim, user)
    if reason:
        raise TransitionError(reason)
    note = strip_nul(note).strip()
    if action.needs_note and not note:
        raise TransitionError(
            "Say why changes are needed."
            if action.name == "request_changes"
            else "Write the public note."
        )
    before = audit.snapshot(claim, ("status", "status_note"))
    place_approval = action.name == "publish" and only_place_changed(claim)
    if place_approval:
        claim.approved_place = approve_place(claim, user)
    elif action.name == "publish":
        publish_snapshot(claim, user)
    if action.name == "correct":
        claim.correction_note = ""
    if action.name == "retract":
        claim.retracted_at = timezone.now()
    claim.status = action.target
    claim.status_note = (
        note if action.needs_note else ("" if action.name != "retract" else claim.status_note)
    )
    claim.updated_by = user
    claim.version += 1
    claim.save()
    audit.record(
        user,
        action.name,
        claim,
        changes=audit.diff(before, audit.snapshot(claim, ("status", "status_note"))),
        note=note or ("new place approved" if place_approval else ""),
    )
    if action.name in ("publish", "retract"):
        revisions.advance_public_revision(claim.source, user=user)
        public_changed()
    if not place_approval:
        notifications.after_transition(claim, action.name, user, note)
    return claim


def done_message(action_name, claim):
    """What to tell whoever took the action on `claim` (as it is now)."""
    if action_name == "publish" and getattr(claim, "approved_place", None):
        shown = revisions.public_revision(claim.source)
        if shown.pk == claim.revision_id:
            return f"New place approved: readers now see revision {shown.number} with it."
        return (
            "New place approved. Readers keep seeing revision "
            f"{shown.number} until every published claim of revision "
            f"{claim.revision.number} has an approved place."
        )
    return ACTIONS[action_name].done


def approve_place(claim, user):
    """The claim's new place, confirmed by someone else, becomes public."""
    place = ApprovedPlace.objects.create(
        claim=claim,
        revision=claim.revision,
        start=claim.start,
        end=claim.end,
        quote=claim.current_text,
        approved_by=user,
    )
    # Approved: whoever moved it may approve the claim's next change.
    claim.contributors.clear()
    audit.record(
        user,
        "approve_place",
        claim,
        changes={"revision": [None, claim.revision.number], "quote": [None, place.quote]},
    )
    return place


def publish_snapshot(claim, user):
    """Freeze the current verdict as the next published version."""
    last = claim.verdicts.order_by("-number").first()
    verdict = Verdict.objects.create(
        claim=claim,
        number=(last.number + 1) if last else 1,
        rating=claim.rating,
        summary=claim.summary,
        rationale=claim.rationale,
        rationale_html=claim.rationale_html,
        claim_text=claim.text,
        claimant=claim.claimant,
        claimant_type=claim.claimant_type,
        claim_date=claim.claim_date,
        quote=claim.quote,
        revision_id=claim.revision_id if claim.start is not None else None,
        start=claim.start,
        end=claim.end,
        citations=citation_snapshot(claim),
        correction_note=claim.correction_note if last else "",
        same_as_id=claim.same_as_id,
        approved_by=user,
        published_at=timezone.now(),
    )
    # Approved: the next version's contributors start afresh.
    verdict.contributors.set(claim.contributors.all())
    claim.contributors.clear()
    claim.published_verdict = verdict
    return verdict


def archived_copy(snapshot):
    """Our copy of a cited page, as a published citation names it (core/snapshots.py)."""
    if snapshot is None or not snapshot.archived:
        return {}
    return {"snapshot": snapshot.pk, "archived_at": snapshot.fetched_at.isoformat()}
