"""Forms that both the moderation admin (core/admin.py) and the desk use. They
live in core so that the admin, which is part of core, needs nothing from
review/ (the layers in pyproject.toml's [tool.importlinter] say so)."""

from django import forms

from .assignment import assignable_users


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        queryset=None,
        required=False,
        empty_label="Nobody",
        label="Assign to",
        help_text="Only active reviewers and editors are listed. They are notified.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignable_users()
