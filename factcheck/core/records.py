"""Audited writes the admin makes on the app's behalf: the same events as the
app's own writes, from one place the admin calls (it changes nothing itself)."""

from django.db import transaction
from django.utils import timezone

from . import audit
from .models import SuggestionStatus
from .publicity import public_changed

HANDLED_FIELDS = ("status", "handled_by", "handled_at")
VERBS = {SuggestionStatus.ACCEPTED: "accept", SuggestionStatus.DISMISSED: "dismiss"}


@transaction.atomic
def save_recorded(obj, *, user, fields, save):
    """Call `save()` to store `obj`, and record what changed among `fields`
    (a creation when it is new); public pages refresh when anything did."""
    before = {}
    if obj.pk is not None and not obj._state.adding:
        before = audit.snapshot(type(obj).objects.get(pk=obj.pk), fields)
    created = not before
    save()
    changes = audit.diff(before, audit.snapshot(obj, fields))
    if changes:
        audit.record(user, "create" if created else "update", obj, changes=changes)
        public_changed()
    return changes


@transaction.atomic
def delete_recorded(obj, *, user, fields, delete):
    audit.record(user, "delete", obj, changes=audit.diff(audit.snapshot(obj, fields), {}))
    delete()
    public_changed()


@transaction.atomic
def mark_suggestions(suggestions, status, *, user):
    """Mark reader suggestions accepted or dismissed; returns how many changed."""
    marked = 0
    for suggestion in suggestions.exclude(status=status).select_related("claim", "handled_by"):
        before = audit.snapshot(suggestion, HANDLED_FIELDS)
        suggestion.status = status
        suggestion.handled_by = user
        suggestion.handled_at = timezone.now()
        suggestion.save(update_fields=HANDLED_FIELDS)
        changes = audit.diff(before, audit.snapshot(suggestion, HANDLED_FIELDS))
        audit.record(user, VERBS[status], suggestion, changes=changes)
        marked += 1
    return marked
