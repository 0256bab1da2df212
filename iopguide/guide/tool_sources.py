"""The sources the decision tools cite, and their numbering on a page."""

from dataclasses import dataclass


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
