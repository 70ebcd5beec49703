import re

import pytest
from django.urls import reverse

from factcheck.core.models import AnchorState
from factcheck.core.sources import add_revision
from factcheck.public.published import claim_url
from tests.factories import make_complete_claim, make_source

from .publishing import publish, published_claim

pytestmark = pytest.mark.django_db


def claim_entry(html, claim):
    """The claim's entry in the page's list of checks."""
    return html.split(f'id="claim-{claim.pk}"')[1].split("</li>")[0]


def test_every_sentence_is_an_element_with_its_anchor_as_id(client):
    source = make_source(
        text="Kei Party\nDecember 5, 2025\n\nKei cars are small. They sell.", made_public=True
    )

    html = client.get(source.get_absolute_url()).content.decode()

    for sentence in source.current_revision.sentences.all():
        assert f'id="{sentence.anchor}"' in html
        assert f'href="#{sentence.anchor}"' in html
    assert html.count("<p>") >= 2


def test_source_text_is_escaped_never_run(client):
    source = make_source(text="Look <script>alert('x')</script> here.", made_public=True)

    html = client.get(source.get_absolute_url()).content.decode()

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html


def test_unknown_source_is_not_found(client):
    assert client.get(reverse("public:source-detail", args=["nope"])).status_code == 404


def test_page_sends_a_csp_with_a_nonce_used_by_the_htmx_script(client):
    source = make_source(made_public=True)

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
    source = make_source(
        text=" ".join(f"Sentence number {i} is here." for i in range(sentences)), made_public=True
    )

    with django_assert_max_num_queries(4):
        response = client.get(source.get_absolute_url())

    assert response.content.decode().count('class="sentence"') == sentences


TEXT = "Kei cars are small. They weigh under a tonne. Few are sold abroad."


def test_each_public_claim_is_a_highlight_linking_to_its_verdict(client, reviewer, editor):
    source = make_source(text=TEXT)
    claim = published_claim(source, reviewer, editor, sentence=1)

    html = client.get(source.get_absolute_url()).content.decode()

    assert f'<a class="hl-link" href="#claim-{claim.pk}" tabindex="-1" title="False: ' in html
    assert '<mark class="hl" data-rating="false">They weigh under a tonne.</mark>' in html
    assert f'<li class="verdict-entry" id="claim-{claim.pk}" data-rating="false">' in html


def test_highlight_has_a_cue_besides_colour(client, reviewer, editor):
    source = make_source(text=TEXT)
    claim = published_claim(source, reviewer, editor)

    html = client.get(source.get_absolute_url()).content.decode()

    badge = (
        f'<a class="claim-badge" data-rating="false" href="#claim-{claim.pk}" '
        'aria-label="Claim 1: False"><span aria-hidden="true">✗</span>1</a>'
    )
    assert badge in html


def test_legend_lists_the_ratings_used_in_scale_order(client, reviewer, editor):
    source = make_source(text=TEXT)
    published_claim(source, reviewer, editor, sentence=0, rating_slug="false")
    published_claim(source, reviewer, editor, sentence=1, rating_slug="true")
    published_claim(source, reviewer, editor, sentence=2, rating_slug="false")

    html = client.get(source.get_absolute_url()).content.decode()

    legend = html.split('<ul class="legend"')[1].split("</ul>")[0]
    assert re.findall(r"</span> ([\w ]+)</span> <span class=\"legend-count\">× (\d)", legend) == [
        ("True", "1"),
        ("False", "2"),
    ]


def test_verdict_entry_shows_rating_summary_and_links(client, reviewer, editor):
    source = make_source(text=TEXT)
    claim = published_claim(source, reviewer, editor, sentence=2, text="Few are exported.")

    html = client.get(source.get_absolute_url()).content.decode()

    entry = claim_entry(html, claim)
    assert "✗</span> False" in entry
    assert claim.published_verdict.summary in entry
    assert f'<a href="{claim_url(claim)}">Few are exported.</a>' in entry
    assert f'href="#{claim.first_sentence.anchor}"' in entry


def test_fuzzy_claim_keeps_the_approved_text_and_highlight_until_approved(client, reviewer, editor):
    source = make_source(text=TEXT)
    claim = published_claim(source, reviewer, editor, sentence=1)
    add_revision(source, TEXT.replace("under a tonne", "under one tonne"))
    claim.refresh_from_db()
    assert claim.anchor_state == AnchorState.FUZZY

    html = client.get(source.get_absolute_url()).content.decode()

    entry = claim_entry(html, claim)
    assert "The text changed after this check" not in entry
    assert "under one tonne" not in html
    assert f'href="#claim-{claim.pk}" tabindex="-1"' in html


def test_orphaned_claim_keeps_the_approved_text_and_highlight_until_reattached(
    client, reviewer, editor
):
    source = make_source(text=TEXT)
    claim = published_claim(source, reviewer, editor, sentence=1)
    quote = claim.quote
    add_revision(source, source.current_revision.text.replace(quote, "Something else entirely."))
    claim.refresh_from_db()
    assert claim.anchor_state == AnchorState.ORPHANED

    html = client.get(source.get_absolute_url()).content.decode()

    entry = claim_entry(html, claim)
    assert "The text changed after this check" not in entry
    assert "Show in the text" in entry
    assert "Something else entirely." not in html
    assert f'href="#claim-{claim.pk}" tabindex="-1"' in html


def test_text_an_editor_made_public_without_public_claims_says_so(client, reviewer):
    source = make_source(text=TEXT, made_public=True)
    make_complete_claim(source, reviewer)

    html = client.get(source.get_absolute_url()).content.decode()

    assert "No fact-check on this text has been published yet." in html
    assert "<mark" not in html


def test_a_source_is_not_public_until_its_first_fact_check_is_published(client, reviewer, editor):
    source = make_source(text=TEXT)
    draft = make_complete_claim(source, reviewer)
    pages = [
        source.get_absolute_url(),
        reverse("public:source-annotations", args=[source.slug]),
        reverse("public:source-revision", args=[source.slug, 1]),
    ]

    assert [client.get(url).status_code for url in pages] == [404, 404, 404]

    publish(draft, reviewer, editor)
    assert [client.get(url).status_code for url in pages] == [200, 200, 200]


def test_source_page_has_no_inline_script_or_style(client, reviewer, editor):
    source = make_source(text=TEXT)
    published_claim(source, reviewer, editor)

    html = client.get(source.get_absolute_url()).content.decode()

    assert "style=" not in html
    assert "<style" not in html
    assert re.findall(r"<script(?![^>]*nonce=)", html) == []


def test_an_overlapping_second_claim_keeps_the_first_highlight_its_own(client, reviewer, editor):
    source = make_source(text="Kei cars are small. They sell well. Nobody minds.")
    first = published_claim(source, reviewer, editor, sentence=0, rating_slug="true")
    second = published_claim(source, reviewer, editor, sentence=0, last=1, rating_slug="false")

    html = client.get(source.get_absolute_url()).content.decode()

    sentences = list(source.current_revision.sentences.all())
    first_sentence = html.split(f'id="{sentences[0].anchor}"', 1)[1].split("</span>", 1)[0]
    second_sentence = html.split(f'id="{sentences[1].anchor}"', 1)[1].split("</span>", 1)[0]
    assert f'href="#claim-{first.pk}"' in first_sentence
    assert 'data-rating="true"' in first_sentence
    assert f'href="#claim-{second.pk}"' not in first_sentence.split("claim-badge")[0]
    assert f'href="#claim-{second.pk}"' in second_sentence
    assert 'data-rating="false"' in second_sentence
