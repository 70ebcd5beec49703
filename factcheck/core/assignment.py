"""Assignment: an editor gives a claim or a source to a reviewer.

The admin and the reviewer UI both call `assign`; it checks who may assign and
to whom, writes the audit event and notifies the new assignee. Assignment says
who does what: it grants no rights (editing and approving follow the roles and
the two-person rule as before)."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from . import audit, notifications
from .models import Assignment, Claim, ClaimStatus, NotificationKind, Source
from .roles import is_editor

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
    if assignee is not None:
        _notify_assigned(obj, assignee, by)
    return current if assignee else None


def _name(user):
    return user.get_username() if user else None


def _notify_assigned(obj, assignee, by):
    who = notifications.display_name(by)
    if isinstance(obj, Claim):
        message = f"{who} assigned claim #{obj.pk} to you."
        url = reverse("review:claim-detail", args=[obj.pk])
        target = {"claim": obj}
    else:
        message = f"{who} assigned source #{obj.pk} to you."
        url = reverse("review:source-detail", args=[obj.slug])
        target = {"source": obj}
    notifications.notify([assignee], NotificationKind.ASSIGNED, message, url, actor=by, **target)


def assigned_to(user):
    """The user's open assignments: claims still being worked on, and sources."""
    return (
        Assignment.objects.filter(assignee=user)
        .exclude(claim__status__in=FINISHED)
        .select_related("claim__source", "claim__rating", "source", "assigned_by")
    )
