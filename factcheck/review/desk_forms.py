"""Forms of the desk's pages, also used by the admin's assign action."""

from django import forms

from factcheck.core.assignment import assignable_users
from factcheck.core.models import NotificationPreferences


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = NotificationPreferences
        fields = [
            "email_assigned",
            "email_reassigned",
            "email_sent_back",
            "email_published",
            "email_suggestion",
        ]


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
