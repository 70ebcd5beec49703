"""Similar claims across sources, and "already checked" links."""

import pytest
from django.db import connection
from django.db.models import Value
from django.db.models.functions import Concat

from factcheck.core.models import AuditEvent, ClaimStatus
from factcheck.core.similar import LinkError, appearances, mark_already_checked, similar_claims
from factcheck.core.workflow import TransitionError, transition
from tests.factories import make_claim, make_complete_claim, make_source
from tests.public.publishing import publish, published_claim

pytestmark = pytest.mark.django_db


@pytest.fixture
def claims(reviewer, editor):
    first = make_source(text="Roads were made for buggies. Lanes are wide.", title="First")
    second = make_source(text="Our roads? Built for horses. That is all.", title="Second")
    return {
        "checked": published_claim(
            first, reviewer, editor, text="American roads were designed for horse and buggy."
        ),
        "lanes": published_claim(
            first, reviewer, editor, sentence=1, text="Lanes on US highways are 12 feet wide."
        ),
        "draft": make_claim(second, reviewer, text="US roads were built for horses and buggies."),
        "near": make_claim(
            second, reviewer, sentence=1, text="Lanes on US highways are 10 feet wide."
        ),
    }


def texts(found):
    return [item.claim.text for item in found]


def test_finds_the_same_claim_in_other_sources_and_statuses(claims):
    found = similar_claims("Roads in America were designed for horses and buggies.")

    assert set(texts(found)) == {
        "American roads were designed for horse and buggy.",
        "US roads were built for horses and buggies.",
    }
    assert found[0].score >= found[1].score


def test_excludes_the_claim_itself(claims):
    draft = claims["draft"]

    found = similar_claims(draft.text, exclude=draft.pk)

    assert texts(found) == ["American roads were designed for horse and buggy."]
    assert found[0].is_public


def test_a_near_miss_is_not_similar(claims):
    assert texts(similar_claims("Lanes on US highways are 12 feet wide.")) == [
        "Lanes on US highways are 12 feet wide."
    ]


def test_nothing_for_empty_text(claims):
    assert similar_claims("  ") == []


def test_the_author_marks_a_draft_already_checked_with_an_audit_event(claims, reviewer):
    draft, checked = claims["draft"], claims["checked"]

    mark_already_checked(draft, checked, actor=reviewer)

    draft.refresh_from_db()
    assert draft.same_as == checked
    event = AuditEvent.objects.get(action="link", claim=draft)
    assert event.actor == reviewer
    assert event.changes == {"same_as": [None, str(checked)]}


def test_only_a_published_fact_check_can_be_linked(claims, reviewer):
    with pytest.raises(LinkError):
        mark_already_checked(claims["draft"], claims["near"], actor=reviewer)


def test_another_reviewer_cannot_link_someone_elses_draft(claims, reviewer2):
    with pytest.raises(LinkError):
        mark_already_checked(claims["draft"], claims["checked"], actor=reviewer2)


def test_a_link_to_an_appearance_goes_to_the_earlier_fact_check(claims, reviewer, editor):
    checked = claims["checked"]
    later = published_claim(
        make_source(text="Horse roads. Yes.", title="Third"),
        reviewer,
        editor,
        text="Roads fit buggies.",
    )
    later.status = ClaimStatus.DRAFT
    later.same_as = checked
    later.save()
    draft = claims["draft"]

    mark_already_checked(draft, later, actor=reviewer)

    assert draft.same_as == checked


def test_appearances_wait_for_the_appearance_to_be_published(claims, reviewer, editor):
    checked = claims["checked"]
    draft = make_complete_claim(claims["draft"].source, reviewer, sentence=2, text="Same again.")
    mark_already_checked(draft, checked, actor=reviewer)

    assert appearances(checked) == []
    publish(draft, reviewer, editor)
    assert [source.title for source in appearances(checked)] == ["Second"]


def test_whoever_links_a_claim_contributed_to_it_and_cannot_approve_it(claims, reviewer, editor):
    draft = make_complete_claim(claims["draft"].source, reviewer, sentence=2, text="Same again.")
    transition(draft, "submit", reviewer)
    transition(draft, "withdraw", reviewer)

    mark_already_checked(draft, claims["checked"], actor=editor)

    transition(draft, "submit", reviewer)
    with pytest.raises(TransitionError, match="second person"):
        transition(draft, "publish", editor)


def test_an_older_claim_saying_the_same_is_found_among_many_newer_sharing_a_word(reviewer):
    """More than CANDIDATES newer claims share a word with it: the one that says
    the same thing must still be a candidate (it was left out by recency)."""
    from factcheck.core.similar import CANDIDATES
    from tests.factories import bulk_claims

    old = make_source(text="Small cars blow away in the wind.", title="Old")
    same = make_claim(old, reviewer, text="High winds push small cars off the road.")
    newer = make_source(text=" ".join(f"Sentence {i} is here." for i in range(CANDIDATES + 50)))
    bulk_claims(newer, reviewer, CANDIDATES + 50)
    newer.claims.update(text=Concat(Value("Road works number "), "text"))

    found = similar_claims("High winds push small cars off the road.", exclude=None)

    assert same.pk in [item.claim.pk for item in found]


def test_the_migration_records_the_links_published_claims_were_approved_with(
    claims, reviewer, editor
):
    from importlib import import_module

    from django.apps import apps

    checked = claims["checked"]
    published = published_claim(
        make_source(text="Horse roads. Yes.", title="Third"), reviewer, editor, text="Roads."
    )
    in_correction = published_claim(
        make_source(text="Buggy roads. No.", title="Fourth"), reviewer, editor, text="Roads!"
    )
    in_correction = transition(in_correction, "correct", editor)
    # As linked before links were part of the published verdict.
    for claim in (published, in_correction):
        claim.same_as = checked
        claim.save(update_fields=["same_as"])

    import_module("factcheck.core.migrations.0003_leak").approved_links(apps, None)

    assert [source.title for source in appearances(checked)] == ["Third"]


NEW_CLAIM = "The prime minister said tariffs on zeppelin airships doubled."


def crowd(reviewer, count):
    """`count` claims sharing only the new claim's common words ("prime
    minister"), then one sharing only its rare words, written last (so the
    first rows any lookup reads are the crowd); PostgreSQL's statistics of
    the stored vectors are brought up to date, as autovacuum would."""
    from tests.factories import bulk_claims

    crowd = make_source(text=" ".join(f"Sentence {i} is here." for i in range(count)))
    bulk_claims(crowd, reviewer, count)
    crowd.claims.update(text=Concat(Value("The prime minister opened road works number "), "text"))
    rare = make_claim(
        make_source(title="Rare"), reviewer, text="Tariffs on zeppelin airships doubled."
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE core_claim")
    return rare


@pytest.fixture
def small_caps(monkeypatch):
    """Caps far below the crowd, as 2,000 rows are below a real archive's."""
    from factcheck.core import similar

    monkeypatch.setattr(similar, "LOOKUP_ROWS", 20)
    monkeypatch.setattr(similar, "MATCHED", 30)
    monkeypatch.setattr(similar, "PAIRED", 10)


def test_a_claim_sharing_only_rare_words_is_found_among_many_sharing_common_ones(
    reviewer, small_caps
):
    rare = crowd(reviewer, 200)

    found = similar_claims(NEW_CLAIM)

    assert [item.claim.pk for item in found] == [rare.pk]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite keeps its small-archive path")
@pytest.mark.parametrize("count", [40, 400])
def test_the_postgresql_candidates_are_bounded_whatever_the_archive(
    reviewer, small_caps, count, django_assert_max_num_queries
):
    """Two queries (the words' lexemes and shares, then the claims), each
    capped: never more rows than the caps, however many claims share words."""
    from factcheck.core.similar import candidates

    crowd(reviewer, count)

    with django_assert_max_num_queries(2) as captured:
        found = candidates("The prime minister opened road works.")

    # Every word is in every claim of the crowd: the rarest alone, capped at
    # MATCHED, and the pairs of the others, capped at PAIRED.
    assert len(found) <= 30 + 10
    assert "LIMIT" in captured.captured_queries[-1]["sql"]
