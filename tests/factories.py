import factory
from django.contrib.auth import get_user_model

from factcheck.core.sources import create_source

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")

    @factory.post_generation
    def password(user, create, extracted, **kwargs):
        user.set_password(extracted or PASSWORD)
        if create:
            user.save(update_fields=["password"])


def make_source(text="One sentence here. Another one follows.", title="A source", **kwargs):
    """A source with its first revision, through the same function the app uses."""
    return create_source(title=title, text=text, **kwargs)


def make_claim(source, author, *, sentence=0, **fields):
    """A draft claim on one sentence of the source's current revision."""
    from factcheck.core.claims import create_claim

    fields.setdefault("text", "A restated claim.")
    return create_claim(source=source, author=author, first=sentence, **fields)


def rating(slug):
    from factcheck.core.models import Rating
    from factcheck.core.ratings import seed_ratings

    if not Rating.objects.exists():
        seed_ratings(Rating)
    return Rating.objects.get(slug=slug)


def write_verdict(
    claim, editor, *, rating_slug="false", summary="No.", rationale="Because.", **fields
):
    """`editor` saves the claim's verdict over its current version, as the workspace does."""
    from factcheck.core.claims import save_verdict

    return save_verdict(
        claim,
        editor=editor,
        version=claim.verdict_version,
        rating=rating(rating_slug),
        summary=summary,
        rationale=rationale,
        **fields,
    )


def make_complete_claim(source, author, *, sentence=0, rating_slug="false", **fields):
    """A draft claim with everything a review needs: verdict and a citation."""
    from factcheck.core.claims import add_citation

    claim = make_claim(source, author, sentence=sentence, **fields)
    write_verdict(
        claim,
        author,
        rating_slug=rating_slug,
        summary="Roads follow motor-vehicle standards.",
        rationale="Lanes are **12 feet** wide.",
    )
    # archive=False: a factory makes rows, not copies (and benchmarks using it
    # run outside pytest, where no fixture keeps the fetcher off the network).
    add_citation(
        claim, editor=author, archive=False, url="https://example.org/lanes", title="Lane width"
    )
    claim.refresh_from_db()
    return claim


def bulk_claims(source, author, count, *, rating_slug="false"):
    """`count` draft claims spread over the source's sentences, inserted in bulk
    (for size tests: same rows create_claim writes, without its per-claim cost)."""
    from factcheck.core.anchoring import selectors
    from factcheck.core.models import Claim

    revision = source.current_revision
    sentences = list(revision.sentences.all())
    step = max(1, len(sentences) // count)
    chosen = [sentences[i * step % len(sentences)] for i in range(count)]
    Claim.objects.bulk_create(
        Claim(
            source=source,
            revision=revision,
            first_sentence=s,
            last_sentence=s,
            start=s.start,
            end=s.end,
            selector=selectors(revision.text, s.start, s.end),
            quote=s.text,
            text=f"Claim {i}",
            author=author,
            rating=rating(rating_slug),
        )
        for i, s in enumerate(chosen)
    )


def grow_claim(claim, author, editor, n):
    """n more citations, published verdicts and audit events on the claim (for
    query-count tests: the rows the claim's pages show, not how they are made)."""
    from django.utils import timezone

    from factcheck.core import audit
    from factcheck.core.claims import add_citation
    from factcheck.core.models import Verdict

    last = claim.verdicts.count()
    for i in range(n):
        add_citation(
            claim, editor=author, archive=False, url=f"https://example.org/{i}", title=f"Source {i}"
        )
        Verdict.objects.create(
            claim=claim,
            number=last + i + 1,
            rating=rating("true" if i % 2 else "false"),
            summary="s",
            rationale="r",
            rationale_html="<p>r</p>",
            claim_text=claim.text,
            approved_by=editor,
            published_at=timezone.now(),
        )
        audit.record(editor if i % 2 else author, "update", claim, changes={"text": ["a", "b"]})


def blind_pairs(claim, pairs):
    """Revealed blind pairs on `claim`, made directly (not through the blind
    flow), in bulk: each is (first_rater, first rating slug, second reviewer,
    second rating slug, revealed_at). Returns them."""
    from django.utils import timezone

    from factcheck.core.models import BlindRating, BlindState, Rating

    rating("true")  # seeds the scale if a flush emptied it
    by_slug = {r.slug: r for r in Rating.objects.all()}
    return BlindRating.objects.bulk_create(
        BlindRating(
            claim=claim,
            state=BlindState.REVEALED,
            first_rater=first_rater,
            first_rating=by_slug[first],
            reviewer=reviewer,
            rating=by_slug[second],
            rated_at=revealed_at or timezone.now(),
            revealed_at=revealed_at or timezone.now(),
        )
        for first_rater, first, reviewer, second, revealed_at in pairs
    )


def blind_pair(claim, first_rater, first, reviewer, second, revealed_at=None):
    """One revealed blind pair: `first_rater` gave the claim the rating `first`,
    `reviewer` rated it `second` without seeing it."""
    return blind_pairs(claim, [(first_rater, first, reviewer, second, revealed_at)])[0]
