"""The desk's agreement figures (editors): how often two independent ratings of
a claim, the blind pairs, came out the same."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_GET

from factcheck.core.agreement import agreement
from factcheck.core.roles import is_editor

from .agreement_plot import agreement_plot
from .desk_forms import AgreementForm


@login_required
@require_GET
def agreement_page(request):
    if not is_editor(request.user):
        raise PermissionDenied("Only an editor can see the agreement figures.")
    form = AgreementForm(request.GET)
    report = plot = None
    if form.is_valid():
        report = agreement(**form.cleaned_data, viewer=request.user)
        plot = agreement_plot(report.periods)
    template = "review/agreement.html"
    if request.htmx:
        template += "#agreement-panel"
    return render(request, template, {"form": form, "report": report, "plot": plot})
