import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from factcheck.core.models import Ingestion, Revision, Source
from tests.factories import make_source

URL = reverse("review:source-new")


def post(client, **data):
    files = {k: v for k, v in data.items() if isinstance(v, SimpleUploadedFile)}
    fields = {"title": "A title", "kind": "article", "language": "en", "text": ""}
    fields.update({k: v for k, v in data.items() if k not in files})
    return client.post(URL, {**fields, **files})


def assert_refused(response, message):
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Source.objects.count() == 0 or Source.objects.filter(title="A title").count() == 0


@pytest.fixture
def logged_in(client, reviewer):
    client.force_login(reviewer)
    return client


def test_anonymous_user_is_sent_to_login(client, db):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_user_without_the_reviewer_role_is_refused(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("nobody", password="x"))

    assert client.get(URL).status_code == 403


def test_form_has_a_label_for_every_field(logged_in):
    html = logged_in.get(URL).content.decode()

    for field in (
        "title",
        "slug",
        "kind",
        "byline",
        "origin_url",
        "published_on",
        "language",
        "text",
        "upload",
    ):
        assert f'for="id_{field}"' in html


def test_pasted_text_is_queued_and_the_progress_page_opens_the_workspace(logged_in, reviewer):
    response = post(logged_in, text="Kei cars are small. They are cheap.", title="Kei note")

    ingestion = Ingestion.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("review:ingestion-detail", args=[ingestion.pk])
    # The test backend runs the task at once: the progress page opens the workspace.
    opened = logged_in.get(response["Location"])
    source = Source.objects.get()
    assert opened["Location"] == reverse("review:source-detail", args=[source.slug])
    assert source.created_by == reviewer
    assert source.current_revision.sentences.count() == 2


def test_htmx_post_redirects_the_client_to_the_progress(logged_in):
    response = logged_in.post(
        URL,
        {"title": "Kei", "kind": "article", "language": "en", "text": "One. Two."},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse(
        "review:ingestion-detail", args=[Ingestion.objects.get().pk]
    )


def test_uploaded_html_is_stored_as_text_only(logged_in):
    html = b"<html><body><h1>Title</h1><p>Safe text.<script>alert(1)</script></p></body></html>"

    post(logged_in, upload=SimpleUploadedFile("page.html", html, "text/html"))

    text = Source.objects.get().current_revision.text
    assert "<" not in text and "alert" not in text
    assert text == "Title\n\nSafe text."


def test_empty_text_is_refused_and_the_typed_title_is_kept(logged_in):
    response = post(logged_in, title="My careful title", text="")

    assert_refused(response, "The text is empty or only whitespace.")
    assert 'value="My careful title"' in response.content.decode()


def test_whitespace_only_text_is_refused(logged_in):
    assert_refused(post(logged_in, text="   \n\t  \n"), "The text is empty or only whitespace.")


def test_file_over_the_limit_is_refused(logged_in, settings):
    settings.FACTCHECK_MAX_SOURCE_BYTES = 1000
    big = SimpleUploadedFile("big.txt", b"Word. " * 400, "text/plain")

    response = post(logged_in, upload=big)

    assert_refused(response, "the limit is")


def test_pasted_text_over_the_limit_is_refused_and_kept_in_the_form(logged_in, settings):
    settings.FACTCHECK_MAX_SOURCE_BYTES = 100
    text = "A sentence that repeats. " * 10

    response = post(logged_in, text=text)

    assert_refused(response, "the limit is")
    assert text.strip() in response.content.decode()


def test_undecodable_file_is_refused(logged_in):
    junk = SimpleUploadedFile("notes.txt", bytes(range(128, 256)) * 8, "text/plain")

    response = post(logged_in, upload=junk)

    assert response.status_code == 200
    assert Source.objects.count() == 0
    body = response.content.decode()
    assert "encoding could not be recognised" in body or "not text" in body


def test_binary_file_is_refused(logged_in):
    binary = SimpleUploadedFile(
        "program.txt", b"\x7fELF\x02\x01" + bytes(range(256)) * 4, "text/plain"
    )

    assert_refused(post(logged_in, upload=binary), "binary file")


def test_image_renamed_to_txt_is_refused(logged_in):
    png = SimpleUploadedFile("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(200), "text/plain")

    assert_refused(post(logged_in, upload=png), "it looks like an image")


def test_unsupported_file_type_is_refused(logged_in):
    doc = SimpleUploadedFile("report.pdf", b"%PDF-1.7 ...", "application/pdf")

    response = post(logged_in, upload=doc)

    assert response.status_code == 200
    assert Source.objects.count() == 0
    assert ".txt" in response.content.decode()


def test_duplicate_slug_is_refused_and_nothing_more_is_stored(logged_in):
    make_source(title="Existing", slug="kei-party")

    response = post(logged_in, slug="kei-party", text="New text here.")

    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert Source.objects.count() == 1
    assert Revision.objects.count() == 1


def test_text_and_file_together_are_refused(logged_in):
    upload = SimpleUploadedFile("a.txt", b"From a file.", "text/plain")

    assert_refused(post(logged_in, text="Typed.", upload=upload), "not both")


def test_invalid_htmx_post_returns_the_form_fragment_with_errors(logged_in):
    response = logged_in.post(
        URL,
        {"title": "T", "kind": "article", "language": "en", "text": " "},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="source-form"' in body and "<html" not in body
    assert "The text is empty" in body


def test_a_markdown_upload_stores_the_text_a_reader_sees(client, reviewer):
    client.force_login(reviewer)
    upload = SimpleUploadedFile(
        "kei.md", b"# Kei cars\n\nThey are *small*, says [the report](https://example.org).\n"
    )
    client.post(
        reverse("review:source-new"),
        {"title": "Kei", "kind": "article", "language": "en", "upload": upload},
    )

    revision = Source.objects.get(slug="kei").current_revision
    assert revision.text == "Kei cars\n\nThey are small, says the report."
    assert [s.text for s in revision.sentences.order_by("index")] == [
        "Kei cars",
        "They are small, says the report.",
    ]


def test_a_markdown_revision_upload_stores_the_text_a_reader_sees(client, reviewer):
    client.force_login(reviewer)
    source = make_source(text="Roads are wide.")
    upload = SimpleUploadedFile("kei.md", b"Roads are **wide**.\n\n## Cars\n")
    client.post(reverse("review:source-revise", args=[source.slug]), {"upload": upload})

    source.refresh_from_db()
    assert source.current_revision.text == "Roads are wide.\n\nCars"


def test_a_duplicate_title_is_refused_with_a_link_and_keeps_the_text(client, reviewer):
    existing = make_source(title="Kei cars", slug="kei-cars")
    client.force_login(reviewer)
    data = {"title": "kei CARS", "kind": "article", "language": "en", "text": "My own words."}

    response = client.post(reverse("review:source-new"), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "A source titled “Kei cars” already exists" in page
    link = reverse("review:source-detail", args=[existing.slug])
    assert f'<a href="{link}">open it</a>' in page
    assert "My own words." in page and 'type="checkbox" name="same_title"' in page
    assert Source.objects.count() == 1 and not Ingestion.objects.exists()


def test_a_duplicate_title_can_be_confirmed(client, reviewer):
    make_source(title="Kei cars", slug="kei-cars")
    client.force_login(reviewer)
    data = {"title": "Kei cars", "kind": "article", "language": "en", "text": "Other words."}

    client.post(reverse("review:source-new"), {**data, "same_title": "on"})

    assert Source.objects.filter(title="Kei cars").count() == 2


def test_a_duplicate_title_under_htmx_rerenders_the_form_with_status_200(client, reviewer):
    make_source(title="Kei cars", slug="kei-cars")
    client.force_login(reviewer)
    data = {"title": "Kei cars", "kind": "article", "language": "en", "text": "Words."}

    response = client.post(reverse("review:source-new"), data, headers={"HX-Request": "true"})

    assert response.status_code == 200 and b"already exists" in response.content
    assert b"<html" not in response.content
