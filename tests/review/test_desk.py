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


# Assignment, queues and the navigation's counts --------------------------------


def nav(html):
    return html[html.index('aria-label="Site"') : html.index("</nav>")]


def test_assigned_work_shows_on_the_assignees_desk(client, reviewer, reviewer2, editor):
    from factcheck.core.assignment import assign

    source = make_source(title="Kei party", slug="kei-party")
    assign(source, reviewer2, by=editor)
    assign(make_claim(source, reviewer, text="Check this one"), reviewer2, by=editor)
    client.force_login(reviewer2)

    html = client.get(reverse("review:desk")).content.decode()

    assigned = html[html.index('id="assigned-title"') : html.index('id="drafts-title"')]
    assert "Source: Kei party" in assigned and "Claim: Check this one" in assigned
    assert 'Assigned to me <span class="count">2</span>' in nav(html)


def test_an_editor_assigns_a_claim_from_the_desk(client, reviewer, reviewer2, editor):
    from factcheck.core.models import Assignment

    claim = make_claim(make_source(), reviewer)
    client.force_login(editor)
    url = reverse("review:claim-assign", args=[claim.pk])

    assert client.get(url).status_code == 200
    response = client.post(url, {"assignee": reviewer2.pk, "next": "/review/"})

    assert response.status_code == 302 and response["Location"] == "/review/"
    assert Assignment.objects.get(claim=claim).assignee == reviewer2


def test_a_reviewer_cannot_assign(client, reviewer, reviewer2):
    from factcheck.core.models import Assignment

    source = make_source(slug="kei")
    client.force_login(reviewer)

    response = client.post(
        reverse("review:source-assign", args=["kei"]), {"assignee": reviewer2.pk}
    )

    assert response.status_code == 403
    assert not Assignment.objects.filter(source=source).exists()


def test_assigning_to_a_non_reviewer_is_refused_with_the_choice_kept(client, editor):
    from tests.factories import UserFactory

    outsider = UserFactory(username="olga")
    make_source(slug="kei")
    client.force_login(editor)

    response = client.post(reverse("review:source-assign", args=["kei"]), {"assignee": outsider.pk})

    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()


def test_the_nav_counts_what_waits_for_an_editor(client, reviewer, editor):
    from factcheck.core.models import Suggestion

    source = make_source()
    transition(make_complete_claim(source, reviewer, text="Waiting"), "submit", reviewer)
    published = transition(make_complete_claim(source, reviewer, sentence=1), "submit", reviewer)
    published = transition(published, "publish", editor)
    Suggestion.objects.create(claim=published, message="Wrong year.")
    client.force_login(editor)

    html = nav(client.get(reverse("public:home")).content.decode())

    assert 'Waiting for my review <span class="count">1</span>' in html
    assert 'New suggestions <span class="count">1</span>' in html


def test_a_reviewer_sees_only_their_own_queue_counts(client, reviewer, reviewer2, editor):
    from factcheck.core.models import Suggestion

    source = make_source()
    mine = transition(make_complete_claim(source, reviewer, text="Mine"), "submit", reviewer)
    transition(mine, "request_changes", editor, note="Fix it.")
    theirs = transition(make_complete_claim(source, reviewer2, sentence=1), "submit", reviewer2)
    transition(theirs, "request_changes", editor, note="Fix it too.")
    Suggestion.objects.create(claim=mine, message="Hmm.")
    client.force_login(reviewer)

    html = nav(client.get(reverse("review:desk")).content.decode())

    assert 'Sent back <span class="count">1</span>' in html
    assert 'Notifications <span class="count">1</span>' in html
    assert "Waiting for my review" not in html and "New suggestions" not in html


def test_readers_see_no_desk_counts(client):
    html = client.get(reverse("public:home")).content.decode()

    assert "nav-counts" not in html


def test_a_new_count_is_not_hidden_behind_a_304(client, reviewer, editor):
    source = make_source()
    client.force_login(editor)
    first = client.get(reverse("public:home"))
    transition(make_complete_claim(source, reviewer), "submit", reviewer)

    again = client.get(reverse("public:home"), headers={"if-none-match": first["ETag"]})

    assert again.status_code == 200
    assert 'Waiting for my review <span class="count">1</span>' in nav(again.content.decode())


def test_nav_counts_cost_one_query_on_a_public_page(
    client, reviewer, editor, django_assert_max_num_queries
):
    from tests.factories import bulk_claims

    source = make_source(text="A. B. C. D.")
    bulk_claims(source, reviewer, 4)
    client.get(reverse("public:home"))  # the cached body and stylesheet are warm
    client.force_login(editor)
    client.get(reverse("public:home"))

    # Session, user, permissions (2), epoch, nav counts.
    with django_assert_max_num_queries(6):
        client.get(reverse("public:home"))


def test_notifications_page_lists_and_marks_read(client, reviewer, editor):
    from factcheck.core.assignment import assign
    from factcheck.core.models import Notification

    source = make_source(slug="kei")
    assign(source, reviewer, by=editor)
    client.force_login(reviewer)
    note = Notification.objects.get()

    html = client.get(reverse("review:notifications")).content.decode()
    assert "edna assigned the source “A source” to you." in html
    response = client.get(reverse("review:notification-open", args=[note.pk]))

    assert response["Location"] == reverse("review:source-detail", args=["kei"])
    note.refresh_from_db()
    assert note.read_at is not None


def test_someone_elses_notification_is_not_found(client, reviewer, reviewer2, editor):
    from factcheck.core.assignment import assign
    from factcheck.core.models import Notification

    assign(make_source(), reviewer2, by=editor)
    client.force_login(reviewer)

    response = client.get(reverse("review:notification-open", args=[Notification.objects.get().pk]))

    assert response.status_code == 404


def test_email_preferences_are_saved_per_user(client, reviewer):
    from factcheck.core.models import NotificationPreferences

    client.force_login(reviewer)

    response = client.post(
        reverse("review:notifications"),
        {"email_assigned": "on", "email_sent_back": "on", "email_suggestion": "on"},
    )

    assert response.status_code == 302
    preferences = NotificationPreferences.objects.get(user=reviewer)
    assert not preferences.email_published and preferences.email_assigned


def test_assigning_never_redirects_off_the_site(client, reviewer, editor):
    make_source(slug="kei")
    client.force_login(editor)

    response = client.post(
        reverse("review:source-assign", args=["kei"]),
        {"assignee": reviewer.pk, "next": "https://evil.example/"},
    )

    assert response["Location"] == reverse("review:desk")


# Assignment grants the work --------------------------------------------------


def test_an_editor_assigns_a_claim_and_the_assignee_can_save_it(
    client, reviewer, reviewer2, editor
):
    from factcheck.core.models import Claim, Notification
    from tests.factories import rating

    source = make_source(title="Kei", text="One. Two.")
    claim = make_claim(source, reviewer, sentence=1)
    client.force_login(editor)
    client.post(reverse("review:claim-assign", args=[claim.pk]), {"assignee": reviewer2.pk})
    client.force_login(reviewer2)

    page = client.get(reverse("review:claim-detail", args=[claim.pk])).content.decode()
    response = client.post(
        reverse("review:claim-verdict", args=[claim.pk]),
        {"version": claim.verdict_version, "rating": rating("false").pk, "summary": "Mine now."},
    )

    assert "can edit this claim" not in page
    assert 'id="claim-editor-title">Claim 1 <span' in page
    assert response.status_code == 302
    assert Claim.objects.get(pk=claim.pk).summary == "Mine now."
    assert Notification.objects.filter(recipient=reviewer, kind="reassigned").exists()


def test_someone_else_is_told_who_may_edit_and_is_refused(client, reviewer, reviewer2, editor):
    from factcheck.core.assignment import assign
    from tests.conftest import user_in

    claim = make_claim(make_source(), reviewer)
    assign(claim, reviewer2, by=editor)
    client.force_login(user_in("Reviewer", username="tess"))

    page = client.get(reverse("review:claim-detail", args=[claim.pk])).content.decode()
    response = client.post(reverse("review:claim-verdict", args=[claim.pk]), {"summary": "X"})

    assert "Only its author, rita, rob, to whom it is assigned, or an editor can edit" in page
    assert response.status_code == 403


def test_an_editor_who_contributed_is_told_why_approve_is_missing(client, reviewer, editor):
    from tests.factories import write_verdict

    claim = make_complete_claim(make_source(), reviewer)
    write_verdict(claim, editor, summary="The editor's words.")
    transition(claim, "submit", reviewer)
    client.force_login(editor)

    page = client.get(reverse("review:claim-detail", args=[claim.pk])).content.decode()

    assert "Approve and publish</button>" not in page
    assert (
        "<strong>Approve and publish</strong> is not offered to you: You changed this "
        "fact-check since its last approval: a second person must review it."
    ) in page
    assert "<strong>Request changes</strong> is not offered to you" in page


def test_the_desk_lists_sources_a_page_at_a_time_newest_first(
    client, reviewer, monkeypatch, django_assert_max_num_queries
):
    from factcheck.review import views

    monkeypatch.setattr(views, "SOURCES_PER_PAGE", 2)
    for n in range(5):
        make_source(title=f"Source {n}", slug=f"source-{n}", text="One. Two.")
    client.force_login(reviewer)

    def listed(html):
        table = html[html.index("<caption>Sources</caption>") : html.index("</table>")]
        return [f"source-{n}" for n in range(5) if f"/review/sources/source-{n}/" in table]

    first = client.get(reverse("review:desk")).content.decode()
    with django_assert_max_num_queries(12):
        last = client.get(reverse("review:desk"), {"page": 3}).content.decode()

    assert listed(first) == ["source-3", "source-4"]  # the two newest
    assert 'href="?page=2" rel="next"' in first and "Page 1 of 3" in first
    assert listed(last) == ["source-0"]
    assert 'href="?page=2" rel="prev"' in last
