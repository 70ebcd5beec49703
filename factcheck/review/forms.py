from django import forms
from django.conf import settings

from factcheck.core.ingest import ALLOWED_EXTENSIONS, IngestError, text_from_paste, text_from_upload
from factcheck.core.models import Source
from factcheck.core.sources import SourceError, check_slug_free


class SourceForm(forms.ModelForm):
    text = forms.CharField(
        label="Text",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false"}),
        help_text="Paste the text, or upload a file below.",
    )
    upload = forms.FileField(
        label="File",
        required=False,
        help_text="A .txt, .md or .html file. HTML is reduced to its text; nothing of it is kept.",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ALLOWED_EXTENSIONS)}),
    )

    class Meta:
        model = Source
        fields = ["title", "slug", "kind", "byline", "origin_url", "published_on", "language"]
        labels = {"origin_url": "Original URL", "published_on": "Published on"}
        help_texts = {"slug": "Part of the URL. Leave empty to make one from the title."}
        widgets = {"published_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug:
            try:
                check_slug_free(slug)
            except SourceError as error:
                raise forms.ValidationError(str(error))
        return slug

    def validate_unique(self):
        # The slug is checked in clean_slug with a clearer message; an empty
        # slug is filled in from the title later.
        pass

    def clean(self):
        cleaned = super().clean()
        raw, upload = cleaned.get("text", ""), cleaned.get("upload")
        limit = settings.FACTCHECK_MAX_SOURCE_BYTES
        if upload and raw.strip():
            raise forms.ValidationError("Paste the text or upload a file, not both.")
        try:
            if upload:
                cleaned["normalised_text"] = text_from_upload(
                    upload.name, read_limited(upload, limit), max_bytes=limit
                )
            else:
                cleaned["normalised_text"] = text_from_paste(raw, max_bytes=limit)
        except IngestError as error:
            self.add_error("upload" if upload else "text", str(error))
        return cleaned


def read_limited(upload, limit):
    """Read at most limit + 1 bytes, enough for ingest to tell that the file is too large
    without loading a huge upload into memory."""
    if upload.size is not None and upload.size > limit:
        return upload.read(limit + 1)
    return upload.read()
