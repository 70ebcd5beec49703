import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from factcheck.core import notifications
from factcheck.core.assignment import AssignmentError, assign, assigned_to
from factcheck.core.models import (
    Assignment,
    AuditEvent,
    Notification,
    NotificationKind,
    NotificationPreferences,
)
from factcheck.core.workflow import transition
from factcheck.public.published import claim_url
from tests.factories import make_claim, make_complete_claim, make_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def source():
    return make_source(text="Kei cars are small. Roads are wide. Trucks are big.", slug="kei")


def received(user, kind):
    return list(Notification.objects.filter(recipient=user, kind=kind))


def with_email(*users):
    for user in users:
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])


# Assignment ------------------------------------------------------------------


def test_an_editor_assigns_a_claim_and_the_assignee_is_told(source, reviewer, reviewer2, editor):
    claim = make_claim(source, reviewer)

    assign(claim, reviewer2, by=editor)

    assert Assignment.objects.get(claim=claim).assignee == reviewer2
    (note,) = received(reviewer2, NotificationKind.ASSIGNED)
    assert note.message == f"edna assigned claim #{claim.pk} to you."
    assert note.url == reverse("review:claim-detail", args=[claim.pk])
    event = AuditEvent.objects.get(action="assign")
    assert event.changes == {"assignee": [None, "rob"]} and event.actor == editor


def test_reassigning_moves_the_work_and_keeps_the_history(source, reviewer, reviewer2, editor):
    assign(source, reviewer, by=editor)

    assign(source, reviewer2, by=editor)

    assert Assignment.objects.get(source=source).assignee == reviewer2
    assert not assigned_to(reviewer).exists()
    assert [e.changes for e in AuditEvent.objects.filter(action="assign").order_by("pk")] == [
        {"assignee": [None, "rita"]},
        {"assignee": ["rita", "rob"]},
    ]


def test_unassigning_leaves_nobody_and_an_audit_event(source, reviewer, editor):
    assign(source, reviewer, by=editor)

    assign(source, None, by=editor)

    assert not Assignment.objects.exists()
    assert AuditEvent.objects.get(action="unassign").changes == {"assignee": ["rita", None]}


def test_only_an_editor_can_assign(source, reviewer, reviewer2):
    claim = make_claim(source, reviewer)

    with pytest.raises(AssignmentError, match="Only an editor can assign work."):
        assign(claim, reviewer2, by=reviewer)

    assert not Assignment.objects.exists() and not Notification.objects.exists()


def test_work_cannot_go_to_someone_without_the_reviewer_role(source, editor):
    from tests.factories import UserFactory

    outsider = UserFactory(username="olga")

    with pytest.raises(AssignmentError, match="olga is not an active reviewer."):
        assign(source, outsider, by=editor)


def test_a_published_claim_leaves_the_assignees_queue(source, reviewer, reviewer2, editor):
    claim = make_complete_claim(source, reviewer)
    assign(claim, reviewer2, by=editor)
    assign(source, reviewer2, by=editor)
    transition(claim, "submit", reviewer)

    transition(claim, "publish", editor)

    assert [a.source for a in assigned_to(reviewer2)] == [source]


# Workflow and reader events ---------------------------------------------------


def test_sending_back_tells_the_author_and_the_assignee(source, reviewer, reviewer2, editor):
    claim = transition(make_complete_claim(source, reviewer), "submit", reviewer)
    assign(claim, reviewer2, by=editor)

    transition(claim, "request_changes", editor, note="Cite the standard.")

    for person in (reviewer, reviewer2):
        (note,) = received(person, NotificationKind.SENT_BACK)
        assert note.message == f"edna sent claim #{claim.pk} back to you with a reason."
    assert not received(editor, NotificationKind.SENT_BACK)


def test_publishing_tells_the_author_but_not_the_approver(source, reviewer, editor):
    claim = transition(make_complete_claim(source, reviewer), "submit", reviewer)

    transition(claim, "publish", editor)

    (note,) = received(reviewer, NotificationKind.PUBLISHED)
    assert note.message == f"Claim #{claim.pk} was approved by edna and published."
    assert not Notification.objects.filter(recipient=editor).exists()


def test_submitting_notifies_nobody(source, reviewer):
    transition(make_complete_claim(source, reviewer), "submit", reviewer)

    assert not Notification.objects.exists()


def test_a_reader_suggestion_tells_the_claims_author(client, source, reviewer, editor):
    claim = transition(make_complete_claim(source, reviewer), "submit", reviewer)
    claim = transition(claim, "publish", editor)

    client.post(claim_url(claim), {"message": "The lane width is wrong."})

    (note,) = received(reviewer, NotificationKind.SUGGESTION)
    assert note.message == f"A reader suggested a correction to claim #{claim.pk}."


# Email -----------------------------------------------------------------------


def test_each_notification_is_emailed_after_the_commit(
    source, reviewer, reviewer2, editor, django_capture_on_commit_callbacks
):
    with_email(reviewer2)
    claim = make_claim(source, reviewer)

    with django_capture_on_commit_callbacks(execute=True):
        assign(claim, reviewer2, by=editor)

    (message,) = mail.outbox
    assert message.to == ["rob@example.org"]
    assert message.subject == "[Factcheck] Assigned to you"
    assert f"{settings.SITE_URL}/review/claims/{claim.pk}/" in message.body
    assert Notification.objects.get().emailed


def test_email_carries_no_unpublished_words(
    source, reviewer, editor, django_capture_on_commit_callbacks
):
    with_email(reviewer)
    claim = make_complete_claim(source, reviewer, text="A secret draft claim.")
    transition(claim, "submit", reviewer)

    with django_capture_on_commit_callbacks(execute=True):
        transition(claim, "request_changes", editor, note="The private reason.")

    (message,) = mail.outbox
    assert "secret draft" not in message.body and "private reason" not in message.body
    assert "Kei cars" not in message.body


def test_a_person_can_turn_off_one_kind_of_email(
    source, reviewer, editor, django_capture_on_commit_callbacks
):
    with_email(reviewer)
    NotificationPreferences.objects.create(user=reviewer, email_published=False)
    claim = transition(make_complete_claim(source, reviewer), "submit", reviewer)

    with django_capture_on_commit_callbacks(execute=True):
        transition(claim, "publish", editor)
        assign(source, reviewer, by=editor)

    assert [m.subject for m in mail.outbox] == ["[Factcheck] Assigned to you"]
    assert received(reviewer, NotificationKind.PUBLISHED)  # still shown in the app


def test_no_address_means_no_email_but_the_notification_stays(
    source, reviewer, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assign(source, reviewer, by=editor)

    assert mail.outbox == []
    assert not Notification.objects.get().emailed


def test_mark_read_touches_only_the_users_own(source, reviewer, reviewer2, editor):
    assign(source, reviewer, by=editor)
    assign(make_claim(source, reviewer), reviewer2, by=editor)

    assert notifications.mark_read(reviewer) == 1

    assert Notification.objects.unread().get().recipient == reviewer2
