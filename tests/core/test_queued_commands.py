"""import_source, revise_source and import_annotations queue their work for a
worker. With no worker alive (a fresh install) they do the work themselves and
say so; with one they queue and wait; a worker gone while they wait stops them
with a message instead of a wait without end."""

import json
import signal
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from factcheck.core import tasks
from factcheck.core.models import Claim, Ingestion, IngestionStatus, Source, WorkerHeartbeat
from tests.factories import make_source
from tests.worker import run_worker_batch

NO_WORKER = "No worker is running"
WAITING = "waiting for a worker"


@pytest.fixture
def database_tasks(settings):
    """Work is queued in the database for `manage.py worker`, as in a deployment."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TASK_BACKEND = "database"
    # A fresh heartbeat stays fresh for the whole test, however loaded the machine.
    settings.WORKER_STALE_SECONDS = 600


@pytest.fixture(autouse=True)
def deadline():
    """A command that waits forever fails the test after two minutes instead."""

    def expire(signum, frame):
        raise TimeoutError("the command was still waiting after 120 s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, 120)
    yield
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, previous)


def run(*args):
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def beating(seconds_ago=0):
    WorkerHeartbeat.objects.update_or_create(
        worker_id="w1", defaults={"seen_at": timezone.now() - timedelta(seconds=seconds_ago)}
    )


@pytest.fixture
def text_file(tmp_path):
    path = tmp_path / "kei.txt"
    path.write_text("Kei cars are small. American roads are wide.", encoding="utf-8")
    return path


@pytest.mark.django_db
def test_import_source_without_a_worker_does_the_work_itself_and_says_so(database_tasks, text_file):
    beating(seconds_ago=86400)  # a worker that stopped a day ago

    out, err = run("import_source", str(text_file), "--title", "Kei")

    assert NO_WORKER in err and "doing the work in this command" in err
    assert "slug: kei" in out and "sentences: 2" in out
    assert Source.objects.get().current_revision.sentences.count() == 2
    assert Ingestion.objects.get().status == IngestionStatus.DONE
    assert not DBTaskResult.objects.exists()  # nothing left for a later worker to redo


@pytest.mark.django_db
def test_revise_source_without_a_worker_does_the_work_itself(database_tasks, tmp_path):
    make_source(text="Roads are wide.", title="Roads", slug="roads")
    path = tmp_path / "roads.txt"
    path.write_text("Intro. Roads are wide.", encoding="utf-8")

    out, err = run("revise_source", "roads", str(path))

    assert NO_WORKER in err
    assert "revision: 2" in out
    assert Source.objects.get().current_revision.number == 2


@pytest.mark.django_db
def test_import_annotations_without_a_worker_does_the_work_itself(
    database_tasks, tmp_path, reviewer
):
    make_source(text="Roads are wide. Cars are small.", title="Roads", slug="roads")
    path = tmp_path / "notes.json"
    selector = {"type": "TextQuoteSelector", "exact": "Cars are small."}
    path.write_text(json.dumps([{"target": {"selector": [selector]}}]), encoding="utf-8")

    out, err = run("import_annotations", "roads", str(path), "--author", reviewer.username)

    assert NO_WORKER in err
    assert "imported: 1" in out
    assert Claim.objects.get().quote == "Cars are small."


@pytest.mark.django_db
def test_a_crash_in_the_command_is_its_error_and_stores_nothing(
    database_tasks, text_file, monkeypatch
):
    def crash(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(tasks, "create_source", crash)

    with pytest.raises(CommandError, match="nothing was stored"):
        run("import_source", str(text_file), "--title", "Kei")

    assert not Source.objects.exists()
    assert Ingestion.objects.get().status == IngestionStatus.FAILED


@pytest.mark.django_db
def test_no_wait_queues_for_a_worker_even_when_none_runs(database_tasks, text_file):
    out, err = run("import_source", str(text_file), "--title", "Kei", "--no-wait")

    ingestion = Ingestion.objects.get()
    assert out.strip() == f"queued: {ingestion.pk}" and err == ""
    assert ingestion.status == IngestionStatus.QUEUED
    assert DBTaskResult.objects.count() == 1 and not Source.objects.exists()


class Meanwhile:
    """Stands in for tasks.time while a command waits: its first poll runs
    `then` (what happens in the world while the command waits), in this
    thread, so nothing depends on how two threads interleave (SQLite's
    shared in-memory test database also refuses a read during another
    thread's write). A command still polling after 100 polls fails the test."""

    def __init__(self, then):
        self.then, self.polls = then, 0

    def sleep(self, seconds):
        self.polls += 1
        if self.polls == 1:
            self.then()
        assert self.polls < 100, "the command kept waiting"


@pytest.mark.django_db(transaction=True)
def test_with_a_live_worker_the_command_queues_and_waits_for_it(
    database_tasks, text_file, monkeypatch
):
    beating()
    meanwhile = Meanwhile(then=run_worker_batch)  # the real worker does what is queued
    monkeypatch.setattr(tasks, "time", meanwhile)

    out, err = run("import_source", str(text_file), "--title", "Kei")

    assert meanwhile.polls >= 1  # it waited for the worker
    assert WAITING in err and NO_WORKER not in err
    assert "slug: kei" in out
    assert Ingestion.objects.get().status == IngestionStatus.DONE
    assert Source.objects.get().current_revision.sentences.count() == 2


@pytest.mark.django_db
def test_a_worker_gone_while_the_command_waits_stops_it_with_a_message(
    database_tasks, text_file, monkeypatch
):
    beating()
    monkeypatch.setattr(tasks, "time", Meanwhile(then=lambda: beating(seconds_ago=86400)))

    with pytest.raises(CommandError) as refused:
        run("import_source", str(text_file), "--title", "Kei")

    ingestion = Ingestion.objects.get()
    assert f"stays queued as {ingestion.pk}" in str(refused.value)
    assert "manage.py worker" in str(refused.value)
    assert ingestion.status == IngestionStatus.QUEUED and not Source.objects.exists()


@pytest.mark.django_db
def test_a_worker_gone_in_the_middle_of_the_work_is_named_in_the_message(
    database_tasks, text_file, monkeypatch
):
    def dies_while_processing():
        Ingestion.objects.update(status=IngestionStatus.RUNNING)
        beating(seconds_ago=86400)

    beating()
    monkeypatch.setattr(tasks, "time", Meanwhile(then=dies_while_processing))

    with pytest.raises(CommandError) as refused:
        run("import_source", str(text_file), "--title", "Kei")

    ingestion = Ingestion.objects.get()
    assert f"while a worker was processing {ingestion.pk}" in str(refused.value)
    assert "run the command again" in str(refused.value)
