"""Check-worthy sentences in the workspace: marks and reasons, the filter,
dismissals and their undo, who may do what."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from factcheck.core.models import AuditEvent, CandidateDismissal
from factcheck.core.sources import add_revision
from tests.factories import UserFactory, make_claim, make_source

NUMBER = "The council spent $4 million on the new bridge."
OPINION = "I love this town and its people."
CAUSAL = "The bridge closed because of cracks in two beams."
TEXT = f"{NUMBER} {OPINION} {CAUSAL}"
HX = {"HX-Request": "true", "HX-Target": "source-text"}


def workspace_url(source, query=""):
    return reverse("review:source-detail", args=[source.slug]) + query


def anchor_of(source, text):
    revision = source.current_revision
    return next(s.anchor for s in revision.sentences.all() if s.text == text)


def sentence_element(body, anchor):
    """The sentence's classes and title (the reason it is check-worthy)."""
    match = re.search(rf'<a class="([^"]*)"(?: title="([^"]*)")? id="{anchor}"', body)
    assert match, f"no sentence {anchor}"
    return match.group(1), match.group(2) or ""


def dismiss(client, source, text, **headers):
    return client.post(
        reverse("review:candidate-dismiss", args=[source.slug]),
        {"anchor": anchor_of(source, text), "show": "candidates", "page": "1"},
        headers=headers,
    )


@pytest.fixture
def source(db):
    return make_source(text=TEXT, title="Bridge")


def test_the_text_marks_check_worthy_sentences_with_their_reason(as_reviewer, source):
    body = as_reviewer.get(workspace_url(source)).content.decode()

    classes, title = sentence_element(body, anchor_of(source, NUMBER))
    assert "candidate" in classes.split()
    assert title == "Check-worthy: a number"
    classes, title = sentence_element(body, anchor_of(source, CAUSAL))
    assert title == "Check-worthy: a causal claim"
    classes, title = sentence_element(body, anchor_of(source, OPINION))
    assert "candidate" not in classes.split()
    assert title == ""


def test_a_sentence_a_claim_covers_is_not_a_candidate(as_reviewer, source, reviewer):
    make_claim(source, reviewer, sentence=0)

    body = as_reviewer.get(workspace_url(source)).content.decode()

    classes, title = sentence_element(body, anchor_of(source, NUMBER))
    assert "candidate" not in classes.split()
    assert title == ""
    assert "1 check-worthy sentence without a claim" in body


def test_check_worthy_only_is_a_plain_link_to_the_full_page(as_reviewer, source):
    body = as_reviewer.get(workspace_url(source)).content.decode()
    assert f'href="{workspace_url(source, "?show=candidates")}"' in body

    response = as_reviewer.get(workspace_url(source, "?show=candidates"))

    body = response.content.decode()
    assert "<html" in body
    items = re.findall(r'<li class="candidate-item[^"]*"[^>]*>(.*?)</li>', body, re.S)
    assert len(items) == 2
    assert NUMBER in items[0] and "Check-worthy: a number" in items[0]
    assert CAUSAL in items[1]
    assert OPINION not in body.split('id="source-text"')[1]


def test_the_filter_under_htmx_returns_only_the_text_region(as_reviewer, source):
    response = as_reviewer.get(workspace_url(source, "?show=candidates"), headers=HX)

    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert body.lstrip().startswith('<div id="source-text"')
    assert NUMBER in body and OPINION not in body

    back = as_reviewer.get(workspace_url(source), headers=HX).content.decode()
    assert OPINION in back and 'class="sentence candidate"' in back


def test_dismiss_without_javascript_redirects_and_shows_who_dismissed(as_reviewer, source):
    response = dismiss(as_reviewer, source, NUMBER)

    assert response.status_code == 302
    assert response["Location"] == workspace_url(source, "?show=candidates&page=1")
    body = as_reviewer.get(response["Location"]).content.decode()
    item = re.search(r'<li class="candidate-item dismissed"[^>]*>(.*?)</li>', body, re.S).group(1)
    assert NUMBER in item
    assert "Dismissed</strong> by rita" in item
    assert "Undo dismissal" in item
    assert "Dismissed." in body  # the message
    dismissal = CandidateDismissal.objects.get(source=source)
    assert dismissal.anchor == anchor_of(source, NUMBER)
    event = AuditEvent.objects.get(action="dismiss")
    assert event.source_id == source.pk and event.actor.username == "rita"


def test_a_dismissed_sentence_shows_as_dismissed_in_the_text(as_reviewer, source):
    dismiss(as_reviewer, source, NUMBER)

    body = as_reviewer.get(workspace_url(source)).content.decode()

    classes, title = sentence_element(body, anchor_of(source, NUMBER))
    assert classes.split() == ["sentence", "candidate", "dismissed"]
    assert title == "Check-worthy: a number; dismissed by rita"
    assert "1 dismissed" in body


def test_dismiss_under_htmx_returns_the_region_with_the_dismissal(as_reviewer, source):
    response = dismiss(as_reviewer, source, CAUSAL, **HX)

    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body and 'id="source-text"' in body
    assert re.search(r'candidate-item dismissed"[^>]*>\s*<blockquote>' + re.escape(CAUSAL), body)


def test_undo_makes_the_sentence_a_candidate_again_on_the_record(as_reviewer, source, reviewer2):
    dismiss(as_reviewer, source, NUMBER)
    other = Client()
    other.force_login(reviewer2)

    response = other.post(
        reverse("review:candidate-undo", args=[source.slug]),
        {"anchor": anchor_of(source, NUMBER), "show": "candidates"},
        headers=HX,
    )

    assert response.status_code == 200
    assert "Dismissal undone." in response.content.decode()
    assert not CandidateDismissal.objects.exists()
    event = AuditEvent.objects.get(action="undo_dismiss")
    assert event.actor == reviewer2 and "dismissed by rita" in event.note
    body = as_reviewer.get(workspace_url(source)).content.decode()
    classes, _ = sentence_element(body, anchor_of(source, NUMBER))
    assert classes.split() == ["sentence", "candidate"]


def test_a_sentence_that_is_no_candidate_cannot_be_dismissed(as_reviewer, source):
    response = dismiss(as_reviewer, source, OPINION, **HX)

    assert "not a check-worthy candidate" in response.content.decode()
    assert not CandidateDismissal.objects.exists()


def test_a_covered_sentence_cannot_be_dismissed(as_reviewer, source, reviewer):
    make_claim(source, reviewer, sentence=0)

    response = dismiss(as_reviewer, source, NUMBER)

    assert response.status_code == 302
    assert not CandidateDismissal.objects.exists()


def test_anonymous_users_see_no_candidates_and_cannot_dismiss(client, source):
    response = client.get(workspace_url(source, "?show=candidates"))
    assert response.status_code == 302 and "/login" in response["Location"]

    response = dismiss(client, source, NUMBER)

    assert response.status_code == 302 and "/login" in response["Location"]
    assert not CandidateDismissal.objects.exists()


def test_a_user_without_the_reviewer_role_cannot_dismiss(client, source):
    client.force_login(UserFactory(username="visitor"))

    assert dismiss(client, source, NUMBER).status_code == 403
    assert not CandidateDismissal.objects.exists()


def test_a_reviewer_without_the_dismiss_permission_cannot_dismiss(as_reviewer, source, reviewer):
    reviewer.groups.first().permissions.remove(
        Permission.objects.get(codename="add_candidatedismissal")
    )

    assert dismiss(as_reviewer, source, NUMBER).status_code == 403


def test_dismiss_needs_the_csrf_token(reviewer, source):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)

    assert dismiss(client, source, NUMBER).status_code == 403
    assert not CandidateDismissal.objects.exists()


def test_dismiss_only_answers_post(as_reviewer, source):
    url = reverse("review:candidate-dismiss", args=[source.slug])

    assert as_reviewer.get(url).status_code == 405


def test_the_public_page_never_marks_candidates(client, source):
    body = client.get(reverse("public:source-detail", args=[source.slug])).content.decode()

    assert "Check-worthy" not in body and "candidate" not in body


def test_a_dismissal_survives_a_revision_that_changes_another_sentence(
    as_reviewer, source, reviewer
):
    dismiss(as_reviewer, source, NUMBER)
    add_revision(source, f"{NUMBER} {OPINION} The bridge closed because of rust.", user=reviewer)
    source.refresh_from_db()

    body = as_reviewer.get(workspace_url(source)).content.decode()

    assert source.current_revision.number == 2
    classes, _ = sentence_element(body, anchor_of(source, NUMBER))
    assert classes.split() == ["sentence", "candidate", "dismissed"]
    classes, _ = sentence_element(body, anchor_of(source, "The bridge closed because of rust."))
    assert classes.split() == ["sentence", "candidate"]


def many_candidates(count):
    return " ".join(f"Bridge {n} cost the council {n} million pounds." for n in range(count))


@pytest.mark.parametrize("query", ["", "?show=candidates", "?show=candidates&page=3"])
def test_the_workspace_queries_do_not_grow_with_candidates_and_dismissals(
    as_reviewer, reviewer, query, django_assert_max_num_queries
):
    small = make_source(text=many_candidates(5), title="Small")
    large = make_source(text=many_candidates(1500), title="Large")
    for n in range(0, 1500, 5):
        CandidateDismissal.objects.create(
            source=large, anchor=large.current_revision.sentences.get(index=n).anchor,
            dismissed_by=reviewer,
        )  # fmt: skip
    # The session, and each revision's markup (built once per process).
    as_reviewer.get(workspace_url(small, query))
    as_reviewer.get(workspace_url(large, query))

    with django_assert_max_num_queries(11) as small_queries:
        assert as_reviewer.get(workspace_url(small, query)).status_code == 200
    with django_assert_max_num_queries(len(small_queries)) as large_queries:
        response = as_reviewer.get(workspace_url(large, query))

    assert len(large_queries) == len(small_queries)
    assert "1500 check-worthy sentences without a claim, 300 dismissed" in response.content.decode()
