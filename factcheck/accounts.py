"""Login lockout: what a person sees after too many wrong passwords."""

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render

LOCKED_OUT = (
    "Too many failed attempts to log in as this user from your address. "
    "Try again in {minutes} minutes, or reset your password."
)


def lockout_response(request, original_response=None, credentials=None):
    """django-axes calls this instead of answering with a bare 429: the login
    page again, with the username kept and the reason shown. The form is not
    validated again, which would count one more failure."""
    form = AuthenticationForm(request, initial={"username": request.POST.get("username", "")})
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {
        "form": form,
        "next": request.POST.get("next", ""),
        "lockout": LOCKED_OUT.format(minutes=minutes),
    }
    return render(request, "registration/login.html", context, status=429)
