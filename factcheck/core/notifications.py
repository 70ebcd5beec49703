"""Notifications: the events that need someone, in the app and by email.

Five events notify: work assigned to you, your claim (or the claim you had)
assigned to someone else, your claim sent back (with the reason, shown in the
app), your claim published, and a reader's suggestion about your claim. Each is a Notification row; each is also emailed through
Django's email framework after the transaction commits, unless the recipient
turned that kind off (NotificationPreferences) or has no address.

The text names a claim as the workspace does, by its number in its source's
claim list and the source's title ("claim 3 in “Kei Party”"), never by its
words: an email leaves the system, and an unpublished claim's words must stay
where access is checked. The link carries the rest. Nobody is notified of their
own action."""

import logging

from django.core.mail import send_mail
from django.db import transaction
from django.template.defaultfilters import truncatechars
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst

from .claims import number_in_source
from .models import Assignment, Notification, NotificationKind, NotificationPreferences
from .siteurl import absolute

logger = logging.getLogger(__name__)
Kind = NotificationKind


def display_name(user):
    return (user.get_full_name() or user.get_username()) if user else "Someone"


def source_label(source):
    return f"“{truncatechars(source.title, 80)}”"


def claim_label(claim):
    """`claim` as the desk knows it: "claim 3 in “Kei Party”" (its number in the
    workspace's list, which can change as claims are added before it), or "an
    orphaned claim in …" when it has no place in the current text."""
    number = number_in_source(claim)
    which = f"claim {number}" if number else "an orphaned claim"
    return f"{which} in {source_label(claim.source)}"


def notify(recipients, kind, message, url, *, actor=None, claim=None, source=None):
    """A notification for each distinct recipient other than `actor`; returns them."""
    created, seen = [], set()
    for user in recipients:
        if user is None or user.pk in seen or (actor is not None and user.pk == actor.pk):
            continue
        seen.add(user.pk)
        created.append(
            Notification.objects.create(
                recipient=user,
                kind=kind,
                message=message[:300],
                url=url,
                actor=actor,
                claim=claim,
                source=source,
            )
        )
    for notification in created:
        transaction.on_commit(lambda pk=notification.pk: send_email(pk))
    return created


def send_email(pk):
    """Email one notification, if its recipient wants that kind and has an address."""
    notification = Notification.objects.select_related("recipient").get(pk=pk)
    user = notification.recipient
    preferences = NotificationPreferences.objects.filter(user=user).first()
    if not user.email or (preferences and not preferences.wants_email(notification.kind)):
        return False
    link = absolute(notification.url)
    manage = absolute(reverse("review:notifications"))
    body = f"{notification.message}\n\n{link}\n\nTo choose which emails you get: {manage}\n"
    try:
        send_mail(f"[Factcheck] {notification.get_kind_display()}", body, None, [user.email])
    except OSError:
        # The notification is in the app either way; a mail server being down
        # must not undo the action that caused it.
        logger.exception("Could not email notification %s", pk)
        return False
    Notification.objects.filter(pk=pk).update(emailed=True)
    return True


def notify_about(claim, recipients, kind, message, *, actor=None):
    """`notify` with a link to the claim's page on the desk."""
    return notify(recipients, kind, message, claim.get_absolute_url(), actor=actor, claim=claim)


def after_transition(claim, action_name, user, note=""):
    """Notify for the workflow events that need someone (called by transition())."""
    if action_name == "request_changes":
        notify_about(
            claim,
            [claim.author, assignee_of(claim)],
            Kind.SENT_BACK,
            f"{display_name(user)} sent {claim_label(claim)} back to you with a reason.",
            actor=user,
        )
    elif action_name == "publish":
        verdict = claim.published_verdict
        # Each approval is its own event: a correction says it is one, so it
        # does not read as the first publication told twice.
        what = claim_label(claim)
        what = f"The correction of {what}" if verdict.number > 1 else capfirst(what)
        notify_about(
            claim,
            [claim.author, assignee_of(claim), *verdict.contributors.all()],
            Kind.PUBLISHED,
            f"{what} was approved by {display_name(user)} and published.",
            actor=user,
        )


def after_suggestion(suggestion):
    """A reader suggested a correction: tell the claim's author and assignee."""
    claim = suggestion.claim
    notify_about(
        claim,
        [claim.author, assignee_of(claim)],
        Kind.SUGGESTION,
        f"A reader suggested a correction to {claim_label(claim)}.",
    )


def assignee_of(claim):
    assignment = Assignment.objects.filter(claim=claim).select_related("assignee").first()
    return assignment.assignee if assignment else None


def mark_read(user, pks=None):
    """Mark the user's unread notifications (or only `pks`) read; returns how many."""
    unread = Notification.objects.unread().filter(recipient=user)
    if pks is not None:
        unread = unread.filter(pk__in=pks)
    return unread.update(read_at=timezone.now())


def preferences_of(user):
    preferences, _ = NotificationPreferences.objects.get_or_create(user=user)
    return preferences
