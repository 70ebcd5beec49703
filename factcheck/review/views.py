from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from factcheck.core.ingest import IngestError
from factcheck.core.models import RevisionOrigin, Source
from factcheck.core.sources import SourceError, create_source

from .forms import SourceForm


@login_required
def desk(request):
    sources = Source.objects.with_revision_count().order_by("-updated_at")
    return render(request, "review/desk.html", {"sources": sources})


@login_required
@permission_required("core.add_source", raise_exception=True)
@require_http_methods(["GET", "POST"])
def source_new(request):
    form = SourceForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        data = form.cleaned_data
        upload = data["upload"]
        try:
            source = create_source(
                title=data["title"],
                slug=data["slug"],
                text=data["normalised_text"],
                user=request.user,
                origin=RevisionOrigin.UPLOAD if upload else RevisionOrigin.PASTE,
                filename=upload.name if upload else "",
                **{
                    f: data[f] for f in ("kind", "byline", "origin_url", "published_on", "language")
                },
            )
        except (SourceError, IngestError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Source “{source.title}” created.")
            if request.htmx:
                return HttpResponseClientRedirect(source.get_absolute_url())
            return redirect(source.get_absolute_url())
    template = "review/source_new.html"
    if request.htmx:
        template += "#source-form"
    return render(request, template, {"form": form})
