from django.conf import settings
from django.conf.locale import LANG_INFO
from django.db import models
from django.urls import reverse
from pysbd.languages import LANGUAGE_CODES

# The languages our sentence splitter (pySBD) has rules for.
LANGUAGES = sorted(
    (
        (code, LANG_INFO.get(code, {}).get("name", "Amharic" if code == "am" else code))
        for code in LANGUAGE_CODES
    ),
    key=lambda choice: choice[1],
)


class SourceKind(models.TextChoices):
    ARTICLE = "article", "Article"
    COMMENT = "comment", "Comment"
    TRANSCRIPT = "transcript", "Transcript"
    REPORT = "report", "Report"
    SOCIAL = "social", "Social media post"
    OTHER = "other", "Other"


class SourceQuerySet(models.QuerySet):
    def with_revision_count(self):
        return self.annotate(revision_count=models.Count("revisions"))


class Source(models.Model):
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=SourceKind, default=SourceKind.ARTICLE)
    byline = models.CharField(max_length=300, blank=True)
    origin_url = models.URLField(max_length=1000, blank=True)
    published_on = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=16, choices=LANGUAGES, default="en")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("public:source-detail", args=[self.slug])

    @property
    def current_revision(self):
        """The latest revision; cached on the instance for the request."""
        if not hasattr(self, "_current_revision"):
            self._current_revision = self.revisions.order_by("-number").first()
        return self._current_revision


class RevisionOrigin(models.TextChoices):
    PASTE = "paste", "Pasted text"
    UPLOAD = "upload", "Uploaded file"
    COMMAND = "command", "Command line"
    DEMO = "demo", "Demo data"


class ImmutableError(Exception):
    pass


class Revision(models.Model):
    """One immutable state of a source's text. Sentence offsets refer to `text`."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    text = models.TextField()
    sha256 = models.CharField(max_length=64)
    origin = models.CharField(max_length=10, choices=RevisionOrigin, default=RevisionOrigin.PASTE)
    filename = models.CharField(max_length=255, blank=True)
    note = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["source", "number"]
        constraints = [
            models.UniqueConstraint(fields=["source", "number"], name="revision_number_unique"),
        ]

    def __str__(self):
        return f"{self.source} · revision {self.number}"

    def save(self, *args, **kwargs):
        # Offsets of sentences and claims point into `text`: changing it would
        # silently move every annotation, so a revision is written once.
        if not self._state.adding:
            raise ImmutableError("A revision is immutable; add a new revision instead.")
        super().save(*args, **kwargs)

    def paragraphs(self):
        """The sentences grouped by paragraph, for rendering."""
        from .highlight import group_paragraphs

        return group_paragraphs(self.text, list(self.sentences.all()))


class Sentence(models.Model):
    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="sentences")
    index = models.PositiveIntegerField()
    paragraph = models.PositiveIntegerField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    anchor = models.CharField(max_length=80)

    class Meta:
        ordering = ["revision", "index"]
        constraints = [
            models.UniqueConstraint(fields=["revision", "index"], name="sentence_index_unique"),
            models.UniqueConstraint(fields=["revision", "anchor"], name="sentence_anchor_unique"),
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="sentence_not_empty"
            ),
        ]

    def __str__(self):
        return f"#{self.anchor}"

    @property
    def text(self):
        # Fetched through revision.sentences the revision is already cached,
        # so this costs no query.
        return self.revision.text[self.start : self.end]
