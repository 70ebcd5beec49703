import pytest
from django.urls import reverse

from factcheck.core.models import AnchorState, AuditEvent, Claim, Source
from factcheck.core.sources import add_revision
from tests.factories import make_claim, make_source

pytestmark = pytest.mark.django_db

TEXT = "Kei cars are small. American roads were designed for buggies. High winds push cars."


@pytest.fixture
def source():
    return make_source(text=TEXT, title="Kei", slug="kei")


def test_revise_form_starts_with_the_current_text(as_reviewer, source):
    body = as_reviewer.get(reverse("review:source-revise", args=["kei"])).content.decode()

    assert TEXT in body and 'name="note"' in body


def test_revising_creates_a_revision_and_shows_the_reanchoring_summary(
    as_reviewer, source, reviewer
):
    make_claim(source, reviewer, sentence=2, text="Winds push cars.")
    new_text = TEXT.replace(" High winds push cars.", "")

    response = as_reviewer.post(
        reverse("review:source-revise", args=["kei"]),
        {"text": new_text, "note": "Removed a line"},
        follow=True,
    )

    body = response.content.decode()
    assert source.revisions.count() == 2
    assert "Revision 2 saved." in body
    assert "<strong>1</strong> orphaned" in body
    assert "High winds push cars." in body  # the orphan's original quote
    assert "<del>" in body


def test_revising_with_the_same_text_makes_no_revision(as_reviewer, source):
    response = as_reviewer.post(
        reverse("review:source-revise", args=["kei"]), {"text": TEXT}, follow=True
    )

    assert "The text is unchanged" in response.content.decode()
    assert source.revisions.count() == 1


def test_revising_with_empty_text_is_refused_and_changes_nothing(as_reviewer, source):
    response = as_reviewer.post(reverse("review:source-revise", args=["kei"]), {"text": "  "})

    assert "The text is empty or only whitespace." in response.content.decode()
    assert source.revisions.count() == 1


def test_old_revisions_stay_readable_and_can_be_compared(as_reviewer, source):
    add_revision(source, TEXT.replace("small", "tiny"))

    listing = as_reviewer.get(reverse("review:revision-list", args=["kei"])).content.decode()
    diff = as_reviewer.get(reverse("review:revision-diff", args=["kei"]), {"from": 1, "to": 2})
    first = as_reviewer.get(reverse("review:revision-detail", args=["kei", 1]))

    assert 'value="1"' in listing and 'value="2"' in listing
    assert "<del>small</del><ins>tiny</ins>" in diff.content.decode()
    assert first.status_code == 200 and "Kei cars are small." in first.content.decode()


def test_an_orphan_is_listed_in_the_workspace_and_can_be_reattached(as_reviewer, source, reviewer):
    claim = make_claim(source, reviewer, sentence=2, text="Winds push cars.")
    add_revision(source, "Kei cars are small. Strong gusts move light cars.")
    workspace = as_reviewer.get(reverse("review:source-detail", args=["kei"])).content.decode()
    assert (
        "Orphaned" in workspace and reverse("review:claim-reattach", args=[claim.pk]) in workspace
    )

    response = as_reviewer.post(reverse("review:claim-reattach", args=[claim.pk]), {"first": 1})

    claim.refresh_from_db()
    assert response.status_code == 302
    assert claim.anchor_state == AnchorState.ANCHORED
    assert claim.quote == "Strong gusts move light cars."
    assert AuditEvent.objects.filter(claim=claim, action="reattach").count() == 1


def test_a_fuzzy_claim_can_be_confirmed_at_its_new_place(as_reviewer, source, reviewer):
    claim = make_claim(source, reviewer, sentence=1)
    add_revision(source, TEXT.replace("designed for buggies", "designed for the buggies"))
    claim.refresh_from_db()
    assert claim.anchor_state == AnchorState.FUZZY
    page = as_reviewer.get(reverse("review:claim-detail", args=[claim.pk])).content.decode()
    assert "The text changed here" in page

    as_reviewer.post(reverse("review:claim-confirm", args=[claim.pk]))

    claim.refresh_from_db()
    assert claim.anchor_state == AnchorState.ANCHORED
    assert claim.quote == "American roads were designed for the buggies."


def test_another_reviewer_cannot_reattach_my_draft(client, source, reviewer, reviewer2):
    claim = make_claim(source, reviewer, sentence=2)
    client.force_login(reviewer2)

    assert (
        client.post(reverse("review:claim-reattach", args=[claim.pk]), {"first": 0}).status_code
        == 403
    )
    assert Claim.objects.get(pk=claim.pk).quote == "High winds push cars."


def test_workflow_buttons_show_what_the_user_may_do(client, source, reviewer, editor):
    from tests.factories import make_complete_claim

    claim = make_complete_claim(source, reviewer)
    client.force_login(reviewer)
    client.post(reverse("review:claim-transition", args=[claim.pk, "submit"]))
    client.force_login(editor)

    page = client.get(reverse("review:claim-detail", args=[claim.pk])).content.decode()

    assert "Approve and publish" in page and "Request changes" in page
    response = client.post(
        reverse("review:claim-transition", args=[claim.pk, "request_changes"]),
        {"note": "Add a source."},
        follow=True,
    )
    assert "Sent back to the author" in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == "changes_requested"


def test_a_refused_transition_explains_why(client, source, reviewer):
    from tests.factories import make_complete_claim

    claim = make_complete_claim(source, reviewer)
    client.force_login(reviewer)
    client.post(reverse("review:claim-transition", args=[claim.pk, "submit"]))

    response = client.post(
        reverse("review:claim-transition", args=[claim.pk, "publish"]), follow=True
    )

    assert "Only an editor can do that." in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == "submitted"


def test_reattach_is_offered_only_to_who_may_do_it(client, source, reviewer, reviewer2):
    claim = make_claim(source, reviewer, sentence=2)
    add_revision(source, "Kei cars are small.")
    url = reverse("review:claim-reattach", args=[claim.pk])

    client.force_login(reviewer)
    assert url in client.get(reverse("review:source-detail", args=["kei"])).content.decode()
    client.force_login(reviewer2)
    assert url not in client.get(reverse("review:source-detail", args=["kei"])).content.decode()


def test_the_revision_page_shows_a_moved_sentence_as_moved_and_changed_words_as_such(
    as_reviewer,
):
    from tests.core.test_textdiff import ARTICLE, MOVED, edited

    make_source(text=ARTICLE, title="Kei party", slug="kei-party")
    add_revision(Source.objects.get(slug="kei-party"), edited())

    html = as_reviewer.get(reverse("review:revision-detail", args=["kei-party", 2])).content
    html = html.decode()

    assert "3 words changed, 0 added, 0 removed, 1 sentence moved." in html
    assert '<a class="move-link" href="#move-1-to">Moved from here' in html
    assert 'id="move-1-to"><a class="move-link" href="#move-1-from">Moved here' in html
    assert f"<del>{MOVED}" not in html and f"<ins>{MOVED}" not in html
    assert "<del>tiny</del><ins>small</ins>" in html


def test_the_revision_page_says_readers_wait_for_the_published_claims_places(
    as_reviewer, source, reviewer, editor
):
    from tests.public.publishing import published_claim

    published_claim(source, reviewer, editor, sentence=1)
    add_revision(source, TEXT.replace("designed for buggies", "designed for the buggies"))

    html = as_reviewer.get(reverse("review:revision-detail", args=["kei", 2])).content.decode()

    assert "Readers still see revision 1." in html
