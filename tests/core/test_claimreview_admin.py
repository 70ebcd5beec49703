"""The admin's "Import ClaimReview" page: editors only, queued, progress, the per-record report."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from factcheck.core.models import ImportedReview, Ingestion, IngestionKind, IngestionStatus, Rating
from factcheck.core.ratings import seed_ratings
from factcheck.core.tasks import queue_claimreview

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures" / "claimreview"
IMPORT = reverse("admin:core_importedreview_import")


@pytest.fixture(autouse=True)
def rating_scale(db):
    """The default scale, as migrated (a flushed database from an earlier test has none)."""
    seed_ratings(Rating)


def upload(name):
    return SimpleUploadedFile(name, (FIXTURES / name).read_bytes(), content_type="text/html")


def status_url(ingestion):
    return reverse("admin:core_importedreview_import_status", args=[ingestion.pk])


def test_an_editor_uploads_a_file_and_gets_the_per_record_report(client, editor):
    client.force_login(editor)
    assert b'enctype="multipart/form-data"' in client.get(IMPORT).content
    response = client.post(IMPORT, {"upload": upload("malformed.json")})
    ingestion = Ingestion.objects.get(kind=IngestionKind.CLAIMREVIEW)
    assert response.status_code == 302 and response["Location"] == status_url(ingestion)
    assert ingestion.status == IngestionStatus.DONE and ingestion.created_by == editor
    assert ingestion.text == ""  # the file is in the claims now
    page = client.get(status_url(ingestion)).content.decode()
    assert "Imported: <strong>4</strong>" in page
    assert "Not imported: <strong>6</strong>" in page
    assert (
        "<td>malformed.json[7] (“Schools close in June.”)</td><td>ratingValue 9 is outside 1–5.</td>"
        in page
    )
    assert (
        ImportedReview.objects.filter(imported_from="malformed.json", imported_by=editor).count()
        == 4
    )


def test_the_changelist_links_to_the_import_page_for_editors(client, editor):
    client.force_login(editor)
    page = client.get(reverse("admin:core_importedreview_changelist")).content.decode()
    assert f'href="{IMPORT}"' in page


def test_progress_refreshes_itself_until_the_import_is_done(client, editor, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    ingestion = queue_claimreview("[]", name="later.json", user=editor)
    client.force_login(editor)
    page = client.get(status_url(ingestion)).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page
    assert "Waiting for a worker" in page and '<progress max="100" value="0"' in page


def test_a_file_that_is_not_text_is_refused_on_the_form(client, editor):
    client.force_login(editor)
    binary = SimpleUploadedFile("archive.zip", b"PK\x03\x04" + bytes(range(256)) * 4)
    response = client.post(IMPORT, {"upload": binary})
    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    assert not Ingestion.objects.exists()


def test_a_file_over_the_limit_is_refused(client, editor, settings):
    settings.FACTCHECK_MAX_IMPORT_BYTES = 100
    client.force_login(editor)
    response = client.post(IMPORT, {"upload": upload("wordpress_plugin.html")})
    assert "the limit is" in response.content.decode()
    assert not Ingestion.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_reviewers_may_not_import(client, reviewer, method):
    reviewer.is_staff = True
    reviewer.save()
    client.force_login(reviewer)
    response = getattr(client, method)(
        IMPORT, {"upload": upload("wordpress_plugin.html")} if method == "post" else None
    )
    assert response.status_code == 403
    assert not Ingestion.objects.exists()


def test_reviewers_may_not_read_an_import_report(client, reviewer, editor):
    ingestion = queue_claimreview("[]", name="x.json", user=editor)
    reviewer.is_staff = True
    reviewer.save()
    client.force_login(reviewer)
    assert client.get(status_url(ingestion)).status_code == 403


def test_anonymous_users_are_sent_to_log_in(client):
    response = client.get(IMPORT)
    assert response.status_code == 302 and "login" in response["Location"]


def test_imported_reviews_cannot_be_edited_or_deleted_in_the_admin(client, editor, admin_user):
    client.force_login(editor)
    client.post(IMPORT, {"upload": upload("wordpress_plugin.html")})
    record = ImportedReview.objects.get()
    client.force_login(admin_user)
    change = reverse("admin:core_importedreview_change", args=[record.pk])
    page = client.get(change).content.decode()
    assert "Coastline Check" in page and 'name="_save"' not in page
    assert (
        client.post(
            reverse("admin:core_importedreview_delete", args=[record.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert ImportedReview.objects.exists()
