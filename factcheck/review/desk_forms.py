"""Forms of the desk's pages (the assign form, shared with the admin, is core/forms.py)."""

from django import forms

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
