"""A small sample of every content type the crawler-facing tests need: published, scheduled and
draft articles (including the FAQ), active and inactive facilities in two states."""

import datetime
from itertools import count

from django.utils import timezone

from iopguide.directory.models import Facility, ServiceCode
from iopguide.guide.models import Article

_serial = count(1)

FAQ_BODY = """## How many hours a week is an IOP?

Usually **9 to 20 hours** a week.

## Can I keep working?

Often, yes. Many programs have evening groups.

- morning groups
- evening groups
"""


def make_article(**fields) -> Article:
    n = next(_serial)
    values = {
        "title": f"Article number {n}",
        "slug": f"article-{n}",
        "summary": f"A plain-language summary of article {n}, long enough to describe the page.",
        "section": "Basics",
        "body": f"## Part one\n\nText of article {n}.\n",
        "status": Article.Status.PUBLISHED,
        "published_at": timezone.now() - datetime.timedelta(days=30),
        "reviewed_by": "Dana Reviewer, MD",
        "reviewed_on": datetime.date(2026, 11, 1),
        "sources": [{"title": "A source", "publisher": "SAMHSA", "url": "https://example.org/a"}],
    }
    values.update(fields)
    return Article.objects.create(**values)


def make_facility(**fields) -> Facility:
    n = next(_serial)
    now = timezone.now()
    values = {
        "name": f"Recovery Center {n}",
        "street1": f"{n} Main Street",
        "city": "Richmond",
        "state": "VA",
        "zip_code": "23220",
        "phone": "804-555-0100",
        "latitude": 37.54,
        "longitude": -77.43,
        "service_codes": " OIT CBT MD PI ",
        "source": Facility.Source.DEMO,
        "source_id": f"demo-{n}",
        "match_key": f"recovery center {n}",
        "slug": f"recovery-center-{n}",
        "first_seen": now,
        "last_seen": now,
    }
    values.update(fields)
    return Facility.objects.create(**values)


def make_service_codes():
    for code, category_code, category_name, name in [
        ("OIT", "SET", "Type of Care", "Intensive outpatient treatment"),
        ("CBT", "TAP", "Treatment Approaches", "Cognitive behavioral therapy"),
        ("MD", "PAY", "Payment/Insurance/Funding Accepted", "Medicaid"),
        ("PI", "PAY", "Payment/Insurance/Funding Accepted", "Private health insurance"),
    ]:
        ServiceCode.objects.update_or_create(
            code=code,
            defaults={"category_code": category_code, "category_name": category_name, "name": name},
        )


def make_site_sample() -> dict:
    """One of everything; returns the objects by role."""
    make_service_codes()
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
        "facility": make_facility(name="Riverside IOP", accepting_new_patients=True),
        "other_facility": make_facility(name="Hilltop Counseling", city="Norfolk"),
        "maryland_facility": make_facility(name="Bay Clinic", city="Silver Spring", state="MD"),
        "inactive_facility": make_facility(name="Closed Place", city="Roanoke", is_active=False),
    }
