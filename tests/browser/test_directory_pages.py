"""Directory pages in Chromium: the demo directory's facility, browse and report pages."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from iopguide.directory.models import Facility, ProblemReport


@pytest.fixture
def demo_iop(db):
    call_command("load_demo_directory", verbosity=0)
    return Facility.objects.active().filter(state="VA", city="Richmond").with_code("OIT").first()


@pytest.mark.django_db(transaction=True)
def test_facility_and_browse_pages_pass_axe_and_set_no_cookies(page, browser_context, demo_iop):
    axe = Axe()
    for url in [demo_iop.get_absolute_url(), "/find-rehab/va/", "/find-rehab/va/richmond/"]:
        page.goto(url)
        assert page.locator("h1").count() == 1, url
        results = axe.run(page)
        assert results.violations_count == 0, results.generate_report()
    assert browser_context.cookies() == []


@pytest.mark.django_db(transaction=True)
def test_a_reader_reports_a_problem_from_a_facility_page(page, demo_iop):
    page.goto(demo_iop.get_absolute_url())
    page.get_by_role("link", name="Report a problem with this listing").click()
    assert Axe().run(page).violations_count == 0

    page.get_by_label("What is wrong or out of date?").fill("The evening group moved to Tuesdays.")
    page.get_by_role("button", name="Send report").click()

    assert page.get_by_text("Thank you.").is_visible()
    report = ProblemReport.objects.get()
    assert (report.facility, report.message) == (demo_iop, "The evening group moved to Tuesdays.")
