"""How long each free-text field may be, in characters.

Forms check these before anything is rendered or saved, so a pasted novel gets
a clear message instead of a slow request. Generous for real writing."""

from django.core.validators import MaxLengthValidator

MAX_RATIONALE_LENGTH = 20_000
MAX_MARKDOWN_LENGTH = MAX_RATIONALE_LENGTH
MAX_CLAIM_LENGTH = 2_000
MAX_NOTES_LENGTH = 5_000
MAX_NOTE_LENGTH = 2_000  # correction note, reason for changes, retraction note
MAX_QUOTE_LENGTH = 5_000  # a citation's quote
MAX_SUGGESTION_LENGTH = 5_000


def limit_lengths(form, **limits):
    """Give the form's fields these maximum lengths, checked on the server.
    For model text fields, which have none of their own. No `maxlength`
    attribute: a browser would cut a long paste silently, while the form's
    message says what is too long and keeps the text."""
    for name, limit in limits.items():
        if name in form.fields:
            field = form.fields[name]
            field.max_length = limit
            field.validators.append(MaxLengthValidator(limit))
