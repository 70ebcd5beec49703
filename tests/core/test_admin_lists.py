"""The claim change list on a large archive: no full count, an estimated count
on PostgreSQL, sources filtered by slug, queries constant with size."""

import string

import pytest
from django.contrib import admin as django_admin
from django.contrib.admin import ModelAdmin
from django.db import connection
from django.urls import reverse
from django.utils.text import Truncator
from hypothesis import given
from hypothesis import strategies as st

from factcheck.core import admin, admin_lists
from factcheck.core.models import Claim
from tests.factories import bulk_claims, make_claim, make_source

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:core_claim_changelist")


@pytest.fixture
def as_editor(client, editor):
    client.force_login(editor)
    return client


def test_the_claim_list_filters_by_a_typed_source_slug(as_editor, reviewer):
    roads = make_source(text="One. Two. Three.", title="Roads", slug="roads")
    cars = make_source(text="One. Two.", title="Cars", slug="cars")
    bulk_claims(roads, reviewer, 3)
    bulk_claims(cars, reviewer, 2)

    response = as_editor.get(CHANGELIST, {"source": "cars", "status__exact": "draft"})

    assert response.status_code == 200
    assert {claim.source_id for claim in response.context["cl"].result_list} == {cars.pk}
    html = response.content.decode()
    assert 'name="source" value="cars"' in html
    assert '<input type="hidden" name="status__exact" value="draft">' in html  # kept


def test_the_claim_list_names_no_source_in_the_sidebar_and_counts_no_total(as_editor, reviewer):
    source = make_source(text="One. Two.", title="A title nobody types", slug="roads")
    bulk_claims(source, reviewer, 2)

    response = as_editor.get(CHANGELIST)

    assert response.context["cl"].show_full_result_count is False
    html = response.content.decode()
    sidebar = html.split('<search id="changelist-filter"')[1].split("</search>")[0]
    assert "By source (slug)" in sidebar
    assert "A title nobody types" not in sidebar


def test_claim_list_queries_stay_constant_whatever_the_size(
    as_editor, reviewer, django_assert_max_num_queries
):
    source = make_source(text=" ".join(f"Sentence {i}." for i in range(300)))
    bulk_claims(source, reviewer, 10)
    as_editor.get(CHANGELIST)
    with django_assert_max_num_queries(12) as small:
        as_editor.get(CHANGELIST, {"status__exact": "draft"})
    bulk_claims(source, reviewer, 290)

    with django_assert_max_num_queries(len(small.captured_queries)):
        response = as_editor.get(CHANGELIST, {"status__exact": "draft"})

    assert response.context["cl"].result_count == 300


def test_a_large_count_is_the_planners_estimate_on_postgresql(monkeypatch, reviewer):
    source = make_source(text=" ".join(f"Sentence {i}." for i in range(50)))
    bulk_claims(source, reviewer, 50)
    monkeypatch.setattr(admin_lists, "EXACT_BELOW", 1)
    paginator = admin_lists.EstimatedCountPaginator(Claim.objects.order_by("pk"), 10)

    if connection.vendor == "postgresql":
        assert paginator.count == admin_lists.estimated_count(Claim.objects.all()) >= 1
    else:
        assert paginator.count == 50  # SQLite counts


def test_a_small_estimate_is_counted_exactly(reviewer):
    source = make_source(text=" ".join(f"Sentence {i}." for i in range(50)))
    bulk_claims(source, reviewer, 50)

    paginator = admin_lists.EstimatedCountPaginator(Claim.objects.order_by("pk"), 10)

    assert paginator.count == 50


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=120), st.integers(1, 100))
def test_short_cuts_as_django_truncator_does(text, length):
    # ASCII is cut directly (the claim list's two text columns); the rest by Truncator.
    assert admin.short(text, length) == Truncator(text).chars(length)


@given(st.text(alphabet=string.printable, max_size=120), st.integers(1, 100))
def test_short_cuts_ascii_as_django_truncator_does(text, length):
    assert admin.short(text, length) == Truncator(text).chars(length)


def test_the_claim_lists_checkbox_is_djangos_markup(reviewer):
    source = make_source(text='Roads are <b>"old"</b> & narrow. Lanes.')
    claim = make_claim(source, reviewer, text='Roads are <b>"old"</b> & narrow.')
    claim_admin = django_admin.site._registry[Claim]

    assert claim_admin.action_checkbox(claim) == ModelAdmin.action_checkbox(claim_admin, claim)
    assert "&lt;b&gt;&quot;old&quot;" in claim_admin.action_checkbox(claim)
