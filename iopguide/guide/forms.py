from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from . import tools

MAX_PLACE_LENGTH = 100  # as Find Rehab reads `near`


def _yes_no(label: str, help_text: str) -> forms.ChoiceField:
    """A question that must be answered: yes, no or not sure."""
    return forms.ChoiceField(
        label=label,
        help_text=help_text,
        choices=tools.YES_NO_UNSURE,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Pick an answer to this question."),
            "invalid_choice": _("Pick one of the answers shown."),
        },
    )


def _optional(label: str, choices, widget, help_text: str = "", many: bool = False):
    """A question that may be skipped: one answer, or (many) any number of them."""
    field_class = forms.MultipleChoiceField if many else forms.ChoiceField
    return field_class(
        label=label,
        help_text=help_text,
        choices=choices,
        widget=widget,
        required=False,
        error_messages={"invalid_choice": _("Pick from the answers shown.")},
    )


class SelfCheckForm(forms.Form):
    """The "Is an IOP right for me?" questions. Three must be answered (they decide the safety
    steps); the rest only narrow the Find Rehab search. The template lays the fields out itself,
    in fieldsets, so legends, hints and errors are tied to their fields; Django marks a field
    with an error aria-invalid. The browser's own required-field pop-ups are off: the page's
    messages say what to do, in the same words for everyone."""

    use_required_attribute = False

    safety = _yes_no(
        _("Right now, are you thinking about suicide, in danger, or afraid of an overdose?"),
        _("If yes, you don't need to finish this page: call or text 988, or call 911."),
    )
    withdrawal = _yes_no(
        _("Could stopping be risky for your body?"),
        _(
            "Say yes if you drink alcohol or take benzodiazepines (such as Xanax) or opioids every "
            "day or almost every day. Say yes, too, if cutting back ever gave you the shakes, "
            "sweats or seizures, or made you see things."
        ),
    )
    home = _yes_no(
        _("Do you have a safe, steady place to live during treatment?"),
        _("Safe means no one there hurts you or pushes you to use."),
    )
    schedule = _optional(
        _("When and how could you take part?"),
        tools.SCHEDULE_CHOICES,
        forms.CheckboxSelectMultiple,
        _("Tick all that fit. An IOP meets a few hours at a time, several days a week."),
        many=True,
    )
    payment = _optional(
        _("How would you pay?"),
        tools.PAYMENT_CHOICES,
        forms.CheckboxSelectMultiple,
        _("Tick all that fit."),
        many=True,
    )
    medication = _optional(
        _("Would you like medicine as part of your treatment?"),
        tools.MEDICATION_CHOICES,
        forms.CheckboxSelectMultiple,
        _("Leave these empty if you're not sure yet."),
        many=True,
    )
    groups = _optional(
        _("Are any of these true for you?"),
        tools.GROUP_CHOICES,
        forms.CheckboxSelectMultiple,
        _("Some programs have groups just for you. Leave empty if none fit."),
        many=True,
    )
    age = _optional(
        _("How old is the person who needs care?"), tools.AGE_CHOICES, forms.RadioSelect
    )
    language = _optional(
        _("Which language would you like counseling in?"), tools.LANGUAGE_CHOICES, forms.Select
    )
    near = forms.CharField(
        label=_("Where should we look? ZIP code, or city and state"),
        help_text=_("For example 22901 or Richmond, VA."),
        max_length=MAX_PLACE_LENGTH,
        required=False,
        error_messages={
            "max_length": format_lazy(_("Use {count} characters or fewer."), count=MAX_PLACE_LENGTH)
        },
    )
