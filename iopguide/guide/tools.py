"""Tools to decide: the "Is an IOP right for me?" self-check and the call worksheet.

The self-check turns a reader's answers into plain next steps and a Find Rehab search with the
matching filters. It never scores or labels anyone: each answer only adds a step or a filter.
Nothing here reads or writes the database; the answers live in the query string alone.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

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
        "Get help now, before anything else",
        Cited(
            "Call or text 988 to talk with a trained counselor, any time. It is free and it helps "
            "with a substance use crisis too. If someone is in danger or may have overdosed, "
            "call 911. Treatment planning can wait until you are safe.",
            ("988",),
        ),
    ),
    "withdrawal": NextStep(
        "withdrawal",
        "Talk with a doctor before you stop or cut back",
        Cited(
            "Stopping alcohol or benzodiazepines (such as Xanax, Valium or Klonopin) all at once "
            "after heavy or daily use can cause seizures and can be deadly. Opioid withdrawal is "
            "rarely deadly, but it is hard, and medicine can ease it. After a break, your body "
            "handles less, so the same amount can cause an overdose. You may need detox first: "
            "medical help to stop safely. The search below includes programs that offer detox.",
            ("alcohol-withdrawal", "benzodiazepines", "opioid-withdrawal"),
        ),
    ),
    "home": NextStep(
        "home",
        "Ask about a safe place to stay",
        Cited(
            "An IOP works best when you have a safe, steady home to go back to each day. If you "
            "don't, ask about residential (live-in) care or sober housing. The search below "
            "includes residential programs. The National Helpline (1-800-662-4357) can help you "
            "find one.",
            ("tip47", "helpline"),
        ),
    ),
    "home-unsure": NextStep(
        "home-unsure",
        "Think about your home",
        Cited(
            "If someone at home uses drugs or alcohol, or you don't feel safe there, tell the "
            "program when you call. They can help you plan, or suggest a live-in program.",
            ("tip47",),
        ),
    ),
    "medication": NextStep(
        "medication",
        "Ask every program about medicine",
        Cited(
            "Methadone, buprenorphine and naltrexone treat opioid use disorder. Methadone and "
            "buprenorphine lower the risk of dying from an overdose. Other medicines help people "
            "drink less or stop. Ask each program if it gives these medicines, or works with the "
            "doctor who does. The search below looks for programs that do.",
            ("opioid-medicines", "alcohol-medicines"),
        ),
    ),
    "pregnant": NextStep(
        "pregnant",
        "Say that you are pregnant when you call",
        Cited(
            "Programs paid for by federal block grants must put pregnant people first in line. "
            "Tell the program right away. Ask about care for you and your baby, and don't stop "
            "opioid medicine on your own: talk with your doctor first.",
            ("pregnancy-priority", "opioid-medicines"),
        ),
    ),
    "veteran": NextStep(
        "veteran",
        "Ask the VA, too",
        Cited(
            "If you served in the military, VA health care may cover treatment for substance "
            "use. You can ask your VA doctor, or call a VA medical center near you.",
            ("va",),
        ),
    ),
    "no-insurance": NextStep(
        "no-insurance",
        "Ask about low-cost care",
        Cited(
            "Some programs charge less if you earn less (a sliding fee), and some are free. Ask "
            "if you could get Medicaid: it pays for substance use treatment, but what it covers "
            "differs by state. The National Helpline can point you to state-funded programs.",
            ("helpline", "medicaid"),
        ),
    ),
    "medicare": NextStep(
        "medicare",
        "Medicare covers IOP",
        Cited(
            "Medicare Part B can pay for an IOP when a doctor says you need at least 9 hours of "
            "care a week. Ask the program if it takes Medicare.",
            ("medicare-iop",),
        ),
    ),
    "assessment": NextStep(
        "assessment",
        "Ask for an assessment",
        Cited(
            "Only a trained professional can tell which care fits you. They will ask about your "
            "health, your use, your home and your goals. Many use the ASAM Criteria to match "
            "people with care. An IOP may be one option to ask about. Your answers here are not "
            "a test and give no score.",
            ("asam",),
        ),
    ),
    "call": NextStep(
        "call",
        "Call a few programs",
        Cited(
            "Take our call worksheet when you call. It lists what to ask, what a good answer "
            "sounds like, and space to write down what they say.",
        ),
    ),
}

# Field names and values as they appear in the query string, so a shared link stays readable.
YES, NO, UNSURE = "yes", "no", "unsure"
YES_NO_UNSURE = [(YES, "Yes"), (NO, "No"), (UNSURE, "I'm not sure")]

SCHEDULE_CHOICES = [
    ("daytime", "I can go during the day on weekdays"),
    ("evening", "I need groups in the evening (after 5 pm)"),
    ("weekend", "I need groups on the weekend"),
    ("online", "I would like to take part online (telehealth)"),
]
PAYMENT_CHOICES = [
    ("medicaid", "Medicaid"),
    ("medicare", "Medicare"),
    ("private", "Private insurance (through work or bought on my own)"),
    ("military", "TRICARE (military insurance)"),
    ("none", "No insurance"),
    ("unsure", "I'm not sure"),
]
MEDICATION_CHOICES = [
    ("opioid", "Yes, for opioid use (such as heroin, fentanyl or pain pills)"),
    ("alcohol", "Yes, for alcohol use"),
    ("taking", "I already take medicine for opioid use and want to keep taking it"),
]
AGE_CHOICES = [
    ("", "I'd rather not say"),
    ("teen", "17 or younger"),
    ("young-adult", "18 to 25"),
    ("adult", "26 to 64"),
    ("older-adult", "65 or older"),
]
GROUP_CHOICES = [
    ("pregnant", "Pregnant or had a baby in the past year"),
    ("veteran", "A veteran or served in the military"),
]
# The languages Find Rehab can search on: our answer value, the reader's word, SAMHSA's code.
LANGUAGES = [
    ("spanish", "Spanish", "SP"),
    ("sign", "American Sign Language (ASL)", "AH"),
    ("native", "An American Indian or Alaska Native language", "NX"),
    ("arabic", "Arabic", "F4"),
    ("chinese", "Chinese", "F17"),
    ("creole", "Creole", "F19"),
    ("farsi", "Farsi", "F25"),
    ("french", "French", "F28"),
    ("hindi", "Hindi", "F36"),
    ("hmong", "Hmong", "F37"),
    ("korean", "Korean", "F47"),
    ("polish", "Polish", "F66"),
    ("portuguese", "Portuguese", "F67"),
    ("russian", "Russian", "F70"),
    ("tagalog", "Tagalog", "F81"),
    ("vietnamese", "Vietnamese", "F92"),
    ("other", "Another language", "FX"),
]
LANGUAGE_CHOICES = [("", "English"), *((value, name) for value, name, _ in LANGUAGES)]


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
        "medicaid": SearchFilter("pay", ("MD",), "take Medicaid"),
        "medicare": SearchFilter("pay", ("MC",), "take Medicare"),
        "private": SearchFilter("pay", ("PI",), "take private insurance"),
        "military": SearchFilter("pay", ("MI",), "take TRICARE"),
        "none": SearchFilter(
            "pay", ("SS", "NP", "PA"), "offer a sliding fee, free care or help paying"
        ),
    },
    "medication": {
        "opioid": SearchFilter(
            "mat", ("BU", "MU", "NU"), "use buprenorphine, methadone or naltrexone"
        ),
        "alcohol": SearchFilter("mat", ("PMAT",), "prescribe medicine for alcohol use"),
        "taking": SearchFilter(
            "mat", ("MOA",), "accept people whose medicine for opioid use comes from elsewhere"
        ),
    },
    "groups": {
        "pregnant": SearchFilter(
            "group", ("PW",), "have groups for pregnant people and new mothers"
        ),
        "veteran": SearchFilter("group", ("VET",), "have groups for veterans"),
    },
    "age": {
        "teen": SearchFilter("age", ("CHLD",), "serve teens (17 or younger)"),
        "young-adult": SearchFilter("age", ("YAD",), "serve young adults (18 to 25)"),
        "adult": SearchFilter("age", ("ADLT",), "serve adults (26 to 64)"),
        "older-adult": SearchFilter("age", ("SNR",), "serve older adults (65 or older)"),
    },
    "language": {
        value: SearchFilter("lang", (code,), f"offer counseling in: {name}")
        for value, name, code in LANGUAGES
    },
    # Find Rehab's editor-checked flags take the value 1.
    "schedule": {
        "evening": SearchFilter("evening", ("1",), "have evening IOP groups"),
        "weekend": SearchFilter("weekend", ("1",), "have weekend IOP groups"),
        "online": SearchFilter("telehealth", ("1",), "offer IOP online"),
    },
}
SETTING_WORDS = {"OIT": "an IOP", "DT": "detox", "RES": "residential (live-in) care"}


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
    words = [f"offer {' or '.join(SETTING_WORDS[code] for code in settings)}"]
    for field_name, filters in SEARCH_FILTERS.items():
        picked = answers[field_name]
        for value in [picked] if isinstance(picked, str) else picked:
            if search_filter := filters.get(value):
                params += [(search_filter.param, code) for code in search_filter.values]
                words.append(search_filter.words)
    if answers["near"]:
        words.append(f"are near {answers['near']}")
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
