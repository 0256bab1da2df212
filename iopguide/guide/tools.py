"""Tools to decide: the "Is an IOP right for me?" self-check and the call worksheet.

The self-check turns a reader's answers into plain next steps and a Find Rehab search with the
matching filters. It never scores or labels anyone: each answer only adds a step or a filter.
Nothing here reads or writes the database; the answers live in the query string alone.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse


@dataclass(frozen=True)
class Source:
    title: str
    publisher: str
    url: str


SOURCES = {
    "988": Source("988 Suicide & Crisis Lifeline", "988 Lifeline", "https://988lifeline.org/"),
    "helpline": Source(
        "SAMHSA's National Helpline",
        "SAMHSA",
        "https://www.samhsa.gov/find-help/helplines/national-helpline",
    ),
    "asam": Source(
        "The ASAM Criteria",
        "American Society of Addiction Medicine",
        "https://www.asam.org/asam-criteria",
    ),
    "tip47": Source(
        "TIP 47: Clinical Issues in Intensive Outpatient Treatment",
        "SAMHSA",
        "https://store.samhsa.gov/product/tip-47-substance-abuse-clinical-issues-intensive-outpatient-treatment/sma13-4182",
    ),
    "alcohol-withdrawal": Source(
        "Alcohol withdrawal",
        "MedlinePlus, U.S. National Library of Medicine",
        "https://medlineplus.gov/ency/article/000764.htm",
    ),
    "benzodiazepines": Source(
        "FDA requiring Boxed Warning updated to improve safe use of benzodiazepine drug class",
        "U.S. Food and Drug Administration",
        "https://www.fda.gov/drugs/drug-safety-and-availability/fda-requiring-boxed-warning-updated-improve-safe-use-benzodiazepine-drug-class",
    ),
    "opioid-withdrawal": Source(
        "Opiate and opioid withdrawal",
        "MedlinePlus, U.S. National Library of Medicine",
        "https://medlineplus.gov/ency/article/000949.htm",
    ),
    "opioid-medicines": Source(
        "Medications to Treat Opioid Use Disorder",
        "National Institute on Drug Abuse",
        "https://nida.nih.gov/publications/research-reports/medications-to-treat-opioid-addiction/overview",
    ),
    "alcohol-medicines": Source(
        "Treatment for Alcohol Problems: Finding and Getting Help",
        "National Institute on Alcohol Abuse and Alcoholism",
        "https://www.niaaa.nih.gov/publications/brochures-and-fact-sheets/treatment-alcohol-problems-finding-and-getting-help",
    ),
    "pregnancy-priority": Source(
        "45 CFR 96.131: Treatment services for pregnant women",
        "Electronic Code of Federal Regulations",
        "https://www.ecfr.gov/current/title-45/subtitle-A/subchapter-L/part-96/subpart-L/section-96.131",
    ),
    "va": Source(
        "Substance use treatment for Veterans",
        "U.S. Department of Veterans Affairs",
        "https://www.va.gov/health-care/health-needs-conditions/substance-use-problems/",
    ),
    "medicare-iop": Source(
        "Mental health care (intensive outpatient program services)",
        "Medicare.gov",
        "https://www.medicare.gov/coverage/mental-health-care-intensive-outpatient-program-services",
    ),
    "medicaid": Source(
        "Behavioral health services",
        "Medicaid.gov",
        "https://www.medicaid.gov/medicaid/benefits/behavioral-health-services/index.html",
    ),
    "part2": Source(
        "42 CFR Part 2: Confidentiality of Substance Use Disorder Patient Records",
        "Electronic Code of Federal Regulations",
        "https://www.ecfr.gov/current/title-42/chapter-I/subchapter-A/part-2",
    ),
    "nida-principles": Source(
        "Principles of Drug Addiction Treatment: A Research-Based Guide (Third Edition)",
        "National Institute on Drug Abuse",
        "https://nida.nih.gov/publications/principles-drug-addiction-treatment-research-based-guide-third-edition",
    ),
}


@dataclass(frozen=True)
class Cited:
    """A passage with the sources behind it, numbered on the page where it is shown."""

    text: str
    sources: tuple[str, ...] = ()


def number_citations(passages) -> tuple[list[tuple[int, Source]], list[list[int]]]:
    """Number the sources the passages cite in order of first use: the numbered list for the
    page's "Sources" section, and each passage's own numbers for its footnote marks."""
    numbers: dict[str, int] = {}
    marks = []
    for passage in passages:
        marks.append([numbers.setdefault(key, len(numbers) + 1) for key in passage.sources])
    return [(n, SOURCES[key]) for key, n in numbers.items()], marks


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


# --- The call worksheet --------------------------------------------------------------------


@dataclass(frozen=True)
class WorksheetQuestion:
    question: str
    good_answer: Cited


WORKSHEET_QUESTIONS = [
    WorksheetQuestion(
        "Can I start soon? If I have to wait, what help can I get while I wait?",
        Cited(
            "They give you a start date. If there is a wait, they offer help until then, such "
            "as calls with a counselor or naloxone, and they put pregnant people first.",
            ("pregnancy-priority",),
        ),
    ),
    WorksheetQuestion(
        "Do you take my insurance? What will I pay each week, and in all?",
        Cited(
            "They check your plan with you and give you a clear price. If money is tight, they "
            "tell you about a sliding fee or other help.",
        ),
    ),
    WorksheetQuestion(
        "How many hours a week is it, and on which days and times?",
        Cited(
            "Clear days and times. For adults, an IOP is most often 9 or more hours a week. "
            "They say if they have evening, weekend or online groups.",
            ("asam", "tip47"),
        ),
    ),
    WorksheetQuestion(
        "How will you know if an IOP is right for me?",
        Cited(
            "“We start with an assessment.” If you need more care or less, they help you find "
            "it, even somewhere else.",
            ("asam",),
        ),
    ),
    WorksheetQuestion(
        "Do you offer medicine for opioid or alcohol use, or work with my doctor?",
        Cited(
            "Yes. They give these medicines or work with the doctor who does. They never make "
            "you stop a medicine that is working to join.",
            ("opioid-medicines",),
        ),
    ),
    WorksheetQuestion(
        "What kinds of therapy do you use? Who leads the groups?",
        Cited(
            "They name methods with research behind them, such as cognitive behavioral therapy "
            "(CBT), and explain them in plain words. Licensed or certified staff lead groups.",
            ("nida-principles",),
        ),
    ),
    WorksheetQuestion(
        "Can you help with mental health too, like depression or anxiety?",
        Cited(
            "Yes, in the same program, or with a care team they work with closely.",
            ("nida-principles",),
        ),
    ),
    WorksheetQuestion(
        "What happens if I use while I'm in the program?",
        Cited(
            "They talk it through with you and change your plan if needed. A slip does not mean "
            "you are sent away.",
        ),
    ),
    WorksheetQuestion(
        "Who will know I'm in treatment?",
        Cited(
            "Federal law keeps your treatment records private. They explain it and ask for your "
            "written OK before they share your records, except in a few cases such as an "
            "emergency.",
            ("part2",),
        ),
    ),
    WorksheetQuestion(
        "What happens when the program ends?",
        Cited(
            "You make a plan together before you finish: ongoing counseling, support groups, and "
            "who to call if things get hard.",
            ("nida-principles",),
        ),
    ),
]


def call_worksheet() -> tuple[list[tuple[WorksheetQuestion, list[int]]], list[tuple[int, Source]]]:
    """The worksheet's questions, each with its footnote numbers, and the numbered sources."""
    sources, marks = number_citations(question.good_answer for question in WORKSHEET_QUESTIONS)
    return list(zip(WORKSHEET_QUESTIONS, marks, strict=True)), sources
