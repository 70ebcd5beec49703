"""The similar-claims region computed while a claim panel renders, so the
workspace shows it without JavaScript (htmx then refreshes it as the
reviewer types; see review/search_views.py)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def similar_region_for(context):
    """The region's data for the panel being rendered: the claim editor has
    `claim` and `claim_form`, the new-claim panel a `form`."""
    from factcheck.review.search_views import similar_region

    claim = context.get("claim")
    form = context.get("claim_form") or context.get("form")
    text = ""
    if form is not None and "text" in form.fields:
        text = form["text"].value() or ""
    elif claim is not None:
        text = claim.text
    return similar_region(context["user"], claim, text)
