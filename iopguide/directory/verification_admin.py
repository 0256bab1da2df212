"""Verified IOP details in the admin: program updates decided field by field after a call,
the log of every confirmation, and the re-check queue."""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from .listing_details import DETAILS_BY_FIELD, reader_text, stored_text
from .models import DueRecheck, ListingFact, ProgramUpdate
from .moderation import APPROVE_PERMISSION, decide, validate_decision
from .work import due_rechecks


class ReadOnlyAdmin(admin.ModelAdmin):
    """A list to read: records nobody edits in the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ProgramUpdateForm(forms.ModelForm):
    """The editor's decision: the call made to the listed number, and a tick per detail."""

    approve = forms.MultipleChoiceField(
        label="Approve these details",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick only what the program confirmed on the call.",
    )

    class Meta:
        model = ProgramUpdate
        fields = ["call_outcome", "called_on", "decision_reason"]
        help_texts = {
            "call_outcome": "Call the number already on the listing (shown above), never one "
            "in the submission.",
            "decision_reason": "Needed for anything you do not approve.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        proposed = self.instance.proposed if self.instance.pk else {}
        self.fields["approve"].choices = [
            (field, DETAILS_BY_FIELD[field].label)
            for field in proposed
            if field in DETAILS_BY_FIELD
        ]
        if not self.initial.get("called_on"):
            self.initial["called_on"] = timezone.localdate()

    def clean(self):
        cleaned = super().clean()
        validate_decision(
            self.instance,
            cleaned.get("approve", []),
            cleaned.get("call_outcome", ""),
            cleaned.get("called_on"),
            cleaned.get("decision_reason", ""),
        )
        return cleaned


@admin.register(ProgramUpdate)
class ProgramUpdateAdmin(admin.ModelAdmin):
    form = ProgramUpdateForm
    list_display = ["facility", "created_at", "status", "call_outcome", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["facility"]
    search_fields = ["facility__name", "facility__city"]
    readonly_fields = [
        "facility",
        "listed_numbers",
        "proposed_changes",
        "corrections",
        "submitted_by",
        "created_at",
        "status",
    ]
    fieldsets = [
        (
            "What the program sent",
            {
                "fields": [
                    "facility",
                    "created_at",
                    "proposed_changes",
                    "corrections",
                    "submitted_by",
                    "status",
                ]
            },
        ),
        (
            "Your check",
            {
                "fields": [
                    "listed_numbers",
                    "call_outcome",
                    "called_on",
                    "approve",
                    "decision_reason",
                ]
            },
        ),
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm(APPROVE_PERMISSION) and (
            obj is None or obj.status == ProgramUpdate.Status.PENDING
        )

    @admin.display(description="Call one of these numbers")
    def listed_numbers(self, update):
        return "; ".join(f"{label}: {number}" for label, number, _ in update.facility.phone_numbers)

    @admin.display(description="Proposed details (now → proposed)")
    def proposed_changes(self, update):
        # Plain text only: nothing a submission says is ever rendered as a link or markup.
        lines = []
        for field, value in update.proposed.items():
            detail = DETAILS_BY_FIELD.get(field)
            if detail:
                now = reader_text(detail, stored_text(detail, getattr(update.facility, field)))
                lines.append(f"{detail.label}: {now} → {value}")
        return "\n".join(lines) or "No details, only corrections."

    @admin.display(description="Sent by")
    def submitted_by(self, update):
        return f"{update.submitter_name}, {update.submitter_role} <{update.submitter_email}>"

    def save_model(self, request, obj, form, change):
        # The form already checked the decision (validate_decision), so this applies it.
        decide(
            obj,
            approved=form.cleaned_data["approve"],
            call_outcome=form.cleaned_data["call_outcome"],
            called_on=form.cleaned_data["called_on"],
            reason=form.cleaned_data["decision_reason"],
            by=request.user,
        )


@admin.register(ListingFact)
class ListingFactAdmin(ReadOnlyAdmin):
    list_display = ["confirmed_on", "facility", "detail", "value", "source", "recorded_by"]
    list_filter = ["source", "detail"]
    search_fields = ["facility__name"]
    list_select_related = ["facility", "recorded_by"]


@admin.register(DueRecheck)
class DueRecheckAdmin(ReadOnlyAdmin):
    """Listings to call again, the ones readers use most first."""

    list_display = ["listing", "city", "state", "due", "opens", "appearances"]
    search_fields = ["name", "city"]

    def get_queryset(self, request):
        return due_rechecks()

    def get_ordering(self, request):
        return []  # due_rechecks() orders by demand

    @admin.display(description="listing")
    def listing(self, facility):
        url = reverse("admin:directory_facility_change", args=[facility.pk])
        return format_html('<a href="{}">{}</a>', url, facility.name)

    @admin.display(description="due")
    def due(self, facility):
        return facility.recheck_due_on or "never checked"

    @admin.display(description="page opens")
    def opens(self, facility):
        return facility.opens

    @admin.display(description="shown in results")
    def appearances(self, facility):
        return facility.appearances

    def get_list_display_links(self, request, list_display):
        return None
