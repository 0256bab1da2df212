import operator
from functools import reduce

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify

from iopguide.core.cache import content_changed

from .phones import tel_uri


class ServiceCode(models.Model):
    """SAMHSA's service vocabulary (the N-SUMHSS code sheet: 224 codes in 31 categories)."""

    code = models.CharField(max_length=12, primary_key=True)
    category_code = models.CharField(max_length=12, db_index=True)
    category_name = models.CharField(max_length=120)
    name = models.CharField(max_length=200, help_text="SAMHSA's service name, as published.")
    plain_name = models.CharField(
        max_length=200, blank=True, help_text="Short plain-language name readers see."
    )
    description = models.TextField(blank=True, help_text="Plain-language explanation for readers.")
    samhsa_description = models.TextField(blank=True, help_text="SAMHSA's own description.")

    class Meta:
        ordering = ["category_code", "code"]

    def __str__(self):
        return f"{self.code}: {self.name}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        content_changed()  # pages show its labels, and read the vocabulary from the cache

    def delete(self, *args, **kwargs):
        content_changed()
        return super().delete(*args, **kwargs)

    @property
    def label(self) -> str:
        return self.plain_name or self.name


class FacilityQuerySet(models.QuerySet):
    def active(self):
        """Listings readers see: still in their source, and not hidden by an editor."""
        return self.filter(is_active=True, hidden_by_editor=False)

    def with_code(self, code: str):
        """Facilities offering a service code; codes are stored space-padded so this is exact."""
        return self.filter(service_codes__contains=f" {code} ")

    def with_any_code(self, codes):
        """Facilities offering at least one of the codes."""
        return self.filter(
            reduce(operator.or_, (Q(service_codes__contains=f" {code} ") for code in codes))
        )


class Facility(models.Model):
    class Source(models.TextChoices):
        NSUMHSS = "nsumhss", "SAMHSA National Directory (N-SUMHSS)"
        FINDTREATMENT = "findtreatment", "FindTreatment.gov"
        DEMO = "demo", "Demo data (fictional)"
        MANUAL = "manual", "Added by an editor"

    class LocationPrecision(models.TextChoices):
        SOURCE = "source", "From the source"
        ZIP = "zip", "ZIP centroid"
        NONE = "none", "Unknown"

    name = models.CharField(max_length=255)
    program_name = models.CharField(max_length=255, blank=True, help_text="SAMHSA's Name2.")
    street1 = models.CharField(max_length=255, blank=True)
    street2 = models.CharField(max_length=255, blank=True)
    city = models.CharField(max_length=100)
    city_slug = models.SlugField(max_length=100, db_index=True, default="", editable=False)
    state = models.CharField(max_length=2, db_index=True, help_text="Two-letter postal code.")
    zip_code = models.CharField(max_length=5, db_index=True)
    phone = models.CharField(max_length=40, blank=True)
    intake_phone = models.CharField(max_length=40, blank=True)
    intake_phone_2 = models.CharField(max_length=40, blank=True)
    more_intake_phones = models.TextField(
        blank=True, default="", help_text="Further intake numbers, one a line."
    )
    website = models.URLField(max_length=500, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    location_precision = models.CharField(
        max_length=6, choices=LocationPrecision.choices, default=LocationPrecision.NONE
    )
    # Space-separated SAMHSA codes with a space at each end (" OIT MD PI "), so a code test is
    # one indexed-candidate substring match on every database. Unknown codes are kept.
    service_codes = models.TextField(blank=True, default="")

    # One "Category: service name" a line: services the source named in words the code sheet
    # lacks (FindTreatment gives names, not codes). Kept so an import loses nothing.
    unmatched_services = models.TextField(blank=True, default="")

    source = models.CharField(max_length=16, choices=Source.choices)
    source_dataset = models.CharField(
        max_length=200, blank=True, help_text="The release cited on the page, e.g. N-SUMHSS 2023."
    )
    source_id = models.CharField(max_length=64, blank=True, help_text="The source's own id.")
    # Normalized name + street + ZIP: the match key when the source has no id.
    match_key = models.CharField(max_length=255, db_index=True, editable=False)
    slug = models.SlugField(max_length=120, unique=True)
    first_seen = models.DateTimeField()
    last_seen = models.DateTimeField()
    last_verified = models.DateField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Facts SAMHSA does not publish; directory editors fill them in and imports never touch them.
    evening_track = models.BooleanField(null=True, blank=True, help_text="IOP sessions after 5 pm.")
    weekend_track = models.BooleanField(
        null=True, blank=True, help_text="IOP sessions on weekends."
    )
    hours_per_week = models.PositiveSmallIntegerField(null=True, blank=True)
    program_length = models.CharField(max_length=100, blank=True, help_text="E.g. 8 to 12 weeks.")
    telehealth_iop = models.BooleanField(null=True, blank=True, help_text="IOP offered online.")
    accepting_new_patients = models.BooleanField(null=True, blank=True)
    accepting_checked_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True, help_text="Shown to readers. Plain language.")
    # `is_active` belongs to imports (a listing missing from a full import is deactivated, one
    # that comes back is reactivated); this is the editors' own switch, which imports never touch.
    hidden_by_editor = models.BooleanField(
        default=False,
        help_text="Hide from readers even while the source still lists it (for example, the "
        "program has closed). Imports never change this.",
    )
    hidden_reason = models.CharField(
        max_length=200,
        blank=True,
        help_text="Why it is hidden, for other editors. Readers never see this.",
    )

    objects = FacilityQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "facilities"
        ordering = ["name"]
        indexes = [
            models.Index(fields=["latitude", "longitude"]),
            models.Index(fields=["state", "city"]),
            models.Index(fields=["source", "source_id"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_id"],
                condition=~models.Q(source_id=""),
                name="unique_source_id_per_source",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.city}, {self.state})"

    def save(self, *args, **kwargs):
        self.city_slug = slugify(self.city)
        super().save(*args, **kwargs)
        content_changed()  # its page, Find Rehab, compare, state and city pages

    def get_absolute_url(self):
        return reverse("directory:facility", kwargs={"slug": self.slug})

    def delete(self, *args, **kwargs):
        content_changed()
        return super().delete(*args, **kwargs)

    def clean(self):
        if self.hidden_by_editor and not self.hidden_reason.strip():
            raise ValidationError(
                {"hidden_reason": "Say why the listing is hidden, so other editors know."}
            )

    @property
    def is_listed(self) -> bool:
        """Whether readers see this listing (the same test as `Facility.objects.active()`)."""
        return self.is_active and not self.hidden_by_editor

    @property
    def code_list(self) -> list[str]:
        return self.service_codes.split()

    def has_code(self, code: str) -> bool:
        return f" {code} " in self.service_codes

    @property
    def phone_numbers(self) -> list[tuple[str, str, str | None]]:
        """(label, number as written, tel: URI) for each number the listing has."""
        numbers = [
            ("Main phone", self.phone),
            ("Intake", self.intake_phone),
            ("Intake", self.intake_phone_2),
            *(("Intake", number) for number in self.more_intake_phones.splitlines()),
        ]
        return [(label, number, tel_uri(number)) for label, number in numbers if number]


class ProblemReport(models.Model):
    """A reader's report that a listing is wrong, queued for directory editors."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="reports")
    message = models.TextField(max_length=2000)
    contact = models.CharField(max_length=200, blank=True, help_text="Optional, if they left one.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Report on {self.facility} ({self.get_status_display()})"
