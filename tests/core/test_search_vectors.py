"""On PostgreSQL the database keeps each claim's search vectors (migration
0002). They must stay what search once computed at query time from the same
fields after every kind of write, so that results, their order and their
snippets are what they were."""

import importlib

import pytest
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, TextField, Value, When
from django.db.models.functions import Cast, Concat

from factcheck.core import search
from factcheck.core.claims import reattach_claim, update_claim
from factcheck.core.models import Claim, Verdict
from factcheck.public.published import SEARCH_FIELDS, public_claims
from factcheck.review.search_views import WORKING_FIELDS
from tests.factories import bulk_claims, make_claim, make_source, write_verdict
from tests.public.publishing import correct, published_claim, start_correction

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="stored vectors are PostgreSQL's"),
]

LANES = "Lanes are twelve feet wide. Roads were built for horses. Trains are late."


def config_of(language_path):
    """Each row's text search configuration, from its source's language."""
    return Case(
        *(
            When(**{language_path: code}, then=Value(config))
            for code, config in search.TEXT_SEARCH_CONFIGS.items()
        ),
        default=Value(search.SIMPLE),
    )


def query_time_vector(fields, language_path="source__language"):
    """The vector as full_text() computed it before the vectors were stored."""
    config = config_of(language_path)
    return sum(
        (SearchVector(search.text_of(f), config=config, weight=f.weight) for f in fields[1:]),
        SearchVector(search.text_of(fields[0]), config=config, weight=fields[0].weight),
    )


def query_time_search(claims, q, fields, language_path="source__language"):
    """full_text() as it was before the vectors were stored."""
    config = config_of(language_path)
    query = SearchQuery(q, config=config, search_type="websearch")
    document = Concat(*search.joined(fields), output_field=TextField())
    claims = claims.annotate(search_vector=query_time_vector(fields)).filter(search_vector=query)
    return claims.annotate(
        search_rank=SearchRank(F("search_vector"), query),
        search_headline=SearchHeadline(document, query, config=config, **search.HEADLINE),
    )


def as_text(expression):
    return Cast(expression, TextField())


def vectors():
    """Each claim's stored vectors (and the configuration they were built with,
    migration 0015_speed) beside the ones computed from its fields now."""
    return {
        claim.pk: (
            (claim.working, claim.public, claim.config),
            (claim.working_now, claim.public_now, claim.config_now),
        )
        for claim in Claim.objects.annotate(
            working=as_text(search.StoredVector(search.WORKING_VECTOR)),
            public=as_text(search.StoredVector(search.PUBLIC_VECTOR)),
            config=as_text(search.StoredColumn(search.ROW_CONFIG, TextField())),
            config_now=config_of("source__language"),
            working_now=as_text(query_time_vector(WORKING_FIELDS)),
            public_now=Case(
                When(published_verdict__isnull=True, then=None),
                default=as_text(query_time_vector(SEARCH_FIELDS)),
            ),
        )
    }


def assert_current():
    """Every claim's stored vectors are the query-time ones (and exist)."""
    found = vectors()
    assert found
    assert {pk: stored for pk, (stored, now) in found.items()} == {
        pk: now for pk, (stored, now) in found.items()
    }
    assert all(stored[0] for stored, _now in found.values())


def stored(claim):
    working, public, config = vectors()[claim.pk][0]
    return {"working": working, "public": public, "config": config}


def test_the_database_maps_languages_as_search_does():
    codes = [*search.TEXT_SEARCH_CONFIGS, "ja", "", "de-AT"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT code, core_search_config(code)::text FROM unnest(%s::text[]) AS code", [codes]
        )
        in_database = dict(cursor.fetchall())

    assert in_database == {code: search.TEXT_SEARCH_CONFIGS.get(code, "simple") for code in codes}


def test_a_new_claim_has_a_working_vector_and_no_public_one(reviewer):
    claim = make_claim(make_source(text=LANES), reviewer, text="Lanes are narrow.")

    assert_current()
    assert "'lane':1A" in stored(claim)["working"]
    assert stored(claim)["public"] is None


def test_update_claim_recomputes_the_working_vector(reviewer):
    claim = make_claim(make_source(text=LANES), reviewer, text="Lanes are narrow.")

    update_claim(claim, editor=reviewer, version=claim.version, text="Roads flood often.")

    assert_current()
    assert "'flood'" in stored(claim)["working"] and "'lane':1A" not in stored(claim)["working"]


def test_save_verdict_recomputes_the_working_vector(reviewer):
    claim = make_claim(make_source(text=LANES), reviewer, text="Lanes are narrow.")

    write_verdict(claim, reviewer, summary="Measured widths.", rationale="Surveys say so.")

    assert_current()
    assert "'width':5B" in stored(claim)["working"] and "'survey'" in stored(claim)["working"]


def test_reattaching_recomputes_the_quote(reviewer, editor):
    claim = make_claim(make_source(text=LANES), reviewer, text="Lanes are narrow.")

    reattach_claim(claim, editor=editor, first=1)

    assert_current()
    assert "'hors'" in stored(claim)["working"]


def test_publishing_fills_the_public_vector(reviewer, editor):
    claim = published_claim(make_source(text=LANES), reviewer, editor, text="Lanes are narrow.")

    assert_current()
    assert "'narrow':3A" in stored(claim)["public"]


def test_a_correction_in_progress_leaves_the_public_vector_alone(reviewer, editor):
    claim = published_claim(make_source(text=LANES), reviewer, editor, text="Lanes are narrow.")
    public = stored(claim)["public"]

    start_correction(claim, reviewer, editor, text="Lanes are wide.", summary="Remeasured.")

    assert_current()
    assert stored(claim)["public"] == public
    assert "'wide'" in stored(claim)["working"]


def test_an_approved_correction_replaces_the_public_vector(reviewer, editor):
    claim = published_claim(make_source(text=LANES), reviewer, editor, text="Lanes are narrow.")

    claim = correct(claim, reviewer, editor, text="Lanes are wide.", summary="Remeasured.")

    assert_current()
    assert "'wide'" in stored(claim)["public"] and "'narrow'" not in stored(claim)["public"]


def test_a_verdict_rewritten_in_place_refreshes_its_claim(reviewer, editor):
    # The app never does this (verdicts are write-once); bench/search.py does.
    claim = published_claim(make_source(text=LANES), reviewer, editor, text="Lanes are narrow.")

    Verdict.objects.filter(pk=claim.published_verdict_id).update(summary="Crosswinds matter.")

    assert_current()
    assert "'crosswind'" in stored(claim)["public"]


def test_a_change_of_language_recomputes_the_sources_claims(reviewer, editor):
    source = make_source(text="Die Häuser sind alt. Mehr nicht.", language="en")
    draft = make_claim(source, reviewer, text="Die Häuser sind alt.")
    checked = published_claim(source, reviewer, editor, sentence=1, text="Viele Häuser.")
    other = make_claim(make_source(text=LANES), reviewer, text="Die Häuser sind alt.")
    before = stored(other)

    source.language = "de"
    source.save(update_fields=["language"])

    assert_current()
    assert "'haus'" in stored(draft)["working"] and "'haus'" in stored(checked)["public"]
    assert stored(draft)["config"] == stored(checked)["config"] == "german"
    assert stored(other) == before


def test_claims_created_in_bulk_have_vectors(reviewer):
    bulk_claims(make_source(text=LANES), reviewer, 3)

    assert_current()


# The same results, order, ranks and snippets as query-time vectors.

QUERIES = [
    "lanes",
    "lane widths",
    '"twelve feet"',
    "importing",
    "Häusern",
    "voitures",
    "cars or trains",
    "roads -horses",
    "the",
    "zzzz",
    "-lanes",
]


@pytest.fixture
def corpus(reviewer, editor):
    english = make_source(text=LANES, title="Lanes")
    german = make_source(text="Die Häuser sind alt. Autos fahren schnell.", language="de")
    french = make_source(text="Les voitures sont petites. Les routes sont vieilles.", language="fr")
    japanese = make_source(text="Lanes differ. Cars import rules.", language="ja")
    later_german = make_source(text="Houses are old. Cars are fast.", language="en")

    published_claim(english, reviewer, editor, text="Lanes are twelve feet wide.")
    edited = make_claim(english, reviewer, sentence=1, text="Roads were built for horses.")
    update_claim(edited, editor=reviewer, version=edited.version, text="Roads suit horses, cars.")
    write_verdict(edited, reviewer, summary="Lane widths follow standards.", rationale="Manuals.")
    corrected = published_claim(english, reviewer, editor, sentence=2, text="Trains are late.")
    correct(corrected, reviewer, editor, text="Trains are often late.", summary="Timetables.")
    in_correction = published_claim(german, reviewer, editor, text="Die Häuser sind alt.")
    start_correction(in_correction, reviewer, editor, text="Häuser sind neu.", summary="Gezählt.")
    published_claim(german, reviewer, editor, sentence=1, text="Autos fahren schnell.")
    published_claim(french, reviewer, editor, text="Les voitures sont petites.")
    make_claim(french, reviewer, sentence=1, text="Les routes sont vieilles.")
    published_claim(japanese, reviewer, editor, text="Cars importing lanes.")
    published_claim(later_german, reviewer, editor, text="Houses are old, cars fast.")
    make_claim(later_german, reviewer, sentence=1, text="Häuser sind alt.")
    later_german.language = "de"
    later_german.save(update_fields=["language"])


def results(claims, order):
    return list(claims.order_by(*order).values_list("pk", "search_rank", "search_headline"))


@pytest.mark.parametrize(
    ("claims", "fields", "vector", "order"),
    [
        (public_claims, SEARCH_FIELDS, search.PUBLIC_VECTOR, "-published_verdict__published_at"),
        (Claim.objects.all, WORKING_FIELDS, search.WORKING_VECTOR, "-updated_at"),
    ],
    ids=["public", "workspace"],
)
def test_stored_vectors_find_rank_and_highlight_as_query_time_ones(
    corpus, claims, fields, vector, order
):
    order = ("-search_rank", order, "-pk")
    found = {q: results(search.search(claims(), q, fields, stored=vector), order) for q in QUERIES}
    expected = {q: results(query_time_search(claims(), q, fields), order) for q in QUERIES}

    assert found == expected
    assert sum(len(rows) for rows in found.values()) > 15
    assert found["Häusern"] and found["voitures"] and not found["zzzz"]


def test_migration_0015_fills_the_configuration_of_claims_made_before_it(reviewer, editor):
    # Filled a batch of keys at a time (FILL_BATCH), as on a large archive.
    migration = importlib.import_module("factcheck.core.migrations.0015_speed")
    claims = [
        make_claim(make_source(text=LANES, language=language), reviewer, text="Lanes.")
        for language in ("de", "fr", "ja", "en")
    ]
    pks = [claim.pk for claim in claims]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_claim SET search_config = NULL WHERE id = ANY(%s)", [pks])
    assert {stored(claim)["config"] for claim in claims} == {None}

    migration.fill(connection, batch=2)

    assert [stored(claim)["config"] for claim in claims] == [
        "german",
        "french",
        "simple",
        "english",
    ]
    assert_current()
