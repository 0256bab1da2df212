from django.contrib import admin

from .models import Facility, ProblemReport, ServiceCode


@admin.register(Facility)
class FacilityAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "state", "source", "is_active", "last_verified"]
    list_filter = ["is_active", "source", "state"]
    search_fields = ["name", "program_name", "city", "zip_code"]


@admin.register(ServiceCode)
class ServiceCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "category_name"]
    list_filter = ["category_name"]
    search_fields = ["code", "name"]


@admin.register(ProblemReport)
class ProblemReportAdmin(admin.ModelAdmin):
    list_display = ["facility", "status", "created_at"]
    list_filter = ["status"]
