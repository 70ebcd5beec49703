"""Queued work on a source (core/tasks.py): its progress, its outcome."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET
from django_htmx.http import HttpResponseClientRedirect

from factcheck.core.models import Ingestion, IngestionKind, IngestionStatus
from factcheck.core.roles import is_editor
from factcheck.htmx import navigate

from .forms import RevisionForm, SourceForm


def retry_form(ingestion):
    """The form the work came from, filled with what the user gave."""
    skip = ("origin", "filename", "encoding", "markup")
    fields = {k: v for k, v in ingestion.fields.items() if k not in skip}
    if ingestion.kind == IngestionKind.FETCH:
        # A first fetch gives the form back; "Fetch again" needs no form (the button again).
        return None if ingestion.source_id else SourceForm(initial=fields)
    if ingestion.kind == IngestionKind.SOURCE:
        return SourceForm(initial={**fields, "text": ingestion.text})
    return RevisionForm(initial={"text": ingestion.text, "note": fields.get("note", "")})


def outcome_url(request, ingestion):
    """Where a finished piece of work opens: the workspace, or the new revision."""
    source = ingestion.source
    again = ingestion.kind == IngestionKind.FETCH and "number" in ingestion.result
    if ingestion.kind in (IngestionKind.SOURCE, IngestionKind.FETCH) and not again:
        announce(request, ingestion, messages.SUCCESS, f"Source “{source.title}” created.")
    elif ingestion.kind == IngestionKind.REVISION or again:
        if ingestion.result.get("unchanged") and again:
            message = (
                f"The page is unchanged since revision {ingestion.result['number']}: no new "
                "revision was made. Today's copy of the page is kept with the others."
            )
            announce(request, ingestion, messages.INFO, message)
        elif ingestion.result.get("unchanged"):
            message = "The text is unchanged: no new revision was made."
            announce(request, ingestion, messages.INFO, message)
        else:
            number = ingestion.result["number"]
            announce(request, ingestion, messages.SUCCESS, f"Revision {number} saved.")
            return reverse("review:revision-detail", args=[source.slug, number])
    else:
        return None
    return reverse("review:source-detail", args=[source.slug])


def announce(request, ingestion, level, message):
    """Tell the outcome to the person who sent the work, once: the htmx polls
    that arrive while the workspace loads (and any reload) must not repeat it."""
    if ingestion.created_by_id != request.user.pk:
        return
    first = Ingestion.objects.filter(pk=ingestion.pk, announced=False).update(announced=True)
    if first:
        messages.add_message(request, level, message)
        if note := encoding_note(ingestion):
            messages.warning(request, note)


def encoding_note(ingestion):
    """What to tell about an upload whose encoding was guessed (ingest.decode_guess)."""
    encoding = ingestion.fields.get("encoding")
    if not encoding:
        return ""
    return (
        f"The file did not say how its text is encoded, so it was read as {encoding}. "
        "If letters look wrong, save the file as UTF-8 and upload it again."
    )


@login_required
@permission_required("core.view_claim", raise_exception=True)
@require_GET
def ingestion_detail(request, pk):
    """Progress while queued or running (the region polls itself under htmx);
    when done, the workspace; when failed, the reason and the user's input."""
    ingestion = get_object_or_404(Ingestion.objects.select_related("source"), pk=pk)
    if ingestion.created_by_id != request.user.pk and not is_editor(request.user):
        raise Http404("No such work.")
    if ingestion.status == IngestionStatus.DONE and (url := outcome_url(request, ingestion)):
        return navigate(request, url)
    if ingestion.finished and request.htmx:
        # The region is for progress; the outcome is a page of its own.
        return HttpResponseClientRedirect(request.path)
    context = {"ingestion": ingestion, "encoding_note": encoding_note(ingestion)}
    if ingestion.status == IngestionStatus.FAILED and ingestion.kind != IngestionKind.ANNOTATIONS:
        context["form"] = retry_form(ingestion)
    template = "review/processing.html"
    if request.htmx:
        template += "#processing-status"
    return render(request, template, context)
