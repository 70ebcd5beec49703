from django import forms
from django.conf import settings
from django.core.validators import URLValidator
from django.urls import reverse
from django.utils.html import format_html

from factcheck.core import limits
from factcheck.core.anchoring import SelectionError, anchor_selection
from factcheck.core.fetch import FetchError, check_url
from factcheck.core.ingest import ALLOWED_EXTENSIONS, IngestError, read_upload, text_from_paste
from factcheck.core.models import BlindRating, Citation, Claim, ClaimantType, Rating, Source
from factcheck.core.sources import SourceError, check_slug_free


class TextInputForm(forms.Form):
    """A source text, pasted or uploaded; cleaned into `normalised_text`, with
    `encoding` (the encoding an upload was read with, if it was a guess) and
    `markdown` (a .md upload, reduced to its text by the worker)."""

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

    def clean(self):
        cleaned = super().clean()
        raw, upload = cleaned.get("text", ""), cleaned.get("upload")
        limit = settings.FACTCHECK_MAX_SOURCE_BYTES
        if upload and raw.strip():
            raise forms.ValidationError("Paste the text or upload a file, not both.")
        try:
            if upload:
                read = read_upload(upload.name, read_limited(upload, limit), max_bytes=limit)
                cleaned["normalised_text"], cleaned["encoding"], cleaned["markdown"] = read
            else:
                cleaned["normalised_text"] = text_from_paste(raw, max_bytes=limit)
                cleaned["encoding"], cleaned["markdown"] = None, False
        except IngestError as error:
            self.add_error("upload" if upload else "text", str(error))
        return cleaned


class SourceForm(TextInputForm, forms.ModelForm):
    """A new source: a URL to fetch (core/tasks.queue_fetch), or a text pasted or
    uploaded. For a URL, the fields left empty are filled from the page."""

    url = forms.URLField(
        label="Web page",
        required=False,
        max_length=1000,
        assume_scheme="https",
        help_text="A link to the page: its main text, title, author and date are fetched "
        "for you, and our copy of the page is kept. Or paste the text or upload a file below.",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )

    class Meta:
        model = Source
        fields = ["title", "slug", "kind", "byline", "origin_url", "published_on", "language"]
        labels = {"origin_url": "Original URL", "published_on": "Published on"}
        help_texts = {"slug": "Part of the URL. Leave empty to make one from the title."}
        widgets = {"published_on": forms.DateInput(attrs={"type": "date"})}

    # Shown (as a checkbox) once the title turns out to be taken.
    same_title = forms.BooleanField(
        label="Create another source with this title",
        required=False,
        widget=forms.HiddenInput,
    )

    field_order = ["url", *Meta.fields, "same_title", "text", "upload"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["title"].required = False
        self.fields["title"].help_text = "For a web page, leave empty to use the page's title."

    def clean_url(self):
        url = self.cleaned_data["url"]
        if url:
            try:
                check_url(url)
            except FetchError as error:
                raise forms.ValidationError(str(error))
        return url

    def clean(self):
        if not (self.cleaned_data.get("url") or self.has_error("url")):
            cleaned = super().clean()
            if not cleaned.get("title", "").strip() and not self.has_error("title"):
                self.add_error("title", "Give the source a title.")
            self.check_title_free(cleaned)
            return cleaned
        cleaned = super(TextInputForm, self).clean()  # no text to read: the task fetches it
        if cleaned.get("text", "").strip() or cleaned.get("upload"):
            raise forms.ValidationError(
                "Give a web page, or paste the text or upload a file: one of them."
            )
        self.check_title_free(cleaned)
        return cleaned

    def fetch_fields(self):
        """The fields the user gave for a URL source; the rest come from the page."""
        data = self.cleaned_data
        fields = {f: data[f] for f in ("title", "slug", "kind", "byline", "published_on")}
        if "language" in self.changed_data:
            fields["language"] = data["language"]
        return fields

    def check_title_free(self, cleaned):
        """A title another source has is refused (with a link to it) unless the
        user ticks that this is another text."""
        title = (cleaned.get("title") or "").strip()
        existing = title and Source.objects.filter(title__iexact=title).order_by("pk").first()
        if existing and not cleaned.get("same_title"):
            url = reverse("review:source-detail", args=[existing.slug])
            self.add_error(
                "title",
                format_html(
                    'A source titled “{}” already exists: <a href="{}">open it</a>. '
                    "If this is another text, change the title or tick the box below.",
                    existing.title,
                    url,
                ),
            )
            self.fields["same_title"].widget = forms.CheckboxInput()

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


class RevisionForm(TextInputForm):
    note = forms.CharField(
        label="What changed",
        max_length=500,
        required=False,
        help_text="For the record, e.g. “The publisher corrected the second paragraph.”",
    )
    field_order = ["text", "upload", "note"]


def read_limited(upload, limit):
    """Read at most limit + 1 bytes, enough for ingest to tell that the file is too large
    without loading a huge upload into memory."""
    if upload.size is not None and upload.size > limit:
        return upload.read(limit + 1)
    return upload.read()


class SelectionForm(forms.Form):
    """Which text a new claim covers: sentence indexes, and optionally a phrase
    as offsets (mouse selection) or as typed text (no JavaScript).

    Valid, its cleaned_data also holds `anchor` (offsets and sentence range,
    see anchoring.anchor_selection) and `quote`; a selection outside the text
    is a form error."""

    first = forms.IntegerField(label="First sentence", min_value=0)
    last = forms.IntegerField(label="Last sentence", min_value=0, required=False)
    start = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    phrase = forms.CharField(
        label="Phrase",
        required=False,
        strip=False,
        max_length=limits.MAX_QUOTE_LENGTH,
        help_text="Optional: only these words of the sentences, copied exactly.",
    )

    def __init__(self, *args, text="", sentences=None, hidden=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.text, self.sentences = text, sentences
        if sentences is not None and not hidden:
            choices = [
                (s.index, f"{s.index + 1}. {truncate(text[s.start : s.end])}") for s in sentences
            ]
            for name in ("first", "last"):
                blank = [("", "Same as the first sentence")] if name == "last" else []
                self.fields[name] = forms.TypedChoiceField(
                    label=self.fields[name].label,
                    choices=blank + choices,
                    coerce=int,
                    required=name == "first",
                    empty_value=None,
                )
        if hidden:
            for name in ("first", "last", "phrase"):
                self.fields[name].widget = forms.HiddenInput()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("first") is None:
            raise forms.ValidationError("Select a sentence of the text first.")
        selection = {k: cleaned.get(k) for k in ("first", "last", "start", "end")}
        try:
            anchor = anchor_selection(
                self.text, self.sentences, phrase=cleaned.get("phrase") or "", **selection
            )
        except SelectionError as error:
            raise forms.ValidationError(str(error))
        cleaned["anchor"] = anchor
        cleaned["quote"] = self.text[anchor.start : anchor.end]
        return cleaned

    def selection(self):
        """The anchored selection as create_claim / reattach_claim take it, with
        the sentence bounds it was checked against."""
        anchor = self.cleaned_data["anchor"]
        return {
            "first": anchor.first_index,
            "last": anchor.last_index,
            "start": anchor.start,
            "end": anchor.end,
            "bounds": self.sentences,
        }


def truncate(text, length=90):
    return text if len(text) <= length else text[: length - 1] + "…"


class PageForm(forms.ModelForm):
    @classmethod
    def labels(cls):
        """Field name -> label of what the reviewer edits (not the hidden
        version), in order: the names a save conflict reports."""
        return {name: str(f.label) for name, f in cls.base_fields.items() if name != "version"}

    """Several of these forms share one page: each gets its own id prefix, so
    every label points at its own field."""

    id_prefix = "id"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class ClaimForm(PageForm):
    id_prefix = "claim"
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Claim
        fields = ["text", "claimant", "claimant_type", "claim_date", "notes"]
        labels = {
            "text": "Claim",
            "claimant": "Claimant",
            "claimant_type": "Person or organization",
            "claim_date": "Claim date",
            "notes": "Notes",
        }
        help_texts = {
            "text": "The claim as you restate it, checkable on its own.",
            "claimant": "Who said it.",
            "claim_date": "When it was said or published.",
            "notes": "For the desk; never published.",
        }
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 2}),
            "claim_date": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limits.limit_lengths(self, text=limits.MAX_CLAIM_LENGTH, notes=limits.MAX_NOTES_LENGTH)
        # The similar-claims region (review/search_views.py) follows the typing.
        url = reverse("review:claim-similar")
        if self.instance.pk:
            url += f"?claim={self.instance.pk}"
        self.fields["text"].widget.attrs.update(
            {
                "hx-get": url,
                "hx-trigger": "input changed delay:500ms",
                "hx-target": "#similar-claims",
                "hx-swap": "outerHTML",
                "hx-sync": "this:replace",
            }
        )
        self.fields["claimant_type"].required = False

    def clean_claimant_type(self):
        # A form posted without the field (an older page, a script) means a person.
        return self.cleaned_data["claimant_type"] or ClaimantType.PERSON


class RatingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, rating):
        return f"{rating.icon} {rating.label}"


class VerdictForm(PageForm):
    id_prefix = "verdict"
    version = forms.IntegerField(widget=forms.HiddenInput)
    rating = RatingChoiceField(
        queryset=Rating.objects.filter(is_active=True),
        required=False,
        label="Rating",
        empty_label="Not rated yet",
    )

    class Meta:
        model = Claim
        fields = ["rating", "summary", "rationale", "correction_note"]
        labels = {
            "summary": "Summary",
            "rationale": "Rationale",
            "correction_note": "Correction note",
        }
        help_texts = {
            "summary": "One line a reader sees first.",
            "rationale": "Markdown: **bold**, *italic*, [links](https://…), lists, > quotes.",
        }
        widgets = {
            "rationale": forms.Textarea(attrs={"rows": 10}),
            "correction_note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limits.limit_lengths(
            self, rationale=limits.MAX_RATIONALE_LENGTH, correction_note=limits.MAX_NOTE_LENGTH
        )
        # Only a correction of a published verdict explains itself to readers.
        if not (self.instance and self.instance.published_verdict_id):
            del self.fields["correction_note"]


class CitationForm(PageForm):
    id_prefix = "citation"
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    url = forms.URLField(
        label="URL",
        max_length=2000,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
        help_text="An http or https address.",
    )
    archived_url = forms.URLField(
        label="Archived copy",
        required=False,
        max_length=2000,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
        help_text="Optional: a saved copy, e.g. on the Wayback Machine.",
    )

    class Meta:
        model = Citation
        fields = ["url", "archived_url", "title", "publisher", "quote", "stance", "accessed_on"]
        labels = {
            "archived_url": "Archived copy",
            "title": "Title",
            "publisher": "Publisher",
            "quote": "Quote",
            "stance": "Stance",
            "accessed_on": "Accessed on",
        }
        widgets = {
            "quote": forms.Textarea(attrs={"rows": 2}),
            "accessed_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        # The edit form of a citation sits beside the form adding a new one.
        instance = kwargs.get("instance")
        if instance is not None and instance.pk:
            kwargs.setdefault("auto_id", f"citation_{instance.pk}_%s")
        super().__init__(*args, **kwargs)
        limits.limit_lengths(self, quote=limits.MAX_QUOTE_LENGTH)


class TransitionForm(forms.Form):
    """The note some workflow actions take (a reason for changes, a public
    retraction note); whether one is needed is the workflow's to say."""

    note = forms.CharField(required=False, strip=False, max_length=limits.MAX_NOTE_LENGTH)


class BlindRatingForm(PageForm):
    """The second reviewer's own rating: nothing is chosen for them."""

    id_prefix = "blind"
    rating = RatingChoiceField(
        queryset=Rating.objects.filter(is_active=True),
        label="Your rating",
        widget=forms.RadioSelect,
        empty_label=None,
    )

    class Meta:
        model = BlindRating
        fields = ["rating", "summary", "rationale"]
        labels = {"summary": "Your summary", "rationale": "Your rationale"}
        help_texts = {
            "summary": "One line, as a reader would see it first.",
            "rationale": "Markdown: **bold**, *italic*, [links](https://…), lists, > quotes.",
        }
        widgets = {"rationale": forms.Textarea(attrs={"rows": 10})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limits.limit_lengths(self, rationale=limits.MAX_RATIONALE_LENGTH)
        for name in ("summary", "rationale"):
            self.fields[name].required = True


class BlindRequestForm(forms.Form):
    """Whom an editor asks for an independent rating of a claim."""

    reviewer = forms.ModelChoiceField(
        queryset=None,
        label="Second reviewer",
        empty_label="Choose a reviewer",
        help_text="Reviewers who did not write or change the claim. They are notified.",
    )

    def __init__(self, *args, eligible, **kwargs):
        kwargs.setdefault("auto_id", "blind_request_%s")
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = eligible


class BlindResolveForm(forms.Form):
    note = forms.CharField(
        label="How it was settled",
        max_length=limits.MAX_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say how the disagreement was settled."},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "blind_resolve_%s")
        super().__init__(*args, **kwargs)
