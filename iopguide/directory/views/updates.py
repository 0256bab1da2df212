"""Program staff propose IOP details and corrections (no account); the site-wide change log."""

import re

from django import forms
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from iopguide.core.page_cache import reader_page_cache
from iopguide.core.rate_limits import hourly_limit_reached

from ..listing_details import DETAILS, recent_changes
from ..models import Facility, ProgramUpdate

UPDATES_PER_HOUR = 5
LINK = re.compile(r"(https?://|www\.|\b[a-z0-9-]+\.(com|net|org|info|biz|ru|xyz)\b)", re.I)
YES_NO = [("", _("Leave as it is / not sure")), ("yes", _("Yes")), ("no", _("No"))]


def no_links(value: str) -> str:
    if LINK.search(value or ""):
        raise forms.ValidationError(
            _("Please leave out web addresses: tell us the change in words.")
        )
    return value


def _detail_field(detail) -> forms.Field:
    if detail.kind == "yes/no":
        return forms.ChoiceField(
            label=detail.label, choices=YES_NO, required=False, widget=forms.RadioSelect
        )
    if detail.kind == "number":
        return forms.IntegerField(label=detail.label, min_value=1, max_value=40, required=False)
    return forms.CharField(
        label=detail.label, max_length=100, required=False, validators=[no_links]
    )


class ProgramUpdateForm(forms.Form):
    corrections = forms.CharField(
        label=_("Other corrections (address, phone, services)"),
        max_length=2000,
        required=False,
        validators=[no_links],
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": 2000}),
    )
    submitter_name = forms.CharField(label=_("Your name"), max_length=100, validators=[no_links])
    submitter_role = forms.CharField(
        label=_("Your role at the program"), max_length=100, validators=[no_links]
    )
    submitter_email = forms.EmailField(
        label=_("Your work email"),
        max_length=200,
        help_text=_(
            "Only our directory editors see it. We confirm every update by calling the number "
            "already on this listing, not a number you give us."
        ),
    )
    # A field people never see (hidden with CSS, skipped by keyboard and screen readers): only
    # bots fill it in.
    fax_number = forms.CharField(required=False, label=_("Leave this empty"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        details = {detail.field: _detail_field(detail) for detail in DETAILS}
        self.fields = details | self.fields

    @property
    def detail_fields(self):
        return [self[detail.field] for detail in DETAILS]

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("fax_number"))

    def clean(self):
        cleaned = super().clean()
        if not self.proposed() and not cleaned.get("corrections"):
            raise forms.ValidationError(
                _("Fill in at least one detail or correction, so we know what to change.")
            )
        return cleaned

    def proposed(self) -> dict:
        return {
            detail.field: self.cleaned_data[detail.field]
            for detail in DETAILS
            if self.cleaned_data.get(detail.field) not in (None, "")
        }


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def update_listing(request, slug):
    facility = get_object_or_404(Facility.objects.active(), slug=slug)
    context = {"facility": facility, "sent": request.GET.get("sent") == "1"}
    if request.method != "POST":
        return render(
            request, "directory/update_listing.html", context | {"form": ProgramUpdateForm()}
        )
    form = ProgramUpdateForm(request.POST)
    if form.is_bot:
        return redirect(f"{request.path}?sent=1")  # tell a bot nothing; save nothing
    if not form.is_valid():
        return render(request, "directory/update_listing.html", context | {"form": form})
    if hourly_limit_reached(request, "program-updates", UPDATES_PER_HOUR):
        return render(
            request, "directory/update_listing.html", context | {"limited": True}, status=429
        )
    ProgramUpdate.objects.create(
        facility=facility,
        proposed=form.proposed(),
        corrections=form.cleaned_data["corrections"],
        submitter_name=form.cleaned_data["submitter_name"],
        submitter_role=form.cleaned_data["submitter_role"],
        submitter_email=form.cleaned_data["submitter_email"],
    )
    return redirect(f"{request.path}?sent=1")


@require_safe
@reader_page_cache
def changes(request):
    return render(request, "directory/changes.html", {"changes": recent_changes()})
