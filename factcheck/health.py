"""/healthz for load balancers: the database, the cache and a live task worker."""

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.utils.crypto import get_random_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from factcheck.core.tasks import worker_alive


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def check_cache():
    key, value = "healthz:probe", get_random_string(12)
    cache.set(key, value, 10)
    return "ok" if cache.get(key) == value else "cache does not keep what is written"


def check_worker():
    if settings.TASK_BACKEND == "immediate":
        return "ok"  # tasks run inside the request: there is no worker to wait for
    if worker_alive():
        return "ok"
    return f"no worker heartbeat in the last {settings.WORKER_STALE_SECONDS} s"


@never_cache
@require_GET
def healthz(request):
    """200 with {"database": "ok", ...} when all is well, 503 naming what is not."""
    checks = {}
    for name, check in (
        ("database", check_database),
        ("cache", check_cache),
        ("worker", check_worker),
    ):
        try:
            checks[name] = check()
        # Any failure (a refused Redis, a dropped database) is a finding, not a 500.
        except Exception as error:
            checks[name] = f"error: {type(error).__name__}"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(checks, status=200 if healthy else 503)
