"""Forms of the desk's pages (the assign form, shared with the admin, is core/forms.py)."""

from django import forms

from factcheck.core.agreement import Period
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


class AgreementForm(forms.Form):
    """The agreement page's filters (a GET form: a link keeps them)."""

    period = forms.ChoiceField(label="Group by", choices=Period.choices, initial=Period.QUARTER)
    start = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, data, **kwargs):
        data = data.copy()
        data.setdefault("period", Period.QUARTER)
        super().__init__(data, **kwargs)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            raise forms.ValidationError(
                "“From” is after “To”: choose a start on or before the end."
            )
        return cleaned
