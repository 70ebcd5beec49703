import hashlib

from django import forms
from django.conf import settings
from django.core.cache import cache

from factcheck.core import limits
from factcheck.core.clients import client_ip
from factcheck.core.models import Suggestion

SUGGESTIONS_PER_HOUR = 5
HOUR = 60 * 60


class SuggestionForm(forms.ModelForm):
    # A honeypot: hidden from people by CSS, filled in by form-filling bots.
    website = forms.CharField(required=False, label="Leave this field empty")

    class Meta:
        model = Suggestion
        fields = ["message", "name", "email"]
        labels = {
            "message": "What should we correct?",
            "name": "Your name (optional)",
            "email": "Your email (optional)",
        }
        help_texts = {
            "message": "Point to the error and, if you can, a source that shows it.",
            "email": "Only used if an editor needs to ask you about it. Never published.",
        }
        widgets = {"message": forms.Textarea(attrs={"rows": 5})}
        error_messages = {"message": {"required": "Write what should be corrected."}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limits.limit_lengths(self, message=limits.MAX_SUGGESTION_LENGTH)
        self.fields["website"].widget.attrs.update(tabindex="-1", autocomplete="off")

    @property
    def is_bot(self):
        return bool(self.cleaned_data.get("website"))


def client_key(request):
    """Readers are counted by a hash of their address (behind trusted proxies,
    see core/clients.py), never the address itself.
    With several server processes the cache must be shared (CACHE_BACKEND) for
    the limit to hold across them."""
    address = client_ip(request)
    token = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
    return f"public:suggestions:{token}"


def over_limit(request):
    return cache.get(client_key(request), 0) >= SUGGESTIONS_PER_HOUR


def count_suggestion(request):
    key = client_key(request)
    cache.add(key, 0, HOUR)
    try:
        cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, HOUR)
