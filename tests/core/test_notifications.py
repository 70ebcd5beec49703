import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from factcheck.core import notifications
from factcheck.core.assignment import AssignmentError, assign, assigned_to
from factcheck.core.models import (
    Assignment,
    AuditEvent,
    Claim,
    Notification,
    NotificationKind,
    NotificationPreferences,
)
from factcheck.core.workflow import TransitionError, transition
from factcheck.public.published import claim_url
from tests.factories import make_claim, make_complete_claim, make_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def source():
    return make_source(
        text="Kei cars are small. Roads are wide. Trucks are big.", title="Kei", slug="kei"
    )


def received(user, kind):
    return list(Notification.objects.filter(recipient=user, kind=kind))


def with_email(*users):
    for user in users:
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])


# Assignment ------------------------------------------------------------------


def test_an_editor_assigns_a_claim_and_the_assignee_is_told(source, reviewer, reviewer2, editor):
    make_claim(source, reviewer, sentence=0)
    claim = make_claim(source, reviewer, sentence=1)

    assign(claim, reviewer2, by=editor)

    assert Assignment.objects.get(claim=claim).assignee == reviewer2
    (note,) = received(reviewer2, NotificationKind.ASSIGNED)
    # Named as the workspace numbers it: the second claim in the text.
    assert note.message == "edna assigned claim 2 in “Kei” to you: you can now edit it."
    assert note.url == reverse("review:claim-detail", args=[claim.pk])
    event = AuditEvent.objects.get(action="assign")
    assert event.changes == {"assignee": [None, "rob"]} and event.actor == editor


def test_the_claims_author_is_told_who_has_it_now(source, reviewer, reviewer2, editor):
    claim = make_claim(source, reviewer)

    assign(claim, reviewer2, by=editor)

    (note,) = received(reviewer, NotificationKind.REASSIGNED)
    assert note.message == "edna assigned your claim 1 in “Kei” to rob."
    assert note.url == reverse("review:claim-detail", args=[claim.pk])


def test_whoever_had_the_claim_is_told_it_went_to_someone_else(source, reviewer, reviewer2, editor):
    from tests.conftest import user_in

    third = user_in("Reviewer", username="tess")
    claim = make_claim(source, reviewer)
    assign(claim, reviewer2, by=editor)

    assign(claim, third, by=editor)

    (note,) = received(reviewer2, NotificationKind.REASSIGNED)
    assert note.message == "edna assigned claim 1 in “Kei” to tess instead of you."
    assert [n.message for n in received(reviewer, NotificationKind.REASSIGNED)] == [
        "edna assigned your claim 1 in “Kei” to tess.",
        "edna assigned your claim 1 in “Kei” to rob.",
    ]


def test_assigning_a_claim_to_its_own_author_tells_them_once(source, reviewer, editor):
    claim = make_claim(source, reviewer)

    assign(claim, reviewer, by=editor)

    assert [n.kind for n in Notification.objects.filter(recipient=reviewer)] == ["assigned"]


def test_the_assignee_may_edit_and_submit_the_claim(source, reviewer, reviewer2, editor):
    claim = make_complete_claim(source, reviewer)
    assert not claim.can_edit(reviewer2)

    assign(claim, reviewer2, by=editor)

    claim = Claim.objects.get(pk=claim.pk)
    assert claim.can_edit(reviewer2)
    assert list(Claim.objects.editable_by(reviewer2)) == [claim]
    transition(claim, "submit", reviewer2)
    transition(claim, "withdraw", reviewer2)


def test_taking_the_claim_away_takes_the_right_to_edit_it(source, reviewer, reviewer2, editor):
    claim = make_claim(source, reviewer)
    assign(claim, reviewer2, by=editor)

    assign(claim, None, by=editor)

    claim = Claim.objects.get(pk=claim.pk)
    assert not claim.can_edit(reviewer2)
    (note,) = received(reviewer2, NotificationKind.REASSIGNED)
    assert note.message == "edna took claim 1 in “Kei” off you."


def test_an_assignee_who_edited_still_cannot_approve(source, reviewer, editor):
    """The two-person rule holds for an assigned editor as for anyone."""
    from tests.conftest import user_in
    from tests.factories import write_verdict

    second_editor = user_in("Editor", username="eve", is_staff=True)
    claim = make_complete_claim(source, reviewer)
    assign(claim, second_editor, by=editor)
    write_verdict(Claim.objects.get(pk=claim.pk), second_editor, summary="Edited.")
    transition(claim, "submit", reviewer)

    with pytest.raises(TransitionError, match="second person"):
        transition(claim, "publish", second_editor)
    transition(claim, "publish", editor)


def test_a_source_is_named_by_its_title(source, reviewer, editor):
    assign(source, reviewer, by=editor)

    (note,) = received(reviewer, NotificationKind.ASSIGNED)
    assert note.message == "edna assigned the source “Kei” to you."


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
        assert note.message == "edna sent claim 1 in “Kei” back to you with a reason."
    assert not received(editor, NotificationKind.SENT_BACK)


def test_publishing_tells_the_author_but_not_the_approver(source, reviewer, editor):
    claim = transition(make_complete_claim(source, reviewer), "submit", reviewer)

    transition(claim, "publish", editor)

    (note,) = received(reviewer, NotificationKind.PUBLISHED)
    assert note.message == "Claim 1 in “Kei” was approved by edna and published."
    assert not Notification.objects.filter(recipient=editor).exists()


def test_a_published_correction_is_one_notification_saying_it_is_a_correction(
    source, reviewer, editor
):
    from tests.public.publishing import correct, publish

    claim = publish(make_complete_claim(source, reviewer), reviewer, editor)

    correct(claim, reviewer, editor, text="Kei cars are tiny.", summary="Yes.")

    assert [n.message for n in received(reviewer, NotificationKind.PUBLISHED)] == [
        "The correction of claim 1 in “Kei” was approved by edna and published.",
        "Claim 1 in “Kei” was approved by edna and published.",
    ]


def test_an_orphaned_claim_is_named_as_such(source, reviewer, reviewer2, editor):
    claim = make_claim(source, reviewer)
    Claim.objects.filter(pk=claim.pk).update(start=None, end=None)

    assign(Claim.objects.get(pk=claim.pk), reviewer2, by=editor)

    (note,) = received(reviewer2, NotificationKind.ASSIGNED)
    assert note.message == "edna assigned an orphaned claim in “Kei” to you: you can now edit it."


def test_submitting_notifies_nobody(source, reviewer):
    transition(make_complete_claim(source, reviewer), "submit", reviewer)

    assert not Notification.objects.exists()


def test_a_reader_suggestion_tells_the_claims_author(client, source, reviewer, editor):
    claim = transition(make_complete_claim(source, reviewer), "submit", reviewer)
    claim = transition(claim, "publish", editor)

    client.post(claim_url(claim), {"message": "The lane width is wrong."})

    (note,) = received(reviewer, NotificationKind.SUGGESTION)
    assert note.message == "A reader suggested a correction to claim 1 in “Kei”."


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
    assert Notification.objects.get(recipient=reviewer2).emailed


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
    assign(make_claim(source, editor), reviewer2, by=editor)

    assert notifications.mark_read(reviewer) == 1

    assert Notification.objects.unread().get().recipient == reviewer2


def test_the_author_is_emailed_about_the_assignment_unless_they_turned_it_off(
    source, reviewer, reviewer2, editor, django_capture_on_commit_callbacks
):
    with_email(reviewer)
    claim = make_claim(source, reviewer)

    with django_capture_on_commit_callbacks(execute=True):
        assign(claim, reviewer2, by=editor)
    NotificationPreferences.objects.create(user=reviewer, email_reassigned=False)
    with django_capture_on_commit_callbacks(execute=True):
        assign(claim, None, by=editor)
        assign(claim, reviewer2, by=editor)

    assert [m.subject for m in mail.outbox] == ["[Factcheck] Assignment changed"]
    assert len(received(reviewer, NotificationKind.REASSIGNED)) == 2
