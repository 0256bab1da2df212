from django import forms
from django.contrib import admin
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from .listing_details import DETAILS_BY_FIELD, reader_text, record_fact, stored_text
from .models import (
    DueRecheck,
    Facility,
    ListingFact,
    ProblemReport,
    ProgramUpdate,
    ServiceCode,
)
from .moderation import APPROVE_PERMISSION, decide, validate_decision
from .vocabulary import setting_labels
from .work import due_rechecks


class SettingFilter(admin.SimpleListFilter):
    title = "setting"
    parameter_name = "setting"
    SETTINGS = {
        "OIT": "Intensive outpatient (OIT)",
        "ODT": "Partial hospitalization / day (ODT)",
        "ORT": "Regular outpatient (ORT)",
        "OMB": "Outpatient medication (OMB)",
        "RES": "Residential (RES)",
        "DETOX": "Detox (OD, RD, HID)",
        "HI": "Hospital inpatient (HI)",
    }

    def lookups(self, request, model_admin):
        return list(self.SETTINGS.items())

    def queryset(self, request, queryset):
        if self.value() == "DETOX":
            return queryset.filter(
                Q(service_codes__contains=" OD ")
                | Q(service_codes__contains=" RD ")
                | Q(service_codes__contains=" HID ")
            )
        if self.value() in self.SETTINGS:
            return queryset.with_code(self.value())
        return queryset


class ProblemReportInline(admin.TabularInline):
    model = ProblemReport
    fields = ["created_at", "status", "message", "contact"]
    readonly_fields = ["created_at", "message", "contact"]
    extra = 0
    can_delete = False
    ordering = ["status", "-created_at"]

    def has_add_permission(self, request, obj=None):
        return False


class FacilityAdminForm(forms.ModelForm):
    confirmed_by_phone_on = forms.DateField(
        required=False,
        label="Confirmed by phone on",
        help_text="The day you called the program. Needed when you change an IOP detail.",
    )

    class Meta:
        model = Facility
        fields = list(DETAILS_BY_FIELD)  # the admin adds the other fields of its fieldsets

    def changed_details(self) -> list[str]:
        return [field for field in self.changed_data if field in DETAILS_BY_FIELD]

    def clean(self):
        cleaned = super().clean()
        if self.changed_details() and not cleaned.get("confirmed_by_phone_on"):
            self.add_error(
                "confirmed_by_phone_on", "Give the day you called the program to confirm this."
            )
        return cleaned


@admin.register(Facility)
class FacilityAdmin(admin.ModelAdmin):
    form = FacilityAdminForm
    list_display = [
        "name",
        "program_name",
        "city",
        "state",
        "settings",
        "source",
        "is_active",
        "hidden_by_editor",
    ]
    list_filter = [
        "is_active",
        "hidden_by_editor",
        SettingFilter,
        "source",
        "location_precision",
        "state",
    ]
    search_fields = ["name", "program_name", "street1", "city", "zip_code", "source_id", "slug"]
    readonly_fields = [
        "slug",
        "match_key",
        "first_seen",
        "last_seen",
        "updated_at",
        "findtreatment_id",
        "findtreatment_checked_on",
    ]
    list_per_page = 50
    inlines = [ProblemReportInline]
    fieldsets = [
        (
            "From the source",
            {
                "description": "An import overwrites these with the source's values. "
                "Correct lasting errors at the source, or ask a developer.",
                "fields": [
                    ("name", "program_name"),
                    ("street1", "street2"),
                    ("city", "state", "zip_code"),
                    ("phone", "intake_phone", "intake_phone_2"),
                    "more_intake_phones",
                    "website",
                    ("latitude", "longitude", "location_precision"),
                    "service_codes",
                    "unmatched_services",
                ],
            },
        ),
        (
            "IOP details (from a phone call with the program)",
            {
                "description": "SAMHSA does not publish these. Change one only after calling the "
                "program at a number on this listing, and give the day of the call: readers see "
                "each detail with that date, and its change in the listing's change log. Imports "
                "never change them.",
                "fields": [
                    ("morning_track", "day_track", "evening_track", "weekend_track"),
                    ("hours_per_week", "program_length", "telehealth_iop"),
                    ("group_languages", "accepting_new_patients", "typical_wait"),
                    "confirmed_by_phone_on",
                ],
            },
        ),
        (
            "Editors' notes and visibility",
            {"fields": ["notes", ("hidden_by_editor", "hidden_reason")]},
        ),
        (
            "Source and status",
            {
                "description": "Active is set by imports: a listing its source's latest full "
                "import lacked is inactive, and it comes back if the source lists it again. To "
                "keep a listing away from readers, use “Hidden by editor” above.",
                "fields": [
                    ("source", "source_dataset", "source_id"),
                    ("findtreatment_id", "findtreatment_checked_on"),
                    "is_active",
                    ("slug", "match_key"),
                    ("first_seen", "last_seen", "updated_at"),
                ],
            },
        ),
    ]

    @admin.display(description="settings")
    def settings(self, facility):
        return ", ".join(setting_labels(facility.code_list))

    def save_model(self, request, obj, form, change):
        if not change:  # a listing an editor adds by hand
            obj.first_seen = obj.last_seen = timezone.now()
        # IOP details change only through record_fact, which dates them and logs the change.
        details = {field: getattr(obj, field) for field in form.changed_details()}
        for field in details:
            setattr(obj, field, form.initial.get(field))
        super().save_model(request, obj, form, change)
        for field, value in details.items():
            record_fact(
                obj,
                field,
                value,
                source=ListingFact.Source.PHONE_CHECK,
                confirmed_on=form.cleaned_data["confirmed_by_phone_on"],
                by=request.user,
            )


@admin.register(ServiceCode)
class ServiceCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "plain_name", "name", "category_name"]
    list_filter = ["category_name"]
    search_fields = ["code", "name", "plain_name"]
    readonly_fields = ["code", "category_code", "category_name", "name", "samhsa_description"]
    fields = [
        ("code", "category_code", "category_name"),
        "name",
        "plain_name",
        "description",
        "samhsa_description",
    ]


@admin.register(ProblemReport)
class ProblemReportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "facility", "message_start", "status", "resolved_at"]
    list_filter = ["status", "created_at"]
    list_select_related = ["facility"]
    search_fields = ["message", "facility__name", "facility__city"]
    readonly_fields = ["facility", "message", "contact", "created_at", "resolved_at"]
    fields = [
        "facility",
        "created_at",
        "message",
        "contact",
        "status",
        "public_note",
        "resolved_at",
    ]
    actions = ["resolve"]

    @admin.display(description="message")
    def message_start(self, report):
        return report.message if len(report.message) <= 80 else f"{report.message[:79]}…"

    @admin.action(description="Mark selected reports as resolved")
    def resolve(self, request, queryset):
        resolved = queryset.filter(status=ProblemReport.Status.OPEN).update(
            status=ProblemReport.Status.RESOLVED, resolved_at=timezone.now()
        )
        self.message_user(request, f"{resolved} report(s) marked as resolved.")

    def save_model(self, request, obj, form, change):
        if obj.status == ProblemReport.Status.RESOLVED and obj.resolved_at is None:
            obj.resolved_at = timezone.now()
        elif obj.status == ProblemReport.Status.OPEN:
            obj.resolved_at = None
        super().save_model(request, obj, form, change)

    def has_add_permission(self, request):
        return False


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
