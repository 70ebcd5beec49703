"""Claims that say the same thing, across every source, and the "already
checked" link from a new appearance to an earlier fact-check.

Candidates come from the database by the claim's words (case-insensitive
substring matches, which PostgreSQL's trigram indexes serve; there the
candidates are also ordered by trigram similarity). The Python scorer in
matching.py then decides and ranks, so both engines give the same answers."""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection, transaction
from django.db.models import Case, F, Q, Value, When

from . import audit, matching
from .models import Claim, ClaimStatus
from .search import prefix

CANDIDATES = 300
SHOWN = 8


@dataclass(frozen=True)
class Similar:
    claim: Claim
    score: float

    @property
    def is_public(self):
        return self.claim.published_verdict_id is not None and (
            self.claim.status != ClaimStatus.RETRACTED
        )


def search_words(text):
    """The words worth looking for: not stop words, at least four letters."""
    words = {
        prefix(word)
        for word in re.findall(r"\w+", text.lower())
        if len(word) >= 4 and word not in matching.STOP_WORDS
    }
    return sorted(words, key=len, reverse=True)[:12]


def candidates(text, exclude=None):
    """(pk, text) of the claims that share a word with `text`: plain rows, as
    only the few shown are worth model instances."""
    words = search_words(text)
    if not words:
        return []
    claims = Claim.objects.filter(Q.create([("text__icontains", w) for w in words], connector=Q.OR))
    if exclude is not None:
        claims = claims.exclude(pk=exclude)
    if connection.vendor == "postgresql":
        claims = claims.annotate(trigram=TrigramSimilarity("text", text)).order_by("-trigram")
    else:
        # The same words first, then the claims that share most of them: by
        # recency alone, a claim saying the very same thing fell out of the
        # window once more than CANDIDATES newer ones shared a word with it.
        shared = sum(
            (Case(When(text__icontains=w, then=Value(1)), default=Value(0)) for w in words),
            start=Case(When(text__iexact=text, then=Value(len(words) + 1)), default=Value(0)),
        )
        claims = claims.annotate(shared=shared).order_by("-shared", "-updated_at")
    return list(claims.values_list("pk", "text")[:CANDIDATES])


# What the similar-claims region shows of a claim (review/similar_claims.html):
# without a claim's and a verdict's long texts, the shown claims cost a query
# and a few objects, not most of the region's time.
RATING_FIELDS = ("slug", "label", "icon")
SHOWN_FIELDS = Claim.objects.select_related("source", "rating", "published_verdict__rating").only(
    *("text", "status", "source__title", "published_verdict__rating"),
    *(f"rating__{f}" for f in RATING_FIELDS),
    *(f"published_verdict__rating__{f}" for f in RATING_FIELDS),
)


def similar_claims(text, *, exclude=None, limit=SHOWN):
    """Claims of every source and status that say what `text` says, best first
    (two queries: the candidates' words, then the claims shown)."""
    text = (text or "").strip()
    if not text:
        return []
    ranked = matching.rank(text, candidates(text, exclude), key=lambda row: row[1], limit=limit)
    if not ranked:
        return []
    shown = SHOWN_FIELDS.in_bulk([pk for _, (pk, _) in ranked])
    return [Similar(claim=shown[pk], score=score) for score, (pk, _) in ranked if pk in shown]


class LinkError(Exception):
    pass


def can_link(claim, user):
    """Marking a claim "already checked" edits it: its author or an editor, on a draft."""
    return claim.can_edit(user)


@transaction.atomic
def mark_already_checked(claim, earlier, *, actor):
    """Link `claim` to the earlier published fact-check `earlier` (None unlinks).

    The link is part of what `claim` publishes: the earlier claim's public page
    lists this appearance once an editor approves `claim` (its published verdict
    records the link, see appearances), never before. So whoever links it is a
    contributor, and nothing public changes now."""
    if not can_link(claim, actor):
        raise LinkError("Only the author or an editor can link a draft claim.")
    if earlier is not None:
        earlier = earlier.same_as or earlier
        if earlier.pk == claim.pk:
            raise LinkError("A claim cannot be an appearance of itself.")
        if not Claim.objects.public().filter(pk=earlier.pk).exists():
            raise LinkError("Only a published fact-check can be linked.")
    if claim.same_as_id == (earlier.pk if earlier else None):
        return claim
    before = audit.snapshot(claim, ["same_as"])
    claim.same_as = earlier
    claim.updated_by = actor
    claim.save(update_fields=["same_as", "updated_by", "updated_at"])
    claim.contributors.add(actor)
    audit.record(
        actor,
        "link" if earlier else "unlink",
        claim,
        changes=audit.diff(before, audit.snapshot(claim, ["same_as"])),
    )
    return claim


def appearances(claim):
    """The other sources where the fact-checked claim was seen, one per source:
    those of the public claims whose published verdict (what an editor approved)
    says they are appearances of `claim`. Such a source has a published claim,
    so it is public; a link still in a draft or a correction is not read."""
    rows = (
        Claim.objects.public()
        .filter(published_verdict__same_as_id=claim.pk)
        .exclude(source_id=claim.source.pk)
        .select_related("source")
        .order_by(F("source__published_on").asc(nulls_last=True), "source__title", "pk")
    )
    seen, sources = set(), []
    for row in rows:
        if row.source_id not in seen:
            seen.add(row.source_id)
            sources.append(row.source)
    return sources
