"""A small sample of every content type the crawler-facing tests need: published, scheduled and
draft articles (including the FAQ), active and inactive facilities in two states."""

import datetime

from django.utils import timezone

from iopguide.directory.tests.factories import FacilityFactory
from iopguide.guide.models import Article
from iopguide.guide.tests.factories import ArticleFactory, ReviewerFactory

FAQ_BODY = """## How many hours a week is an IOP?

Usually **9 to 20 hours** a week.

## Can I keep working?

Often, yes. Many programs have evening groups.

- morning groups
- evening groups
"""


def make_article(**fields) -> Article:
    slug = fields.get("slug", "article")
    defaults = {
        "summary": f"A plain-language summary of {slug}, long enough to describe the page.",
        "updated_on": datetime.date(2026, 10, 15),
        "reviewer": ReviewerFactory(name="Dana Reviewer", slug="dana-reviewer", credentials="LCSW"),
        "reviewed_on": datetime.date(2026, 11, 1),
    }
    return ArticleFactory(**{**defaults, **fields})


def make_facility(**fields):
    return FacilityFactory(**fields)


def make_site_sample() -> dict:
    """One of everything; returns the objects by role."""
    return {
        "article": make_article(title="What an IOP is", slug="what-is-iop"),
        "other_article": make_article(title="Paying for an IOP", slug="paying"),
        "faq": make_article(title="Frequently asked questions", slug="faq", body=FAQ_BODY),
        "draft": make_article(title="Unfinished", slug="unfinished", status=Article.Status.DRAFT),
        "scheduled": make_article(
            title="Coming soon",
            slug="coming-soon",
            published_at=timezone.now() + datetime.timedelta(days=3),
        ),
        "facility": make_facility(
            name="Riverside IOP",
            street1="1 River Road",
            city="Richmond",
            state="VA",
            zip_code="23220",
            phone="804-555-0100",
            latitude=37.54,
            longitude=-77.43,
            service_codes=" OIT CBT MD PI ",
            accepting_new_patients=True,
            accepting_checked_on=timezone.localdate(),  # recent, so pages may say it
        ),
        "other_facility": make_facility(name="Hilltop Counseling", city="Norfolk", state="VA"),
        "maryland_facility": make_facility(name="Bay Clinic", city="Silver Spring", state="MD"),
        "inactive_facility": make_facility(
            name="Closed Place", city="Roanoke", state="VA", is_active=False
        ),
    }
