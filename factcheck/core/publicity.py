"""What the public sees changes only through a few writes (publish, retract,
a new revision). Each bumps a counter in the database, in the same
transaction; public pages build their ETags and cache keys from it, so every
process stops serving the old pages at once."""

from functools import cache

from django.db import connection
from django.db.models import F

from .models import Counter

EPOCH = "public-epoch"


def public_epoch():
    """One indexed single-row query, written out: every public request (a 304
    too) makes it, and building it through the ORM cost more than running it."""
    with connection.cursor() as cursor:
        cursor.execute(epoch_sql(connection.vendor), [EPOCH])
        row = cursor.fetchone()
    return row[0] if row else 0


@cache
def epoch_sql(vendor):
    quote = connection.ops.quote_name
    field = Counter._meta.get_field
    return (
        f"SELECT {quote(field('value').column)} FROM {quote(Counter._meta.db_table)} "
        f"WHERE {quote(field('name').column)} = %s"
    )


def public_changed():
    """Call inside the transaction of a write that changes any public page."""
    if not Counter.objects.filter(name=EPOCH).update(value=F("value") + 1):
        Counter.objects.get_or_create(name=EPOCH, defaults={"value": 1})
