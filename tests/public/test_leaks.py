"""Unpublished work never reaches a public URL: drafts, submitted claims,
changes requested, retracted claims and a correction in progress."""

import pytest
from django.urls import reverse

from factcheck.core.workflow import transition
from tests.factories import make_complete_claim, make_source, write_verdict

from .publishing import publish, sitemap_urls, start_correction

pytestmark = pytest.mark.django_db

TEXT = " ".join(f"Sentence {i} of the public text." for i in range(8))
UNPUBLISHED = [
    "DRAFTCLAIM",
    "DRAFTSUMMARY",
    "SUBMITTEDCLAIM",
    "SUBMITTEDSUMMARY",
    "CHANGESCLAIM",
    "CHANGESSUMMARY",
    "RETRACTEDSUMMARY",
    "CORRECTIONCLAIM",
    "CORRECTIONSUMMARY",
    "DRAFTRATIONALE",
    "SUBMITTEDRATIONALE",
    "CHANGESRATIONALE",
    "RETRACTEDRATIONALE",
]


def claim_on(source, author, sentence, name):
    claim = make_complete_claim(source, author, sentence=sentence, text=f"{name}CLAIM text.")
    return write_verdict(
        claim,
        author,
        rating_slug="false",
        summary=f"{name}SUMMARY words.",
        rationale=f"{name}RATIONALE words.",
    )


@pytest.fixture
def desk(reviewer, editor):
    source = make_source(text=TEXT, title="Mixed source")
    claims = {}
    claims["published"] = publish(claim_on(source, reviewer, 0, "PUBLISHED"), reviewer, editor)
    claims["draft"] = claim_on(source, reviewer, 1, "DRAFT")
    claims["submitted"] = transition(claim_on(source, reviewer, 2, "SUBMITTED"), "submit", reviewer)
    changes = transition(claim_on(source, reviewer, 3, "CHANGES"), "submit", reviewer)
    claims["changes"] = transition(changes, "request_changes", editor, note="Fix it.")
    retracted = publish(claim_on(source, reviewer, 4, "RETRACTED"), reviewer, editor)
    claims["retracted"] = transition(retracted, "retract", editor, note="Public retraction note.")
    corrected = publish(claim_on(source, reviewer, 5, "ORIGINAL"), reviewer, editor)
    claims["correction"] = start_correction(
        corrected,
        reviewer,
        editor,
        text="CORRECTIONCLAIM text.",
        summary="CORRECTIONSUMMARY words.",
    )
    return source, claims


def public_urls(source, claims):
    urls = [
        reverse("public:home"),
        reverse("public:source-detail", args=[source.slug]),
        reverse("public:source-annotations", args=[source.slug]),
        reverse("public:feed"),
        *sitemap_urls(),
        reverse("public:methodology"),
        reverse("public:robots"),
        reverse("api:claims"),
        reverse("api:claims") + "?rating=false",
        reverse("api:sources"),
        reverse("api:source", args=[source.slug]),
        reverse("api:claimreview"),
    ]
    for claim in claims.values():
        urls.append(reverse("api:claim", args=[claim.pk]))
        urls.append(reverse("public:claim-detail", args=[claim.pk, "any-slug"]))
        urls.append(reverse("public:claim-short", args=[claim.pk]))
    return urls


def test_no_public_url_shows_unpublished_text(client, desk):
    source, claims = desk

    for url in public_urls(source, claims):
        response = client.get(url, follow=True)
        body = response.content.decode()
        for secret in UNPUBLISHED:
            assert secret not in body, f"{secret} leaked at {url}"


def test_a_retracted_claim_is_named_only_on_its_record_and_in_the_feed(client, desk):
    source, claims = desk
    record = reverse("public:claim-detail", args=[claims["retracted"].pk, "any-slug"])
    feed = reverse("public:feed")

    showing = [
        url
        for url in public_urls(source, claims)
        if "RETRACTEDCLAIM" in client.get(url, follow=True).content.decode()
    ]

    assert sorted(set(showing)) == sorted(
        {record, feed, reverse("public:claim-short", args=[claims["retracted"].pk])}
    )


def test_published_and_corrected_claims_show_their_snapshots(client, desk):
    source, _ = desk

    body = client.get(reverse("public:source-detail", args=[source.slug])).content.decode()

    assert "PUBLISHEDCLAIM" in body and "PUBLISHEDSUMMARY" in body
    assert "ORIGINALCLAIM" in body and "ORIGINALSUMMARY" in body


def test_unpublished_claims_have_no_public_page(client, desk):
    _, claims = desk

    for name in ("draft", "submitted", "changes"):
        claim = claims[name]
        url = reverse("public:claim-detail", args=[claim.pk, "x"])
        assert client.get(url).status_code == 404, name


def test_only_public_claims_are_highlighted_or_listed(client, desk):
    source, claims = desk

    body = client.get(reverse("public:source-detail", args=[source.slug])).content.decode()

    for name, claim in claims.items():
        shown = f'href="#claim-{claim.pk}"' in body
        assert shown == (name in ("published", "correction")), name


def test_search_does_not_find_unpublished_text(client, desk):
    for secret in ("DRAFTCLAIM", "CORRECTIONCLAIM", "RETRACTEDCLAIM", "SUBMITTEDCLAIM"):
        response = client.get(reverse("public:home"), {"q": secret})

        assert "0 fact-checks matching" in response.content.decode(), secret


def test_search_finds_published_snapshot_text_and_quotes(client, desk):
    by_claim = client.get(reverse("public:home"), {"q": "originalclaim"})
    by_quote = client.get(reverse("public:home"), {"q": "Sentence 0 of"})

    assert "1 fact-check matching" in by_claim.content.decode()
    assert "ORIGINALCLAIM" in by_claim.content.decode()
    assert "PUBLISHEDCLAIM" in by_quote.content.decode()


def test_a_correction_in_progress_does_not_show_its_citation_or_claimant_edits(
    client, reviewer, editor
):
    from factcheck.core.claims import update_citation, update_claim
    from factcheck.core.workflow import transition
    from tests.factories import make_complete_claim, make_source

    claim = make_complete_claim(
        make_source(title="Corrected"), reviewer, claimant="Original claimant"
    )
    transition(claim, "submit", reviewer)
    claim = transition(claim, "publish", editor)
    transition(claim, "correct", editor)
    claim.refresh_from_db()
    citation = claim.citations.get()
    update_citation(
        citation,
        editor=reviewer,
        version=citation.version,
        url="https://draft.example",
        title="Draft-only citation title",
        publisher="",
        quote="",
        stance="context",
        accessed_on=None,
    )
    update_claim(
        claim,
        editor=reviewer,
        version=claim.version,
        text=claim.text,
        claimant="Draft-only claimant",
        notes="",
    )

    for url in ("/", claim.source.get_absolute_url(), f"/claims/{claim.pk}/", "/feed.atom"):
        body = client.get(url, follow=True).content.decode()
        assert "Draft-only" not in body, url
    page = client.get(f"/claims/{claim.pk}/", follow=True).content.decode()
    assert "Original claimant" in page and "Lane width" in page


def test_search_reads_only_published_summaries_and_rationales(client, desk):
    for secret in UNPUBLISHED:
        response = client.get(reverse("public:home"), {"q": secret}, headers={"HX-Request": "true"})

        body = response.content.decode()
        assert "0 fact-checks matching" in body, secret
        assert secret not in body.replace(f"matching “{secret}”", ""), secret
    published = client.get(reverse("public:home"), {"q": "ORIGINALSUMMARY"}).content.decode()
    assert "1 fact-check matching" in published
