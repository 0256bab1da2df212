from functools import lru_cache

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import get_script_prefix, reverse
from django.utils.text import slugify
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from iopguide.core.cache import content_changed

from . import provenance
from .code_storage import ServiceCodesField, offers_any
from .phones import tel_uri
from .vocabulary import IOP


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


IOP_LISTINGS = offers_any(IOP)


class FacilityQuerySet(models.QuerySet):
    def active(self):
        """Listings readers see: still in their source, and not hidden by an editor."""
        return self.filter(is_active=True, hidden_by_editor=False)

    def with_code(self, code: str):
        """Facilities offering a service code."""
        return self.filter(offers_any(code))

    def with_any_code(self, codes):
        """Facilities offering at least one of the codes."""
        return self.filter(offers_any(*codes))


class Facility(models.Model):
    class Source(models.TextChoices):
        NSUMHSS = "nsumhss", "SAMHSA National Directory (N-SUMHSS)"
        FINDTREATMENT = "findtreatment", "FindTreatment.gov"
        DEMO = "demo", "Demo data (fictional)"
        MANUAL = "manual", "Added by an editor"

    class LocationPrecision(models.TextChoices):
        SOURCE = "source", "The address, located by the source"
        ZIP = "zip", "The center of its ZIP code"
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
    service_codes = ServiceCodesField(blank=True, default="")

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
    # What FindTreatment.gov, SAMHSA's live locator, said about this program when a sync last
    # listed it: the one date a page may give as "checked". A yearly file's date is its year.
    findtreatment_id = models.CharField(
        max_length=64, blank=True, db_index=True, help_text="FindTreatment.gov's id (frid)."
    )
    findtreatment_checked_on = models.DateField(
        null=True,
        blank=True,
        help_text="The last day a FindTreatment.gov sync found this program listed there.",
    )
    is_active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Facts SAMHSA does not publish; imports never touch them. Each holds its latest confirmed
    # value; where it came from and when is in `facts` (ListingFact), written by
    # listing_details.record_fact(), the one way these change.
    morning_track = models.BooleanField(null=True, blank=True, help_text="IOP groups before noon.")
    day_track = models.BooleanField(null=True, blank=True, help_text="IOP groups noon to 5 pm.")
    evening_track = models.BooleanField(null=True, blank=True, help_text="IOP sessions after 5 pm.")
    weekend_track = models.BooleanField(
        null=True, blank=True, help_text="IOP sessions on weekends."
    )
    hours_per_week = models.PositiveSmallIntegerField(null=True, blank=True)
    program_length = models.CharField(max_length=100, blank=True, help_text="E.g. 8 to 12 weeks.")
    telehealth_iop = models.BooleanField(null=True, blank=True, help_text="IOP offered online.")
    group_languages = models.CharField(
        max_length=200, blank=True, help_text="Languages IOP groups run in, e.g. English, Spanish."
    )
    accepting_new_patients = models.BooleanField(null=True, blank=True)
    typical_wait = models.CharField(
        max_length=100, blank=True, help_text="Typical wait for a first session, e.g. about a week."
    )
    # When the details Find Rehab filters on were last confirmed (the filters skip stale ones).
    evening_confirmed_on = models.DateField(null=True, blank=True, editable=False)
    weekend_confirmed_on = models.DateField(null=True, blank=True, editable=False)
    telehealth_confirmed_on = models.DateField(null=True, blank=True, editable=False)
    accepting_checked_on = models.DateField(null=True, blank=True)
    # Detail -> ISO date it was last confirmed (record_fact keeps it): pages that show many
    # listings (Compare) read dates here instead of querying every listing's facts.
    details_confirmed_on = models.JSONField(default=dict, blank=True, editable=False)
    # When the first confirmed detail stops being recent (record_fact keeps it); empty: no
    # detail was ever confirmed. The re-check queue reads it.
    recheck_due_on = models.DateField(null=True, blank=True, db_index=True, editable=False)
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
            # Intensive outpatient listings only: the default search reads a third of the rows.
            models.Index(
                fields=["latitude", "longitude"], condition=IOP_LISTINGS, name="facility_iop_point"
            ),
            models.Index(fields=["state"], condition=IOP_LISTINGS, name="facility_iop_state"),
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
        return facility_url_pattern().format(slug=self.slug)

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
    def source_note(self) -> str:
        return provenance.source_note(self)

    @property
    def location_note(self) -> str:
        return provenance.location_note(self)

    @property
    def code_list(self) -> list[str]:
        return self.service_codes.split()

    def has_code(self, code: str) -> bool:
        return f" {code} " in self.service_codes

    @property
    def phone_numbers(self) -> list[tuple[str, str, str | None]]:
        """(label, number as written, tel: URI) for each number the listing has."""
        numbers = [
            (gettext("Main phone"), self.phone),
            (gettext("Intake"), self.intake_phone),
            (gettext("Intake"), self.intake_phone_2),
            *((gettext("Intake"), number) for number in self.more_intake_phones.splitlines()),
        ]
        return [(label, number, tel_uri(number)) for label, number in numbers if number]


class ListingFact(models.Model):
    """One confirmation of one IOP detail of a listing: its value, where it came from, when.
    The latest for a detail is what readers see; those whose value changed are the public
    change log."""

    class Source(models.TextChoices):
        SAMHSA_FILE = "samhsa_file", _("SAMHSA's national directory")
        FINDTREATMENT = "findtreatment", "FindTreatment.gov"
        PROGRAM = "program", _("The program's own update, confirmed by phone")
        PHONE_CHECK = "phone_check", _("An editor's phone call with the program")

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="facts")
    detail = models.CharField(max_length=40)
    value = models.CharField(max_length=200, blank=True, help_text="Empty: not known.")
    previous_value = models.CharField(max_length=200, blank=True)
    source = models.CharField(max_length=16, choices=Source.choices)
    confirmed_on = models.DateField()
    recorded_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-confirmed_on", "-recorded_at"]
        indexes = [models.Index(fields=["facility", "detail", "-confirmed_on"])]

    def __str__(self):
        return f"{self.facility}: {self.detail} = {self.value or 'not known'}"

    @property
    def changed(self) -> bool:
        return self.value != self.previous_value


class ListingDemand(models.Model):
    """How often readers meet a listing: counters only, nothing about who (directory/demand.py).
    The re-check queue puts the listings readers use most first."""

    facility = models.OneToOneField(
        Facility, on_delete=models.CASCADE, primary_key=True, related_name="demand"
    )
    appearances = models.PositiveBigIntegerField(default=0, help_text="Shown in Find Rehab.")
    opens = models.PositiveBigIntegerField(default=0, help_text="Listing page opened.")

    def __str__(self):
        return f"{self.facility}: {self.opens} opens, {self.appearances} appearances"


class DueRecheck(Facility):
    """The admin's re-check queue: listings whose details are due, most-used first."""

    class Meta:
        proxy = True
        verbose_name = "re-check due"
        verbose_name_plural = "re-checks due"


class ProgramUpdate(models.Model):
    """IOP details and corrections program staff propose on the public form. Nothing changes
    for readers until a directory editor calls the listed number and approves, field by field."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a call"
        APPROVED = "approved", "Approved"
        PARTLY = "partly", "Partly approved"
        REJECTED = "rejected", "Rejected"

    class CallOutcome(models.TextChoices):
        NOT_CALLED = "", "Not called yet"
        CONFIRMED = "confirmed", "Reached the program; they confirmed the details"
        DIFFERENT = "different", "Reached the program; some details differ"
        NO_ANSWER = "no_answer", "No answer or voicemail"
        NOT_THEM = "not_them", "The program says it did not send this"

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="updates")
    proposed = models.JSONField(default=dict, help_text="Detail -> proposed value, as sent.")
    corrections = models.TextField(blank=True, max_length=2000)
    submitter_name = models.CharField(max_length=100)
    submitter_role = models.CharField(max_length=100)
    submitter_email = models.EmailField(max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    call_outcome = models.CharField(
        max_length=10, choices=CallOutcome.choices, blank=True, default=""
    )
    called_on = models.DateField(null=True, blank=True)
    decision_reason = models.CharField(max_length=300, blank=True)
    decided_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        permissions = [("approve_programupdate", "Can approve or reject program updates")]

    def __str__(self):
        return f"Update for {self.facility} ({self.get_status_display()})"


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
    public_note = models.CharField(
        max_length=300,
        blank=True,
        help_text="What was corrected, in plain words, for the listing's public change log "
        "once resolved (never who reported it).",
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Report on {self.facility} ({self.get_status_display()})"


def facility_url_pattern() -> str:
    """A facility page's path in the active language, with a {slug} hole."""
    return _facility_path(get_language(), get_script_prefix())


@lru_cache(maxsize=16)  # reverse() cost 0.08 ms for each of 20 results
def _facility_path(language, script_prefix) -> str:
    return reverse("directory:facility", kwargs={"slug": "SLUG"}).replace("SLUG", "{slug}")
