from datetime import timedelta

import pytest
from django.contrib.messages import constants as levels
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from factcheck.core import audit
from factcheck.core.models import (
    AuditEvent,
    ClaimStatus,
    Rating,
    Suggestion,
    SuggestionStatus,
    Verdict,
)
from factcheck.core.workflow import transition
from tests.factories import (
    UserFactory,
    bulk_claims,
    grow_claim,
    make_complete_claim,
    make_source,
    rating,
    write_verdict,
)

pytestmark = pytest.mark.django_db

TEXT = (
    "Kei cars are small. "
    'American roads were designed for the "horse and buggy" size. '
    "High winds push small cars off the road. "
    "Japan differs. Trucks are big."
)
CHANGELIST = reverse("admin:core_claim_changelist")


@pytest.fixture
def source():
    return make_source(text=TEXT, title="Kei comment", slug="kei")


@pytest.fixture
def as_editor(client, editor):
    client.force_login(editor)
    return client


def submitted(source, author, *, sentence=1, verdict_by=None, text="Roads fit buggies."):
    """A complete claim by `author`, submitted; `verdict_by` rewrites its verdict first."""
    claim = make_complete_claim(source, author, sentence=sentence, text=text)
    if verdict_by is not None:
        write_verdict(
            claim,
            verdict_by,
            rating_slug="false",
            summary="Rewritten by an editor.",
            rationale="Because.",
        )
    return transition(claim, "submit", author)


def published(source, author, editor, **kwargs):
    return transition(submitted(source, author, **kwargs), "publish", editor)


def events_since(mark, action=None):
    events = AuditEvent.objects.filter(pk__gt=mark)
    return events.filter(action=action) if action else events


def last_event_id():
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def run_action(client, action, claims, **data):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [c.pk for c in claims], "index": "0", **data},
    )


def confirm_action(client, action, claims, note):
    """The intermediate page's form: no "index", the note and "apply"."""
    return client.post(
        CHANGELIST,
        {
            "action": action,
            "_selected_action": [c.pk for c in claims],
            "apply": "yes",
            "note": note,
        },
    )


def sent_messages(response):
    return [(m.level, m.message) for m in get_messages(response.wsgi_request)]


def change_url(obj):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


# Pages -----------------------------------------------------------------------


@pytest.fixture
def desk(source, reviewer, editor):
    """One of each thing the admin shows."""
    claim = published(source, reviewer, editor)
    suggestion = Suggestion.objects.create(claim=claim, message="The date is wrong.")
    return {
        "claim": claim,
        "source": source,
        "rating": claim.rating,
        "verdict": claim.verdicts.get(),
        "suggestion": suggestion,
        "event": claim.events.first(),
    }


@pytest.mark.parametrize(
    "page",
    [
        "admin:index",
        "admin:core_claim_changelist",
        "admin:core_source_changelist",
        "admin:core_rating_changelist",
        "admin:core_suggestion_changelist",
        "admin:core_auditevent_changelist",
        "admin:core_verdict_changelist",
        "claim",
        "source",
        "rating",
        "verdict",
        "suggestion",
        "event",
    ],
)
def test_every_desk_page_renders_for_the_editor(as_editor, desk, page):
    url = change_url(desk[page]) if page in desk else reverse(page)

    response = as_editor.get(url)

    assert response.status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        "?status__exact=submitted",
        "?q=buggies",
        "?o=6",  # the age column
        "?rating__id__exact=1&author__id__exact=1&source__id__exact=1",
    ],
)
def test_claim_changelist_filters_search_and_sorts(as_editor, desk, query):
    assert as_editor.get(CHANGELIST + query).status_code == 200


def test_audit_changelist_filters_by_action_type_actor_and_date(as_editor, desk, editor):
    url = reverse("admin:core_auditevent_changelist")
    query = {
        "action": "publish",
        "object_type": "claim",
        "actor__id__exact": editor.pk,
        "at__gte": (timezone.now() - timedelta(days=1)).isoformat(),
    }

    response = as_editor.get(url, query)

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == list(
        AuditEvent.objects.filter(action="publish")
    )


def test_the_index_shows_how_many_claims_wait_for_review(as_editor, source, reviewer):
    submitted(source, reviewer, sentence=1)
    submitted(source, reviewer, sentence=2)

    html = as_editor.get(reverse("admin:index")).content.decode()

    assert 'id="claims-waiting"' in html
    assert '<span class="count">2</span> claims waiting for an editor' in html
    assert f'href="{CHANGELIST}?status__exact=submitted"' in html


def test_the_index_shows_how_many_reader_suggestions_are_new(as_editor, source, reviewer, editor):
    claim = published(source, reviewer, editor)
    Suggestion.objects.create(claim=claim, message="Wrong width.")
    Suggestion.objects.create(claim=claim, message="Old.", status=SuggestionStatus.DISMISSED)

    html = as_editor.get(reverse("admin:index")).content.decode()

    assert '<span class="count">1</span> new suggestion from readers' in html


def test_moderation_has_its_own_title(as_editor):
    assert "Factcheck — moderation" in as_editor.get(reverse("admin:index")).content.decode()


def test_reviewers_have_no_admin_access(client, reviewer):
    client.force_login(reviewer)

    response = client.get(CHANGELIST)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_submitted_filter_lists_only_claims_waiting(as_editor, source, reviewer):
    waiting = submitted(source, reviewer)
    make_complete_claim(source, reviewer, sentence=2, text="A draft.")

    response = as_editor.get(CHANGELIST + "?status__exact=submitted")

    assert list(response.context["cl"].result_list) == [waiting]


def test_claim_search_covers_text_quote_and_rationale(as_editor, source, reviewer):
    claim = make_complete_claim(source, reviewer, sentence=2, text="Gusts topple cars.")
    make_complete_claim(source, reviewer, sentence=3, text="Another claim.")

    for term in ("Gusts", "High winds", "12 feet"):
        response = as_editor.get(CHANGELIST, {"q": term})
        found = list(response.context["cl"].result_list)
        assert claim in found and (term == "12 feet" or len(found) == 1)


# The claim page --------------------------------------------------------------


def test_claim_page_says_what_is_missing_for_publication(as_editor, source, reviewer):
    from tests.factories import make_claim

    claim = make_claim(source, reviewer)

    html = as_editor.get(change_url(claim)).content.decode()

    assert "a rating, a summary, a rationale, at least one citation" in html


def test_claim_page_shows_citations_verdict_history_and_audit_trail(as_editor, desk):
    claim = desk["claim"]

    html = as_editor.get(change_url(claim)).content.decode()

    assert "Lane width" in html  # the citation
    assert "verdict history" in html.lower() and "Roads follow motor-vehicle standards." in html
    assert "audit trail" in html.lower()
    assert "status: submitted → published" in html


def test_claim_page_links_to_the_claims_whole_audit_trail(as_editor, desk):
    claim = desk["claim"]
    trail = reverse("admin:core_auditevent_changelist") + f"?claim__id__exact={claim.pk}"

    assert f'href="{trail}"' in as_editor.get(change_url(claim)).content.decode()
    response = as_editor.get(trail)
    assert set(response.context["cl"].result_list) == set(claim.events.all())


def test_claim_page_is_read_only_even_for_superusers(admin_client, desk):
    url = change_url(desk["claim"])

    html = admin_client.get(url).content.decode()

    assert 'name="_save"' not in html
    assert admin_client.post(url, {"text": "Rewritten"}).status_code == 403


def test_claim_page_offers_the_editor_the_actions_open_to_them(as_editor, source, reviewer):
    claim = submitted(source, reviewer)

    html = as_editor.get(change_url(claim)).content.decode()

    publish_url = reverse("admin:core_claim_workflow", args=[claim.pk, "publish"])
    assert f'action="{publish_url}"' in html
    assert 'name="request_changes-note"' in html
    assert "csrfmiddlewaretoken" in html


def test_claim_page_explains_why_the_editor_cannot_publish_their_own_verdict(
    as_editor, source, reviewer, editor
):
    claim = submitted(source, reviewer, verdict_by=editor)

    html = as_editor.get(change_url(claim)).content.decode()

    assert reverse("admin:core_claim_workflow", args=[claim.pk, "publish"]) not in html
    assert (
        "You changed this fact-check since its last approval: a second person must review it."
        in html
    )


def test_workflow_button_publishes_the_claim(as_editor, source, reviewer):
    claim = submitted(source, reviewer)
    mark = last_event_id()

    response = as_editor.post(reverse("admin:core_claim_workflow", args=[claim.pk, "publish"]))

    assert response.status_code == 302 and response["Location"] == change_url(claim)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PUBLISHED
    assert [e.action for e in events_since(mark)] == ["publish"]
    assert (levels.SUCCESS, "Published: “Roads fit buggies.”.") in sent_messages(response)


def test_workflow_button_request_changes_needs_a_reason(as_editor, source, reviewer):
    claim = submitted(source, reviewer)
    url = reverse("admin:core_claim_workflow", args=[claim.pk, "request_changes"])

    refused = as_editor.post(url, {"request_changes-note": "  "})
    as_editor.post(url, {"request_changes-note": "Cite the standard."})

    assert (levels.ERROR, "Request changes: Say why changes are needed.") in sent_messages(refused)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.CHANGES_REQUESTED
    assert claim.status_note == "Cite the standard."


def test_workflow_button_only_accepts_post(as_editor, source, reviewer):
    claim = submitted(source, reviewer)

    response = as_editor.get(reverse("admin:core_claim_workflow", args=[claim.pk, "publish"]))

    assert response.status_code == 405


def test_workflow_button_checks_the_csrf_token(editor, source, reviewer):
    claim = submitted(source, reviewer)
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)

    response = client.post(reverse("admin:core_claim_workflow", args=[claim.pk, "publish"]))

    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED


def test_workflow_button_needs_the_publish_permission(client, source, reviewer):
    from django.contrib.auth.models import Permission

    viewer = UserFactory(username="viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_claim"))
    client.force_login(viewer)
    claim = submitted(source, reviewer)

    response = client.post(reverse("admin:core_claim_workflow", args=[claim.pk, "publish"]))

    assert response.status_code == 403
    assert client.get(CHANGELIST).context["action_form"] is None


# Changelist actions ----------------------------------------------------------


def test_approve_and_publish_publishes_a_claim_written_by_someone_else(as_editor, source, reviewer):
    claim = submitted(source, reviewer)
    mark = last_event_id()

    response = confirm_action(as_editor, "publish", [claim], note="")

    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PUBLISHED
    assert claim.published_verdict.approved_by.username == "edna"
    assert [e.action for e in events_since(mark)] == ["publish"]
    assert (levels.SUCCESS, "Published: 1 claim — “Roads fit buggies.”.") in sent_messages(response)


def test_approve_and_publish_approves_a_published_claims_confirmed_new_place(
    as_editor, source, reviewer, editor
):
    from factcheck.core.claims import reattach_claim
    from factcheck.core.sources import add_revision

    claim = transition(submitted(source, reviewer), "publish", editor)
    add_revision(source, TEXT.replace('"horse and buggy"', '"horse and cart"'))
    claim.refresh_from_db()
    claim = reattach_claim(claim, editor=reviewer, first=1)
    assert claim.status == ClaimStatus.SUBMITTED
    mark = last_event_id()

    confirm_action(as_editor, "publish", [claim], note="")

    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PUBLISHED
    assert claim.verdicts.count() == 1  # the place, not a new verdict
    assert claim.approved_places.get().quote.startswith(
        'American roads were designed for the "horse and cart"'
    )
    actions = sorted(e.action for e in events_since(mark))
    assert actions == ["approve_place", "publish", "show_revision"]


def test_approve_and_publish_refuses_the_editors_own_verdict(as_editor, source, reviewer, editor):
    claim = submitted(source, reviewer, verdict_by=editor)
    mark = last_event_id()

    response = confirm_action(as_editor, "publish", [claim], note="")

    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED
    assert not events_since(mark).exists()
    assert sent_messages(response) == [
        (
            levels.ERROR,
            "Refused for “Roads fit buggies.”: You changed this fact-check since its last approval: a second person must review it.",
        )
    ]


def test_approve_and_publish_on_many_reports_what_was_published_and_refused(
    as_editor, source, reviewer, editor
):
    good = [submitted(source, reviewer, sentence=i, text=f"Claim {i}.") for i in (1, 2)]
    own = submitted(source, reviewer, sentence=3, text="Own verdict.", verdict_by=editor)
    draft = make_complete_claim(source, reviewer, sentence=4, text="Still a draft.")
    mark = last_event_id()

    response = confirm_action(as_editor, "publish", [*good, own, draft], note="")

    messages = sent_messages(response)
    (published_message,) = [text for level, text in messages if level == levels.SUCCESS]
    assert published_message.startswith("Published: 2 claims — ")
    assert "“Claim 1.”" in published_message and "“Claim 2.”" in published_message
    refused = [text for level, text in messages if level == levels.ERROR]
    assert sorted(refused) == [
        "Refused for “Own verdict.”: You changed this fact-check since its last approval: a second person must review it.",
        "Refused for “Still a draft.”: A claim that is draft cannot be published.",
    ]
    assert events_since(mark, "publish").count() == 2
    assert not events_since(mark).exclude(action="publish").exists()


def test_bulk_publish_first_lists_what_will_be_published_and_refused_and_why(
    as_editor, source, reviewer, editor
):
    good = submitted(source, reviewer, sentence=1, text="Good claim.")
    own = submitted(source, reviewer, sentence=2, text="Own verdict.", verdict_by=editor)
    draft = make_complete_claim(source, reviewer, sentence=3, text="Still a draft.")
    mark = last_event_id()

    response = run_action(as_editor, "publish", [good, own, draft])

    assert response.status_code == 200
    html = response.content.decode()
    will = html[html.index('id="will-happen"') : html.index('id="will-be-refused"')]
    refused = html[html.index('id="will-be-refused"') :]
    assert "Will be published: 1 claim" in will and "Good claim." in will
    assert "Own verdict." not in will and "Still a draft." not in will
    assert "Own verdict. — You changed this fact-check since its last approval" in refused
    assert "Still a draft. — A claim that is draft cannot be published." in refused
    assert 'value="Approve and publish: 1 claim"' in html
    assert not events_since(mark).exists()
    good.refresh_from_db()
    assert good.status == ClaimStatus.SUBMITTED


def test_bulk_publish_with_nothing_allowed_offers_no_confirm_button(as_editor, source, reviewer):
    draft = make_complete_claim(source, reviewer, sentence=3, text="Still a draft.")

    html = run_action(as_editor, "publish", [draft]).content.decode()

    assert "None of the selected claims can be published." in html
    assert 'name="apply"' not in html


def test_bulk_retract_lists_what_will_be_retracted_before_asking_the_note(
    as_editor, source, reviewer, editor
):
    live = published(source, reviewer, editor, sentence=1, text="Live claim.")
    waiting = submitted(source, reviewer, sentence=2, text="Waiting claim.")

    html = run_action(as_editor, "retract", [live, waiting]).content.decode()

    assert "Will be retracted: 1 claim" in html
    assert "Waiting claim. — A claim that is submitted cannot be retracted." in html
    assert "Public note" in html
    live.refresh_from_db()
    assert live.status == ClaimStatus.PUBLISHED


def test_request_changes_asks_for_the_reason_on_an_intermediate_page(as_editor, source, reviewer):
    claim = submitted(source, reviewer)

    response = run_action(as_editor, "request_changes", [claim])

    assert response.status_code == 200
    assert response.templates[0].name == "admin/core/claim/action_confirm.html"
    html = response.content.decode()
    assert "Why are changes needed?" in html
    assert f'name="_selected_action" value="{claim.pk}"' in html
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED


def test_request_changes_refuses_an_empty_reason(as_editor, source, reviewer):
    claim = submitted(source, reviewer)
    mark = last_event_id()

    response = confirm_action(as_editor, "request_changes", [claim], note="   ")

    assert response.status_code == 200
    assert response.context["form"].errors == {"note": ["This field is required."]}
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED
    assert not events_since(mark).exists()


def test_request_changes_sends_the_claim_back_with_the_reason(as_editor, source, reviewer):
    claim = submitted(source, reviewer)
    mark = last_event_id()

    response = confirm_action(as_editor, "request_changes", [claim], note="Cite the standard.")

    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.CHANGES_REQUESTED
    assert claim.status_note == "Cite the standard."
    (event,) = events_since(mark)
    assert event.action == "request_changes" and event.note == "Cite the standard."
    assert (levels.SUCCESS, "Sent back for changes: 1 claim — “Roads fit buggies.”.") in (
        sent_messages(response)
    )


def test_retract_asks_for_the_public_note(as_editor, source, reviewer, editor):
    claim = published(source, reviewer, editor)

    response = run_action(as_editor, "retract", [claim])

    assert response.status_code == 200
    assert "Public note" in response.content.decode()


def test_retract_takes_the_claim_down_with_the_note(as_editor, source, reviewer, editor):
    claim = published(source, reviewer, editor)
    mark = last_event_id()

    confirm_action(as_editor, "retract", [claim], note="The source was a parody.")

    claim.refresh_from_db()
    assert claim.status == ClaimStatus.RETRACTED
    assert claim.status_note == "The source was a parody."
    assert [e.action for e in events_since(mark)] == ["retract"]


def test_claims_cannot_be_deleted_through_the_admin(admin_client, desk):
    response = admin_client.get(CHANGELIST)

    assert "delete_selected" not in dict(response.context["action_form"].fields["action"].choices)
    assert admin_client.post(change_url(desk["claim"]) + "delete/").status_code == 403


# Suggestions -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "status", "verb"),
    [
        ("mark_accepted", SuggestionStatus.ACCEPTED, "accept"),
        ("mark_dismissed", SuggestionStatus.DISMISSED, "dismiss"),
    ],
)
def test_marking_a_suggestion_records_who_when_and_an_event(
    as_editor, editor, desk, action, status, verb
):
    suggestion = desk["suggestion"]
    mark = last_event_id()

    as_editor.post(
        reverse("admin:core_suggestion_changelist"),
        {"action": action, "_selected_action": [suggestion.pk], "index": "0"},
    )

    suggestion.refresh_from_db()
    assert suggestion.status == status
    assert suggestion.handled_by == editor
    assert suggestion.handled_at is not None
    (event,) = events_since(mark)
    assert (event.action, event.object_type, event.claim_id) == (
        verb,
        "suggestion",
        desk["claim"].pk,
    )
    assert event.changes["status"] == ["new", status.value]
    assert event.changes["handled_by"] == [None, "edna"]


def test_marking_a_suggestion_again_changes_nothing(as_editor, desk):
    url = reverse("admin:core_suggestion_changelist")
    data = {"action": "mark_accepted", "_selected_action": [desk["suggestion"].pk], "index": "0"}
    as_editor.post(url, data)
    mark = last_event_id()

    as_editor.post(url, data)

    assert not events_since(mark).exists()


def test_a_suggestion_page_is_view_only(as_editor, desk):
    url = change_url(desk["suggestion"])

    assert 'name="_save"' not in as_editor.get(url).content.decode()
    assert as_editor.post(url, {"status": "accepted"}).status_code == 403


# Sources and ratings ---------------------------------------------------------


def test_editing_a_source_in_the_admin_records_an_audit_event(as_editor, source):
    revision = source.current_revision
    mark = last_event_id()

    response = as_editor.post(
        change_url(source),
        {
            "title": "Kei comment, edited",
            "kind": "comment",
            "byline": "",
            "origin_url": "",
            "published_on": "",
            "revisions-TOTAL_FORMS": "1",
            "revisions-INITIAL_FORMS": "1",
            "revisions-MIN_NUM_FORMS": "0",
            "revisions-MAX_NUM_FORMS": "1000",
            "revisions-0-id": revision.pk,
            "revisions-0-source": source.pk,
        },
    )

    assert response.status_code == 302
    (event,) = events_since(mark)
    assert event.action == "update" and event.source_id == source.pk
    assert event.changes == {
        "title": ["Kei comment", "Kei comment, edited"],
        "kind": ["article", "comment"],
    }


def test_source_page_lists_revisions_read_only(as_editor, source):
    html = as_editor.get(change_url(source)).content.decode()

    assert "revisions-0-id" in html
    assert "One sentence here" not in html and "Kei cars are small" not in html
    assert 'name="revisions-0-note"' not in html


def test_editors_see_the_rating_scale_but_only_admins_edit_it(as_editor, admin_client):
    rating("false")
    url = reverse("admin:core_rating_changelist")

    assert 'name="form-0-position"' not in as_editor.get(url).content.decode()
    assert 'name="form-0-position"' in admin_client.get(url).content.decode()


def test_admins_edit_the_scale_in_the_list(admin_client):
    rating("false")
    ratings = list(Rating.objects.all())
    data = {
        "form-TOTAL_FORMS": str(len(ratings)),
        "form-INITIAL_FORMS": str(len(ratings)),
        "_save": "Save",
    }
    for i, r in enumerate(ratings):
        data |= {
            f"form-{i}-id": r.pk,
            f"form-{i}-icon": r.icon,
            f"form-{i}-colour": r.colour,
            f"form-{i}-position": r.position,
            f"form-{i}-is_active": "on" if r.is_active else "",
        }
    data["form-0-position"] = "99"

    response = admin_client.post(reverse("admin:core_rating_changelist"), data)

    assert response.status_code == 302
    assert Rating.objects.get(pk=ratings[0].pk).position == 99
    assert AuditEvent.objects.get(object_type="rating").changes == {
        "position": [ratings[0].position, 99]
    }


def rating_form_data(r, **changes):
    data = {f: getattr(r, f) for f in ("label", "slug", "description", "colour", "icon")}
    data |= {"ordinal": r.ordinal or "", "position": r.position, "is_active": "on"}
    return data | changes


def test_a_rating_colour_too_light_for_the_page_is_refused_with_the_reason(admin_client):
    r = rating("false")

    response = admin_client.post(
        reverse("admin:core_rating_change", args=[r.pk]), rating_form_data(r, colour="#ffe066")
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["colour"] == [
        "#ffe066 is too light for highlights on the white page: 1.3:1 against white, "
        "it needs 3:1. Choose a darker shade."
    ]
    r.refresh_from_db()
    assert r.colour == "#b3261e"


def test_a_rating_colour_that_is_not_hex_is_refused(admin_client):
    r = rating("false")

    response = admin_client.post(
        reverse("admin:core_rating_change", args=[r.pk]), rating_form_data(r, colour="red")
    )

    assert response.context["adminform"].form.errors["colour"] == [
        "Enter a hex colour such as #1b7f3b."
    ]


def test_the_text_on_a_rating_colour_is_white_or_black_whichever_reads_better():
    from factcheck.core.rating_colours import TEXT_CONTRAST, contrast, text_on

    assert text_on("#1b7f3b") == "#ffffff"
    assert text_on("#4d8a1f") == "#000000"  # white would be only 4.2:1
    for colour in ("#1b7f3b", "#4d8a1f", "#8a6d00", "#777777"):
        assert contrast(colour, text_on(colour)) >= TEXT_CONTRAST


def test_a_new_rating_gets_its_own_colour_on_every_page(admin_client, client):
    rating("false")
    data = {
        "label": "Satire",
        "slug": "satire",
        "description": "A joke taken at face value.",
        "colour": "#0B5394",
        "icon": "☺",
        "ordinal": "",
        "position": "9",
        "is_active": "on",
    }
    admin_client.post(reverse("admin:core_rating_add"), data)

    page = client.get(reverse("public:home")).content.decode()
    href = page.split('<link rel="stylesheet" href="/ratings.css')[1].split('"')[0]
    css = client.get("/ratings.css" + href)

    assert css["Content-Type"] == "text/css; charset=utf-8"
    assert "immutable" in css["Cache-Control"]
    assert (
        '[data-rating="satire"] { --r: #0b5394; --r-bg: #e2eaf2; --r-on: #ffffff; }'
        in css.content.decode()
    )


def test_moving_a_rating_up_swaps_it_with_the_one_above(admin_client):
    rating("false")
    scale = list(Rating.objects.order_by("position", "pk"))

    admin_client.post(
        reverse("admin:core_rating_changelist"),
        {"action": "move_up", "_selected_action": [scale[2].pk], "index": "0"},
    )

    order = list(Rating.objects.order_by("position", "pk").values_list("slug", flat=True))
    assert order[:3] == [scale[0].slug, scale[2].slug, scale[1].slug]
    assert AuditEvent.objects.filter(object_type="rating", action="update").count() == 2


def test_the_first_rating_cannot_move_up(admin_client):
    rating("false")
    first = Rating.objects.order_by("position", "pk").first()

    response = admin_client.post(
        reverse("admin:core_rating_changelist"),
        {"action": "move_up", "_selected_action": [first.pk], "index": "0"},
        follow=True,
    )

    assert "Already at the end of the scale." in response.content.decode()
    assert Rating.objects.order_by("position", "pk").first() == first


def test_the_claim_page_shows_the_quote_in_its_text_and_the_rationale_rendered(
    as_editor, source, reviewer
):
    claim = submitted(source, reviewer, sentence=1)

    html = as_editor.get(change_url(claim)).content.decode()

    assert (
        "Kei cars are small. <mark>American roads were designed for the &quot;horse and "
        "buggy&quot; size.</mark> High winds"
    ) in html
    verdict = html[html.index("Verdict under review") : html.index(">Record<")]
    assert "Lanes are <strong>12 feet</strong> wide." in verdict
    assert "**12 feet**" not in verdict


def test_the_claim_page_rationale_is_the_cleaned_html(as_editor, source, reviewer):
    claim = make_complete_claim(source, reviewer, sentence=1)
    write_verdict(
        claim,
        reviewer,
        rating_slug="false",
        summary="S.",
        rationale="Fine <script>alert(1)</script> text",
    )

    html = as_editor.get(change_url(claim)).content.decode()

    assert "<script>alert(1)</script>" not in html


def test_an_editor_assigns_claims_from_the_changelist(as_editor, source, reviewer, reviewer2):
    from factcheck.core.models import Assignment

    claims = [submitted(source, reviewer, sentence=i, text=f"Claim {i}.") for i in (1, 2)]

    page = run_action(as_editor, "assign_claims", claims)
    assert "Assign 2 claims" in page.content.decode()
    response = as_editor.post(
        CHANGELIST,
        {
            "action": "assign_claims",
            "_selected_action": [c.pk for c in claims],
            "apply": "yes",
            "assignee": reviewer2.pk,
        },
    )

    assert response.status_code == 302
    assert Assignment.objects.filter(assignee=reviewer2).count() == 2
    assert (levels.SUCCESS, "Assigned 2 claims to rob.") in sent_messages(response)


# The audit trail -------------------------------------------------------------


@pytest.fixture(params=["editor", "superuser"])
def staff_client(request, client, editor, admin_user):
    client.force_login(editor if request.param == "editor" else admin_user)
    return client


def test_audit_events_cannot_be_changed(staff_client, desk):
    event = desk["event"]

    response = staff_client.post(change_url(event), {"action": "forged", "note": "x"})

    assert response.status_code == 403
    assert AuditEvent.objects.get(pk=event.pk).action == event.action


def test_audit_events_cannot_be_deleted(staff_client, desk):
    event = desk["event"]

    response = staff_client.post(change_url(event) + "delete/", {"post": "yes"})

    assert response.status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_audit_events_cannot_be_added(staff_client):
    assert staff_client.get(reverse("admin:core_auditevent_add")).status_code == 403


def test_the_audit_list_has_no_actions_at_all(staff_client, desk):
    response = staff_client.get(reverse("admin:core_auditevent_changelist"))

    assert response.context["action_form"] is None
    assert "delete_selected" not in response.content.decode()


def test_an_event_page_shows_its_field_by_field_difference(as_editor, desk):
    event = desk["claim"].events.get(action="publish")

    html = as_editor.get(change_url(event)).content.decode()

    assert "<tr><td>status</td><td>submitted</td><td>published</td></tr>" in html


def test_events_outlive_their_claim(as_editor, source, reviewer):
    from factcheck.core.claims import delete_claim

    claim = make_complete_claim(source, reviewer)
    claim_id = claim.pk
    delete_claim(claim, editor=reviewer)
    event = AuditEvent.objects.get(action="delete", object_type="claim")

    listing = as_editor.get(reverse("admin:core_auditevent_changelist"))
    page = as_editor.get(change_url(event))

    assert f"#{claim_id}" in listing.content.decode()
    assert page.status_code == 200


def test_verdicts_are_view_only(admin_client, desk):
    verdict = desk["verdict"]

    assert admin_client.post(change_url(verdict), {"summary": "x"}).status_code == 403
    assert admin_client.post(change_url(verdict) + "delete/").status_code == 403
    assert Verdict.objects.get(pk=verdict.pk).summary == verdict.summary


# Query counts ----------------------------------------------------------------


def count_queries(client, url):
    client.get(url)  # warm the per-process caches (content types, permissions) first
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_claim_changelist_runs_the_same_queries_for_10_and_200_claims(as_editor, reviewer):
    source = make_source(text=" ".join(f"Sentence {i}." for i in range(50)), title="Many")
    other = make_source(text="One. Two.", title="Other")
    bulk_claims(source, reviewer, 10)
    bulk_claims(other, UserFactory(username="someone"), 10, rating_slug="true")
    small = count_queries(as_editor, CHANGELIST)

    bulk_claims(source, reviewer, 190, rating_slug="misleading")

    assert count_queries(as_editor, CHANGELIST) == small


def test_claim_page_runs_the_same_queries_as_its_inlines_grow(as_editor, source, reviewer, editor):
    claim = published(source, reviewer, editor)
    url = change_url(claim)
    grow_claim(claim, reviewer, editor, 2)
    small = count_queries(as_editor, url)

    grow_claim(claim, reviewer, editor, 30)

    assert count_queries(as_editor, url) == small


def test_audit_changelist_runs_the_same_queries_for_10_and_200_events(
    as_editor, source, reviewer, editor
):
    url = reverse("admin:core_auditevent_changelist")
    claims = [make_complete_claim(source, reviewer, sentence=i, text=f"C{i}") for i in range(3)]
    for i in range(10 - AuditEvent.objects.count()):
        audit.record(editor, "update", claims[i % 3], changes={"x": [1, 2]})
    small = count_queries(as_editor, url)

    for i in range(190):
        audit.record(editor if i % 2 else reviewer, "update", claims[i % 3], changes={"x": [1, 2]})

    assert count_queries(as_editor, url) == small


def test_source_page_runs_the_same_queries_as_revisions_grow(as_editor, source, reviewer):
    from factcheck.core.sources import add_revision

    url = change_url(source)
    add_revision(source, TEXT + " One more.", user=reviewer)
    small = count_queries(as_editor, url)

    for i in range(10):
        add_revision(source, TEXT + f" Sentence {i}.", user=reviewer)

    assert count_queries(as_editor, url) == small


def test_suggestion_changelist_runs_the_same_queries_for_10_and_100_suggestions(as_editor, desk):
    url = reverse("admin:core_suggestion_changelist")
    claim = desk["claim"]
    Suggestion.objects.bulk_create(Suggestion(claim=claim, message=f"No. {i}") for i in range(9))
    small = count_queries(as_editor, url)

    Suggestion.objects.bulk_create(Suggestion(claim=claim, message=f"No. {i}") for i in range(90))

    assert count_queries(as_editor, url) == small
