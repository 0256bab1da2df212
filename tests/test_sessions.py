"""Signed-in sessions end after 30 idle minutes and 12 hours at most; cookies keep their flags;
readers' pages never touch a session."""

import pytest
from django.urls import reverse

from iopguide.core import sessions
from iopguide.guide.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ADMIN = reverse("admin:index")


@pytest.fixture
def clock(monkeypatch):
    """The sessions module's clock, moved on by hand."""
    now = {"seconds": 1_800_000_000}
    monkeypatch.setattr(sessions.time, "time", lambda: now["seconds"])
    return now


@pytest.fixture
def editor_client(client, clock):
    client.force_login(UserFactory(username="editor", is_staff=True, is_superuser=True))
    assert client.get(ADMIN).status_code == 200
    return client


def test_the_defaults_are_30_idle_minutes_within_12_hours(settings):
    assert settings.SESSION_IDLE_TIMEOUT == 30 * 60
    assert settings.SESSION_COOKIE_AGE == 12 * 60 * 60


def test_an_editor_idle_for_more_than_30_minutes_is_signed_out(editor_client, clock):
    clock["seconds"] += 31 * 60

    response = editor_client.get(ADMIN)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert "_auth_user_id" not in editor_client.session


def test_an_editor_working_on_stays_signed_in(editor_client, clock):
    for _ in range(10):  # five hours, a request every 29 minutes
        clock["seconds"] += 29 * 60
        assert editor_client.get(ADMIN).status_code == 200


def test_no_session_outlives_12_hours_even_while_in_use(editor_client, clock):
    for _ in range(25):  # twelve and a half hours, a request every 29 minutes
        clock["seconds"] += 29 * 60
        response = editor_client.get(ADMIN)
    assert response.status_code == 302
    assert "_auth_user_id" not in editor_client.session


def test_the_session_cookie_keeps_its_flags(client, settings):
    settings.SESSION_COOKIE_SECURE = True
    UserFactory(username="editor", is_staff=True, is_superuser=True)
    response = client.post(
        reverse("admin:login"),
        {"username": "editor", "password": "correct horse battery staple"},
    )
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and cookie["secure"]
    assert cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) == 12 * 60 * 60


def test_reading_a_page_leaves_no_session_and_no_vary_cookie(client):
    response = client.get("/guide/")
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")
