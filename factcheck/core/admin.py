"""Moderation: the Django admin, arranged for editors (the reviewers' desk is /review/).

Nothing here changes a claim directly. Editors act through the workflow
(`workflow.transition`), which checks the two-person rule and writes the audit
event; claims, citations and verdicts are written in the reviewer workspace,
where saves are versioned and audited. The admin's own forms would bypass both,
so claims are view-only here and the audit trail can never be edited."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator, add_truncation_text, calculate_truncate_chars_length
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import assignment, blind, export, queues, rating_colours, ratings, records
from .admin_lists import EstimatedCountPaginator, SourceSlugFilter
from .forms import AssignForm
from .limits import MAX_NOTE_LENGTH
from .models import (
    Assignment,
    AuditEvent,
    BlindRating,
    BlindState,
    Citation,
    Claim,
    Rating,
    Revision,
    Source,
    Suggestion,
    SuggestionStatus,
    Verdict,
)
from .roles import can_retract, is_editor
from .workflow import (
    ACTIONS,
    TransitionError,
    missing_for_publication,
    refusal,
    role_refusal,
    transition,
)

site = admin.site
site.site_header = site.site_title = "Factcheck — moderation"
site.index_title = "Moderation"


def moderation_index(request, extra_context=None, _index=site.index):
    """The admin index, with the number of claims waiting for an editor and of
    reader suggestions nobody has handled."""
    context = dict(extra_context or {})
    if request.user.has_perm("core.view_claim"):
        context["claims_waiting"] = Claim.objects.awaiting_review().count()
    if request.user.has_perm("core.view_suggestion"):
        context["suggestions_new"] = queues.new_suggestions().count()
    return _index(request, extra_context=context)


# The default site is used by the URLconf; replacing its index here (admin
# modules load before the URLconf) avoids a custom AdminSite class in settings.
site.index = moderation_index


def read_only(admin_class):
    """Mark a ModelAdmin or inline view-only, for superusers too."""
    admin_class.has_add_permission = lambda self, request, obj=None: False
    admin_class.has_change_permission = lambda self, request, obj=None: False
    admin_class.has_delete_permission = lambda self, request, obj=None: False
    if admin_class.fields:
        # Listed fields may be non-editable ones (auto_now_add), which a form cannot hold.
        admin_class.readonly_fields = tuple(admin_class.fields)
    return admin_class


def link_to(obj, name=None):
    if obj is None:
        return "—"
    meta = obj._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, name or obj)


def short(value, length=40):
    """Truncator's chars(length), which walks the text a character at a time to
    skip combining characters: ASCII has none (and is its own NFC form), so it
    is cut directly, twice a row of the claim list's 100."""
    text = "" if value is None else str(value)
    if not text.isascii():
        return Truncator(text).chars(length)
    if len(text) <= length:
        return text
    return add_truncation_text(text[: calculate_truncate_chars_length(length, None)], None)


def summarise_changes(changes):
    """`{"status": ["submitted", "published"]}` as "status: submitted → published"."""

    def shown(value):
        return "∅" if value is None else short(value) or '""'

    return "; ".join(
        f"{name}: {shown(before)} → {shown(after)}" for name, (before, after) in changes.items()
    )


def trail_link(obj):
    """A link to the audit trail filtered to `obj` (a claim or a source)."""
    url = reverse("admin:core_auditevent_changelist")
    query = f"?{obj._meta.model_name}__id__exact={obj.pk}"
    return format_html(
        '<a href="{}{}">Every event of this {}</a>', url, query, obj._meta.verbose_name
    )


# Claims ----------------------------------------------------------------------

CONTEXT_CHARS = 240


def quote_in_context(claim):
    """The claimed words marked inside the text around them, as the reviewer saw it."""
    if claim.start is None:
        return format_html(
            "<blockquote>{}</blockquote><p>No longer found in the current text.</p>", claim.quote
        )
    text = claim.revision.text
    start, end = claim.start, claim.end
    before = text[max(0, start - CONTEXT_CHARS) : start]
    after = text[end : end + CONTEXT_CHARS]
    return format_html(
        '<blockquote class="quote-context">{}{}<mark>{}</mark>{}{}</blockquote>',
        "…" if start > CONTEXT_CHARS else "",
        before,
        text[start:end],
        after,
        "…" if end + CONTEXT_CHARS < len(text) else "",
    )


def assignee_cell(model_admin, obj):
    """Who has `obj`, and a link to (re)assign it."""
    current = Assignment.objects.filter(**{obj._meta.model_name: obj}).first()
    who = current.assignee.get_username() if current else "Nobody"
    url = reverse(
        f"review:{obj._meta.model_name}-assign",
        args=[obj.slug if isinstance(obj, Source) else obj.pk],
    )
    return format_html('{} · <a href="{}">assign…</a>', who, url)


def assign_action(model_admin, request, queryset):
    """An intermediate page asking whom to give the selected objects to."""
    form = AssignForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        assignee = form.cleaned_data["assignee"]
        done = 0
        for obj in queryset:
            try:
                assignment.assign(obj, assignee, by=request.user)
            except assignment.AssignmentError as error:
                model_admin.message_user(request, f"Refused for “{obj}”: {error}", messages.ERROR)
            else:
                done += 1
        name = assignee.get_username() if assignee else "nobody"
        noun = model_admin.opts.verbose_name if done == 1 else model_admin.opts.verbose_name_plural
        model_admin.message_user(request, f"Assigned {done} {noun} to {name}.", messages.SUCCESS)
        return None
    objects = list(queryset)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"Assign {len(objects)} {model_admin.opts.verbose_name_plural}",
        "opts": model_admin.opts,
        "objects": objects,
        "form": form,
        "action_name": request.POST.get("action", ""),
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/core/assign.html", context)


def names(users):
    return ", ".join(u.get_full_name() or u.get_username() for u in users) or "—"


NOTE_LABELS = {
    "request_changes": ("Why are changes needed?", "The reviewer sees this reason."),
    "retract": ("Public note", "Readers see this note in place of the fact-check."),
}


class NoteForm(forms.Form):
    note = forms.CharField(
        max_length=MAX_NOTE_LENGTH, widget=forms.Textarea(attrs={"rows": 4, "cols": 70})
    )

    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, **kwargs)
        label, help_text = NOTE_LABELS[action]
        self.fields["note"].label = label
        self.fields["note"].help_text = help_text


@read_only
class CitationInline(admin.TabularInline):
    model = Citation
    fields = ("position", "title", "url", "publisher", "stance", "accessed_on")
    extra = 0


@read_only
class VerdictInline(admin.TabularInline):
    model = Verdict
    fk_name = "claim"
    verbose_name = "published verdict"
    verbose_name_plural = "verdict history (published versions)"
    fields = (
        "number",
        "rating",
        "summary",
        "correction_note",
        "checked_by",
        "approved_by",
        "same_as",
        "published_at",
    )
    extra = 0

    def get_queryset(self, request):
        # The claim too: each row's title is str(verdict), which names its claim.
        return (
            super()
            .get_queryset(request)
            .select_related("claim", "rating", "approved_by", "same_as")
            .prefetch_related("contributors")
        )

    @admin.display(description="Checked by")
    def checked_by(self, verdict):
        return names(verdict.contributors.all())


@read_only
class ClaimEventInline(admin.TabularInline):
    model = AuditEvent
    fk_name = "claim"
    verbose_name = "audit event"
    verbose_name_plural = "audit trail"
    fields = ("at", "actor", "action", "object_type", "object_repr", "changes_summary", "note")
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")

    @admin.display(description="Changes")
    def changes_summary(self, event):
        return summarise_changes(event.changes)


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = (
        "text_excerpt",
        "status",
        "rating",
        "source_title",
        "author",
        "age",
        "anchor_state",
    )
    # Cheap on a large archive (admin_lists.py): no full count, an estimated
    # count on PostgreSQL, sources by slug rather than all listed.
    list_filter = ("status", "rating", SourceSlugFilter, "author")
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    search_fields = ("text", "quote", "rationale")
    list_select_related = ("rating", "source", "author")
    ordering = ("-updated_at",)
    actions = ("publish", "request_changes", "retract", "assign_claims", "export_csv")
    fieldsets = (
        (
            "Review",
            {
                "fields": (
                    "status",
                    "status_note",
                    "missing",
                    "contributor_names",
                    "published_verdict",
                    "correction_note",
                )
            },
        ),
        (
            "Claim",
            {
                "fields": (
                    "text",
                    "claimant",
                    "quote_in_context",
                    "source",
                    "revision_number",
                    "anchor_state",
                    "assignee",
                    "same_as",
                )
            },
        ),
        ("Verdict under review", {"fields": ("rating", "summary", "rationale_rendered")}),
        (
            "Record",
            {
                "fields": (
                    "author",
                    "notes",
                    "created_at",
                    "updated_at",
                    "updated_by",
                    "version",
                    "trail",
                )
            },
        ),
    )
    readonly_fields = (
        "missing",
        "contributor_names",
        "revision_number",
        "trail",
        "quote_in_context",
        "rationale_rendered",
        "assignee",
        "same_as",
    )
    inlines = (CitationInline, VerdictInline, ClaimEventInline)

    def get_queryset(self, request):
        # A claim the editor rates blind is not here at all (list, page,
        # history): its rating, summary, rationale and citations would show.
        claims = super().get_queryset(request).select_related("source", "rating", "author")
        return blind.visible_claims(claims, request.user)

    def action_checkbox(self, obj):
        # Django's markup, written here: its CheckboxInput went through the form
        # renderer, a template for each of the list's 100 rows.
        label = format_html(_("Select this object for an action - {}"), str(obj))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME, str(obj.pk), label,
        )  # fmt: skip

    # Claims are written in the reviewer workspace (versioned, audited) and
    # change status only through the workflow: no add, change or delete here.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_publish_permission(self, request):
        return is_editor(request.user)

    def has_retract_permission(self, request):
        return can_retract(request.user)

    @admin.display(description="Contributors since the last approval")
    def contributor_names(self, claim):
        return names(claim.contributors.all())

    @admin.display(description="Claim", ordering="text")
    def text_excerpt(self, claim):
        return short(claim.text, 90)

    @admin.display(description="Source", ordering="source__title")
    def source_title(self, claim):
        return short(claim.source, 40)

    @admin.display(description="Age", ordering="-updated_at")
    def age(self, claim):
        return timesince(claim.updated_at)

    @admin.display(description="Missing for publication")
    def missing(self, claim):
        missing = missing_for_publication(claim)
        return ", ".join(missing) if missing else "Nothing: it has all a publication needs."

    @admin.display(description="Revision")
    def revision_number(self, claim):
        return f"revision {claim.revision.number}"

    @admin.display(description="Audit trail")
    def trail(self, claim):
        return trail_link(claim)

    @admin.display(description="Quote in its text")
    def quote_in_context(self, claim):
        return quote_in_context(claim)

    @admin.display(description="Rationale")
    def rationale_rendered(self, claim):
        # Cleaned by bleach when saved (markup.render_markdown).
        return mark_safe(claim.rationale_html) if claim.rationale_html else "—"

    @admin.display(description="Assigned to")
    def assignee(self, claim):
        return assignee_cell(self, claim)

    # Actions on the changelist ------------------------------------------------

    @admin.action(description="Approve and publish", permissions=["publish"])
    def publish(self, request, queryset):
        return self.confirm(request, queryset, "publish")

    @admin.action(description="Request changes", permissions=["publish"])
    def request_changes(self, request, queryset):
        return self.confirm(request, queryset, "request_changes")

    @admin.action(description="Retract", permissions=["retract"])
    def retract(self, request, queryset):
        return self.confirm(request, queryset, "retract")

    @admin.action(description="Export published verdicts as CSV", permissions=["publish"])
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="fact-checks.csv"'
        export.write_csv(queryset, response)
        return response

    @admin.action(description="Assign to a reviewer…", permissions=["publish"])
    def assign_claims(self, request, queryset):
        return assign_action(self, request, queryset)

    def confirm(self, request, queryset, action_name):
        """A confirmation page first: what will be done, what will be refused and
        why (and the note, for actions that need one). Nothing happens until
        the editor confirms; each claim is checked again then."""
        action = ACTIONS[action_name]
        data = request.POST if "apply" in request.POST else None
        form = NoteForm(data, action=action_name) if action.needs_note else None
        if data is not None and (form is None or form.is_valid()):
            note = form.cleaned_data["note"] if form else ""
            self.transition_each(request, queryset, action_name, note=note)
            return None
        claims = list(queryset.select_related("source"))
        refused = [(c, refusal(action, c, request.user)) for c in claims]
        context = {
            **self.admin_site.each_context(request),
            "title": f"{action.label}: {len(claims)} claim{pluralize(len(claims))}",
            "opts": self.opts,
            "claims": claims,
            "will": [c for c, reason in refused if reason is None],
            "refused": [(c, reason) for c, reason in refused if reason],
            "form": form,
            "action": action,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/core/claim/action_confirm.html", context)

    def transition_each(self, request, queryset, action_name, note=""):
        """Take the action on each claim; say what was done and what was refused, and why."""
        done = []
        for claim in queryset:
            try:
                transition(claim, action_name, request.user, note=note)
            except TransitionError as error:
                self.message_user(request, f"Refused for “{claim}”: {error}", messages.ERROR)
            else:
                done.append(claim)
        if done:
            listed = ", ".join(f"“{claim}”" for claim in done)
            self.message_user(
                request,
                f"{ACTIONS[action_name].past.capitalize()}: {len(done)} claim{pluralize(len(done))} — {listed}.",
                messages.SUCCESS,
            )

    # Workflow buttons on the change page --------------------------------------

    def get_urls(self):
        workflow = self.admin_site.admin_view(require_POST(self.take_action))
        return [
            path(
                "<path:object_id>/workflow/<str:action_name>/", workflow, name="core_claim_workflow"
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["workflow"] = self.workflow_buttons(obj, request.user)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def workflow_buttons(self, claim, user):
        """The actions that start from the claim's status: a button for each one
        the user may take, the reason for each they may not."""
        buttons = []
        for action in ACTIONS.values():
            if claim.status not in action.sources:
                continue
            reason = refusal(action, claim, user)
            buttons.append(
                {
                    "action": action,
                    "url": reverse("admin:core_claim_workflow", args=[claim.pk, action.name]),
                    "refusal": reason,
                    "note": NoteForm(action=action.name, prefix=action.name)
                    if action.needs_note
                    else None,
                }
            )
        return buttons

    def take_action(self, request, object_id, action_name):
        claim = self.get_object(request, unquote(object_id))
        if claim is None or action_name not in ACTIONS:
            raise Http404
        if not self.has_view_permission(request, claim) or role_refusal(
            ACTIONS[action_name], claim, request.user
        ):
            raise PermissionDenied
        note = request.POST.get(f"{action_name}-note", "")
        try:
            if len(note) > MAX_NOTE_LENGTH:
                raise TransitionError(f"The note is longer than {MAX_NOTE_LENGTH:,} characters.")
            transition(claim, action_name, request.user, note=note)
        except TransitionError as error:
            self.message_user(request, f"{ACTIONS[action_name].label}: {error}", messages.ERROR)
        else:
            action = ACTIONS[action_name]
            self.message_user(request, f"{action.past.capitalize()}: “{claim}”.", messages.SUCCESS)
        return redirect("admin:core_claim_change", claim.pk)


@admin.register(Verdict)
@read_only
class VerdictAdmin(admin.ModelAdmin):
    list_display = ("claim", "number", "rating", "checked_by", "approved_by", "published_at")
    list_filter = ("rating",)
    search_fields = ("claim_text", "summary", "rationale")
    list_select_related = ("claim", "rating", "approved_by")

    def get_queryset(self, request):
        verdicts = super().get_queryset(request).prefetch_related("contributors")
        return verdicts.exclude(claim_id__in=blind.hidden_from(request.user))

    @admin.display(description="Checked by")
    def checked_by(self, verdict):
        return names(verdict.contributors.all())

    date_hierarchy = "published_at"
    exclude = ("rationale_html",)
    actions = None


# Sources and ratings ---------------------------------------------------------


class AuditedAdmin(admin.ModelAdmin):
    """Saves and deletes through this admin leave the same audit events as the
    app's own writes, and refresh the public pages they show on."""

    audit_fields = ()

    def save_model(self, request, obj, form, change):
        save = super().save_model
        records.save_recorded(
            obj,
            user=request.user,
            fields=self.audit_fields,
            save=lambda: save(request, obj, form, change),
        )

    def delete_model(self, request, obj):
        delete = super().delete_model
        records.delete_recorded(
            obj, user=request.user, fields=self.audit_fields, delete=lambda: delete(request, obj)
        )

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


@read_only
class RevisionInline(admin.TabularInline):
    """Revisions are immutable: claims' offsets point into their text."""

    model = Revision
    fields = ("number", "created_by", "created_at", "origin", "filename", "note")
    extra = 0

    def get_queryset(self, request):
        # The source too: each row is titled with str(revision), which names it.
        return super().get_queryset(request).select_related("source", "created_by").defer("text")


@admin.register(Source)
class SourceAdmin(AuditedAdmin):
    list_display = ("title", "kind", "slug", "revisions", "byline", "updated_at")
    list_filter = ("kind",)
    search_fields = ("title", "byline", "slug")
    fields = (
        "title",
        "kind",
        "byline",
        "origin_url",
        "published_on",
        "slug",
        "language",
        "made_public",
        "created_by",
        "created_at",
        "updated_at",
        "trail",
    )
    # The slug is in public URLs and the language chose the sentence splitter
    # for every revision: changing either afterwards would break links or anchors.
    readonly_fields = ("slug", "language", "created_by", "created_at", "updated_at", "trail")
    inlines = (RevisionInline,)
    audit_fields = ("title", "kind", "byline", "origin_url", "published_on", "made_public")
    actions = ("assign_sources",)

    def has_publish_permission(self, request):
        return is_editor(request.user)

    @admin.action(description="Assign to a reviewer…", permissions=["publish"])
    def assign_sources(self, request, queryset):
        return assign_action(self, request, queryset)

    def get_queryset(self, request):
        return super().get_queryset(request).with_revision_count()

    def has_add_permission(self, request):
        # A source comes in with its text, through the reviewer workspace.
        return False

    @admin.display(description="Audit trail")
    def trail(self, source):
        return trail_link(source)

    @admin.display(description="Revisions", ordering="revision_count")
    def revisions(self, source):
        return source.revision_count


RATING_FIELDS = (
    "label",
    "slug",
    "description",
    "ordinal",
    "colour",
    "icon",
    "position",
    "is_active",
)


class RatingForm(forms.ModelForm):
    """A rating's colour must stay readable: text on it (white or black, chosen
    automatically) at WCAG AA 4.5:1, and highlights visible on the white page."""

    class Meta:
        model = Rating
        fields = RATING_FIELDS

    def clean_colour(self):
        try:
            colour = rating_colours.normalise(self.cleaned_data["colour"])
        except rating_colours.ColourError as error:
            raise forms.ValidationError(str(error)) from None
        problems = rating_colours.problems(colour)
        if problems:
            raise forms.ValidationError(problems)
        return colour


@admin.register(Rating)
class RatingAdmin(AuditedAdmin):
    """The rating scale, in its order: readers see the ratings in this order."""

    form = RatingForm
    list_display = ("label", "preview", "icon", "colour", "ordinal", "position", "is_active")
    list_editable = ("icon", "colour", "position", "is_active")
    ordering = ("position", "pk")
    actions = ("move_up", "move_down")
    prepopulated_fields = {"slug": ("label",)}

    def get_changelist_form(self, request, **kwargs):
        # The list's editable colours get the same check as the form.
        kwargs.setdefault("form", RatingForm)
        return super().get_changelist_form(request, **kwargs)

    @admin.display(description="Looks like")
    def preview(self, rating):
        return format_html(
            '<span class="rating-swatch" data-rating="{}">{} {}</span>',
            rating.slug,
            rating.icon,
            rating.label,
        )

    @admin.action(description="Move up the scale", permissions=["change"])
    def move_up(self, request, queryset):
        self.move(request, queryset.order_by("position", "pk"), -1)

    @admin.action(description="Move down the scale", permissions=["change"])
    def move_down(self, request, queryset):
        self.move(request, queryset.order_by("-position", "-pk"), 1)

    def move(self, request, queryset, offset):
        moved = [r.label for r in queryset if ratings.move(r, offset, by=request.user)]
        if moved:
            self.message_user(request, "Moved: " + ", ".join(moved) + ".", messages.SUCCESS)
        else:
            self.message_user(request, "Already at the end of the scale.", messages.WARNING)

    audit_fields = RATING_FIELDS


# Reader suggestions ----------------------------------------------------------


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    list_display = ("message_excerpt", "claim", "status", "created_at", "handled_by")
    list_filter = ("status",)
    search_fields = ("message", "name", "email")
    list_select_related = ("claim", "handled_by")
    readonly_fields = ("claim", "message", "name", "email", *records.HANDLED_FIELDS, "created_at")
    actions = ("mark_accepted", "mark_dismissed")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # The list's actions need the change permission; one suggestion's page
        # is view-only, so every status change goes through an action and its
        # audit event.
        return obj is None and super().has_change_permission(request)

    @admin.display(description="Message")
    def message_excerpt(self, suggestion):
        return short(suggestion.message, 80)

    @admin.action(description="Mark accepted", permissions=["change"])
    def mark_accepted(self, request, queryset):
        self.mark(request, queryset, SuggestionStatus.ACCEPTED)

    @admin.action(description="Mark dismissed", permissions=["change"])
    def mark_dismissed(self, request, queryset):
        self.mark(request, queryset, SuggestionStatus.DISMISSED)

    def mark(self, request, queryset, status):
        marked = records.mark_suggestions(queryset, status, user=request.user)
        self.message_user(
            request,
            f"Marked {marked} suggestion{pluralize(marked)} {status.label.lower()}.",
            messages.SUCCESS,
        )


# The audit trail -------------------------------------------------------------


class DateFilter(admin.DateFieldListFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = "date"


@admin.register(AuditEvent)
@read_only
class AuditEventAdmin(admin.ModelAdmin):
    """The whole trail, to read and filter; nobody edits or deletes an event."""

    list_display = ("at", "actor", "action", "object", "claim_link", "changes_summary")
    list_filter = (
        "action",
        "object_type",
        ("actor", admin.RelatedOnlyFieldListFilter),
        ("at", DateFilter),
    )
    search_fields = ("object_repr", "note", "actor__username")
    list_select_related = ("actor", "claim")
    fields = (
        "at",
        "actor",
        "action",
        "object_type",
        "object_id",
        "object_repr",
        "claim",
        "source",
        "changes_table",
        "note",
    )
    actions = None

    def get_queryset(self, request):
        # The events of a claim the editor rates blind name its verdict.
        events = super().get_queryset(request).select_related("actor", "claim", "source")
        return events.exclude(claim_id__in=blind.hidden_from(request.user))

    @admin.display(description="Object", ordering="object_type")
    def object(self, event):
        return f"{event.object_type} “{short(event.object_repr, 50)}”"

    @admin.display(description="Claim")
    def claim_link(self, event):
        # The claim may be gone (the event outlives it): then only its id is left.
        if event.claim is None:
            return f"#{event.claim_id}" if event.claim_id else "—"
        return link_to(event.claim, short(event.claim, 40))

    @admin.display(description="Changes")
    def changes_summary(self, event):
        return short(summarise_changes(event.changes), 100)

    @admin.display(description="Changes")
    def changes_table(self, event):
        return format_html(
            "<table><tr><th>Field</th><th>Before</th><th>After</th></tr>{}</table>",
            format_html_join(
                "",
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                ((name, before, after) for name, (before, after) in event.changes.items()),
            ),
        )


# Blind second ratings ----------------------------------------------------------


@admin.register(BlindRating)
@read_only
class BlindRatingAdmin(admin.ModelAdmin):
    """Requests for an independent rating (written in the workspace, core/blind.py).
    The second rating's content shows only once revealed, or to its reviewer."""

    list_display = ("claim_excerpt", "state", "reviewer", "requested_by", "requested_at", "outcome")
    list_filter = ("state",)
    list_select_related = ("claim", "reviewer", "requested_by", "rating", "first_rating")
    fields = (
        "claim_link",
        "state",
        "reviewer",
        "requested_by",
        "requested_at",
        "rated_at",
        "ratings",
        "first_rater",
        "revealed_at",
        "resolved_by",
        "resolved_at",
        "resolution_note",
    )
    actions = ("withdraw",)

    def get_queryset(self, request):
        # Not even the editor's own request: the claim's earlier pairs name its rating.
        rows = super().get_queryset(request).select_related("claim", "reviewer", "requested_by")
        return rows.exclude(claim_id__in=blind.hidden_from(request.user))

    def has_publish_permission(self, request):
        return is_editor(request.user)

    @admin.display(description="Claim")
    def claim_excerpt(self, row):
        return short(row.claim, 70)

    @admin.display(description="Claim")
    def claim_link(self, row):
        return link_to(row.claim, short(row.claim, 90))

    @admin.display(description="Outcome")
    def outcome(self, row):
        if row.state != BlindState.REVEALED:
            return "—"
        if not row.disagrees:
            return "Agree"
        return "Disagree, resolved" if row.resolved_at else "Disagree"

    @admin.display(description="Ratings")
    def ratings(self, row):
        if row.state != BlindState.REVEALED:
            return "Hidden until both ratings are in."
        return format_html("First: {} · Second: {} — {}", row.first_rating, row.rating, row.summary)

    @admin.action(description="Withdraw the request", permissions=["publish"])
    def withdraw(self, request, queryset):
        for row in queryset:
            try:
                blind.withdraw(row, by=request.user)
            except blind.BlindError as error:
                self.message_user(request, f"Refused for “{row}”: {error}", messages.ERROR)
            else:
                self.message_user(request, f"Withdrawn: “{row}”.", messages.SUCCESS)


from . import import_admin  # noqa: E402, F401  (registers ImportedReview with its import pages)
