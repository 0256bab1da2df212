"""The whole-page cache serves anonymous readers, never staff, forms, errors or drafts, and a
content change shows at once."""

import threading
import time

import pytest
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from iopguide.core.cache import content_version, generation
from iopguide.core.page_cache import reader_page_cache
from iopguide.directory.importers import import_facilities
from iopguide.directory.tests.test_importer import CSV_SLICE
from tests.browser.pages import create_reading_content

# The content generation asks the guide when its next scheduled publication is.
pytestmark = pytest.mark.django_db

calls = {"count": 0}


def counted(body=b"page", status=200, **headers):
    """A view answering `body` plus how often it really ran."""

    def view(request, **kwargs):
        calls["count"] += 1
        return HttpResponse(body + str(calls["count"]).encode(), status=status, headers=headers)

    return view


def sets_cookie(request):
    response = counted()(request)
    response.set_cookie("csrftoken", "x")
    return response


def uses_nonce(request):
    return counted(f'<script nonce="{get_nonce(request)}" src="/x.js">'.encode())(request)


def changes_content_while_rendering(request):
    generation().move_on()  # as another process's change would
    return counted()(request)


def slow(request):
    time.sleep(0.3)  # long enough for the other readers to arrive while it is drawn
    return counted()(request)


def uses_session(request):
    request.session.get("seen")
    return counted()(request)


urlpatterns = [
    path("page/", require_safe(reader_page_cache(counted()))),
    path("list/", reader_page_cache(query_params=("page",))(counted())),
    path("etag/", reader_page_cache(counted(ETag='"v1"'))),
    path("not-found/", reader_page_cache(counted(status=404))),
    path("error/", reader_page_cache(counted(status=500))),
    path("draft/", reader_page_cache(never_cache(counted()))),
    path("cookie/", reader_page_cache(sets_cookie)),
    path("nonce/", reader_page_cache(uses_nonce)),
    path("session/", reader_page_cache(uses_session)),
    path("plain/", counted()),
    path("racing/", reader_page_cache(changes_content_while_rendering)),
    path("slow/", reader_page_cache(slow)),
]


@pytest.fixture(autouse=True)
def _reset_calls():
    calls["count"] = 0


@pytest.mark.urls(__name__)
def test_second_anonymous_get_is_served_from_the_cache_with_public_cache_control(client):
    first = client.get("/page/")
    second = client.get("/page/")
    assert calls["count"] == 1
    assert second.content == first.content
    assert "public" in second["Cache-Control"]
    assert "s-maxage=300" in second["Cache-Control"]


@pytest.mark.django_db(transaction=True)  # the readers' threads have their own connections
@pytest.mark.urls(__name__)
def test_readers_asking_for_one_page_at_once_wait_for_one_drawing_of_it():
    from django.test import Client

    answers = []
    start = threading.Barrier(5)

    def read():
        start.wait()
        answers.append(Client().get("/slow/"))

    readers = [threading.Thread(target=read) for _ in range(5)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()
    assert calls["count"] == 1
    assert [(answer.status_code, answer.content) for answer in answers] == [(200, b"page1")] * 5


@pytest.mark.urls(__name__)
def test_a_cached_page_keeps_the_security_headers(client):
    client.get("/page/")
    hit = client.get("/page/")
    assert "default-src 'self'" in hit["Content-Security-Policy"]
    assert hit["X-Frame-Options"] == "DENY"
    assert hit["X-Content-Type-Options"] == "nosniff"


@pytest.mark.urls(__name__)
def test_a_content_change_serves_a_fresh_page_at_once(client):
    client.get("/page/")
    generation().move_on()
    assert client.get("/page/").content == b"page2"


@pytest.mark.django_db  # the change looks up the next scheduled one
@pytest.mark.urls(__name__)
def test_a_scheduled_change_whose_time_has_come_serves_a_fresh_page(client):
    client.get("/page/")
    generation().store_schedule([time.time() - 1])
    assert client.get("/page/").content == b"page2"


@pytest.mark.urls(__name__)
def test_a_page_rendered_while_content_changed_is_never_served(client):
    client.get("/racing/")
    client.get("/racing/")
    assert calls["count"] == 2


@pytest.mark.urls(__name__)
def test_a_view_without_the_decorator_is_never_cached(client):
    client.get("/plain/")
    response = client.get("/plain/")
    assert calls["count"] == 2
    assert "Cache-Control" not in response


@pytest.mark.urls(__name__)
def test_request_with_a_session_cookie_is_never_cached_and_marked_private(client):
    client.cookies["sessionid"] = "staff"
    client.get("/page/")
    response = client.get("/page/")
    assert calls["count"] == 2
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(
    "url", ["/not-found/", "/error/", "/draft/", "/cookie/", "/nonce/", "/session/"]
)
def test_errors_drafts_cookies_nonces_and_sessions_are_not_cached(client, url):
    client.raise_request_exception = False
    client.get(url)
    response = client.get(url)
    assert calls["count"] == 2
    assert "public" not in response.get("Cache-Control", "")


@pytest.mark.urls(__name__)
def test_posts_are_never_cached(client):
    client.post("/page/")
    client.post("/page/")
    client.get("/page/")
    assert calls["count"] == 1


@pytest.mark.urls(__name__)
def test_only_the_listed_query_parameters_make_cache_entries(client):
    assert client.get("/list/?page=2").content != client.get("/list/").content
    client.get("/list/?page=2")
    assert calls["count"] == 2
    client.get("/list/?utm_source=x")
    client.get("/list/?utm_source=x")
    assert calls["count"] == 4


@pytest.mark.urls(__name__)
def test_a_cached_page_answers_a_conditional_get_with_304(client):
    client.get("/etag/")
    assert client.get("/etag/", headers={"if-none-match": '"v1"'}).status_code == 304


def test_article_page_is_cached_whole_for_readers(client, django_assert_num_queries):
    url = create_reading_content().article.get_absolute_url()
    first = client.get(url)
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.content == first.content
    assert "s-maxage" in second["Cache-Control"]


def test_signed_in_staff_get_the_article_page_uncached(client):
    url = create_reading_content().article.get_absolute_url()
    staff = get_user_model().objects.create_user("editor", password="pw", is_staff=True)
    client.force_login(staff)
    client.get(url)
    response = client.get(url)
    assert "private" in response["Cache-Control"]


def test_saving_a_facility_refreshes_its_cached_page(client, django_capture_on_commit_callbacks):
    facility = create_reading_content().facilities[0]
    client.get(facility.get_absolute_url())
    facility.name = "Renamed Recovery Center"
    with django_capture_on_commit_callbacks(execute=True):
        facility.save()
    assert b"Renamed Recovery Center" in client.get(facility.get_absolute_url()).content


def test_a_facility_import_refreshes_cached_pages(django_capture_on_commit_callbacks):
    before = content_version()
    with django_capture_on_commit_callbacks(execute=True):
        import_facilities(CSV_SLICE)
    assert content_version() != before


@pytest.mark.urls(__name__)
def test_a_new_release_never_serves_the_old_releases_cached_page(client, monkeypatch):
    from iopguide.core import page_cache

    client.get("/page/")
    monkeypatch.setattr(page_cache, "code_version", lambda: ("next-release", None))
    assert client.get("/page/").content == b"page2"
