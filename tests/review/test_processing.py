import pytest
from django.urls import reverse

from factcheck.core import tasks
from factcheck.core.models import Ingestion, IngestionStatus
from tests.factories import make_source


@pytest.fixture
def queued_only(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def url(ingestion):
    return reverse("review:ingestion-detail", args=[ingestion.pk])


def test_a_queued_source_shows_its_progress_region_polling_every_second(
    client, reviewer, queued_only
):
    client.force_login(reviewer)
    client.post(
        reverse("review:source-new"),
        {"title": "Kei", "kind": "article", "language": "en", "text": "One. Two."},
    )
    ingestion = Ingestion.objects.get()

    page = client.get(url(ingestion)).content.decode()
    fragment = client.get(url(ingestion), headers={"HX-Request": "true"}).content.decode()

    assert 'hx-trigger="every 1s"' in page and "<progress" in page
    assert f'href="{url(ingestion)}"' in page  # "Refresh" without JavaScript
    assert fragment.strip().startswith('<section id="processing-status"')
    assert "<html" not in fragment
    assert client.get(reverse("public:source-detail", args=["kei"])).status_code == 404


def test_polling_a_finished_source_sends_the_browser_to_the_workspace(
    client, reviewer, queued_only
):
    client.force_login(reviewer)
    ingestion = tasks.queue_source(title="Kei", text="One. Two.", user=reviewer)
    tasks.process_ingestion.call(ingestion.pk)

    response = client.get(url(ingestion), headers={"HX-Request": "true"})

    assert response["HX-Redirect"] == reverse("review:source-detail", args=["kei"])


def test_a_failure_shows_its_reason_and_the_users_text(client, reviewer, queued_only):
    client.force_login(reviewer)
    ingestion = tasks.queue_source(title="Kei", slug="kei", text="My own words.", user=reviewer)
    make_source(slug="kei")
    tasks.process_ingestion.call(ingestion.pk)

    body = client.get(url(ingestion)).content.decode()

    assert "already exists" in body
    assert "My own words." in body and 'value="Kei"' in body
    assert f'action="{reverse("review:source-new")}"' in body


def test_a_failed_poll_reloads_the_page_to_show_the_form(client, reviewer, queued_only):
    client.force_login(reviewer)
    ingestion = tasks.queue_source(title="Kei", text="x", user=reviewer)
    Ingestion.objects.filter(pk=ingestion.pk).update(status=IngestionStatus.FAILED, error="No.")

    response = client.get(url(ingestion), headers={"HX-Request": "true"})

    assert response["HX-Redirect"] == url(ingestion)


def test_a_revision_lands_on_the_revision_page(client, reviewer):
    client.force_login(reviewer)
    source = make_source(text="Roads are wide.")

    response = client.post(
        reverse("review:source-revise", args=[source.slug]),
        {"text": "Roads are wide. Cars are small.", "note": ""},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse(
        "review:revision-detail", args=[source.slug, 2]
    )
    assert "Revision 2 saved." in response.content.decode()


def test_someone_elses_work_is_not_shown(client, reviewer, reviewer2, queued_only):
    ingestion = tasks.queue_source(title="Kei", text="Private draft.", user=reviewer)
    client.force_login(reviewer2)

    assert client.get(url(ingestion)).status_code == 404


def test_an_editor_may_follow_anyones_work(client, reviewer, editor, queued_only):
    ingestion = tasks.queue_source(title="Kei", text="One.", user=reviewer)
    client.force_login(editor)

    assert client.get(url(ingestion)).status_code == 200


def test_polls_of_a_finished_source_announce_it_once(client, reviewer, queued_only):
    """Every htmx poll that lands while the workspace loads used to add
    'Source … created.' again: the workspace then showed it 6 to 13 times."""
    client.force_login(reviewer)
    ingestion = tasks.queue_source(title="Kei", text="One. Two.", user=reviewer)
    tasks.process_ingestion.call(ingestion.pk)

    for _ in range(5):
        client.get(url(ingestion), headers={"HX-Request": "true"})
    client.get(url(ingestion))  # and a reload of the page without htmx
    page = client.get(reverse("review:source-detail", args=["kei"])).content.decode()

    assert page.count("Source “Kei” created.") == 1


def latin1_upload(name="notes.txt"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, "Visit Düsseldorf. It is big.".encode("latin-1"))


def test_a_guessed_encoding_is_told_while_processing_and_in_the_workspace(
    client, reviewer, queued_only
):
    client.force_login(reviewer)
    client.post(
        reverse("review:source-new"),
        {"title": "Kei", "kind": "article", "language": "en", "upload": latin1_upload()},
    )
    ingestion = Ingestion.objects.get()
    warning = "it was read as Windows-1252 (Western European)"

    assert warning in client.get(url(ingestion)).content.decode()
    tasks.process_ingestion.call(ingestion.pk)
    workspace = client.get(url(ingestion), follow=True).content.decode()

    assert "Visit Düsseldorf." in workspace
    assert warning in workspace and "save the file as UTF-8" in workspace


def test_a_utf8_upload_says_nothing_of_its_encoding(client, reviewer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(reviewer)
    upload = SimpleUploadedFile("notes.txt", "Visit Düsseldorf.".encode())
    workspace = client.post(
        reverse("review:source-new"),
        {"title": "Kei", "kind": "article", "language": "en", "upload": upload},
        follow=True,
    ).content.decode()

    assert "Visit Düsseldorf." in workspace and "was read as" not in workspace


def test_a_revision_upload_tells_its_guessed_encoding(client, reviewer):
    client.force_login(reviewer)
    source = make_source(text="Roads are wide.")

    page = client.post(
        reverse("review:source-revise", args=[source.slug]),
        {"upload": latin1_upload(), "note": ""},
        follow=True,
    ).content.decode()

    assert "it was read as Windows-1252 (Western European)" in page
