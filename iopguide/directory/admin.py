from django.contrib import admin
from django.db.models import Q
from django.utils import timezone

from .models import Facility, ProblemReport, ServiceCode
from .vocabulary import setting_labels


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


@admin.register(Facility)
class FacilityAdmin(admin.ModelAdmin):
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
            "Directory editors' fields",
            {
                "description": "SAMHSA does not publish these. Imports never change them; "
                "readers see them on the facility page when filled.",
                "fields": [
                    ("evening_track", "weekend_track", "telehealth_iop"),
                    ("hours_per_week", "program_length"),
                    ("accepting_new_patients", "accepting_checked_on"),
                    "notes",
                    ("hidden_by_editor", "hidden_reason"),
                ],
            },
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
        super().save_model(request, obj, form, change)


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
    fields = ["facility", "created_at", "message", "contact", "status", "resolved_at"]
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
