from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from factcheck.core.models import Source


@require_GET
def home(request):
    sources = Source.objects.order_by("-updated_at")[:50]
    return render(request, "public/home.html", {"sources": sources})


@require_GET
def source_detail(request, slug):
    source = get_object_or_404(Source, slug=slug)
    revision = source.current_revision
    return render(
        request,
        "public/source_detail.html",
        {"source": source, "revision": revision, "paragraphs": revision.paragraphs()},
    )
