"""What the public sees changes only through a few writes (publish, retract,
a new revision). Each bumps a counter in the database, in the same
transaction; public pages build their ETags and cache keys from it, so every
process stops serving the old pages at once."""

from django.db.models import F

from .models import Counter

EPOCH = "public-epoch"


def public_epoch():
    """One indexed single-row query."""
    value = Counter.objects.filter(name=EPOCH).values_list("value", flat=True).first()
    return value or 0


def public_changed():
    """Call inside the transaction of a write that changes any public page."""
    if not Counter.objects.filter(name=EPOCH).update(value=F("value") + 1):
        Counter.objects.get_or_create(name=EPOCH, defaults={"value": 1})
