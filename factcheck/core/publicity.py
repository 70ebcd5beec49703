"""What the public sees changes only through a few writes (publish, retract,
a new revision). Each bumps a counter in the database, in the same
transaction; public pages build their ETags and cache keys from it, so every
process stops serving the old pages at once (for readers who are not logged
in, within RECENT_SECONDS: see recent_public_epoch)."""

import threading
import time
from functools import cache

from django.db import connection, transaction
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


# A reader's page may be a second old: public pages already tell browsers and
# shared caches to keep them for a minute (caching.MAX_AGE), and the epoch
# query was a fifth of a 304's time under gunicorn (bench/public.py).
RECENT_SECONDS = 1.0
_recent = {"value": None, "until": 0.0}
_recent_lock = threading.Lock()


def recent_public_epoch():
    """The epoch as this process read it at most RECENT_SECONDS ago; a write
    in this process forgets it at once (see public_changed)."""
    now = time.monotonic()
    with _recent_lock:
        if _recent["value"] is not None and now < _recent["until"]:
            return _recent["value"]
    value = public_epoch()
    with _recent_lock:
        _recent.update(value=value, until=now + RECENT_SECONDS)
    return value


def forget_recent_epoch():
    with _recent_lock:
        _recent.update(value=None, until=0.0)


def public_changed():
    """Call inside the transaction of a write that changes any public page."""
    if not Counter.objects.filter(name=EPOCH).update(value=F("value") + 1):
        Counter.objects.get_or_create(name=EPOCH, defaults={"value": 1})
    # Now, for the writer's own next request, and once more after the commit,
    # in case another thread of this process read the old value meanwhile.
    forget_recent_epoch()
    transaction.on_commit(forget_recent_epoch)
