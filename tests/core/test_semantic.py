"""Claims that say the same in other words: vectors per claim, the process's
index of them, and the combined score (the lexical rules win over vectors)."""

import threading

import pytest
from django.core.management import call_command
from django.db import connection

from factcheck.core import matching, semantic
from factcheck.core.models import Claim, ClaimVector
from factcheck.core.similar import similar_claims
from tests.factories import bulk_claims, make_claim, make_source


@pytest.fixture
def source(db):
    return make_source(text="The minister quit. Nothing else happened.")


def combined(a, b):
    return matching.combined(a, b, semantic.similarity(a, b))


def test_a_clear_paraphrase_in_other_words_matches_for_its_meaning():
    a = "The minister resigned after the scandal."
    b = "Following the scandal, the minister stepped down."
    assert matching.score(a, b) < matching.THRESHOLD

    value, reason = combined(a, b)

    assert value >= matching.THRESHOLD and reason == matching.Reason.MEANING


def test_the_same_words_match_as_sharing_words():
    value, reason = combined(
        "Lanes on US highways are 12 feet wide.", "US highway lanes are 12 feet wide."
    )

    assert value >= matching.THRESHOLD and reason == matching.Reason.WORDS


@pytest.mark.parametrize(
    "a, b",
    [
        (
            "The ferry sank with 300 passengers on board.",
            "The ferry sank with 30 passengers on board.",
        ),
        ("The senator was not at the meeting.", "The senator was at the meeting."),
        ("Milk is bad for adults' bones.", "Milk is good for adults' bones."),
        (
            "Prices of houses in the city doubled in ten years.",
            "Prices of houses in the city doubled in two years.",
        ),
        (
            "The library lends more e-books than printed books.",
            "The library lends more printed books than e-books.",
        ),
    ],
)
def test_a_near_miss_the_rules_call_different_stays_apart_however_close_the_vectors(a, b):
    assert semantic.similarity(a, b) >= matching.SEMANTIC_THRESHOLD

    value, _ = combined(a, b)

    assert value < matching.THRESHOLD


def test_the_model_loads_from_the_package_without_the_network(monkeypatch):
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError("the model tried the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    semantic.model.cache_clear()

    vectors = semantic.embed(["Vaccines do not cause autism."])

    assert vectors.shape == (1, semantic.STORED_DIMS)


# Stored vectors.


@pytest.mark.django_db
def test_a_saved_claim_gets_its_vector_and_a_new_text_a_new_one(source, reviewer):
    claim = make_claim(source, reviewer, text="Wind turbines supply most of the power.")
    first = ClaimVector.objects.get(claim=claim)
    assert semantic.from_bytes(first.vector) == pytest.approx(
        semantic.embed([claim.text])[0], abs=1e-3
    )

    claim.notes = "Only a note."
    claim.save()
    assert ClaimVector.objects.get(claim=claim).pk == first.pk

    claim.text = "Gas plants supply most of the power."
    claim.save(update_fields=["text"])
    second = ClaimVector.objects.get(claim=claim)
    assert second.pk > first.pk and bytes(second.vector) != bytes(first.vector)


@pytest.mark.django_db
def test_claims_written_in_bulk_get_vectors_from_the_backfill(source, reviewer):
    bulk_claims(source, reviewer, 3)
    assert not ClaimVector.objects.exists()

    call_command("embed_claims", stdout=open("/dev/null", "w"))

    assert ClaimVector.objects.count() == Claim.objects.count() == 3


# The lookup.


@pytest.mark.django_db
def test_the_lookup_finds_a_paraphrase_that_shares_no_content_word(reviewer):
    source = make_source(text="The minister quit. Nothing else happened.")
    make_claim(source, reviewer, text="The minister resigned after the scandal.")
    bulk_claims(make_source(text="Filler one. Filler two.", title="Filler"), reviewer, 2)

    found = similar_claims("Following the scandal, the minister stepped down.")

    assert [(item.claim.text, item.reason) for item in found] == [
        ("The minister resigned after the scandal.", matching.Reason.MEANING)
    ]


@pytest.mark.django_db
def test_the_nearest_vectors_are_ranked_by_cosine_among_many_claims(reviewer, monkeypatch):
    source = make_source(text="The minister quit. Nothing else happened.")
    make_claim(source, reviewer, text="The minister resigned after the scandal.")
    filler = make_source(text=" ".join(f"Filler {i}." for i in range(40)), title="Filler")
    bulk_claims(filler, reviewer, 40)
    semantic.backfill()
    monkeypatch.setattr("factcheck.core.similar.NEAREST", 1)

    found = similar_claims("Following the scandal, the minister stepped down.")

    assert [item.claim.text for item in found] == ["The minister resigned after the scandal."]


@pytest.mark.django_db(transaction=True)
def test_a_claim_saved_elsewhere_is_found_by_a_process_that_looked_before(reviewer):
    # The index is this process's; the claim is written as another process
    # would, committed, after the index was read.
    assert similar_claims("Following the scandal, the minister stepped down.") == []
    assert semantic.INDEX.size == 0

    def elsewhere():
        from django.db import connection as own

        source = make_source(text="The minister quit. Nothing else happened.")
        make_claim(source, reviewer, text="The minister resigned after the scandal.")
        own.close()

    writer = threading.Thread(target=elsewhere)  # its own database connection
    writer.start()
    writer.join()

    found = similar_claims("Following the scandal, the minister stepped down.")
    assert [item.claim.text for item in found] == ["The minister resigned after the scandal."]


@pytest.mark.django_db
def test_a_changed_text_replaces_the_old_one_in_the_index(source, reviewer):
    claim = make_claim(source, reviewer, text="The minister resigned after the scandal.")
    assert similar_claims("Following the scandal, the minister stepped down.")

    claim.text = "Bees are dying because of pesticides."
    claim.save()

    assert similar_claims("Following the scandal, the minister stepped down.") == []
    index = semantic.INDEX
    assert index.texts[index.row_of[claim.pk]] == "Bees are dying because of pesticides."


@pytest.mark.django_db
def test_a_vector_committed_after_a_newer_one_is_still_read(source, reviewer):
    """Ids are taken at insert and seen at commit: a lower one that commits
    later is asked for again (a gap), not skipped."""
    first = make_claim(source, reviewer, text="The minister resigned after the scandal.")
    second = make_claim(source, reviewer, sentence=1, text="Bees are dying because of pesticides.")
    older = ClaimVector.objects.get(claim=first)
    kept = (older.pk, bytes(older.vector))
    older.delete()  # not committed yet, as another process sees it

    semantic.INDEX.refresh()
    assert first.pk not in semantic.INDEX.row_of and second.pk in semantic.INDEX.row_of

    ClaimVector.objects.create(id=kept[0], claim=first, vector=kept[1])
    semantic.INDEX.refresh()
    assert first.pk in semantic.INDEX.row_of


@pytest.mark.django_db
def test_the_lookup_takes_the_same_queries_with_many_vectors(reviewer, django_assert_num_queries):
    source = make_source(text="The minister quit. Nothing else happened.")
    make_claim(source, reviewer, text="The minister resigned after the scandal.")
    similar_claims("warm up")
    few = count(lambda: similar_claims("Following the scandal, the minister stepped down."))
    bulk_claims(make_source(text="Filler. More filler.", title="Filler"), reviewer, 200)
    semantic.backfill()

    many = count(lambda: similar_claims("Following the scandal, the minister stepped down."))

    assert few == many <= 3 + (connection.vendor == "postgresql")


def count(function):
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured)
