import pytest
from django.urls import reverse

from factcheck.core.workflow import transition
from tests.factories import make_claim, make_complete_claim, make_source

pytestmark = pytest.mark.django_db


def test_desk_counts_claims_by_status_per_source(client, reviewer, editor):
    source = make_source(title="Kei", slug="kei", text="One. Two. Three.")
    make_claim(source, reviewer, sentence=0)
    transition(make_complete_claim(source, reviewer, sentence=1), "submit", reviewer)
    client.force_login(reviewer)

    html = client.get(reverse("review:desk")).content.decode()

    row = html[html.index('href="/review/sources/kei/"') :].split("</tr>")[0]
    assert [cell.split("<")[0] for cell in row.split("<td>")[2:6]] == ["1", "1", "0", "0"]


def test_my_drafts_lists_my_work_and_what_was_sent_back(client, reviewer, reviewer2, editor):
    source = make_source()
    make_claim(source, reviewer, text="My own draft")
    make_claim(source, reviewer2, text="Someone else's draft")
    sent_back = transition(
        make_complete_claim(source, reviewer, sentence=1, text="Sent back"), "submit", reviewer
    )
    transition(sent_back, "request_changes", editor, note="Cite the standard.")
    client.force_login(reviewer)

    html = client.get(reverse("review:desk")).content.decode()

    assert "My own draft" in html and "Sent back" in html and "Cite the standard." in html
    assert "Someone else&#x27;s draft" not in html
    assert "Waiting for my review" not in html


def test_an_editor_sees_submitted_work_of_others_waiting(client, reviewer, editor):
    source = make_source()
    transition(make_complete_claim(source, reviewer, text="Please check me"), "submit", reviewer)
    mine = make_complete_claim(source, editor, sentence=1, text="Editor wrote this")
    transition(mine, "submit", editor)
    client.force_login(editor)

    html = client.get(reverse("review:desk")).content.decode()

    waiting = html[html.index("Waiting for my review") : html.index("My drafts")]
    assert "Please check me" in waiting and "Editor wrote this" not in waiting


def test_desk_queries_do_not_grow_with_claims(client, reviewer, django_assert_max_num_queries):
    from tests.factories import bulk_claims

    for n in range(5):
        bulk_claims(make_source(title=f"S{n}", text="A. B. C. D."), reviewer, 4)
    client.force_login(reviewer)

    # Sources, drafts, reviews, assignments, notifications, the nav counts (one
    # query) and the rating stylesheet: a fixed number whatever the size.
    with django_assert_max_num_queries(12):
        client.get(reverse("review:desk"))
