import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from factcheck.core import tasks
from factcheck.core.models import IngestionStatus, Source, WorkerHeartbeat
from tests.worker import run_worker_batch

ROOT = Path(__file__).resolve().parents[1]
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def settings_with(**env):
    """Deployment settings as a fresh process reads them from its environment."""
    code = (
        "import json, django; from django.conf import settings as s; django.setup(); "
        "print(json.dumps({k: str(getattr(s, k, None)) for k in ["
        "'CACHES', 'SESSION_ENGINE', 'TRUSTED_PROXIES', 'SECURE_HSTS_SECONDS', "
        "'SECURE_SSL_REDIRECT', 'SECURE_PROXY_SSL_HEADER', 'TASKS', 'LOGGING']}))"
    )
    clean = {k: v for k, v in os.environ.items() if k not in ("FACTCHECK_TESTING",)}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "factcheck.settings", "SECRET_KEY": "k", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)


def test_a_cache_url_gives_the_shared_redis_cache_and_sessions_can_use_it():
    found = settings_with(
        CACHE_URL="redis://127.0.0.1:6379/3",
        SESSION_ENGINE="django.contrib.sessions.backends.cache",
    )

    assert "RedisCache" in found["CACHES"] and "redis://127.0.0.1:6379/3" in found["CACHES"]
    assert found["SESSION_ENGINE"] == "django.contrib.sessions.backends.cache"


def test_proxy_hsts_and_ssl_redirect_come_from_the_environment():
    found = settings_with(
        TRUSTED_PROXIES="10.0.0.0/8, 127.0.0.1",
        SECURE_HSTS_SECONDS="31536000",
        SECURE_SSL_REDIRECT="1",
        BEHIND_HTTPS_PROXY="1",
    )

    assert found["TRUSTED_PROXIES"] == "['10.0.0.0/8', '127.0.0.1']"
    assert found["SECURE_HSTS_SECONDS"] == "31536000"
    assert found["SECURE_SSL_REDIRECT"] == "True"
    assert "HTTP_X_FORWARDED_PROTO" in found["SECURE_PROXY_SSL_HEADER"]


def test_a_deployment_queues_in_the_database_and_logs_with_timestamps():
    found = settings_with()

    assert "django_tasks_db.DatabaseBackend" in found["TASKS"]
    assert "asctime" in found["LOGGING"]


def test_healthz_reports_database_cache_and_worker(client, db):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok", "worker": "ok"}


def test_healthz_fails_without_a_live_worker_heartbeat(client, db, settings):
    settings.TASK_BACKEND = "database"
    WorkerHeartbeat.objects.create(worker_id="old", seen_at=timezone.now() - timedelta(hours=1))

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert "no worker heartbeat" in response.json()["worker"]


def test_healthz_fails_when_the_cache_is_unreachable(client, db, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        }
    }

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["cache"].startswith("error")


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_processes_a_queued_source_and_reports_its_heartbeat(
    client, settings, reviewer
):
    settings.TASKS = DATABASE_TASKS
    settings.TASK_BACKEND = "database"
    ingestion = tasks.queue_source(title="Kei", text="One. Two.", user=reviewer)
    assert client.get(reverse("healthz")).status_code == 503  # no worker yet
    ingestion.refresh_from_db()
    assert ingestion.status == IngestionStatus.QUEUED and not Source.objects.exists()

    run_worker_batch()

    ingestion.refresh_from_db()
    assert ingestion.status == IngestionStatus.DONE
    assert Source.objects.get().current_revision.sentences.count() == 2
    assert client.get(reverse("healthz")).json()["worker"] == "ok"
