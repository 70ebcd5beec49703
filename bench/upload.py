"""A large upload through the new-source form, as a reviewer sends it, for a
1 MB and a 5 MB .txt (the default size limit): how long the request takes
(it only checks and queues), and how long until the source is ready with a
worker running; beside them, the same text stored inside a request as before
the queue (the reference, measured in the same run).

    .venv/bin/python bench/upload.py

The worker is django-tasks-db's loop (`manage.py worker`), run in this process
in batch mode right after the request, so the test database is the same.
"""

import time
from pathlib import Path

from _django import ROOT, count_queries, test_database
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

SEEDS = sorted((ROOT / "factcheck" / "core" / "demo").glob("*.txt"))
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def text_of_size(size):
    paragraphs = "\n\n".join(Path(p).read_text(encoding="utf-8") for p in SEEDS)
    return (paragraphs + "\n\n") * (size // len(paragraphs.encode()) + 1)


def run_worker():
    from django_tasks_db.management.commands.db_worker import Worker

    Worker(
        queue_names=["default"],
        interval=0.1,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="bench",
        excluded_queue_names=[],
    ).run()


def main():
    with test_database(), override_settings(TASKS=DATABASE_TASKS, TASK_BACKEND="database"):
        from django.contrib.auth.models import Group

        from factcheck.core import roles
        from factcheck.core.ingest import text_from_upload
        from factcheck.core.models import Ingestion, IngestionStatus
        from factcheck.core.sources import create_source

        roles.ensure_roles()
        user = get_user_model().objects.create_user("bench")
        user.groups.add(Group.objects.get(name=roles.REVIEWER))
        client = Client()
        client.force_login(user)
        for mb in (1, 5):
            data = text_of_size(mb * 1024 * 1024).encode()[: mb * 1024 * 1024 - 16]
            size = len(data) / 1024 / 1024
            upload = SimpleUploadedFile(f"big-{mb}.txt", data, "text/plain")

            def post(mb=mb, upload=upload):
                response = client.post(
                    reverse("review:source-new"),
                    {
                        "title": f"Upload {mb} MB",
                        "kind": "article",
                        "language": "en",
                        "upload": upload,
                    },
                )
                assert response.status_code == 302, response.content[:500]

            started = time.perf_counter()
            queries = count_queries(post)
            request_s = time.perf_counter() - started
            run_worker()
            ready_s = time.perf_counter() - started
            ingestion = Ingestion.objects.get(fields__title=f"Upload {mb} MB")
            assert ingestion.status == IngestionStatus.DONE, ingestion.error
            sentences = ingestion.revision.sentences.count()

            started = time.perf_counter()
            text = text_from_upload(f"big-{mb}.txt", data, max_bytes=len(data))
            create_source(title=f"Reference {mb} MB", text=text, user=user)
            reference_s = time.perf_counter() - started
            print(
                f"{mb} MB upload: request {request_s:.2f} s ({queries} queries), "
                f"ready {ready_s:.1f} s ({ready_s / size:.2f} s per MB), {sentences} sentences; "
                f"reference (stored in the request) {reference_s:.1f} s; "
                f"request/reference {request_s / reference_s:.3f}, "
                f"ready/reference {ready_s / reference_s:.2f}"
            )


if __name__ == "__main__":
    main()
