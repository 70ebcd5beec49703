import pytest
from django.urls import reverse

from tests.factories import make_source

pytestmark = pytest.mark.django_db


def test_every_sentence_is_an_element_with_its_anchor_as_id(client):
    source = make_source(text="Kei Party\nDecember 5, 2025\n\nKei cars are small. They sell.")

    html = client.get(source.get_absolute_url()).content.decode()

    for sentence in source.current_revision.sentences.all():
        assert f'id="{sentence.anchor}"' in html
        assert f'href="#{sentence.anchor}"' in html
    assert html.count("<p>") >= 2


def test_source_text_is_escaped_never_run(client):
    source = make_source(text="Look <script>alert('x')</script> here.")

    html = client.get(source.get_absolute_url()).content.decode()

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html


def test_unknown_source_is_not_found(client):
    assert client.get(reverse("public:source-detail", args=["nope"])).status_code == 404


def test_page_sends_a_csp_with_a_nonce_used_by_the_htmx_script(client):
    source = make_source()

    response = client.get(source.get_absolute_url())

    csp = response["Content-Security-Policy"]
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert "script-src 'self' 'nonce-" in csp
    assert f'nonce="{nonce}"' in response.content.decode()
    assert "htmx-2" in response.content.decode()


@pytest.mark.parametrize("sentences", [3, 600])
def test_page_query_count_does_not_grow_with_the_text(
    client, django_assert_max_num_queries, sentences
):
    source = make_source(text=" ".join(f"Sentence number {i} is here." for i in range(sentences)))

    with django_assert_max_num_queries(4):
        response = client.get(source.get_absolute_url())

    assert response.content.decode().count('class="sentence"') == sentences
