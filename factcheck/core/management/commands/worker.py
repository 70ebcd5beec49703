import logging
import threading

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand

from factcheck.core.models import WorkerHeartbeat

logger = logging.getLogger(__name__)


def beat(worker_id):
    try:
        WorkerHeartbeat.objects.update_or_create(
            worker_id=worker_id[:64], defaults={"seen_at": timezone.now()}
        )
    except DatabaseError:
        # A database restart or a busy SQLite file: the next beat tries again.
        logger.warning("Worker heartbeat could not be written", exc_info=True)


def heartbeat_loop(worker_id, stop):
    while not stop.wait(settings.WORKER_HEARTBEAT_SECONDS):
        beat(worker_id)
        connection.close()  # this thread's own connection; not kept between beats


class Command(DBWorkerCommand):
    help = (
        "Run the background worker (django-tasks-db's db_worker, same options) and record "
        "its heartbeat for /healthz."
    )

    def handle(self, *args, **options):
        # The first beat before any task: /healthz sees the worker at once.
        beat(options["worker_id"])
        stop = threading.Event()
        thread = threading.Thread(
            target=heartbeat_loop, args=(options["worker_id"], stop), daemon=True
        )
        thread.start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
