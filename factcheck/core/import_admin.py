"""The admin's "Import ClaimReview": editors upload a file of published
fact-checks; a worker imports it (core/tasks.py) while the page shows its
progress, then the per-record report. The imported reviews are listed
view-only: they change only by importing again."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html

from .admin import link_to, read_only
from .ingest import IngestError, decode_bytes
from .models import ImportedReview, Ingestion, IngestionKind
from .tasks import queue_claimreview

IMPORT_PERMISSION = "core.add_importedreview"


class ImportForm(forms.Form):
    upload = forms.FileField(
        label="ClaimReview file",
        help_text="An HTML page with ClaimReview JSON-LD, a DataFeed (such as another "
        "Factcheck's /api/claimreview.json) or a JSON list of ClaimReviews.",
        widget=forms.ClearableFileInput(attrs={"accept": ".html,.htm,.json,.jsonld,.txt"}),
    )

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        limit = settings.FACTCHECK_MAX_IMPORT_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"The file is {upload.size / 1e6:,.1f} MB; the limit is {limit / 1e6:,.0f} MB."
            )
        try:
            self.cleaned_data["text"] = decode_bytes(upload.read())
        except IngestError as error:
            raise forms.ValidationError(str(error))
        return upload


@admin.register(ImportedReview)
@read_only
class ImportedReviewAdmin(admin.ModelAdmin):
    list_display = (
        "claim_link",
        "publisher",
        "original",
        "original_rating",
        "date_published",
        "imported_by",
        "imported_at",
    )
    search_fields = ("publisher", "review_url", "claim__text")
    list_select_related = ("claim", "imported_by")
    readonly_fields = (
        "claim",
        "review_url",
        "publisher",
        "publisher_url",
        "original_rating",
        "date_published",
        "date_modified",
        "appearances",
        "imported_from",
        "imported_by",
        "imported_at",
        "updated_at",
    )
    exclude = ("key", "fingerprint")
    actions = None

    @admin.display(description="Claim")
    def claim_link(self, imported):
        return link_to(imported.claim, f"#{imported.claim_id} {imported.claim}")

    @admin.display(description="Original review")
    def original(self, imported):
        return format_html('<a href="{0}" rel="nofollow noopener">{0}</a>', imported.review_url)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("import/", wrap(self.import_view), name="core_importedreview_import"),
            path(
                "import/<int:pk>/", wrap(self.status_view), name="core_importedreview_import_status"
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra = {"can_import": request.user.has_perm(IMPORT_PERMISSION), **(extra_context or {})}
        return super().changelist_view(request, extra)

    def import_view(self, request):
        if not request.user.has_perm(IMPORT_PERMISSION):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["upload"]
            ingestion = queue_claimreview(
                form.cleaned_data["text"], name=upload.name, user=request.user
            )
            return redirect("admin:core_importedreview_import_status", ingestion.pk)
        recent = Ingestion.objects.filter(kind=IngestionKind.CLAIMREVIEW).select_related(
            "created_by"
        )[:10]
        context = {
            **self.admin_site.each_context(request),
            "title": "Import ClaimReview",
            "opts": self.opts,
            "form": form,
            "recent": recent,
        }
        return TemplateResponse(request, "admin/core/importedreview/import.html", context)

    def status_view(self, request, pk):
        if not request.user.has_perm(IMPORT_PERMISSION):
            raise PermissionDenied
        ingestion = get_object_or_404(
            Ingestion.objects.select_related("created_by"), pk=pk, kind=IngestionKind.CLAIMREVIEW
        )
        context = {
            **self.admin_site.each_context(request),
            "title": f"Import of {ingestion.fields.get('name', '')}",
            "opts": self.opts,
            "ingestion": ingestion,
            "result": ingestion.result,
        }
        return TemplateResponse(request, "admin/core/importedreview/import_status.html", context)
