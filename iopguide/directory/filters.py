"""Find Rehab's filters: what a reader can tick, under which heading, with what explanation.
The codes come from vocabulary.py; forms.py reads the ticked ones, search.py applies them."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from . import vocabulary as codes
from .vocabulary import Service, describe


@dataclass(frozen=True)
class CodeFilter:
    """A filter on SAMHSA service codes; the codes are the parameter's values."""

    param: str
    legend: str
    explanation: str
    codes: tuple[str, ...]  # labels come from the code sheet (vocabulary)
    match_all: bool = False  # True: a program must offer every code picked; False: any of them

    def choices(self, services: dict[str, Service]) -> list[tuple[str, str]]:
        return [(code, describe(code, services).label) for code in self.codes]


@dataclass(frozen=True)
class EditorFilter:
    """A yes/no filter on a fact our directory editors check (SAMHSA does not publish it)."""

    param: str
    label: str
    field: str


SETTING = CodeFilter(
    "setting",
    _("Type of program"),
    _(
        "How many hours of care you get and where you stay. An intensive outpatient program (IOP) "
        "meets several hours a day, 3 to 5 days a week, while you live at home."
    ),
    codes.SETTING_FILTER_CODES,
)
PAYMENT = CodeFilter(
    "pay",
    _("Payment and insurance"),
    _("What the program accepts. Call to check your own plan: what it covers can differ."),
    codes.PAYMENT_CODES,
)
GROUP = CodeFilter(
    "group",
    _("Groups for people like you"),
    _(
        "Some programs run groups for people who share an experience. Many people find it easier "
        "to open up there."
    ),
    codes.GROUP_CODES,
)
LANGUAGE = CodeFilter(
    "lang",
    _("Language"),
    _("Counseling in a language other than English, or in sign language."),
    codes.LANGUAGE_CODES,
)
AGE = CodeFilter("age", _("Age"), _("The ages a program accepts."), codes.AGE_CODES)
APPROACH = CodeFilter(
    "approach",
    _("Ways of working"),
    _("Methods that research shows can help. We show programs that use every one you pick."),
    codes.APPROACH_CODES,
    match_all=True,
)
MEDICATION = CodeFilter(
    "mat",
    _("Medications for addiction"),
    _(
        "Medicines such as buprenorphine, methadone and naltrexone lower the risk of relapse and "
        "overdose."
    ),
    codes.MEDICATION_FILTER_CODES,
)
CODE_FILTERS = (SETTING, PAYMENT, GROUP, LANGUAGE, AGE, APPROACH, MEDICATION)

EDITOR_FILTERS = (
    EditorFilter("evening", _("Evening IOP groups (after 5 pm)"), "evening_track"),
    EditorFilter("weekend", _("Weekend IOP groups"), "weekend_track"),
    EditorFilter("telehealth", _("IOP online (telehealth)"), "telehealth_iop"),
    EditorFilter("accepting", _("Taking new patients"), "accepting_new_patients"),
)
EDITOR_FILTERS_LEGEND = _("Schedule and format")
EDITOR_FILTERS_EXPLANATION = _(
    "Our editors confirm these by phone with each program. Programs confirmed recently come "
    "first; programs not confirmed yet follow, marked, so you can call and ask."
)
DEFAULT_SETTINGS = codes.DEFAULT_SETTING_CODES
