"""Every mutating view of the workspace writes exactly the audit events expected."""

import pytest
from django.urls import reverse

from factcheck.core.models import AuditEvent
from tests.factories import make_claim, make_complete_claim, make_source, rating

pytestmark = pytest.mark.django_db

TEXT = "Kei cars are small. American roads were designed for buggies. High winds push cars."


@pytest.fixture
def source():
    return make_source(text=TEXT, title="Kei", slug="kei")


def new_events(since):
    return [
        (e.action, e.object_type) for e in AuditEvent.objects.filter(pk__gt=since).order_by("pk")
    ]


def last_event_id():
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def test_creating_a_source_records_the_source_and_its_revision(as_reviewer, db):
    since = last_event_id()

    as_reviewer.post(
        reverse("review:source-new"),
        {"title": "T", "kind": "article", "language": "en", "text": "One. Two."},
    )

    assert new_events(since) == [("create", "source"), ("revise", "revision")]


def test_claim_views_record_one_event_per_change(as_reviewer, source, reviewer):
    since = last_event_id()
    as_reviewer.post(reverse("review:claim-new", args=["kei"]), {"first": 1, "text": "Roads."})
    claim = source.claims.get()
    as_reviewer.post(
        reverse("review:claim-detail", args=[claim.pk]),
        {
            "version": claim.version,
            "text": "Roads were built for buggies.",
            "claimant": "",
            "notes": "",
        },
    )
    as_reviewer.post(
        reverse("review:claim-verdict", args=[claim.pk]),
        {
            "version": claim.verdict_version,
            "rating": rating("false").pk,
            "summary": "No.",
            "rationale": "Because.",
        },
    )
    as_reviewer.post(
        reverse("review:citation-add", args=[claim.pk]),
        {"url": "https://a.example", "title": "A", "stance": "refutes"},
    )
    as_reviewer.post(
        reverse("review:citation-add", args=[claim.pk]),
        {"url": "https://b.example", "title": "B", "stance": "context"},
    )
    a, b = claim.citations.all()
    as_reviewer.post(reverse("review:citation-move", args=[b.pk]), {"direction": "up"})
    as_reviewer.post(
        reverse("review:citation-edit", args=[a.pk]),
        {"version": a.version, "url": "https://a.example", "title": "A2", "stance": "refutes"},
    )
    as_reviewer.post(reverse("review:citation-delete", args=[b.pk]))
    as_reviewer.post(reverse("review:claim-transition", args=[claim.pk, "submit"]))

    assert new_events(since) == [
        ("create", "claim"),
        ("update", "claim"),
        ("verdict", "claim"),
        ("add", "citation"),
        ("add", "citation"),
        ("move", "citation"),
        ("update", "citation"),
        ("delete", "citation"),
        ("submit", "claim"),
    ]
    update = AuditEvent.objects.get(action="update", object_type="claim")
    assert update.changes == {"text": ["Roads.", "Roads were built for buggies."]}
    assert update.actor == reviewer


def test_a_save_that_changes_nothing_records_nothing(as_reviewer, source, reviewer):
    claim = make_claim(source, reviewer, text="Same.")
    since = last_event_id()

    as_reviewer.post(
        reverse("review:claim-detail", args=[claim.pk]),
        {"version": claim.version, "text": "Same.", "claimant": "", "notes": ""},
    )

    assert new_events(since) == []


def test_refused_and_conflicting_saves_record_nothing(client, source, reviewer, reviewer2):
    claim = make_claim(source, reviewer)
    client.force_login(reviewer2)
    since = last_event_id()

    client.post(
        reverse("review:claim-detail", args=[claim.pk]),
        {"version": 1, "text": "x", "claimant": "", "notes": ""},
    )
    client.force_login(reviewer)
    client.post(
        reverse("review:claim-detail", args=[claim.pk]),
        {"version": 99, "text": "y", "claimant": "", "notes": ""},
    )
    client.post(reverse("review:claim-transition", args=[claim.pk, "submit"]))

    assert new_events(since) == []


def test_revising_records_the_revision_and_each_reanchored_claim(as_reviewer, source, reviewer):
    make_claim(source, reviewer, sentence=0)
    make_claim(source, reviewer, sentence=2)
    since = last_event_id()

    as_reviewer.post(reverse("review:source-revise", args=["kei"]), {"text": "New. " + TEXT})

    assert sorted(new_events(since)) == [
        ("reanchor", "claim"),
        ("reanchor", "claim"),
        ("revise", "revision"),
    ]


def test_editor_transitions_from_the_workspace_record_their_action(
    client, source, reviewer, editor
):
    claim = make_complete_claim(source, reviewer)
    client.force_login(reviewer)
    client.post(reverse("review:claim-transition", args=[claim.pk, "submit"]))
    client.force_login(editor)
    since = last_event_id()

    client.post(reverse("review:claim-transition", args=[claim.pk, "publish"]))
    client.post(reverse("review:claim-transition", args=[claim.pk, "retract"]), {"note": "Satire."})

    assert new_events(since) == [("publish", "claim"), ("retract", "claim")]
    assert AuditEvent.objects.get(action="retract").note == "Satire."
