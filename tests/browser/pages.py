"""Representative content and the URL of every page type a reader can land on.

Shared by the browser checks (axe, same-origin requests) and the test-client checks (cookies,
page weight), so every check covers the same pages with the same data."""

from dataclasses import dataclass

from django.urls import translate_url

from iopguide.directory.models import Facility
from iopguide.directory.tests.factories import FacilityFactory
from iopguide.guide.models import Article
from iopguide.guide.tests.factories import ArticleFactory

ARTICLE_BODY = """\
An intensive outpatient program (IOP) gives you treatment for drug or alcohol use for several
hours a week while you live at home.

## Who an IOP suits

It can suit a person with a substance use disorder who is medically stable and has a safe place
to live.[^asam]

| Level of care | Hours a week | Where you sleep |
| --- | ---: | --- |
| Outpatient | under 9 | home |
| Intensive outpatient | 9 or more | home |
| Residential | around the clock | the program |

## What happens in a week

1. Group counseling.
2. Individual sessions.
3. Planning for life after the program.

[^asam]: ASAM Criteria, levels of care: https://store.samhsa.gov/product/national-directory-treatment-facilities/pep23-07-01-001
"""


@dataclass(frozen=True)
class ReadingContent:
    article: Article
    facilities: list[Facility]


def create_reading_content() -> ReadingContent:
    """One published article and three intensive outpatient programs in one city."""
    article = ArticleFactory(
        title="What is an intensive outpatient program?",
        slug="what-is-iop",
        summary="What an IOP is, who it suits and what a week in one looks like.",
        section="Basics",
        order=1,
        body=ARTICLE_BODY,
    )
    facilities = [
        FacilityFactory(
            name=f"Blue Ridge Recovery Center {n}",
            zip_code="22901",
            latitude=38.03 + n / 100,
            slug=f"blue-ridge-recovery-center-{n}-charlottesville-va",
        )
        for n in (1, 2, 3)
    ]
    return ReadingContent(article=article, facilities=facilities)


def spanish_url(url: str) -> str:
    """The Spanish twin of an English address (/es/ and Spanish prefixes); an address no view
    answers, under /es/."""
    twin = translate_url(url, "es")
    return twin if twin != url else f"/es{url}"


def page_urls(content: ReadingContent) -> dict[str, str]:
    """Every page type, by name, for the given content: in English, and as `es_<type>` in
    Spanish."""
    english = _english_page_urls(content)
    return english | {f"es_{name}": spanish_url(english[name]) for name in SPANISH_PAGE_TYPES}


def _english_page_urls(content: ReadingContent) -> dict[str, str]:
    slugs = ",".join(facility.slug for facility in content.facilities[:2])
    return {
        "home": "/",
        "guide_index": "/guide/",
        "article": content.article.get_absolute_url(),
        "search": "/search/?q=outpatient",
        "sources": "/sources/",
        "find_rehab_results": "/find-rehab/?near=22901",
        "state": "/find-rehab/va/",
        "city": "/find-rehab/va/charlottesville/",
        "facility": content.facilities[0].get_absolute_url(),
        "compare": f"/compare/?ids={slugs}",
        "self_check": "/tools/is-an-iop-right-for-me/",
        "self_check_answers": "/tools/is-an-iop-right-for-me/answers/?safety=unsure"
        "&withdrawal=yes&home=no&payment=medicaid&medication=opioid&near=22901",
        "self_check_missing_answers": "/tools/is-an-iop-right-for-me/answers/?home=yes",
        "call_worksheet": "/tools/call-worksheet/",
        "not_found": "/no-such-page/",
    }


PAGE_TYPES = [
    "home",
    "guide_index",
    "article",
    "search",
    "sources",
    "find_rehab_results",
    "state",
    "city",
    "facility",
    "compare",
    "self_check",
    "self_check_answers",
    "self_check_missing_answers",
    "call_worksheet",
    "not_found",
]
# The Spanish twin of every page type. An article's Spanish twin is another article (its own
# slug, from content/es/), covered where the guide's Spanish pages are tested.
SPANISH_PAGE_TYPES = [name for name in PAGE_TYPES if name != "article"]
PAGE_TYPES += [f"es_{name}" for name in SPANISH_PAGE_TYPES]
EXPECTED_STATUS = {"not_found": 404, "es_not_found": 404}
