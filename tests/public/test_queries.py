"""Public pages run a constant number of queries whatever the size of the source."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from factcheck.core import publicity
from factcheck.core.models import Counter
from factcheck.core.publicity import forget_recent_epoch, recent_public_epoch
from factcheck.public.caching import forget_all
from tests.factories import bulk_claims, make_source

from .publishing import publish_in_bulk

pytestmark = pytest.mark.django_db

MAX_QUERIES = 8


@pytest.fixture
def clock(monkeypatch):
    """The clock of the recent epoch (publicity.RECENT_SECONDS), stopped: on a
    loaded machine a second can pass between two requests, or inside one, and
    whether the epoch is read again must not depend on that."""
    now = [5000.0]
    monkeypatch.setattr(publicity.time, "monotonic", lambda: now[0])
    return now


def build(sentences, claims, author, editor, name):
    text = " ".join(f"Sentence number {i} of {name} is here." for i in range(sentences))
    source = make_source(text=text, title=name)
    bulk_claims(source, author, claims)
    published = publish_in_bulk(source, editor)
    return source, published[len(published) // 2]


def page_urls(source, claim):
    return {
        "home": reverse("public:home"),
        "search": reverse("public:home") + "?q=number&rating=false&source=" + source.slug,
        "source": reverse("public:source-detail", args=[source.slug]),
        "claim": reverse("public:claim-detail", args=[claim.pk, "wrong"]),
        "annotations": reverse("public:source-annotations", args=[source.slug]),
        "feed": reverse("public:feed"),
        "sitemap": reverse("public:sitemap"),
    }


def count_queries(client, urls):
    """Each page's queries, the epoch read included, as a reader who comes
    after the recent epoch expired pays them (a redirect followed reuses it)."""
    forget_all()
    counts = {}
    for name, url in urls.items():
        forget_recent_epoch()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, follow=True)
        assert response.status_code == 200, name
        counts[name] = len(captured)
    return counts


def test_query_counts_do_not_grow_with_the_source(client, reviewer, editor, clock):
    small = build(3, 1, reviewer, editor, "small")
    large = build(2000, 300, reviewer, editor, "large")

    small_counts = count_queries(client, page_urls(*small))
    large_counts = count_queries(client, page_urls(*large))

    assert large_counts == small_counts
    assert max(large_counts.values()) <= MAX_QUERIES, large_counts


def test_a_cached_page_costs_one_query_and_none_within_a_second(
    client, reviewer, editor, django_assert_num_queries, clock
):
    source, _ = build(2000, 300, reviewer, editor, "large")
    url = reverse("public:source-detail", args=[source.slug])
    read_at = clock[0]
    client.get(url)

    clock[0] = read_at + publicity.RECENT_SECONDS / 2
    with django_assert_num_queries(0):  # the epoch as read half a second ago
        again = client.get(url)
    clock[0] = read_at + publicity.RECENT_SECONDS
    with django_assert_num_queries(1):  # the epoch, a second old: read again
        response = client.get(url)

    assert response.content.count(b'class="hl-link"') >= 300
    assert again.content.count(b'class="hl-link"') >= 300


def test_the_recent_epoch_is_a_second_old_at_most_and_a_write_here_forgets_it(
    clock, reviewer, editor
):
    Counter.objects.update_or_create(name=publicity.EPOCH, defaults={"value": 3})
    forget_recent_epoch()
    first = recent_public_epoch()
    Counter.objects.filter(name=publicity.EPOCH).update(value=first + 10)  # another process

    assert recent_public_epoch() == first
    clock[0] += publicity.RECENT_SECONDS
    assert recent_public_epoch() == first + 10
    publicity.public_changed()  # a write in this process
    assert recent_public_epoch() == first + 11
