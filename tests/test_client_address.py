"""The client's address comes from iopguide.core.client_address, for the sign-in lockout and
the problem-report limit alike: behind the proxy each reader is their own address, and a
forged X-Forwarded-For buys nothing."""

import runpy
from pathlib import Path

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from iopguide.core.client_address import ENVIRON_KEY, ClientAddressMiddleware, client_address
from iopguide.directory.models import ProblemReport, ProgramUpdate
from iopguide.directory.tests.factories import FacilityFactory
from iopguide.guide.tests.factories import UserFactory

PROXY = "10.0.0.2"
PASSWORD = "correct horse battery staple"


def through_proxy(reader: str, forged: str = "") -> dict:
    """Request headers as the production proxy sends them: it appends the address it saw."""
    chain = f"{forged}, {reader}" if forged else reader
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": chain}


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def address(**meta) -> str:
    return client_address(RequestFactory().get("/", **meta))


def test_without_proxies_the_peer_is_the_client_whatever_the_header_says():
    assert address(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="1.2.3.4") == "203.0.113.9"


def test_behind_one_proxy_the_address_the_proxy_appended_is_the_client(behind_one_proxy):
    assert address(**through_proxy("203.0.113.9")) == "203.0.113.9"
    assert address(**through_proxy("203.0.113.9", forged="1.2.3.4, 5.6.7.8")) == "203.0.113.9"


def test_behind_two_proxies_the_second_entry_from_the_right_is_the_client(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    meta = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.9, 10.0.0.1"}
    assert address(**meta) == "203.0.113.9"


def test_a_request_that_skipped_the_proxy_is_its_own_peer(behind_one_proxy):
    assert address(REMOTE_ADDR="198.51.100.7") == "198.51.100.7"


def test_a_malformed_forwarded_entry_falls_back_to_the_peer(behind_one_proxy):
    assert address(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="not-an-address") == PROXY


# Sign-in lockout (django-axes) ----------------------------------------------------------


def sign_in(client, username, password, **meta):
    return client.post(reverse("admin:login"), {"username": username, "password": password}, **meta)


@pytest.mark.django_db
def test_a_lockout_from_one_reader_does_not_lock_the_user_out_elsewhere(behind_one_proxy):
    UserFactory(username="editor", is_staff=True)
    attacker = Client()
    for _ in range(5):
        sign_in(attacker, "editor", "wrong", **through_proxy("203.0.113.66"))
    assert sign_in(attacker, "editor", PASSWORD, **through_proxy("203.0.113.66")).status_code == 429

    editor = Client()
    response = sign_in(editor, "editor", PASSWORD, **through_proxy("198.51.100.20"))

    assert response.status_code == 302
    assert "_auth_user_id" in editor.session


@pytest.mark.django_db
def test_a_forged_forwarded_address_buys_no_extra_sign_in_tries(behind_one_proxy):
    UserFactory(username="editor", is_staff=True)
    attacker = Client()
    for number in range(5):
        meta = through_proxy("203.0.113.66", forged=f"192.0.2.{number}")
        sign_in(attacker, "editor", "wrong", **meta)

    meta = through_proxy("203.0.113.66", forged="192.0.2.200")
    assert sign_in(attacker, "editor", PASSWORD, **meta).status_code == 429


# Problem reports ---------------------------------------------------------------------------


def report(client, facility, message="The phone number is wrong.", **meta):
    url = reverse("directory:report_problem", args=[facility.slug])
    return client.post(url, {"message": message}, **meta)


@pytest.mark.django_db
def test_one_reader_reaching_the_report_limit_leaves_other_readers_free(behind_one_proxy):
    facility = FacilityFactory()
    for _ in range(5):
        assert report(Client(), facility, **through_proxy("203.0.113.66")).status_code == 302
    assert report(Client(), facility, **through_proxy("203.0.113.66")).status_code == 429

    assert report(Client(), facility, **through_proxy("198.51.100.20")).status_code == 302
    assert ProblemReport.objects.count() == 6


@pytest.mark.django_db
def test_a_forged_forwarded_address_buys_no_extra_reports(behind_one_proxy):
    facility = FacilityFactory()
    for number in range(5):
        meta = through_proxy("203.0.113.66", forged=f"192.0.2.{number}")
        assert report(Client(), facility, **meta).status_code == 302

    meta = through_proxy("203.0.113.66", forged="192.0.2.200")
    assert report(Client(), facility, **meta).status_code == 429


@pytest.mark.django_db
def test_reports_sent_back_with_errors_do_not_count_against_the_limit(behind_one_proxy):
    facility = FacilityFactory()
    for _ in range(10):
        response = report(Client(), facility, message="", **through_proxy("203.0.113.66"))
        assert response.status_code == 200
    for _ in range(5):
        assert report(Client(), facility, **through_proxy("203.0.113.66")).status_code == 302
    assert ProblemReport.objects.count() == 5


# Program updates ---------------------------------------------------------------------------

STAFF = {"submitter_name": "Dana", "submitter_role": "Intake", "submitter_email": "d@example.org"}


def program_update(client, facility, **meta):
    url = reverse("directory:update_listing", args=[facility.slug])
    return client.post(url, {"evening_track": "yes", **STAFF}, **meta)


@pytest.mark.django_db
def test_one_program_reaching_the_update_limit_leaves_other_programs_free(behind_one_proxy):
    facility = FacilityFactory()
    for number in range(5):
        meta = through_proxy("203.0.113.66", forged=f"192.0.2.{number}")
        assert program_update(Client(), facility, **meta).status_code == 302
    assert program_update(Client(), facility, **through_proxy("203.0.113.66")).status_code == 429

    assert program_update(Client(), facility, **through_proxy("198.51.100.20")).status_code == 302
    assert ProgramUpdate.objects.count() == 6


def test_the_access_log_gets_the_reader_address_not_the_proxys(behind_one_proxy):
    request = RequestFactory().get("/", **through_proxy("203.0.113.9", forged="1.2.3.4"))
    ClientAddressMiddleware(lambda request: HttpResponse())(request)

    # request.META is the WSGI environ gunicorn's access_log_format reads.
    assert request.META[ENVIRON_KEY] == "203.0.113.9"
    assert f"%({{{ENVIRON_KEY}}}e)s" in gunicorn_config()["access_log_format"]


def gunicorn_config() -> dict:
    path = Path(settings.BASE_DIR) / "gunicorn.conf.py"
    return runpy.run_path(str(path))
