"""The default rating scale. Admins edit it afterwards; this only seeds it."""

# label, slug, ordinal (ClaimReview ratingValue, 1 = worst), colour, icon, description
RATINGS = [
    ("True", "true", 5, "#1b7f3b", "✓",
     "The claim is accurate and nothing significant is missing."),
    ("Mostly true", "mostly-true", 4, "#4d8a1f", "≈",
     "The claim is accurate but needs clarification or additional information."),
    ("Half true", "half-true", 3, "#8a6d00", "½",
     "The claim is partially accurate but leaves out important details or takes things out of context."),
    ("Mostly false", "mostly-false", 2, "#b45309", "≉",
     "The claim contains an element of truth but ignores critical facts that would give a different impression."),
    ("False", "false", 1, "#b3261e", "✗",
     "The claim is not accurate."),
    ("Misleading", "misleading", None, "#7b3fa0", "⚠",
     "The claim uses accurate facts or a real event in a way that gives a false impression."),
    ("Unproven", "unproven", None, "#52606d", "?",
     "The evidence available neither proves nor disproves the claim."),
    ("Not a checkable claim", "not-checkable", None, "#6b6b6b", "–",
     "An opinion, a prediction or a statement that evidence cannot settle."),
]  # fmt: skip


def seed_ratings(Rating):
    """Create the default ratings that are missing (by slug); existing ones are left as edited."""
    for position, (label, slug, ordinal, colour, icon, description) in enumerate(RATINGS):
        Rating.objects.get_or_create(
            slug=slug,
            defaults={
                "label": label,
                "ordinal": ordinal,
                "colour": colour,
                "icon": icon,
                "description": description,
                "position": position,
            },
        )


def move(rating, offset, *, by):
    """Move `rating` one step up (-1) or down (+1) the scale, renumbering the
    positions 0..n-1 so ties left by hand edits are settled. Audited; returns
    whether it moved (the first cannot go up, the last cannot go down)."""
    from django.db import transaction

    from . import audit
    from .models import Rating
    from .publicity import public_changed

    with transaction.atomic():
        scale = list(Rating.objects.select_for_update().order_by("position", "pk"))
        index = next(i for i, r in enumerate(scale) if r.pk == rating.pk)
        target = index + offset
        if not 0 <= target < len(scale):
            return False
        scale[index], scale[target] = scale[target], scale[index]
        for position, item in enumerate(scale):
            if item.position != position:
                changes = {"position": [item.position, position]}
                item.position = position
                item.save(update_fields=["position"])
                audit.record(by, "update", item, changes=changes)
        public_changed()
    return True
