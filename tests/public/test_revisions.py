import pytest
from django.urls import reverse

from factcheck.core.sources import add_revision
from tests.factories import make_source

pytestmark = pytest.mark.django_db

TEXT = "Kei cars are small. Roads were built for buggies. Winds push cars."


@pytest.fixture
def revised():
    source = make_source(text=TEXT, title="Kei", slug="kei", made_public=True)
    old = {s.text: s.anchor for s in source.current_revision.sentences.all()}
    add_revision(source, TEXT.replace(" Winds push cars.", " Snow is the real hazard."))
    return source, old


def test_an_earlier_revision_stays_readable_with_its_anchors(client, revised):
    source, old = revised

    response = client.get(reverse("public:source-revision", args=["kei", 1]))

    body = response.content.decode()
    assert response.status_code == 200
    assert f'id="{old["Winds push cars."]}"' in body
    assert "You are reading revision 1" in body and "read the current text" in body


def test_a_removed_sentence_link_leads_to_the_revision_where_it_was(client, revised):
    source, old = revised
    anchor = old["Winds push cars."]

    response = client.get(reverse("public:sentence-lookup", args=["kei", anchor]))

    assert response.status_code == 302
    assert response["Location"] == f"/sources/kei/revisions/1/#{anchor}"


def test_a_sentence_still_in_the_text_leads_to_the_current_page(client, revised):
    source, old = revised
    anchor = old["Kei cars are small."]

    response = client.get(reverse("public:sentence-lookup", args=["kei", anchor]))

    assert response["Location"] == f"/sources/kei/#{anchor}"


def test_an_unknown_sentence_is_not_found(client, revised):
    assert (
        client.get(
            reverse("public:sentence-lookup", args=["kei", "s-nothing-00000000"])
        ).status_code
        == 404
    )


def test_the_source_page_carries_the_missing_sentence_notice_hidden(client, revised):
    body = client.get(reverse("public:source-detail", args=["kei"])).content.decode()

    assert '<p id="missing-sentence" class="notice" role="status" hidden>' in body
    assert "js/permalink.js" in body
