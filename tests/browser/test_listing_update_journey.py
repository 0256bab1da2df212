"""Program staff send IOP details, a directory editor confirms them by phone in the admin, and a
reader sees each detail dated, in the listing's change log and on the corrections page."""

import importlib
import re

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import dateformat, timezone
from playwright.sync_api import expect

from iopguide.directory.tests.factories import FacilityFactory
from iopguide.guide.tests.factories import UserFactory

PASSWORD = "correct horse battery staple"


@pytest.fixture
def directory_roles():
    """Roles and grants come from data migrations, which an earlier transactional test's flush
    removed; their own functions put them back (they are idempotent)."""
    importlib.import_module("iopguide.guide.migrations.0003_editor_roles").create_roles(apps, None)
    grants = importlib.import_module(
        "iopguide.directory.migrations.0007_listing_facts_and_program_updates"
    )
    grants.grant_directory_editors(apps, None)


@pytest.mark.django_db(transaction=True)
def test_program_update_is_confirmed_by_phone_and_shown_dated(page, live_server, directory_roles):
    facility = FacilityFactory(name="Blue Ridge IOP")
    editor = UserFactory(username="dee", role="Directory editor")

    # Program staff, with no account, send two details.
    page.goto(facility.get_absolute_url())
    page.get_by_role("link", name="Update this listing (for program staff)").click()
    page.get_by_role("group", name="Evening groups (after 5 pm)").get_by_label("Yes").check()
    page.get_by_label("Typical wait for a first session").fill("about a week")
    page.get_by_label("Your name").fill("Dana Reyes")
    page.get_by_label("Your role at the program").fill("Intake coordinator")
    page.get_by_label("Your work email").fill("dana@program.example.org")
    page.get_by_role("button", name="Send for checking").click()
    expect(page.get_by_role("status")).to_contain_text("A directory editor will call the program")
    page.goto(facility.get_absolute_url())
    expect(page.locator("#iop-details-heading + p + ul")).to_contain_text(
        "Evening groups (after 5 pm): not confirmed yet."
    )

    # The directory editor starts on what needs doing, calls, and approves one detail.
    page.goto(f"{reverse('admin:login')}?next={reverse('admin:index')}")
    page.fill("#id_username", editor.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.get_by_role("link", name="Program updates waiting for a call").click()
    page.get_by_role("link", name=re.compile("Blue Ridge IOP")).first.click()
    expect(page.locator(".field-listed_numbers")).to_contain_text("434-555-0100")
    page.select_option("#id_call_outcome", "different")
    page.get_by_label("Evening groups (after 5 pm)").check()
    page.fill("#id_decision_reason", "They said the wait is about three weeks.")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    # A reader (a new browser: this one keeps pages for a minute) sees the dated detail.
    reader = page.context.browser.new_context(base_url=live_server.url)
    page = reader.new_page()
    page.goto(facility.get_absolute_url())
    today = dateformat.format(timezone.localdate(), "F j, Y")
    expect(page.locator(".detail-list")).to_contain_text(
        f"Evening groups (after 5 pm): yes. Sent by the program and confirmed by our editors by "
        f"phone on {today}."
    )
    expect(page.locator(".detail-list")).to_contain_text(
        "Typical wait for a first session: not confirmed yet."
    )
    expect(page.locator(".change-log")).to_contain_text("Evening groups (after 5 pm)")
    page.get_by_role("link", name="All corrections to the directory").click()
    expect(page.locator(".change-log")).to_contain_text("Blue Ridge IOP")
    expect(page.locator("body")).not_to_contain_text("Dana")
    reader.close()
