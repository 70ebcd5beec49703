"""A real task worker in the test process."""

import signal

from django.core.management import call_command


def run_worker_batch():
    """`manage.py worker --batch`: do what is queued, then return. The worker
    sets its own SIGINT/SIGTERM handlers; pytest gets its own back."""
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        call_command("worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
