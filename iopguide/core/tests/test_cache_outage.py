"""With Redis unreachable the site keeps answering: pages render fresh instead of failing."""

import logging

import pytest
from django.conf import settings
from django.test import override_settings

from iopguide.directory.models import ProblemReport
from iopguide.settings.base import redis_cache
from tests.browser.pages import EXPECTED_STATUS, create_reading_content, page_urls

# Nothing listens on port 1: every cache call fails at once, as when Redis is down.
UNREACHABLE_REDIS = {**settings.CACHES, "default": redis_cache("redis://127.0.0.1:1/0")}


@pytest.fixture
def redis_down(caplog):
    caplog.set_level(logging.CRITICAL, logger="django_redis")  # each failure is logged
    # With Redis configured, the content generation lives there too (settings/base.py).
    with override_settings(CACHES=UNREACHABLE_REDIS, CONTENT_GENERATION_FILE=""):
        yield


@pytest.mark.django_db
def test_every_reader_page_answers_while_redis_is_down(client, redis_down):
    urls = page_urls(create_reading_content())
    for name, url in urls.items():
        expected = EXPECTED_STATUS.get(name, 200)
        assert client.get(url).status_code == expected, name


@pytest.mark.django_db
def test_a_problem_report_is_saved_while_redis_is_down(client, redis_down):
    facility = create_reading_content().facilities[0]
    response = client.post(
        f"{facility.get_absolute_url()}report/", {"message": "The phone number is wrong."}
    )
    assert response.status_code in (200, 302)
    assert ProblemReport.objects.filter(facility=facility).exists()


@pytest.mark.django_db
def test_an_edit_made_while_redis_is_down_is_never_answered_304(client, redis_down):
    # Without the shared number each request starts a new content generation, so validators
    # never match: no stale 304, and nothing is cached.
    article = create_reading_content().article
    etag = client.get(article.get_absolute_url())["ETag"]
    article.body = "Words written while the cache was down."
    article.save()

    response = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 200
    assert b"Words written while the cache was down." in response.content


@pytest.mark.django_db
def test_the_health_check_reports_redis_down_but_stays_200(client, redis_down):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "unavailable"}
