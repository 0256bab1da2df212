"""The directory's admin: listings, the code sheet and readers' problem reports. Program
updates, the fact log and the re-check queue are in verification_admin.py."""

from django import forms
from django.contrib import admin
from django.utils import timezone

from . import verification_admin  # noqa: F401 (registers the verification admins)
from .listing_details import DETAILS_BY_FIELD, record_fact
from .models import Facility, ListingFact, ProblemReport, ServiceCode
from .vocabulary import SETTING_GROUPS, setting_labels


class SettingFilter(admin.SimpleListFilter):
    """The settings readers see (vocabulary.SETTING_GROUPS), with the codes each one covers."""

    title = "setting"
    parameter_name = "setting"
    GROUPS = {group.key: group for group in SETTING_GROUPS}

    def lookups(self, request, model_admin):
        return [
            (group.key, f"{group.label} ({', '.join(group.codes)})") for group in SETTING_GROUPS
        ]

    def queryset(self, request, queryset):
        if group := self.GROUPS.get(self.value()):
            return queryset.with_any_code(group.codes)
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
