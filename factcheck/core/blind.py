"""Blind second ratings: an editor asks a second reviewer to rate a claim on
their own research, without seeing the claim's rating, summary, rationale or
citations (a citation's stance leaks the verdict).

    request ──▶ REQUESTED ──rate──▶ REVEALED   (the claim has a rating)
                    │        └────▶ RATED ──the claim's rating saved──▶ REVEALED
                    └──withdraw──▶ WITHDRAWN   (from REQUESTED or RATED)

Until the pair is revealed, every surface the second reviewer can reach asks
`hidden_from(user)` which claims' first rating they must not see, and nobody but
the second reviewer sees the second rating's content. At the reveal the claim's
rating and who gave it are copied into the BlindRating (the pair as it was);
ratings that differ stay flagged for the editors until one resolves it with a
note, and until then (and while a request is open) the claim is not approved
(workflow.refusal). Every step leaves an audit event; none before the reveal
names what either side rated."""

from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef
from django.urls import reverse
from django.utils import timezone

from . import assignment, audit, notifications
from .ingest import strip_nul
from .markup import render_markdown
from .models import (
    OPEN_BLIND_STATES,
    AuditEvent,
    BlindRating,
    BlindState,
    Citation,
    Claim,
    ClaimStatus,
    NotificationKind,
)
from .roles import is_editor

OWN_RESEARCH = (
    "You rate it on your own research: its rating, summary, rationale and citations stay "
    "hidden from you until both ratings are in."
)


class BlindError(Exception):
    """The step is not allowed; str() says why, for the user."""


# What the second reviewer must not see ---------------------------------------


def hidden_from(user):
    """The ids of the claims whose first rating `user` must not see (a
    queryset of claim_id: use it as a subquery, `pk__in=hidden_from(user)`)."""
    return BlindRating.objects.filter(
        reviewer_id=getattr(user, "pk", None), state__in=OPEN_BLIND_STATES
    ).values("claim_id")


def hidden_flag(user, field="pk"):
    """An Exists() annotation: the row's claim (`field`) is hidden from `user`."""
    return Exists(hidden_from(user).filter(claim_id=OuterRef(field)))


def is_hidden(claim, user):
    """`claim`'s first rating is hidden from `user` (no query when the claim was
    read with the `blind_hidden` annotation, see hidden_flag)."""
    if hasattr(claim, "blind_hidden"):
        return claim.blind_hidden
    return hidden_from(user).filter(claim_id=claim.pk).exists()


def blind_url(claim):
    return reverse("review:claim-blind", args=[claim.pk])


# Reading a claim's blind ratings ---------------------------------------------


def with_blind_flags(claims, user):
    """Claims annotated for the blind rating checks of their page: whether
    `user` rates them blind, and whether they have any blind rating at all
    (most have none: then ratings_of costs no query)."""
    return claims.annotate(
        blind_hidden=hidden_flag(user),
        has_blind=Exists(BlindRating.objects.filter(claim_id=OuterRef("pk"))),
    )


def ratings_of(claim):
    """The claim's blind ratings, newest first, read once per instance."""
    cached = claim.__dict__.get("_blind_ratings")
    if cached is None and getattr(claim, "has_blind", True) is False:
        cached = claim.__dict__["_blind_ratings"] = []
    if cached is None:
        cached = list(
            claim.blind_ratings.select_related(
                "reviewer", "requested_by", "rating", "first_rating", "first_rater", "resolved_by"
            )
        )
        claim.__dict__["_blind_ratings"] = cached
    return cached


def current_of(claim):
    """The blind rating the claim page shows: the open one, else the newest
    revealed one (None: none)."""
    for blind in ratings_of(claim):
        if blind.state != BlindState.WITHDRAWN:
            return blind
    return None


def unresolved(blind):
    return bool(blind.disagrees) and blind.resolved_at is None


def publish_hold(claim):
    """Why the claim may not be approved now because of a blind rating, or None."""
    for blind in ratings_of(claim):
        if blind.is_open:
            return (
                "An independent second rating is still open: approve it once both ratings "
                "are in (or the request is withdrawn)."
            )
        if unresolved(blind):
            return "The blind ratings disagree: an editor must resolve it with a note first."
    return None


def open_for(user):
    """The blind ratings waiting for `user` to rate, oldest first (for the desk)."""
    return (
        BlindRating.objects.filter(reviewer=user, state=BlindState.REQUESTED)
        .select_related("claim__source", "requested_by")
        .order_by("requested_at", "pk")
    )


def disagreements(viewer):
    """Revealed pairs whose ratings differ and that no editor resolved yet (but
    an earlier pair of a claim `viewer` now rates blind: it shows its rating)."""
    return (
        BlindRating.objects.filter(state=BlindState.REVEALED, resolved_at__isnull=True)
        .exclude(first_rating_id=F("rating_id"))
        .exclude(claim_id__in=hidden_from(viewer))
        .select_related("claim__source", "rating", "first_rating", "reviewer", "first_rater")
        .order_by("revealed_at", "pk")
    )


# Asking and withdrawing --------------------------------------------------------


def request_refusal(claim, by):
    """Why `by` may not ask for a blind rating of `claim` now, or None."""
    if not is_editor(by):
        return "Only an editor can ask for an independent rating."
    if claim.published_verdict_id or claim.status == ClaimStatus.RETRACTED:
        return "Only a claim that was never published can be rated blind."
    if any(blind.is_open for blind in ratings_of(claim)):
        return "An independent rating of this claim is already requested."
    return None


def eligible_reviewers(claim, by):
    """Who may rate `claim` blind when `by` asks: active reviewers who did not
    write it, change it since its last approval, have it assigned, or ask."""
    excluded = {claim.author_id, by.pk, claim.assignee_id, *claim.contributor_ids} - {None}
    return assignment.assignable_users().exclude(pk__in=excluded)


@transaction.atomic
def request(claim, reviewer, *, by):
    """Ask `reviewer` for an independent rating of `claim`; returns the BlindRating."""
    claim = Claim.objects.select_for_update().select_related("source").get(pk=claim.pk)
    if reason := request_refusal(claim, by):
        raise BlindError(reason)
    if reviewer is None or not eligible_reviewers(claim, by).filter(pk=reviewer.pk).exists():
        raise BlindError(
            "Choose an active reviewer who did not write or change this claim, "
            "is not assigned to it, and is not you."
        )
    try:
        with transaction.atomic():
            blind = BlindRating.objects.create(claim=claim, reviewer=reviewer, requested_by=by)
    except IntegrityError:
        raise BlindError("An independent rating of this claim is already requested.") from None
    audit.record(by, "blind_request", blind, changes={"reviewer": [None, reviewer.get_username()]})
    notifications.notify(
        [reviewer],
        NotificationKind.BLIND,
        f"{notifications.display_name(by)} asks you for an independent rating of "
        f"{notifications.claim_label(claim)}. You rate it on your own research.",
        blind_url(claim),
        actor=by,
        claim=claim,
    )
    return blind


def _locked(blind):
    return (
        BlindRating.objects.select_for_update(of=("self",))
        .select_related("claim__source")
        .get(pk=blind.pk)
    )


@transaction.atomic
def withdraw(blind, *, by):
    """An editor withdraws an open request (rated or not); the rating is kept unseen."""
    if not is_editor(by):
        raise BlindError("Only an editor can withdraw a request for an independent rating.")
    blind = _locked(blind)
    if not blind.is_open:
        raise BlindError("Only an open request can be withdrawn.")
    before = blind.state
    blind.state = BlindState.WITHDRAWN
    blind.save(update_fields=["state"])
    audit.record(by, "blind_withdraw", blind, changes={"state": [before, blind.state]})
    notifications.notify(
        [blind.reviewer],
        NotificationKind.BLIND,
        f"{notifications.display_name(by)} withdrew the request for your independent rating "
        f"of {notifications.claim_label(blind.claim)}.",
        blind.claim.get_absolute_url(),
        actor=by,
        claim=blind.claim,
    )
    return blind


# Rating and revealing ------------------------------------------------------------


@transaction.atomic
def rate(blind, *, reviewer, rating, summary, rationale):
    """The second reviewer's rating. Revealed at once when the claim has a
    rating; otherwise when the claim's rating is saved (after_rating_saved)."""
    # The claim first, then the rating, as a verdict save takes them: a save
    # at the same moment waits, and reveals the pair once this one is in.
    claim = Claim.objects.select_for_update().get(pk=blind.claim_id)
    blind = _locked(blind)
    if blind.reviewer_id != reviewer.pk:
        raise BlindError("Only the reviewer asked for this rating can give it.")
    if blind.state != BlindState.REQUESTED:
        raise BlindError("This independent rating was already given or withdrawn.")
    rationale = strip_nul(rationale)
    blind.rating = rating
    blind.summary = strip_nul(summary)
    blind.rationale = rationale
    blind.rationale_html = render_markdown(rationale, footnote_prefix=f"b{blind.pk}-")
    blind.rated_at = timezone.now()
    blind.state = BlindState.RATED
    blind.save()
    # No content in the event: the claim's history is shown to its first rater.
    audit.record(
        reviewer, "blind_rate", blind, changes={"state": [BlindState.REQUESTED, BlindState.RATED]}
    )
    if claim.rating_id:
        reveal(blind, claim)
    return blind


def first_rater_of(claim):
    """Who gave the claim its rating: the actor of the last event that changed
    it, else its author."""
    event = (
        AuditEvent.objects.filter(claim_id=claim.pk, object_type="claim")
        .filter(changes__has_key="rating")
        .exclude(actor=None)
        .order_by("-pk")
        .select_related("actor")
        .first()
    )
    return event.actor if event else claim.author


def reveal(blind, claim):
    """Both are in: keep the pair as it is now, and tell who rated and who asked."""
    blind.first_rating_id = claim.rating_id
    blind.first_rater = first_rater_of(claim)
    blind.state = BlindState.REVEALED
    blind.revealed_at = timezone.now()
    blind.save(update_fields=["first_rating", "first_rater", "state", "revealed_at"])
    blind.refresh_from_db(fields=["first_rating", "rating"])
    audit.record(
        None,
        "blind_reveal",
        blind,
        changes={
            "state": [BlindState.RATED, BlindState.REVEALED],
            "first_rating": [None, str(blind.first_rating)],
            "rating": [None, str(blind.rating)],
        },
    )
    differ = " They differ: an editor resolves it before approval." if blind.disagrees else ""
    notifications.notify(
        [blind.reviewer, blind.first_rater, blind.requested_by],
        NotificationKind.BLIND,
        f"Both ratings of {notifications.claim_label(claim)} are in.{differ}",
        claim.get_absolute_url(),
        claim=claim,
    )
    return blind


def after_rating_saved(claim):
    """Called when the claim's verdict is saved: a second rating that waited for
    the claim's own rating is revealed now."""
    if not claim.rating_id or getattr(claim, "has_blind", True) is False:
        return None  # has_blind: read with the claim in this request (with_blind_flags)
    waiting = (
        BlindRating.objects.select_for_update(of=("self",))
        .filter(claim_id=claim.pk, state=BlindState.RATED)
        .select_related("reviewer", "requested_by")
        .first()
    )
    if waiting is None:
        return None
    claim = Claim.objects.select_related("source").get(pk=claim.pk)
    return reveal(waiting, claim)


@transaction.atomic
def resolve(blind, *, by, note):
    """An editor settles a disagreement, saying how."""
    if not is_editor(by):
        raise BlindError("Only an editor can resolve a disagreement.")
    note = strip_nul(note or "").strip()
    if not note:
        raise BlindError("Say how the disagreement was settled.")
    blind = _locked(blind)
    if not unresolved(blind):
        raise BlindError("These ratings do not disagree, or the disagreement is resolved.")
    blind.resolved_by, blind.resolved_at, blind.resolution_note = by, timezone.now(), note
    blind.save(update_fields=["resolved_by", "resolved_at", "resolution_note"])
    audit.record(by, "blind_resolve", blind, note=note)
    return blind


def visible_claims(queryset, user):
    """`queryset` of claims without those whose first rating `user` must not see."""
    return queryset.exclude(pk__in=hidden_from(user))


def hidden_snapshots(user):
    """The ids of our copies of pages cited by claims `user` rates blind (a
    subquery): a copy names a citation, and a citation's stance the verdict."""
    cited = Citation.objects.filter(claim_id__in=hidden_from(user), snapshot__isnull=False)
    return cited.values("snapshot_id")
