"""The audit trail: append-only events with a field-by-field difference.

Every write function in the domain modules records its event here, so the
reviewer UI, the admin and the commands leave the same trail."""

from datetime import date, datetime
from decimal import Decimal

from django.db import models

from .models import AuditEvent, Citation, Claim, Revision, Source


def value_of(obj, field_name):
    field = obj._meta.get_field(field_name)
    value = getattr(obj, field.attname)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(field, models.ForeignKey) and value is not None:
        related = getattr(obj, field_name)
        return str(related)
    return value


def snapshot(obj, fields):
    return {name: value_of(obj, name) for name in fields}


def diff(before, after):
    """{field: [before, after]} for the fields whose value changed; a field on
    one side only (a creation or a deletion) counts as changed from or to None."""
    return {
        name: [before.get(name), after.get(name)]
        for name in {**before, **after}
        if before.get(name) != after.get(name)
    }


def _context_of(obj):
    if isinstance(obj, Claim):
        return obj, obj.source_id
    if isinstance(obj, Citation):
        return obj.claim, obj.claim.source_id
    if isinstance(obj, Source):
        return None, obj.pk
    if isinstance(obj, Revision):
        return None, obj.source_id
    claim = getattr(obj, "claim", None)
    if claim is None:
        return None, getattr(obj, "source_id", None)
    return claim, claim.source_id


def record(actor, action, obj, *, changes=None, note=""):
    claim, source_id = _context_of(obj)
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=obj._meta.model_name,
        object_id=obj.pk,
        object_repr=str(obj)[:200],
        claim_id=claim.pk if claim else None,
        source_id=source_id,
        changes=changes or {},
        note=note,
    )
