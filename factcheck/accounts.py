"""Accounts: what a person sees after too many wrong passwords (login
lockout), and their own e-mail address."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

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


class EmailForm(forms.Form):
    """A user's own address, for password reset and notification e-mails. The
    current password confirms it: whoever can read the mail can reset it."""

    email = forms.EmailField(
        label="E-mail address",
        required=False,
        max_length=254,
        help_text="Leave empty to have no address (no password reset, no e-mails).",
    )
    password = forms.CharField(
        label="Your current password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_email(self):
        email = BaseUserManager.normalize_email(self.cleaned_data["email"].strip())
        others = get_user_model().objects.exclude(pk=self.user.pk)
        if email and others.filter(email__iexact=email).exists():
            raise ValidationError("Another account uses this address.")
        return email

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError("Your password was entered incorrectly. Nothing was changed.")
        return password

    def save(self):
        self.user.email = self.cleaned_data["email"]
        self.user.save(update_fields=["email"])
        return self.user


@login_required
@require_http_methods(["GET", "POST"])
def account_email(request):
    """Set, change or remove one's own e-mail address (PRG)."""
    form = EmailForm(request.user, request.POST or None, initial={"email": request.user.email})
    if form.is_valid():
        user = form.save()
        if user.email:
            messages.success(request, f"Your e-mail address is now {user.email}.")
        else:
            messages.success(request, "You have no e-mail address now.")
        return redirect("account-email")
    return render(request, "account/email.html", {"form": form})
