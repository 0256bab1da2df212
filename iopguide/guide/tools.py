"""Tools to decide: the "Is an IOP right for me?" self-check and the call worksheet.

The self-check turns a reader's answers into plain next steps and a Find Rehab search with the
matching filters. It never scores or labels anyone: each answer only adds a step or a filter.
Nothing here reads or writes the database; the answers live in the query string alone.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .tool_sources import Cited, Source, number_citations

# --- The self-check: each answer's plain label, its next step, its Find Rehab filters ---------


@dataclass(frozen=True)
class NextStep:
    key: str
    heading: str
    text: Cited


STEPS = {
    "crisis": NextStep(
        "crisis",
        _("Get help now, before anything else"),
        Cited(
            _(
                "Call or text 988 to talk with a trained counselor, any time. It is free and it "
                "helps with a substance use crisis too. If someone is in danger or may have "
                "overdosed, call 911. Treatment planning can wait until you are safe."
            ),
            ("988",),
        ),
    ),
    "withdrawal": NextStep(
        "withdrawal",
        _("Talk with a doctor before you stop or cut back"),
        Cited(
            _(
                "Stopping alcohol or benzodiazepines (such as Xanax, Valium or Klonopin) all at "
                "once after heavy or daily use can cause seizures and can be deadly. Opioid "
                "withdrawal is rarely deadly, but it is hard, and medicine can ease it. After a "
                "break, your body handles less, so the same amount can cause an overdose. You may "
                "need detox first: medical help to stop safely. The search below includes programs "
                "that offer detox."
            ),
            ("alcohol-withdrawal", "benzodiazepines", "opioid-withdrawal"),
        ),
    ),
    "home": NextStep(
        "home",
        _("Ask about a safe place to stay"),
        Cited(
            _(
                "An IOP works best when you have a safe, steady home to go back to each day. If "
                "you don't, ask about residential (live-in) care or sober housing. The search "
                "below includes residential programs. The National Helpline (1-800-662-4357) can "
                "help you find one."
            ),
            ("tip47", "helpline"),
        ),
    ),
    "home-unsure": NextStep(
        "home-unsure",
        _("Think about your home"),
        Cited(
            _(
                "If someone at home uses drugs or alcohol, or you don't feel safe there, tell the "
                "program when you call. They can help you plan, or suggest a live-in program."
            ),
            ("tip47",),
        ),
    ),
    "medication": NextStep(
        "medication",
        _("Ask every program about medicine"),
        Cited(
            _(
                "Methadone, buprenorphine and naltrexone treat opioid use disorder. Methadone and "
                "buprenorphine lower the risk of dying from an overdose. Other medicines help "
                "people drink less or stop. Ask each program if it gives these medicines, or works "
                "with the doctor who does. The search below looks for programs that do."
            ),
            ("opioid-medicines", "alcohol-medicines"),
        ),
    ),
    "pregnant": NextStep(
        "pregnant",
        _("Say that you are pregnant when you call"),
        Cited(
            _(
                "Programs paid for by federal block grants must put pregnant people first in line. "
                "Tell the program right away. Ask about care for you and your baby, and don't stop "
                "opioid medicine on your own: talk with your doctor first."
            ),
            ("pregnancy-priority", "opioid-medicines"),
        ),
    ),
    "veteran": NextStep(
        "veteran",
        _("Ask the VA, too"),
        Cited(
            _(
                "If you served in the military, VA health care may cover treatment for substance "
                "use. You can ask your VA doctor, or call a VA medical center near you."
            ),
            ("va",),
        ),
    ),
    "no-insurance": NextStep(
        "no-insurance",
        _("Ask about low-cost care"),
        Cited(
            _(
                "Some programs charge less if you earn less (a sliding fee), and some are free. "
                "Ask if you could get Medicaid: it pays for substance use treatment, but what it "
                "covers differs by state. The National Helpline can point you to state-funded "
                "programs."
            ),
            ("helpline", "medicaid"),
        ),
    ),
    "medicare": NextStep(
        "medicare",
        _("Medicare covers IOP"),
        Cited(
            _(
                "Medicare Part B can pay for an IOP when a doctor says you need at least 9 hours "
                "of care a week. Ask the program if it takes Medicare."
            ),
            ("medicare-iop",),
        ),
    ),
    "assessment": NextStep(
        "assessment",
        _("Ask for an assessment"),
        Cited(
            _(
                "Only a trained professional can tell which care fits you. They will ask about "
                "your health, your use, your home and your goals. Many use the ASAM Criteria to "
                "match people with care. An IOP may be one option to ask about. Your answers here "
                "are not a test and give no score."
            ),
            ("asam",),
        ),
    ),
    "call": NextStep(
        "call",
        _("Call a few programs"),
        Cited(
            _(
                "Take our call worksheet when you call. It lists what to ask, what a good answer "
                "sounds like, and space to write down what they say."
            ),
        ),
    ),
}

# Field names and values as they appear in the query string, so a shared link stays readable.
YES, NO, UNSURE = "yes", "no", "unsure"
YES_NO_UNSURE = [(YES, _("Yes")), (NO, _("No")), (UNSURE, _("I'm not sure"))]

SCHEDULE_CHOICES = [
    ("daytime", _("I can go during the day on weekdays")),
    ("evening", _("I need groups in the evening (after 5 pm)")),
    ("weekend", _("I need groups on the weekend")),
    ("online", _("I would like to take part online (telehealth)")),
]
PAYMENT_CHOICES = [
    ("medicaid", _("Medicaid")),
    ("medicare", _("Medicare")),
    ("private", _("Private insurance (through work or bought on my own)")),
    ("military", _("TRICARE (military insurance)")),
    ("none", _("No insurance")),
    ("unsure", _("I'm not sure")),
]
MEDICATION_CHOICES = [
    ("opioid", _("Yes, for opioid use (such as heroin, fentanyl or pain pills)")),
    ("alcohol", _("Yes, for alcohol use")),
    ("taking", _("I already take medicine for opioid use and want to keep taking it")),
]
AGE_CHOICES = [
    ("", _("I'd rather not say")),
    ("teen", _("17 or younger")),
    ("young-adult", _("18 to 25")),
    ("adult", _("26 to 64")),
    ("older-adult", _("65 or older")),
]
GROUP_CHOICES = [
    ("pregnant", _("Pregnant or had a baby in the past year")),
    ("veteran", _("A veteran or served in the military")),
]
# The languages Find Rehab can search on: our answer value, the reader's word, SAMHSA's code.
LANGUAGES = [
    ("spanish", _("Spanish"), "SP"),
    ("sign", _("American Sign Language (ASL)"), "AH"),
    ("native", _("An American Indian or Alaska Native language"), "NX"),
    ("arabic", _("Arabic"), "F4"),
    ("chinese", _("Chinese"), "F17"),
    ("creole", _("Creole"), "F19"),
    ("farsi", _("Farsi"), "F25"),
    ("french", _("French"), "F28"),
    ("hindi", _("Hindi"), "F36"),
    ("hmong", _("Hmong"), "F37"),
    ("korean", _("Korean"), "F47"),
    ("polish", _("Polish"), "F66"),
    ("portuguese", _("Portuguese"), "F67"),
    ("russian", _("Russian"), "F70"),
    ("tagalog", _("Tagalog"), "F81"),
    ("vietnamese", _("Vietnamese"), "F92"),
    ("other", _("Another language"), "FX"),
]
LANGUAGE_CHOICES = [("", _("English")), *((value, name) for value, name, _code in LANGUAGES)]


@dataclass(frozen=True)
class SearchFilter:
    """One answer's filter on Find Rehab: its parameter and values (see docs/find-rehab.md) and
    what it looks for, in words that follow "programs that"."""

    param: str
    values: tuple[str, ...]
    words: str


# Each optional answer → its Find Rehab filter, by form field and answer value.
SEARCH_FILTERS = {
    "payment": {
        "medicaid": SearchFilter("pay", ("MD",), _("take Medicaid")),
        "medicare": SearchFilter("pay", ("MC",), _("take Medicare")),
        "private": SearchFilter("pay", ("PI",), _("take private insurance")),
        "military": SearchFilter("pay", ("MI",), _("take TRICARE")),
        "none": SearchFilter(
            "pay", ("SS", "NP", "PA"), _("offer a sliding fee, free care or help paying")
        ),
    },
    "medication": {
        "opioid": SearchFilter(
            "mat", ("BU", "MU", "NU"), _("use buprenorphine, methadone or naltrexone")
        ),
        "alcohol": SearchFilter("mat", ("PMAT",), _("prescribe medicine for alcohol use")),
        "taking": SearchFilter(
            "mat", ("MOA",), _("accept people whose medicine for opioid use comes from elsewhere")
        ),
    },
    "groups": {
        "pregnant": SearchFilter(
            "group", ("PW",), _("have groups for pregnant people and new mothers")
        ),
        "veteran": SearchFilter("group", ("VET",), _("have groups for veterans")),
    },
    "age": {
        "teen": SearchFilter("age", ("CHLD",), _("serve teens (17 or younger)")),
        "young-adult": SearchFilter("age", ("YAD",), _("serve young adults (18 to 25)")),
        "adult": SearchFilter("age", ("ADLT",), _("serve adults (26 to 64)")),
        "older-adult": SearchFilter("age", ("SNR",), _("serve older adults (65 or older)")),
    },
    "language": {
        value: SearchFilter(
            "lang", (code,), format_lazy(_("offer counseling in: {name}"), name=name)
        )
        for value, name, code in LANGUAGES
    },
    # Find Rehab's editor-checked flags take the value 1.
    "schedule": {
        "evening": SearchFilter("evening", ("1",), _("have evening IOP groups")),
        "weekend": SearchFilter("weekend", ("1",), _("have weekend IOP groups")),
        "online": SearchFilter("telehealth", ("1",), _("offer IOP online")),
    },
}
SETTING_WORDS = {"OIT": _("an IOP"), "DT": _("detox"), "RES": _("residential (live-in) care")}


@dataclass
class SelfCheckResult:
    steps: list[tuple[NextStep, list[int]]]  # each with its footnote numbers
    find_rehab_url: str
    search_filters: list[str]  # what the search looks for, each following "programs that"
    uses_editor_checks: bool  # a schedule filter leaves out programs editors have not checked
    sources: list[tuple[int, Source]]


def _next_steps(answers: dict) -> list[NextStep]:
    keys = []
    if answers["safety"] != NO:
        keys.append("crisis")
    if answers["withdrawal"] != NO:
        keys.append("withdrawal")
    if answers["home"] == NO:
        keys.append("home")
    elif answers["home"] == UNSURE:
        keys.append("home-unsure")
    if answers["medication"]:
        keys.append("medication")
    keys += [group for group in ("pregnant", "veteran") if group in answers["groups"]]
    if "none" in answers["payment"]:
        keys.append("no-insurance")
    if "medicare" in answers["payment"]:
        keys.append("medicare")
    return [STEPS[key] for key in [*keys, "assessment", "call"]]


def _search(answers: dict) -> tuple[list[tuple[str, str]], list[str]]:
    """Find Rehab's query parameters for the answers, and what they look for in words."""
    settings = ["OIT"]
    if answers["withdrawal"] != NO:
        settings.append("DT")
    if answers["home"] == NO:
        settings.append("RES")
    params = [("near", answers["near"])] if answers["near"] else []
    params += [("setting", code) for code in settings]
    offered = gettext(" or ").join(str(SETTING_WORDS[code]) for code in settings)
    words = [gettext("offer %(settings)s") % {"settings": offered}]
    for field_name, filters in SEARCH_FILTERS.items():
        picked = answers[field_name]
        for value in [picked] if isinstance(picked, str) else picked:
            if search_filter := filters.get(value):
                params += [(search_filter.param, code) for code in search_filter.values]
                words.append(search_filter.words)
    if answers["near"]:
        words.append(gettext("are near %(place)s") % {"place": answers["near"]})
    # Within one parameter Find Rehab needs any of the values: each only once.
    return list(dict.fromkeys(params)), words


def self_check_result(answers: dict) -> SelfCheckResult:
    """Next steps and a matching Find Rehab search for a valid self-check's cleaned data."""
    steps = _next_steps(answers)
    params, words = _search(answers)
    sources, marks = number_citations(step.text for step in steps)
    return SelfCheckResult(
        steps=list(zip(steps, marks, strict=True)),
        find_rehab_url=f"{reverse('directory:find_rehab')}?{urlencode(params)}",
        search_filters=words,
        uses_editor_checks=any(
            value in SEARCH_FILTERS["schedule"] for value in answers["schedule"]
        ),
        sources=sources,
    )
