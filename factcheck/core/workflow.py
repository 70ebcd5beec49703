"""The one place where a claim's status changes.

    draft ──submit──▶ submitted ──publish──▶ published ──retract──▶ retracted
      ▲                 │    │                   │
      │◀──withdraw──────┘    └─request_changes──▶ changes_requested
      │◀──revise──────────────────────────────────┘
      │◀──correct─────────── published   (a correction draft: the public keeps
                                          seeing the last published verdict)

Each action names the states it starts from, who may take it and what the
claim needs; anything else raises TransitionError with a message for the user
and changes nothing. Publishing takes a second person: whoever wrote the
current verdict cannot publish it, editors included."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from . import audit
from .models import Claim, ClaimStatus, Verdict
from .publicity import public_changed

S = ClaimStatus


class TransitionError(Exception):
    """The action is not allowed; str() says why, for the user."""


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    sources: tuple
    target: str
    needs_note: bool = False


ACTIONS = {
    a.name: a
    for a in [
        Action("submit", "Submit for review", (S.DRAFT,), S.SUBMITTED),
        Action("withdraw", "Withdraw from review", (S.SUBMITTED,), S.DRAFT),
        Action("publish", "Approve and publish", (S.SUBMITTED,), S.PUBLISHED),
        Action("request_changes", "Request changes", (S.SUBMITTED,), S.CHANGES_REQUESTED, True),
        Action("revise", "Revise", (S.CHANGES_REQUESTED,), S.DRAFT),
        Action("correct", "Start a correction", (S.PUBLISHED,), S.DRAFT),
        Action("retract", "Retract", (S.PUBLISHED,), S.RETRACTED, True),
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
    if claim.published_verdict_id and not claim.correction_note.strip():
        missing.append("a correction note for readers")
    return missing


def is_editor(user):
    return user.has_perm("core.publish_claim")


def refusal(action, claim, user):
    """Why `user` may not take `action` on `claim` now, or None when they may."""
    is_author = claim.author_id == user.pk
    if action.name in ("submit", "withdraw", "revise"):
        if not (is_author or is_editor(user)):
            return "Only the claim's author or an editor can do that."
    elif action.name in ("publish", "request_changes", "correct"):
        if not is_editor(user):
            return "Only an editor can do that."
        if action.name != "correct" and claim.verdict_by_id == user.pk:
            return "You wrote this verdict: a second person must review it."
    elif action.name == "retract" and not user.has_perm("core.retract_claim"):
        return "Only an editor can retract a fact-check."
    if claim.status not in action.sources:
        return (
            f"A claim that is {claim.get_status_display().lower()} cannot be {PAST[action.name]}."
        )
    if action.name in ("submit", "publish"):
        missing = missing_for_publication(claim)
        if missing:
            return "It still needs " + ", ".join(missing) + "."
    return None


PAST = {
    "submit": "submitted",
    "withdraw": "withdrawn",
    "publish": "published",
    "request_changes": "sent back for changes",
    "revise": "revised",
    "correct": "corrected",
    "retract": "retracted",
}


def available_actions(claim, user):
    """The actions `user` can take on `claim` now, for buttons and admin actions."""
    return [a for a in ACTIONS.values() if refusal(a, claim, user) is None]


@transaction.atomic
def transition(claim, action_name, user, *, note=""):
    """Take the action or raise TransitionError; returns the updated claim."""
    action = ACTIONS[action_name]
    claim = Claim.objects.select_for_update().select_related("source").get(pk=claim.pk)
    reason = refusal(action, claim, user)
    if reason:
        raise TransitionError(reason)
    note = note.replace("\x00", "").strip()
    if action.needs_note and not note:
        raise TransitionError(
            "Say why changes are needed."
            if action.name == "request_changes"
            else "Write the public note."
        )
    before = audit.snapshot(claim, ("status", "status_note"))
    if action.name == "publish":
        publish_snapshot(claim, user)
    if action.name == "correct":
        claim.correction_note = ""
    claim.status = action.target
    claim.status_note = (
        note if action.needs_note else ("" if action.name != "retract" else claim.status_note)
    )
    claim.updated_by = user
    claim.version += 1
    claim.save()
    if action.name in ("publish", "retract"):
        public_changed()
    audit.record(
        user,
        action.name,
        claim,
        changes=audit.diff(before, audit.snapshot(claim, ("status", "status_note"))),
        note=note,
    )
    return claim


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
        citations=[
            {
                "url": c.url,
                "title": c.title,
                "publisher": c.publisher,
                "quote": c.quote,
                "stance": c.stance,
                "accessed_on": c.accessed_on.isoformat() if c.accessed_on else None,
            }
            for c in claim.citations.order_by("position", "pk")
        ],
        correction_note=claim.correction_note if last else "",
        written_by=claim.verdict_by,
        approved_by=user,
        published_at=timezone.now(),
    )
    claim.published_verdict = verdict
    return verdict


def submit(claim, user):
    return transition(claim, "submit", user)
