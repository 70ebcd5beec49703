"""Blind second ratings in the workspace: nothing of the first rating reaches
the second reviewer before the reveal (and nothing of the second reaches anyone
else), both side by side afterwards, disagreements flagged and resolved."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from factcheck.core import blind, roles
from factcheck.core.claims import add_citation
from factcheck.core.models import (
    AuditEvent,
    BlindRating,
    BlindState,
    Rating,
    Snapshot,
    SnapshotState,
)
from factcheck.core.workflow import transition
from tests.conftest import user_in
from tests.factories import make_claim, make_complete_claim, make_source, rating, write_verdict

pytestmark = pytest.mark.django_db

TEXT = (
    "The council met on Tuesday. The mayor said that bike lanes cost 40 million dollars. "
    "Nobody objected. The lanes open next year."
)
CLAIM_TEXT = "Bike lanes cost the city 40 million dollars."
# What the first reviewer wrote: none of it may reach the second reviewer.
FIRST = {
    "label": "Zorblaxian verdict",
    "slug": "zorblaxian-slug",
    "icon": "♞",
    "summary": "SUMMARYMARK-31337 zebrafinch",
    "rationale": "RATIONALEMARK-31337 quokka is the **reason**.",
    "citation_title": "CITATIONMARK-title",
    "citation_url": "https://example.org/citationmark-url",
    "citation_quote": "CITATIONMARK-quote",
    "publisher": "CITATIONMARK-publisher",
}
MARKERS = (
    "Zorblaxian",
    "zorblaxian-slug",
    "♞",
    "SUMMARYMARK",
    "RATIONALEMARK",
    "CITATIONMARK",
    "citationmark",
)
SECOND_MARKERS = ("SECONDSUMMARY-4242", "SECONDRATIONALE-4242")
# A word of the second summary, to search for.


@pytest.fixture
def setting(reviewer, editor):
    """A submitted claim with a verdict of its own marked everywhere, another
    claim on the same source that says the same, and an editor (eve, who can
    reach the admin) asked to rate the first blind."""
    source = make_source(text=TEXT, title="Council minutes", slug="council")
    rating("false")  # the scale exists (a browser test's flush may have emptied it)
    # Inactive, so that no list of the ratings one may choose names it.
    unique = Rating.objects.create(
        label=FIRST["label"],
        slug=FIRST["slug"],
        icon=FIRST["icon"],
        colour="#5a2d82",
        description="A rating only this claim has.",
        is_active=False,
    )
    claim = make_claim(source, reviewer, sentence=1, text=CLAIM_TEXT)
    from factcheck.core.claims import save_verdict

    save_verdict(
        claim,
        editor=reviewer,
        version=claim.verdict_version,
        rating=unique,
        summary=FIRST["summary"],
        rationale=FIRST["rationale"],
    )
    add_citation(
        claim,
        editor=reviewer,
        archive=False,
        url=FIRST["citation_url"],
        title=FIRST["citation_title"],
        quote=FIRST["citation_quote"],
        publisher=FIRST["publisher"],
        stance="refutes",
    )
    # Our copy of the cited page (as core/snapshots.py would have made it).
    copy = Snapshot.objects.create(
        url=FIRST["citation_url"],
        state=SnapshotState.ARCHIVED,
        status_code=200,
        fetched_at=timezone.now(),
        text="CITATIONMARK page text",
    )
    claim.citations.update(snapshot=copy)
    claim.refresh_from_db()
    transition(claim, "submit", reviewer)
    other = make_complete_claim(source, reviewer, sentence=0, text="Bike lanes cost 40 million.")
    second = user_in(roles.EDITOR, username="eve", is_staff=True)
    asked = blind.request(claim, second, by=editor)
    return {"source": source, "claim": claim, "other": other, "second": second, "asked": asked}


def visible(response):
    """What a response shows: its body and headers, without the lists of every
    rating on the scale (a search filter, the admin's filter sidebar), which
    name the unique rating whatever claim is shown."""
    body = response.content.decode()
    body = re.sub(r"<select\b.*?</select>", "", body, flags=re.S)
    body = re.sub(r"<details data-filter-title=.*?</details>", "", body, flags=re.S)
    return body + repr(dict(response.headers))


def assert_nothing_leaks(response, markers=MARKERS):
    assert response.status_code < 500
    shown = visible(response)
    leaked = [marker for marker in markers if marker in shown]
    assert not leaked, f"{response.request['PATH_INFO']} shows {leaked}"


PARTIAL_TARGETS = (
    "source-text",
    "claim-list",
    "claim-form",
    "verdict-panel",
    "citation-list",
    "panel",
    "blind-panel",
    "similar-claims",
)


def get_every_way(client, url, targets=PARTIAL_TARGETS):
    """The URL as a page (redirects followed) and as each htmx partial."""
    yield client.get(url, follow=True)
    yield client.get(url, headers={"HX-Request": "true"})
    for target in targets:
        yield client.get(url, headers={"HX-Request": "true", "HX-Target": target})


def workspace_urls(setting):
    claim, source, other = setting["claim"], setting["source"], setting["other"]
    citation = claim.citations.get()
    words = "bike lanes million"
    return [
        reverse("review:desk"),
        reverse("review:notifications"),
        reverse("review:source-detail", args=[source.slug]),
        reverse("review:source-detail", args=[source.slug]) + "?claims=all",
        reverse("review:claim-new", args=[source.slug]) + "?first=1",
        reverse("review:claim-new", args=[source.slug]) + "?first=1&last=1",
        reverse("review:claim-detail", args=[claim.pk]),
        reverse("review:claim-verdict", args=[claim.pk]),
        reverse("review:claim-reattach", args=[claim.pk]),
        reverse("review:claim-assign", args=[claim.pk]),
        reverse("review:claim-blind", args=[claim.pk]),
        reverse("review:citation-edit", args=[citation.pk]),
        reverse("review:snapshot-detail", args=[citation.snapshot_id]),
        reverse("review:snapshot-warc", args=[citation.snapshot_id]),
        reverse("review:claim-detail", args=[other.pk]),
        reverse("review:claim-search"),
        reverse("review:claim-search") + f"?q={words}",
        reverse("review:claim-search") + "?q=zebrafinch",
        reverse("review:claim-search") + "?q=quokka",
        reverse("review:claim-search") + f"?rating={FIRST['slug']}",
        reverse("review:claim-search") + "?status=submitted",
        reverse("review:claim-similar") + f"?text={CLAIM_TEXT}",
        reverse("review:claim-similar") + f"?claim={claim.pk}&text={CLAIM_TEXT}",
        reverse("review:claim-similar") + f"?claim={other.pk}&text={CLAIM_TEXT}",
        reverse("review:revision-list", args=[source.slug]),
        reverse("review:revision-detail", args=[source.slug, 1]),
        reverse("review:revision-diff", args=[source.slug]) + "?from=1&to=1",
    ]


def admin_urls(setting):
    claim = setting["claim"]
    events = AuditEvent.objects.filter(claim_id=claim.pk).values_list("pk", flat=True)
    return [
        "/admin/",
        "/admin/core/claim/",
        "/admin/core/claim/?q=quokka",
        f"/admin/core/claim/?rating__id__exact={claim.rating_id}",
        f"/admin/core/claim/{claim.pk}/change/",
        f"/admin/core/claim/{claim.pk}/history/",
        "/admin/core/auditevent/",
        f"/admin/core/auditevent/?claim__id__exact={claim.pk}",
        "/admin/core/auditevent/?q=zebrafinch",
        *(f"/admin/core/auditevent/{pk}/change/" for pk in events),
        "/admin/core/verdict/",
        "/admin/core/blindrating/",
        f"/admin/core/blindrating/{setting['asked'].pk}/change/",
        f"/admin/core/citation/{claim.citations.get().pk}/change/",
    ]


def public_urls(setting):
    claim, source = setting["claim"], setting["source"]
    return [
        "/",
        "/corrections/",
        f"/sources/{source.slug}/",
        f"/sources/{source.slug}/annotations.jsonld",
        f"/claims/{claim.pk}/",
        f"/claims/{claim.pk}-bike-lanes/",
        f"/claims/{claim.pk}/copies/{claim.citations.get().snapshot_id}/",
        "/api/claims",
        f"/api/claims/{claim.pk}",
        "/api/sources",
        f"/api/sources/{source.slug}",
        "/api/claimreview.json",
        "/feed.atom",
        "/sitemap.xml",
    ]


def test_the_markers_are_where_the_first_reviewer_sees_them(client, setting, reviewer):
    """The test below would prove nothing if the markers were nowhere."""
    client.force_login(reviewer)
    page = visible(client.get(reverse("review:claim-detail", args=[setting["claim"].pk])))
    search = visible(client.get(reverse("review:claim-search") + "?q=zebrafinch"))
    similar = visible(
        client.get(
            reverse("review:claim-similar") + f"?claim={setting['other'].pk}&text={CLAIM_TEXT}"
        )
    )
    text = visible(client.get(reverse("review:source-detail", args=["council"])))

    copy = reverse("review:snapshot-detail", args=[setting["claim"].citations.get().snapshot_id])
    assert "CITATIONMARK page text" in visible(client.get(copy))
    assert all(marker in page for marker in MARKERS)
    assert "SUMMARYMARK" in search and FIRST["label"] in similar
    assert FIRST["slug"] in text and FIRST["label"] in text


def test_nothing_of_the_first_rating_reaches_the_second_reviewer(client, setting):
    client.force_login(setting["second"])

    for url in workspace_urls(setting):
        for response in get_every_way(client, url):
            assert_nothing_leaks(response)
    # Neither has regions chosen by HX-Target.
    for url in admin_urls(setting) + public_urls(setting):
        for response in get_every_way(client, url, targets=()):
            assert_nothing_leaks(response)


def test_the_claim_page_sends_the_second_reviewer_to_the_blind_page(client, setting):
    client.force_login(setting["second"])
    url = reverse("review:claim-detail", args=[setting["claim"].pk])
    blind_url = reverse("review:claim-blind", args=[setting["claim"].pk])

    assert client.get(url).headers["Location"] == blind_url
    partial = client.get(url, headers={"HX-Request": "true", "HX-Target": "verdict-panel"})
    assert partial.headers["HX-Redirect"] == blind_url and partial.content == b""


def test_the_second_reviewer_cannot_write_to_the_claim(client, setting):
    client.force_login(setting["second"])
    claim = setting["claim"]

    for name in ("claim-verdict", "citation-add", "claim-same-as", "claim-confirm"):
        assert client.post(reverse(f"review:{name}", args=[claim.pk]), {}).status_code == 403
    publish = reverse("review:claim-transition", args=[claim.pk, "publish"])
    assert client.post(publish).status_code == 403


def test_the_blind_page_shows_the_claim_and_its_place_and_preselects_nothing(client, setting):
    client.force_login(setting["second"])

    html = client.get(reverse("review:claim-blind", args=[setting["claim"].pk])).content.decode()

    assert CLAIM_TEXT in html
    assert "<mark>The mayor said that bike lanes cost 40 million dollars.</mark>" in html
    assert "The council met on Tuesday." in html  # the text around it
    assert "you rate it on your own research" in html.lower()
    assert 'name="rating"' in html and not re.search(r'name="rating"[^>]*checked', html)
    assert "csrfmiddlewaretoken" in html


def test_the_blind_page_is_only_for_its_reviewer(client, setting, reviewer, editor, reviewer2):
    url = reverse("review:claim-blind", args=[setting["claim"].pk])
    for user in (reviewer, editor, reviewer2):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, {"rating": rating("false").pk}).status_code == 403
    assert BlindRating.objects.get().state == BlindState.REQUESTED


def rate(client, setting, slug="true", headers=None):
    data = {
        "rating": rating(slug).pk,
        "summary": f"{SECOND_MARKERS[0]} pangolin",
        "rationale": f"{SECOND_MARKERS[1]} <script>alert(1)</script> *mine*",
    }
    url = reverse("review:claim-blind", args=[setting["claim"].pk])
    return client.post(url, data, headers=headers or {})


def test_an_invalid_rating_keeps_what_was_typed(client, setting):
    client.force_login(setting["second"])
    url = reverse("review:claim-blind", args=[setting["claim"].pk])

    response = client.post(url, {"summary": "Typed summary", "rationale": "Typed rationale"})
    partial = client.post(
        url, {"summary": "Typed summary", "rationale": ""}, headers={"HX-Request": "true"}
    )

    assert response.status_code == 200 and partial.status_code == 200
    assert (
        "Typed summary" in response.content.decode()
        and "Typed rationale" in response.content.decode()
    )
    assert b'id="blind-form"' in partial.content and b"<html" not in partial.content
    assert BlindRating.objects.get().state == BlindState.REQUESTED


def test_rating_reveals_both_side_by_side_to_both_raters_and_editors(
    client, setting, reviewer, editor
):
    client.force_login(setting["second"])
    response = rate(client, setting, "true")
    claim_url = reverse("review:claim-detail", args=[setting["claim"].pk])
    assert response.status_code == 302 and response.headers["Location"] == claim_url

    for user in (setting["second"], reviewer, editor):
        client.force_login(user)
        html = client.get(claim_url).content.decode()
        panel = html[html.index('id="blind-panel"') :]
        assert FIRST["label"] in panel and rating("true").label in panel
        assert FIRST["summary"] in panel and "RATIONALEMARK" in panel
        assert SECOND_MARKERS[0] in panel and SECOND_MARKERS[1] in panel
        assert (
            "<em>mine</em>" in panel
            and "<script>" not in html.split("</footer>")[0].split("<main")[-1]
        )
        assert "The blind ratings disagree" in panel and "Blind ratings disagree" in html


def test_the_second_rating_is_hidden_from_everyone_else_until_revealed(
    client, setting, reviewer, editor, admin_user
):
    claim = make_claim(setting["source"], reviewer, sentence=2, text="Nobody objected at all.")
    asked = blind.request(claim, setting["second"], by=editor)
    client.force_login(setting["second"])
    rate(client, {"claim": claim}, "true")
    asked.refresh_from_db()
    assert asked.state == BlindState.RATED
    urls = [
        reverse("review:desk"),
        reverse("review:notifications"),
        reverse("review:claim-detail", args=[claim.pk]),
        reverse("review:source-detail", args=["council"]),
        reverse("review:claim-search") + "?q=pangolin",
        "/admin/core/blindrating/",
        f"/admin/core/blindrating/{asked.pk}/change/",
        "/admin/core/auditevent/",
        f"/admin/core/claim/{claim.pk}/change/",
    ]
    for user in (reviewer, editor, admin_user):
        client.force_login(user)
        for url in urls:
            targets = PARTIAL_TARGETS if url.startswith("/review/") else ()
            for response in get_every_way(client, url, targets):
                assert_nothing_leaks(response, SECOND_MARKERS)
        html = client.get(reverse("review:claim-detail", args=[claim.pk])).content.decode()
        panel = html[html.index('id="blind-panel"') :].split("</section>")[0]
        assert "Waiting for the first rating" in panel and rating("true").label not in panel


def test_the_second_reviewer_sees_their_own_rating_while_it_waits(client, setting, reviewer):
    claim = make_claim(setting["source"], reviewer, sentence=2, text="Nobody objected at all.")
    blind.request(claim, setting["second"], by=setting["asked"].requested_by)
    client.force_login(setting["second"])

    response = rate(client, {"claim": claim}, "true")

    url = reverse("review:claim-blind", args=[claim.pk])
    assert response.headers["Location"] == url
    html = client.get(url).content.decode()
    assert SECOND_MARKERS[0] in html and "Your rating is in" in html
    write_verdict(claim, reviewer, rating_slug="true")
    assert client.get(url).headers["Location"] == reverse("review:claim-detail", args=[claim.pk])


def test_an_htmx_rating_navigates_to_the_claim_page(client, setting):
    client.force_login(setting["second"])

    response = rate(client, setting, "true", headers={"HX-Request": "true"})

    assert response.headers["HX-Redirect"] == reverse(
        "review:claim-detail", args=[setting["claim"].pk]
    )


def test_an_editor_asks_for_a_blind_rating_on_the_claim_page(client, reviewer, editor, reviewer2):
    claim = make_complete_claim(make_source(), reviewer)
    client.force_login(editor)
    url = reverse("review:claim-detail", args=[claim.pk])
    html = client.get(url).content.decode()
    form = html[html.index('class="stacked blind-request"') :].split("</form>")[0]
    assert ">rob<" in form and ">rita<" not in form and ">edna<" not in form

    response = client.post(
        reverse("review:blind-request", args=[claim.pk]), {"reviewer": reviewer2.pk}
    )

    assert response.status_code == 302
    assert BlindRating.objects.get(claim=claim).reviewer == reviewer2
    assert "Waiting for the second rating" in client.get(url).content.decode()


def test_asking_for_the_author_is_refused_with_a_message(client, reviewer, editor):
    claim = make_complete_claim(make_source(), reviewer)
    client.force_login(editor)

    response = client.post(
        reverse("review:blind-request", args=[claim.pk]),
        {"reviewer": reviewer.pk},
        headers={"HX-Request": "true", "HX-Target": "blind-panel"},
    )

    assert response.status_code == 200 and b'id="blind-panel"' in response.content
    assert b"Select a valid choice" in response.content
    assert not BlindRating.objects.exists()


def test_only_editors_ask_withdraw_and_resolve(client, setting, reviewer, reviewer2):
    claim = make_complete_claim(setting["source"], reviewer, sentence=2)
    client.force_login(reviewer2)

    assert (
        client.post(
            reverse("review:blind-request", args=[claim.pk]), {"reviewer": reviewer2.pk}
        ).status_code
        == 403
    )
    assert (
        client.post(reverse("review:blind-withdraw", args=[setting["asked"].pk])).status_code == 403
    )
    assert (
        client.post(
            reverse("review:blind-resolve", args=[setting["asked"].pk]), {"note": "x"}
        ).status_code
        == 403
    )
    assert BlindRating.objects.get().state == BlindState.REQUESTED


def test_every_blind_form_needs_its_csrf_token(setting, editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(setting["second"])
    assert rate(client, setting).status_code == 403
    client.force_login(editor)
    assert (
        client.post(reverse("review:blind-withdraw", args=[setting["asked"].pk])).status_code == 403
    )
    assert BlindRating.objects.get().state == BlindState.REQUESTED


def test_an_editor_withdraws_and_the_second_reviewer_sees_the_claim_again(client, setting, editor):
    client.force_login(editor)
    response = client.post(reverse("review:blind-withdraw", args=[setting["asked"].pk]))
    assert response.status_code == 302

    client.force_login(setting["second"])
    html = client.get(reverse("review:claim-detail", args=[setting["claim"].pk])).content.decode()
    assert FIRST["summary"] in html


def test_approval_is_withheld_with_its_reason_until_the_disagreement_is_resolved(
    client, setting, editor
):
    claim_url = reverse("review:claim-detail", args=[setting["claim"].pk])
    publish = reverse("review:claim-transition", args=[setting["claim"].pk, "publish"])
    client.force_login(editor)
    html = client.get(claim_url).content.decode()
    assert "is not offered to you: An independent second rating is still open" in html
    client.post(publish)
    assert setting["claim"].__class__.objects.get(pk=setting["claim"].pk).status == "submitted"

    client.force_login(setting["second"])
    rate(client, setting, "true")
    client.force_login(editor)
    desk = client.get(reverse("review:desk")).content.decode()
    queue = desk[desk.index('id="disagree-title"') : desk.index('id="assigned-title"')]
    assert CLAIM_TEXT[:30] in queue and FIRST["label"] in queue
    assert (
        "The blind ratings disagree: an editor must resolve"
        in client.get(claim_url).content.decode()
    )

    pair = BlindRating.objects.get()
    resolve = reverse("review:blind-resolve", args=[pair.pk])
    empty = client.post(
        resolve, {"note": ""}, headers={"HX-Request": "true", "HX-Target": "blind-panel"}
    )
    assert b"Say how the disagreement was settled." in empty.content
    client.post(resolve, {"note": "Checked the budget: it was 4 million."})

    html = client.get(claim_url).content.decode()
    assert (
        "resolved</strong> by edna: Checked the budget" in html
        and "Blind ratings disagree" not in html
    )
    desk = client.get(reverse("review:desk")).content.decode()
    assert "No blind ratings disagree." in desk
    client.post(publish)
    assert pair.claim.__class__.objects.get(pk=pair.claim_id).status == "published"


def test_the_second_reviewer_finds_the_request_on_the_desk(client, setting):
    client.force_login(setting["second"])

    html = client.get(reverse("review:desk")).content.decode()

    mine = html[html.index('id="blind-requests-title"') : html.index('id="assigned-title"')]
    assert reverse("review:claim-blind", args=[setting["claim"].pk]) in mine
    assert 'To rate blind <span class="count">1</span>' in html
    # The claim waits for review, but not for its blind rater's: nor is it counted.
    assert "Waiting for my review <span" not in html
    assert "Waiting for my review" in html
    waiting = html[html.index('id="waiting-title"') : html.index('id="drafts-title"')]
    assert CLAIM_TEXT[:30] not in waiting


def test_blind_page_queries_stay_constant(client, setting, django_assert_max_num_queries):
    from tests.factories import grow_claim

    client.force_login(setting["second"])
    url = reverse("review:claim-blind", args=[setting["claim"].pk])
    client.get(url)
    grow_claim(setting["claim"], setting["claim"].author, setting["asked"].requested_by, 20)

    # Session, user and permissions (4), the claim, the blind rating, the
    # navigation's counts, the ratings for the choices and for their help:
    # the same however much the claim carries.
    with django_assert_max_num_queries(9):
        assert client.get(url).status_code == 200


def test_desk_queries_stay_constant_with_blind_ratings(
    client, setting, reviewer, editor, django_assert_max_num_queries
):
    for n in range(6):
        claim = make_complete_claim(setting["source"], reviewer, sentence=n % 4, text=f"Claim {n}")
        asked = blind.request(claim, setting["second"], by=editor)
        if n % 2:
            blind.rate(
                asked, reviewer=setting["second"], rating=rating("true"), summary="s", rationale="r"
            )
    client.force_login(editor)
    client.get(reverse("review:desk"))

    # The desk's own queries (see test_desk.py) and the two blind queues.
    with django_assert_max_num_queries(14):
        html = client.get(reverse("review:desk")).content.decode()
    assert html.count('class="rating-badge" data-rating="true"') >= 3
    client.force_login(setting["second"])
    with django_assert_max_num_queries(14):
        assert client.get(reverse("review:desk")).status_code == 200
