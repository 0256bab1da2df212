"""Redis or the database unreachable: readers get an answer (the page, or the 503 page with
Retry-After), a problem report keeps its text, and the log gets one line per kind of failure
per interval, with counts, instead of a traceback per request."""

import logging
from unittest import mock

import pytest
from django.conf import settings
from django.db import connection
from django.db.utils import OperationalError
from django.test import Client, override_settings

from iopguide.directory.models import ProblemReport
from iopguide.settings.base import redis_cache
from tests.browser.pages import create_reading_content

pytestmark = pytest.mark.django_db

OUTAGE_LOGGERS = ("iopguide.outages", "django_redis.cache")


@pytest.fixture(autouse=True)
def fresh_log_counts():
    filters = [f for name in OUTAGE_LOGGERS for f in logging.getLogger(name).filters]
    assert filters, "the outage loggers must be throttled (settings.LOGGING)"
    for log_filter in filters:
        log_filter.forget()
    yield
    for log_filter in filters:
        log_filter.forget()


@pytest.fixture
def database_down():
    """Every new query fails as it does while PostgreSQL restarts."""
    error = OperationalError("connection to server at 127.0.0.1 failed: Connection refused")
    with mock.patch.object(connection, "ensure_connection", side_effect=error):
        yield


@pytest.fixture
def reader():
    return Client(raise_request_exception=False)


def test_a_page_needing_the_database_answers_503_with_retry_after(reader, database_down):
    response = reader.get("/find-rehab/va/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "briefly unavailable" in html
    assert 'href="tel:+18006624357"' in html


def test_a_database_outage_logs_one_line_per_interval_not_a_traceback_each(
    reader, database_down, caplog
):
    caplog.set_level(logging.INFO)
    for _ in range(20):
        assert reader.get("/find-rehab/va/").status_code == 503

    lines = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert [r.name for r in lines] == ["iopguide.outages"]
    assert "Database unavailable: OperationalError" in lines[0].getMessage()
    assert lines[0].exc_info is None


def test_the_next_line_counts_the_failures_held_back(reader, database_down, caplog, monkeypatch):
    clock = iter(range(0, 10_000, 7))  # each failure 7 "seconds" after the last
    for log_filter in logging.getLogger("iopguide.outages").filters:
        monkeypatch.setattr(log_filter, "clock", lambda: next(clock))
    caplog.set_level(logging.INFO)
    for _ in range(10):
        reader.get("/find-rehab/va/")

    lines = [r.getMessage() for r in caplog.records if r.name == "iopguide.outages"]
    # 0 s, then 63 s (8 held back in between: 7 ... 56 s), at most one line a minute.
    assert len(lines) == 2
    assert "[8 more since the last line, at most one line per 60 s]" in lines[1]


def test_a_report_sent_while_the_database_is_down_comes_back_with_its_text(reader):
    facility = create_reading_content().facilities[0]
    url = f"{facility.get_absolute_url()}report/"
    message = "The intake line has been disconnected since May."
    error = OperationalError("server closed the connection unexpectedly")

    with mock.patch.object(connection, "ensure_connection", side_effect=error):
        response = reader.post(url, {"message": message, "contact": "me@example.org"})

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "Your report was not sent." in html
    assert message in html and "me@example.org" in html
    assert f'action="{url}"' in html
    assert not ProblemReport.objects.exists()


def test_a_redis_outage_logs_one_line_per_kind_of_failure(client, caplog):
    content = create_reading_content()
    caplog.set_level(logging.INFO)
    unreachable = {**settings.CACHES, "default": redis_cache("redis://127.0.0.1:1/0")}
    with override_settings(CACHES=unreachable):
        for _ in range(10):
            assert client.get(content.article.get_absolute_url()).status_code == 200

    lines = [r for r in caplog.records if r.name == "django_redis.cache"]
    assert len(lines) == 1
    assert "ConnectionError" in lines[0].getMessage()
    assert lines[0].exc_info is None
