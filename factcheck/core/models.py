from django.conf import settings
from django.conf.locale import LANG_INFO
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils.functional import cached_property
from pysbd.languages import LANGUAGE_CODES

from . import roles
from .reanchor import AnchorState as Found

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
    IMPORTED = "imported", "Imported fact-check"


class SourceQuerySet(models.QuerySet):
    def with_revision_count(self):
        return self.annotate(revision_count=models.Count("revisions", distinct=True))

    def public(self):
        """Sources readers may see: one with a fact-check that was ever published
        (a retraction keeps its record public), or one an editor made public."""
        # EXISTS, probed per source through the claims' source index: an IN over
        # every published claim read all of them, even to show one source.
        ever_published = Claim.objects.filter(
            source=models.OuterRef("pk"), published_verdict__isnull=False
        )
        return self.filter(models.Q(made_public=True) | models.Exists(ever_published))

    def with_claim_counts(self):
        """claims_<status> for each claim status, for the desk."""
        from django.db.models import Count, Q

        return self.annotate(
            **{
                f"claims_{status}": Count("claims", filter=Q(claims__status=status), distinct=True)
                for status in ClaimStatus.values
            }
        )


class Source(models.Model):
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=SourceKind, default=SourceKind.ARTICLE)
    byline = models.CharField(max_length=300, blank=True)
    origin_url = models.URLField(max_length=1000, blank=True)
    published_on = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=16, choices=LANGUAGES, default="en")
    made_public = models.BooleanField(
        default=False,
        help_text="Show the source to readers before its first fact-check is published.",
    )
    # The revision readers see: the newest one in which every public claim has
    # an approved place (core/revisions.py, advance_public_revision).
    public_revision = models.ForeignKey(
        "Revision", null=True, blank=True, editable=False, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
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

    @cached_property
    def current_revision(self):
        """The latest revision, the one every offset of the source's claims refers
        to (add_revision forgets it on the instance it is given)."""
        return self.revisions.order_by("-number").first()

    def refresh_from_db(self, *args, **kwargs):
        # A revision stored through another instance (a request, the worker)
        # makes the one kept here stale: a refreshed source reads it afresh.
        super().refresh_from_db(*args, **kwargs)
        self.__dict__.pop("current_revision", None)


class RevisionOrigin(models.TextChoices):
    PASTE = "paste", "Pasted text"
    UPLOAD = "upload", "Uploaded file"
    COMMAND = "command", "Command line"
    DEMO = "demo", "Demo data"
    URL = "url", "Fetched from its URL"
    IMPORT = "import", "Imported ClaimReview"


class ImmutableError(Exception):
    pass


class WriteOnce(models.Model):
    """A row that is written once and never updated."""

    immutable_message = "This record cannot be changed."

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableError(self.immutable_message)
        super().save(*args, **kwargs)


class Revision(WriteOnce):
    """One immutable state of a source's text. Sentence offsets refer to `text`:
    changing it would silently move every annotation, so it is written once."""

    immutable_message = "A revision is immutable; add a new revision instead."

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    text = models.TextField()
    sha256 = models.CharField(max_length=64)
    origin = models.CharField(max_length=10, choices=RevisionOrigin, default=RevisionOrigin.PASTE)
    filename = models.CharField(max_length=255, blank=True)
    note = models.CharField(max_length=500, blank=True)
    # How the source's claims fared when this revision was made: state -> count.
    reanchor_summary = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # For a revision fetched from the web: what was fetched (URL, time, status, our copy).
    snapshot = models.ForeignKey(
        "Snapshot", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["source", "number"]
        constraints = [
            models.UniqueConstraint(fields=["source", "number"], name="revision_number_unique"),
        ]

    def __str__(self):
        return f"{self.source} · revision {self.number}"


class Sentence(models.Model):
    # No index of its own: sentence_index_unique (revision, index) starts with
    # the revision and serves every lookup by it; one B-tree fewer to fill for
    # the 50,000 sentences of a 5 MB text.
    revision = models.ForeignKey(
        Revision, on_delete=models.CASCADE, related_name="sentences", db_index=False
    )
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


class RevisionCandidates(models.Model):
    """The check-worthy sentences of a revision as core/checkworthy.py found
    them: once, after ingestion or at the first open of an older revision, as
    the detector costs a second or so on a 50,000-sentence text. `version` is
    the detector's: another version finds them again."""

    revision = models.OneToOneField(
        Revision, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    version = models.PositiveSmallIntegerField()
    # [[sentence index, kind], ...], or [index, kind, reason] where the reason
    # is not the kind's usual one ("a quote attributed to ...").
    found = models.JSONField(default=list)

    def __str__(self):
        return f"Check-worthy sentences of {self.revision_id}"


class CandidateDismissal(models.Model):
    """A reviewer's "not worth checking" on a check-worthy sentence of a source
    (see core/checkworthy.py). Kept by the sentence's anchor, not by a Sentence
    row: a revision that leaves the sentence as it was gives it the same
    anchor, so the dismissal holds whatever else the revision changed."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="dismissals")
    anchor = models.CharField(max_length=80)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    dismissed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "anchor"], name="dismissal_unique")
        ]

    def __str__(self):
        return f"{self.source.slug}#{self.anchor}"


class Rating(models.Model):
    """One step of the rating scale. Data, not code: admins edit it."""

    label = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    description = models.TextField()
    ordinal = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="ClaimReview ratingValue (1 = worst). Empty for ratings off the true/false scale.",
    )
    colour = models.CharField(max_length=7, help_text="Hex colour, e.g. #1b7f3b.")
    icon = models.CharField(max_length=4, help_text="A symbol shown beside the colour.")
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True, help_text="Inactive ratings cannot be chosen.")

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.label


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    PUBLISHED = "published", "Published"
    RETRACTED = "retracted", "Retracted"


EDITABLE_STATUSES = (ClaimStatus.DRAFT,)


class ClaimantType(models.TextChoices):
    """Who made the claim, as schema.org types it (ClaimReview's itemReviewed.author)."""

    PERSON = "Person", "Person"
    ORGANIZATION = "Organization", "Organization"


class AnchorState(models.TextChoices):
    """Where a claim stands in the current text: anchored by a person, or as
    re-anchoring found it (the values of reanchor.AnchorState, pure Python)."""

    ANCHORED = "anchored", "Anchored"
    UNCHANGED = Found.UNCHANGED.value, "Unchanged"
    MOVED = Found.MOVED.value, "Moved"
    FUZZY = Found.FUZZY.value, "Needs confirming"
    ORPHANED = Found.ORPHANED.value, "Orphaned"


class ClaimQuerySet(models.QuerySet):
    def in_text_order(self):
        return self.order_by("source_id", F("start").asc(nulls_last=True), "pk")

    def with_panel_data(self):
        return self.select_related(
            "rating", "author", "first_sentence", "last_sentence", "assignment"
        )

    def drafts_of(self, user):
        """The user's own work in progress: drafts, and claims sent back to them."""
        return self.filter(
            author=user, status__in=[*EDITABLE_STATUSES, ClaimStatus.CHANGES_REQUESTED]
        )

    def awaiting_review(self):
        return self.filter(status=ClaimStatus.SUBMITTED)

    def reviewable_by(self, user):
        """Submitted claims `user` may approve: they changed nothing in them."""
        return self.awaiting_review().exclude(contributors=user)

    def editable_by(self, user):
        """Drafts `user` may change: their own and those assigned to them, or any
        draft for an editor."""
        drafts = self.filter(status__in=EDITABLE_STATUSES)
        if roles.is_editor(user):
            return drafts
        return drafts.filter(models.Q(author=user) | models.Q(assignment__assignee=user))

    def public(self):
        """Claims the public may see: a published verdict exists and no retraction.
        A correction in progress keeps showing its last published verdict."""
        return self.filter(published_verdict__isnull=False).exclude(status=ClaimStatus.RETRACTED)

    def located(self):
        """Claims with a place in their revision's text (not orphaned)."""
        return self.filter(start__isnull=False)


class Claim(models.Model):
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="claims")
    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="claims")
    first_sentence = models.ForeignKey(
        Sentence, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_sentence = models.ForeignKey(
        Sentence, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Offsets into revision.text (the TextPositionSelector), kept as columns to order by.
    start = models.PositiveIntegerField(null=True)
    end = models.PositiveIntegerField(null=True)
    # W3C Web Annotation selectors: TextQuoteSelector (exact, prefix, suffix)
    # and TextPositionSelector (start, end), as exported.
    selector = models.JSONField(default=list)
    quote = models.TextField()
    text = models.TextField("Claim")
    claimant = models.CharField(max_length=300, blank=True)
    claimant_type = models.CharField(
        max_length=12, choices=ClaimantType, default=ClaimantType.PERSON
    )
    claim_date = models.DateField(
        null=True, blank=True, help_text="When the claim was made (said or published)."
    )
    notes = models.TextField(blank=True)
    rating = models.ForeignKey(Rating, null=True, blank=True, on_delete=models.PROTECT)
    summary = models.CharField(max_length=300, blank=True)
    rationale = models.TextField(blank=True, help_text="Markdown.")
    rationale_html = models.TextField(blank=True, editable=False)
    # Everyone who changed anything that gets published (wording, claimant, quote
    # and anchor, verdict, citations) since the last approval: the two-person rule
    # keeps each of them from approving it. Publishing moves them to the Verdict.
    contributors = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    correction_note = models.TextField(
        blank=True, help_text="Shown to readers when a published verdict is corrected."
    )
    status = models.CharField(max_length=20, choices=ClaimStatus, default=ClaimStatus.DRAFT)
    status_note = models.TextField(
        blank=True, help_text="Why changes were requested, or the public retraction note."
    )
    retracted_at = models.DateTimeField(null=True, blank=True)
    published_verdict = models.ForeignKey(
        "Verdict", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    anchor_state = models.CharField(
        max_length=12, choices=AnchorState, default=AnchorState.ANCHORED
    )
    # "Already checked": this appearance says what an earlier fact-check checked.
    same_as = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appearances",
        help_text="An earlier published fact-check of the same claim.",
    )
    anchor_score = models.FloatField(null=True, blank=True)
    # The `id` of the Web Annotation this claim was imported from (W3C or Hypothesis),
    # so importing the same file again does not duplicate it. Empty otherwise.
    annotation_id = models.CharField(max_length=500, blank=True, default="", editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="claims"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Optimistic locking, one counter per form: the claim's wording and its
    # verdict are saved separately, so saving one never makes the other stale.
    version = models.PositiveIntegerField(default=1)
    verdict_version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["source", "start", "pk"]
        indexes = [
            models.Index(fields=["status", "updated_at"]),
            # The admin's claim list, newest change first, unfiltered.
            models.Index(fields=["-updated_at", "-id"], name="claim_latest_change"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "annotation_id"],
                condition=~models.Q(annotation_id=""),
                name="claim_annotation_id_unique",
            )
        ]
        permissions = [
            ("publish_claim", "Can approve and publish claims, or send them back"),
            ("retract_claim", "Can retract published claims"),
        ]

    def __str__(self):
        return self.text[:80]

    def save(self, *args, **kwargs):
        """Saved with a new text, the claim gets its vector (semantic.py);
        rows written in bulk get theirs from semantic.store_vectors."""
        adding = self._state.adding
        super().save(*args, **kwargs)
        fields = kwargs.get("update_fields")
        saved = "text" in self.__dict__ and (fields is None or "text" in fields)
        if saved and self.text != getattr(self, "_saved_text", None):
            from . import semantic

            semantic.store_vectors([(self.pk, self.text)], replace=not adding)
            self._saved_text = self.text

    def get_absolute_url(self):
        return reverse("review:claim-detail", args=[self.pk])

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        claim = super().from_db(db, field_names, values, **kwargs)
        claim._saved_text = claim.__dict__.get("text")
        return claim

    @property
    def ever_published(self):
        """A claim that was once published stays on the public record (retracted at most)."""
        return self.published_verdict_id is not None

    def can_edit(self, user):
        """A draft is edited by its author, the reviewer an editor assigned it to,
        or an editor (the two-person rule still keeps everyone who changed it
        from approving it)."""
        if self.status not in EDITABLE_STATUSES:
            return False
        return self.is_author_or_assignee(user) or roles.is_editor(user)

    def is_author_or_assignee(self, user):
        """`user` wrote the claim or has it assigned: its work is theirs to do."""
        return self.author_id == user.pk or (user.pk is not None and self.assignee_id == user.pk)

    @cached_property
    def assignee_id(self):
        """Who an editor gave this claim to (None: nobody); no query when the
        claim was read with select_related("assignment")."""
        try:
            return self.assignment.assignee_id
        except ObjectDoesNotExist:
            return None

    def can_reattach(self, user):
        """Re-attaching moves where a verdict is shown: the author while it is a
        draft or published (a published claim's new place then waits for a
        second person's approval before readers see it), or an editor at any
        stage (published words change only when a correction is approved)."""
        if self.status == ClaimStatus.PUBLISHED and self.author_id == user.pk:
            return True
        return self.can_edit(user) or roles.is_editor(user)

    def can_delete(self, user):
        """Only a draft that was never published: a published one is retracted."""
        return self.can_edit(user) and not self.ever_published

    @property
    def current_text(self):
        """The words the claim covers in its revision now (may differ from `quote` when fuzzy)."""
        if self.start is None:
            return ""
        return self.revision.text[self.start : self.end]

    @property
    def text_changed(self):
        """The text moved under this claim in a way a person should look at."""
        return self.anchor_state in (AnchorState.FUZZY, AnchorState.ORPHANED)

    @cached_property
    def contributor_ids(self):
        """The pks of `contributors`, read once per instance: the desk asks
        `workflow.contributed` for every action it offers."""
        return set(self.contributors.values_list("pk", flat=True))


class ClaimVector(models.Model):
    """A claim's text as a vector (semantic.py): float16 bytes. Replaced, not
    updated, when the text changes, so the newest id tells each process what
    it has not read yet."""

    id = models.BigAutoField(primary_key=True)
    claim = models.OneToOneField(Claim, on_delete=models.CASCADE, related_name="vector")
    vector = models.BinaryField()

    def __str__(self):
        return f"vector of claim {self.claim_id}"


class Stance(models.TextChoices):
    SUPPORTS = "supports", "Supports the claim"
    REFUTES = "refutes", "Refutes the claim"
    CONTEXT = "context", "Context"


class Citation(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="citations")
    position = models.PositiveIntegerField(default=0)
    url = models.URLField("URL", max_length=2000)
    archived_url = models.URLField(
        "Archived copy", max_length=2000, blank=True, help_text="e.g. a Wayback Machine address."
    )
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200, blank=True)
    quote = models.TextField(blank=True)
    stance = models.CharField(max_length=10, choices=Stance, default=Stance.CONTEXT)
    accessed_on = models.DateField(null=True, blank=True)
    # Our own copy of the page at `url`, made when the citation is saved (core/snapshots.py).
    snapshot = models.ForeignKey(
        "Snapshot", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["claim", "position", "pk"]

    def __str__(self):
        return self.title


class Verdict(WriteOnce):
    """A published verdict: a snapshot taken when a claim is published, never
    changed afterwards. A correction publishes a new one with a note."""

    immutable_message = "A published verdict is never changed; publish a correction."

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="verdicts")
    number = models.PositiveIntegerField()
    rating = models.ForeignKey(Rating, on_delete=models.PROTECT, related_name="+")
    summary = models.CharField(max_length=300)
    rationale = models.TextField()
    rationale_html = models.TextField()
    claim_text = models.TextField()
    claimant = models.CharField(max_length=300, blank=True)
    claimant_type = models.CharField(
        max_length=12, choices=ClaimantType, default=ClaimantType.PERSON
    )
    claim_date = models.DateField(null=True, blank=True)
    # The citations as published: a correction in progress edits the live ones.
    citations = models.JSONField(default=list, blank=True)
    # The words judged, as approved: a correction that re-attaches the claim
    # changes the live anchor, never these.
    quote = models.TextField(blank=True)
    revision = models.ForeignKey(
        Revision, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)
    correction_note = models.TextField(blank=True)
    # "Already checked": the earlier fact-check this version says it is an
    # appearance of, as approved. The earlier page lists it only from here.
    same_as = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Who changed what this version publishes since the previous approval.
    contributors = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField()

    class Meta:
        ordering = ["claim", "number"]
        # The Atom feed reads the latest verdicts.
        indexes = [models.Index(fields=["-published_at", "-id"], name="verdict_latest")]
        constraints = [
            models.UniqueConstraint(fields=["claim", "number"], name="verdict_number_unique"),
        ]

    def __str__(self):
        return f"{self.claim} · verdict {self.number}"


class ApprovedPlace(WriteOnce):
    """Where a published claim stands in a later revision, as a second person
    approved it (a re-anchored place confirmed, or a re-attach): readers see the
    claim there once every public claim of the revision has such a place."""

    immutable_message = "An approved place is never changed; approve a new one."

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="approved_places")
    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="+")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    quote = models.TextField()
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["claim", "revision", "pk"]

    def __str__(self):
        return f"{self.claim} · place in revision {self.revision.number}"


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableError("Audit events are append-only.")

    def delete(self):
        raise ImmutableError("Audit events are append-only.")


class AuditEvent(WriteOnce):
    """One change, on record for good: who, when, what, field by field."""

    immutable_message = "Audit events are append-only."

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=40, db_index=True)
    object_type = models.CharField(max_length=40, db_index=True)
    object_id = models.PositiveBigIntegerField()
    object_repr = models.CharField(max_length=200)
    claim = models.ForeignKey(
        Claim,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="events",
    )
    source = models.ForeignKey(
        Source,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="events",
    )
    changes = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type} {self.object_repr}"

    def delete(self, *args, **kwargs):
        raise ImmutableError("Audit events are append-only.")


class SuggestionStatus(models.TextChoices):
    NEW = "new", "New"
    ACCEPTED = "accepted", "Accepted"
    DISMISSED = "dismissed", "Dismissed"


class Suggestion(models.Model):
    """A reader's "Suggest a correction" on a published claim."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="suggestions")
    message = models.TextField()
    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    status = models.CharField(max_length=10, choices=SuggestionStatus, default=SuggestionStatus.NEW)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.message[:80]


class Counter(models.Model):
    """A named number shared by all processes (the public pages' cache epoch)."""

    name = models.CharField(max_length=40, primary_key=True)
    value = models.BigIntegerField(default=0)

    def __str__(self):
        return f"{self.name}={self.value}"


class PublicRatingCount(models.Model):
    """How many public claims (published, not retracted) have each rating, by
    their published verdict: on PostgreSQL a trigger keeps it (migration
    0010_search), so the home page's chart and total read a row a rating, not
    the index entry of every public claim. SQLite counts the claims instead."""

    rating = models.OneToOneField(
        "Rating", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    count = models.BigIntegerField(default=0)

    def __str__(self):
        return f"{self.rating_id}: {self.count}"


# Desk operations: assignment and notifications -------------------------------


class Assignment(models.Model):
    """Who an editor gave a claim or a source to. One row per object: reassigning
    changes the assignee (the audit trail keeps who had it before)."""

    claim = models.OneToOneField(
        Claim, null=True, blank=True, on_delete=models.CASCADE, related_name="assignment"
    )
    source = models.OneToOneField(
        Source, null=True, blank=True, on_delete=models.CASCADE, related_name="assignment"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-assigned_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(claim__isnull=True, source__isnull=False)
                | models.Q(claim__isnull=False, source__isnull=True),
                name="assignment_one_object",
            ),
        ]

    def __str__(self):
        return f"{self.claim or self.source} → {self.assignee}"

    @property
    def target(self):
        return self.claim or self.source


class BlindState(models.TextChoices):
    REQUESTED = "requested", "Waiting for the second rating"
    # The second rating is in; the claim has no rating of its own yet.
    RATED = "rated", "Waiting for the first rating"
    REVEALED = "revealed", "Both rated"
    WITHDRAWN = "withdrawn", "Withdrawn"


OPEN_BLIND_STATES = (BlindState.REQUESTED, BlindState.RATED)


class BlindRating(models.Model):
    """An independent second rating of a claim, asked for by an editor.

    The second reviewer rates the claim without seeing its rating, summary or
    rationale, and nobody but the second reviewer sees theirs, until both are in
    (state REVEALED). At that moment the claim's own rating and who gave it are
    copied into first_rating and first_rater, so the pair measured by the
    agreement figures is the pair as it was when both had rated, whatever the
    claim becomes afterwards. The claim's verdict is not changed by it: the final
    verdict still goes through the two-person rule."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="blind_ratings")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="blind_ratings"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(
        max_length=10, choices=BlindState, default=BlindState.REQUESTED, db_index=True
    )
    # The second reviewer's rating.
    rating = models.ForeignKey(
        Rating, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    summary = models.CharField(max_length=300, blank=True)
    rationale = models.TextField(blank=True, help_text="Markdown.")
    rationale_html = models.TextField(blank=True, editable=False)
    rated_at = models.DateTimeField(null=True, blank=True)
    # The claim's rating, and who gave it, when both were in.
    first_rating = models.ForeignKey(
        Rating, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    first_rater = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revealed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # A disagreement (first_rating != rating) stays flagged for the editors
    # until one of them resolves it.
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim"],
                condition=models.Q(state__in=["requested", "rated"]),
                name="blind_rating_one_open_per_claim",
            ),
        ]

    def __str__(self):
        return f"Blind rating of claim {self.claim_id} by {self.reviewer}"

    @property
    def is_open(self):
        return self.state in OPEN_BLIND_STATES

    @property
    def disagrees(self):
        """Both rated and the ratings differ (None until revealed)."""
        if self.state != BlindState.REVEALED:
            return None
        return self.first_rating_id != self.rating_id


class NotificationKind(models.TextChoices):
    ASSIGNED = "assigned", "Assigned to you"
    SENT_BACK = "sent_back", "Sent back to you"
    PUBLISHED = "published", "Published"
    SUGGESTION = "suggestion", "Reader suggestion"
    # To a claim's author (and whoever had it) when an editor gives it to someone.
    REASSIGNED = "reassigned", "Assignment changed"
    # An independent (blind) rating asked of you, withdrawn, or both ratings in.
    BLIND = "blind", "Blind rating"


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """Something that needs `recipient`, shown in the app (and maybe emailed).
    The text is short and names no unpublished words: the link holds the rest."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=NotificationKind)
    message = models.CharField(max_length=300)
    url = models.CharField(max_length=300)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    claim = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed = models.BooleanField(default=False)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return self.message


class NotificationPreferences(models.Model):
    """Which notifications also go out by email (all of them unless turned off)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    email_assigned = models.BooleanField("Email me when work is assigned to me", default=True)
    email_sent_back = models.BooleanField("Email me when my work is sent back", default=True)
    email_published = models.BooleanField("Email me when my work is published", default=True)
    email_suggestion = models.BooleanField(
        "Email me about reader suggestions on my claims", default=True
    )
    email_reassigned = models.BooleanField(
        "Email me when my claims, or work assigned to me, go to someone else", default=True
    )

    class Meta:
        verbose_name_plural = "notification preferences"

    def __str__(self):
        return f"Notification preferences of {self.user}"

    def wants_email(self, kind):
        return getattr(self, f"email_{kind}", True)


class IngestionKind(models.TextChoices):
    SOURCE = "source", "New source"
    REVISION = "revision", "New revision"
    ANNOTATIONS = "annotations", "Annotation import"
    FETCH = "fetch", "Fetch from a URL"
    CLAIMREVIEW = "claimreview", "ClaimReview import"


class IngestionStatus(models.TextChoices):
    QUEUED = "queued", "Waiting for a worker"
    RUNNING = "running", "Processing"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class Ingestion(models.Model):
    """Queued work on a source (see core/tasks.py). It keeps the user's input
    until the work is done, so a failure can show its reason and give it back."""

    kind = models.CharField(max_length=12, choices=IngestionKind)
    status = models.CharField(max_length=8, choices=IngestionStatus, default=IngestionStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    stage = models.CharField(max_length=100, blank=True)
    error = models.TextField(blank=True)
    # The normalised text (or annotation JSON) and the form's other fields.
    text = models.TextField(blank=True)
    fields = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    # Its outcome was told to the user ("Source … created."): once, however
    # many polls of the processing page arrive after it is done.
    announced = models.BooleanField(default=False)
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.CASCADE, related_name="ingestions"
    )
    revision = models.ForeignKey(
        Revision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.pk} ({self.status})"

    @property
    def finished(self):
        return self.status in (IngestionStatus.DONE, IngestionStatus.FAILED)


class ImportedReview(models.Model):
    """A published fact-check that came from another archive as a ClaimReview
    (core/claimreview_import.py): who published it, where, and who imported it
    from what, when. Its claim was approved by nobody on this desk."""

    claim = models.OneToOneField(Claim, on_delete=models.CASCADE, related_name="imported")
    # sha256 of the review URL (URL#n for the n-th review of one page): a second
    # import of the same review finds it here.
    key = models.CharField(max_length=64, unique=True, editable=False)
    review_url = models.URLField("original review", max_length=2000)
    publisher = models.CharField(max_length=300)
    publisher_url = models.URLField(max_length=2000, blank=True)
    original_rating = models.CharField(
        max_length=200, blank=True, help_text="The rating as the publisher wrote it."
    )
    date_published = models.DateField()
    date_modified = models.DateField(null=True, blank=True)
    # Where the claim appeared: [{"url", "headline"?, "datePublished"?}], first appearance first.
    appearances = models.JSONField(default=list, blank=True)
    fingerprint = models.CharField(max_length=64, editable=False)
    imported_from = models.CharField(max_length=500, help_text="The file or URL it was read from.")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-imported_at", "-pk"]

    def __str__(self):
        return f"{self.publisher}: {self.review_url}"


class WorkerHeartbeat(models.Model):
    """When each task worker last said it was alive (for /healthz)."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    seen_at = models.DateTimeField()

    def __str__(self):
        return f"{self.worker_id} at {self.seen_at:%H:%M:%S}"


class SnapshotState(models.TextChoices):
    PENDING = "pending", "Being archived"
    ARCHIVED = "archived", "Archived"
    FAILED = "failed", "Could not be archived"


class Snapshot(models.Model):
    """Our copy of a web page as fetched (core/fetch.py, core/snapshots.py): the
    raw response is a WARC file in Django's default storage, the main text is
    kept beside it. A failed attempt keeps why (`error`), and no file."""

    url = models.URLField("URL", max_length=2000)
    final_url = models.URLField(max_length=2000, blank=True)
    state = models.CharField(max_length=10, choices=SnapshotState, default=SnapshotState.PENDING)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    fetched_at = models.DateTimeField(null=True, blank=True)
    warc = models.FileField(upload_to="snapshots/%Y/%m/", max_length=200, blank=True)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    text = models.TextField(blank=True)
    # What extraction found: title, author, published_on, site_name, language.
    metadata = models.JSONField(default=dict, blank=True)
    error_code = models.CharField(max_length=20, blank=True)
    error = models.TextField(blank=True)
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.CASCADE, related_name="snapshots"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.url} ({self.get_state_display()})"

    @property
    def archived(self):
        return self.state == SnapshotState.ARCHIVED
