"""Assignment: an editor gives a claim or a source to a reviewer.

The admin and the reviewer UI both call `assign`; it checks who may assign and
to whom, writes the audit event and notifies the new assignee, the claim's
author and whoever had it before. A claim's assignee may do its author's work
on it (edit the draft, submit it; Claim.can_edit, workflow.role_refusal);
approving still follows the roles and the two-person rule (whoever changed it
cannot approve it). A source's assignee is asked to check that source: the
claims others made in it stay theirs."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from . import audit, notifications
from .models import Assignment, Claim, ClaimStatus, NotificationKind, Source
from .roles import is_editor

Kind = NotificationKind

# A claim in these states needs nobody's work: it is not in anyone's queue.
FINISHED = (ClaimStatus.PUBLISHED, ClaimStatus.RETRACTED)


class AssignmentError(Exception):
    """The assignment is not allowed; str() says why, for the user."""


def assignable_users():
    """Active people with the reviewer's permission to work on claims, by name."""
    User = get_user_model()
    perm = Q(groups__permissions__codename="change_claim") | Q(
        user_permissions__codename="change_claim"
    )
    return (
        User.objects.filter(is_active=True)
        .filter(perm | Q(is_superuser=True))
        .distinct()
        .order_by("username")
    )


def _key(obj):
    if isinstance(obj, Claim):
        return {"claim": obj}
    if isinstance(obj, Source):
        return {"source": obj}
    raise TypeError(f"Cannot assign a {type(obj).__name__}.")


def refusal(obj, assignee, by):
    """Why `by` may not give `obj` to `assignee`, or None."""
    if not is_editor(by):
        return "Only an editor can assign work."
    if assignee is not None and not assignable_users().filter(pk=assignee.pk).exists():
        return f"{assignee.get_username()} is not an active reviewer."
    return None


@transaction.atomic
def assign(obj, assignee, *, by):
    """Give `obj` (a claim or a source) to `assignee`, or to nobody with None.
    Returns the Assignment (None when unassigned); the same assignee is a no-op."""
    reason = refusal(obj, assignee, by)
    if reason:
        raise AssignmentError(reason)
    current = Assignment.objects.select_for_update().filter(**_key(obj)).first()
    before = current.assignee if current else None
    if before == assignee:
        return current
    if assignee is None:
        current.delete()
    elif current is None:
        current = Assignment.objects.create(assignee=assignee, assigned_by=by, **_key(obj))
    else:
        current.assignee, current.assigned_by = assignee, by
        current.save()
    changes = {"assignee": [_name(before), _name(assignee)]}
    audit.record(by, "assign" if assignee else "unassign", obj, changes=changes)
    if isinstance(obj, Claim):
        _notify_claim(obj, assignee, before, by)
    elif assignee is not None:
        message = f"{_who(by)} assigned the source {notifications.source_label(obj)} to you."
        url = reverse("review:source-detail", args=[obj.slug])
        notifications.notify([assignee], Kind.ASSIGNED, message, url, actor=by, source=obj)
    return current if assignee else None


def _name(user):
    return user.get_username() if user else None


def _who(user):
    return notifications.display_name(user)


def _notify_claim(claim, assignee, before, by):
    """The new assignee may now edit the claim; its author and whoever had it
    before learn who has it (the one who had it can no longer edit it)."""
    what, who = notifications.claim_label(claim), _who(by)
    if assignee is not None:
        notifications.notify_about(
            claim,
            [assignee],
            Kind.ASSIGNED,
            f"{who} assigned {what} to you: you can now edit it.",
            actor=by,
        )
        if claim.author_id != assignee.pk:
            message = f"{who} assigned your {what} to {_name(assignee)}."
            notifications.notify_about(claim, [claim.author], Kind.REASSIGNED, message, actor=by)
    if before is not None and before.pk != claim.author_id:
        message = (
            f"{who} assigned {what} to {_name(assignee)} instead of you."
            if assignee
            else f"{who} took {what} off you."
        )
        notifications.notify_about(claim, [before], Kind.REASSIGNED, message, actor=by)


def assigned_to(user):
    """The user's open assignments: claims still being worked on, and sources."""
    return (
        Assignment.objects.filter(assignee=user)
        .exclude(claim__status__in=FINISHED)
        .select_related("claim__source", "claim__rating", "source", "assigned_by")
    )
