"""A published claim's page."""

import re

import pytest
from django.urls import reverse

from factcheck.core.claims import add_citation
from factcheck.core.sources import add_revision
from factcheck.core.workflow import transition
from factcheck.public.published import claim_url
from tests.factories import make_complete_claim, make_source, write_verdict

from .publishing import correct, publish, published_claim, start_correction

pytestmark = pytest.mark.django_db

TEXT = "Kei cars are small. They weigh under a tonne. Few are sold abroad. The end."


@pytest.fixture
def claim(reviewer, editor):
    source = make_source(text=TEXT, title="Kei facts")
    return published_claim(
        source, reviewer, editor, sentence=1, text="Kei cars weigh <1 t.", claimant="A dealer"
    )


def get(client, claim):
    response = client.get(claim_url(claim))
    assert response.status_code == 200
    return response.content.decode()


def test_page_shows_the_claim_rating_summary_and_rationale(client, claim):
    html = get(client, claim)

    assert '<h1 id="claim-title">Kei cars weigh &lt;1 t.</h1>' in html
    assert "✗</span> False</span>" in html
    assert "Roads follow motor-vehicle standards." in html
    assert "<p>Lanes are <strong>12 feet</strong> wide.</p>" in html
    assert "Claim by A dealer" in html


def test_quote_is_shown_in_context_with_a_link_to_its_sentence(client, claim):
    html = get(client, claim)

    context = html.split('<figure class="quote-context">')[1].split("</figure>")[0]
    assert "Kei cars are small." in context
    assert '<mark class="hl" data-rating="false">They weigh under a tonne.</mark>' in context
    assert "Few are sold abroad." in context
    assert "The end." not in context
    assert f'href="/sources/{claim.source.slug}/#{claim.first_sentence.anchor}"' in context


def test_citations_are_listed_with_their_stance(client, claim, reviewer):
    html = get(client, claim)

    assert '<a href="https://example.org/lanes" rel="nofollow noopener">Lane width</a>' in html
    assert '<span class="stance stance-context">Context</span>' in html


def test_page_names_who_checked_and_who_approved_with_dates(client, claim):
    html = get(client, claim)

    credits = html.split('id="credits-title"')[1].split("</section>")[0]
    assert re.search(r"Checked by</dt><dd>rita</dd>", credits)
    assert re.search(r"Approved by</dt><dd>edna</dd>", credits)
    day = claim.published_verdict.published_at.date().isoformat()
    assert f'First published</dt><dd><time datetime="{day}">' in credits
    assert f'Last updated</dt><dd><time datetime="{day}">' in credits


def test_wrong_slug_redirects_permanently_to_the_canonical_url(client, claim):
    url = reverse("public:claim-detail", args=[claim.pk, "old-words"])

    response = client.get(url)

    assert response.status_code == 301
    assert response["Location"] == claim_url(claim)


def test_short_url_redirects_to_the_canonical_url(client, claim):
    response = client.get(reverse("public:claim-short", args=[claim.pk]))

    assert response.status_code == 301
    assert response["Location"] == claim_url(claim)


def test_correction_in_progress_keeps_the_published_snapshot_and_url(
    client, claim, reviewer, editor
):
    url = claim_url(claim)
    start_correction(claim, reviewer, editor, text="Working words.", summary="Working summary.")

    response = client.get(url)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Kei cars weigh &lt;1 t." in html
    assert "Working" not in html


def test_citation_added_during_a_correction_is_not_shown(client, claim, reviewer, editor):
    claim = start_correction(claim, reviewer, editor, text="Working.", summary="Working.")
    add_citation(claim, editor=reviewer, url="https://example.org/new", title="Unpublished source")

    html = client.get(reverse("public:claim-short", args=[claim.pk]), follow=True).content.decode()

    assert "Unpublished source" not in html
    assert "Lane width" in html


def test_correction_history_names_the_date_note_and_earlier_rating(client, claim, reviewer, editor):
    claim = correct(
        claim,
        reviewer,
        editor,
        text="Kei cars weigh under 1 t.",
        summary="Yes.",
        note="We misread the table",
    )

    html = get(client, claim)

    day = claim.published_verdict.published_at
    history = html.split('id="corrections-title"')[1].split("</section>")[0]
    assert (
        f'Corrected on <time datetime="{day:%Y-%m-%d}">{day:%-d %B %Y}</time>: '
        "We misread the table. Earlier rating: "
    ) in history
    assert "✗</span> False</span>" in history
    assert "✓</span> True</span>" in html


def test_retracted_claim_shows_a_tombstone_with_the_public_note(client, claim, editor):
    transition(claim, "retract", editor, note="The source was satire.")

    response = client.get(claim_url(claim))

    html = response.content.decode()
    assert response.status_code == 410
    assert "This fact-check was retracted" in html
    assert "The source was satire." in html
    assert "application/ld+json" not in html


def test_retracted_claim_keeps_its_record(client, claim, editor):
    transition(claim, "retract", editor, note="The source was satire.")
    claim.refresh_from_db()

    html = client.get(claim_url(claim)).content.decode()

    record = html.split('id="record-title"')[1]
    assert "Kei cars weigh &lt;1 t." in record  # what was claimed, escaped
    assert "✗</span> False" in record  # the rating it had
    assert "They weigh under a tonne." in record
    assert f'<time datetime="{claim.retracted_at:%Y-%m-%d}">' in html
    assert "Roads follow" not in html  # no summary or rationale: it no longer stands


def test_orphaned_claim_stays_quoted_in_the_approved_text_until_reattached(client, claim):
    text = claim.source.current_revision.text
    add_revision(claim.source, text.replace("They weigh under a tonne.", "Nothing here."))

    html = get(client, claim)

    # Readers still see revision 1, where the checked words are.
    assert '<figure class="quote-context">' in html
    assert "They weigh under a tonne." in html
    assert "no longer in it" not in html and "The text changed after this check" not in html


def test_unknown_claim_is_not_found(client, db):
    assert client.get(reverse("public:claim-detail", args=[999, "x"])).status_code == 404


def test_citation_archived_copy_is_shown_beside_the_link_as_published(client, reviewer, editor):
    source = make_source(text=TEXT)
    claim = make_complete_claim(source, reviewer)
    add_citation(
        claim,
        editor=reviewer,
        url="https://gone.example/page",
        archived_url="https://web.archive.org/web/2025/https://gone.example/page",
        title="Gone page",
    )
    claim = publish(claim, reviewer, editor)

    html = get(client, claim)

    item = html.split("Gone page</a>")[1].split("</li>")[0]
    assert 'href="https://web.archive.org/web/2025/https://gone.example/page"' in item


FOOTNOTED = "Lanes are narrow.[^1]\n\n[^1]: The 1956 act."


def footnote_links(html):
    ids = set(re.findall(r'id="([^"]+)"', html))
    targets = set(re.findall(r'href="#(fn[^"]*)"', html))
    return ids, targets


def test_footnote_links_of_a_published_rationale_have_their_targets(client, reviewer, editor):
    source = make_source(text=TEXT, title="Kei facts")
    claim = make_complete_claim(source, reviewer)
    write_verdict(claim, reviewer, rationale=FOOTNOTED)
    claim = publish(claim, reviewer, editor)

    ids, targets = footnote_links(get(client, claim))

    assert targets == {f"fn-c{claim.pk}-1", f"fnref-c{claim.pk}-1"}
    assert targets <= ids


def test_footnotes_in_the_api_keep_their_claims_prefix(client, reviewer, editor):
    source = make_source(text=TEXT, title="Kei facts")
    first = make_complete_claim(source, reviewer, sentence=0)
    second = make_complete_claim(source, reviewer, sentence=2)
    for claim in (first, second):
        write_verdict(claim, reviewer, rationale=FOOTNOTED)
        publish(claim, reviewer, editor)

    items = client.get("/api/claims").json()["items"]
    details = [client.get(f"/api/claims/{item['id']}").json() for item in items]
    html = [detail["verdicts"][-1]["rationale_html"] for detail in details]

    first_ids, first_targets = footnote_links(html[0])
    second_ids, second_targets = footnote_links(html[1])
    assert first_targets <= first_ids and second_targets <= second_ids
    assert first_ids and not first_ids & second_ids
