"""The desk's own pages: notifications and their email preferences, and
assigning a claim or a source (editors)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from factcheck.core import notifications
from factcheck.core.assignment import AssignmentError, assign
from factcheck.core.forms import AssignForm
from factcheck.core.models import Assignment, Claim, Notification, Source
from factcheck.core.roles import is_editor

from .desk_forms import PreferencesForm
from .views import reviewer_required

PAGE = 50


@reviewer_required
@require_http_methods(["GET", "POST"])
def notification_list(request):
    """The user's notifications, newest first, and which of them are emailed."""
    preferences = notifications.preferences_of(request.user)
    form = PreferencesForm(request.POST or None, instance=preferences)
    if form.is_valid():
        form.save()
        messages.success(request, "Email preferences saved.")
        return redirect("review:notifications")
    items = Notification.objects.filter(recipient=request.user).select_related("actor")[:PAGE]
    return render(request, "review/notifications.html", {"items": items, "form": form})


@reviewer_required
@require_POST
def notifications_read(request):
    count = notifications.mark_read(request.user)
    messages.success(request, f"Marked {count} notification{'s' if count != 1 else ''} read.")
    return redirect("review:notifications")


@reviewer_required
@require_GET
def notification_open(request, pk):
    """Follow a notification's link, marking it read (only the recipient's own)."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    notifications.mark_read(request.user, [notification.pk])
    return redirect(notification.url)


def assign_page(request, obj, title):
    if not is_editor(request.user):
        raise PermissionDenied("Only an editor can assign work.")
    current = Assignment.objects.filter(**{obj._meta.model_name: obj}).first()
    initial = {"assignee": current.assignee_id if current else None}
    form = AssignForm(request.POST or None, initial=initial)
    if form.is_valid():
        assignee = form.cleaned_data["assignee"]
        try:
            assign(obj, assignee, by=request.user)
        except AssignmentError as error:
            form.add_error("assignee", str(error))
        else:
            name = assignee.get_username() if assignee else "nobody"
            messages.success(request, f"{title} is assigned to {name}.")
            return redirect(safe_next(request))
    context = {"obj": obj, "title": title, "form": form, "current": current}
    context["is_claim"] = isinstance(obj, Claim)
    context["next"] = safe_next(request)
    return render(request, "review/assign.html", context)


def safe_next(request):
    """Where to go after saving: the page the editor came from, on this site only."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return reverse("review:desk")


@reviewer_required
@require_http_methods(["GET", "POST"])
def claim_assign(request, pk):
    claim = get_object_or_404(Claim.objects.select_related("source"), pk=pk)
    return assign_page(request, claim, capfirst(notifications.claim_label(claim)))


@reviewer_required
@require_http_methods(["GET", "POST"])
def source_assign(request, slug):
    source = get_object_or_404(Source, slug=slug)
    return assign_page(request, source, f"“{source.title}”")
