"""The whole-page cache serves anonymous readers, never staff, forms, errors or drafts, and a
content change shows at once."""

import pytest
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.test import RequestFactory
from django.views.decorators.cache import never_cache

from iopguide.core.cache import bump_content_version
from iopguide.core.page_cache import reader_page_cache
from tests.browser.pages import create_reading_content

factory = RequestFactory()


class CountingView:
    """A view that says how often it really ran."""

    def __init__(self, status=200, body=b"<p>page</p>", set_cookie=False):
        self.calls = 0
        self.status, self.body, self.set_cookie = status, body, set_cookie

    def __call__(self, request):
        self.calls += 1
        response = HttpResponse(self.body + str(self.calls).encode(), status=self.status)
        if self.set_cookie:
            response.set_cookie("csrftoken", "x")
        return response


def test_second_anonymous_get_is_served_from_the_cache_with_public_cache_control():
    view = CountingView()
    cached = reader_page_cache(view)
    first = cached(factory.get("/guide/a/"))
    second = cached(factory.get("/guide/a/"))
    assert view.calls == 1
    assert second.content == first.content
    assert "public" in second["Cache-Control"]
    assert "s-maxage=300" in second["Cache-Control"]


def test_a_content_change_serves_a_fresh_page_at_once():
    view = CountingView()
    cached = reader_page_cache(view)
    cached(factory.get("/guide/a/"))
    bump_content_version()
    assert cached(factory.get("/guide/a/")).content.endswith(b"2")


def test_request_with_a_session_cookie_is_never_cached_and_marked_private():
    view = CountingView()
    cached = reader_page_cache(view)
    for _ in range(2):
        request = factory.get("/guide/a/")
        request.COOKIES["sessionid"] = "staff"
        response = cached(request)
    assert view.calls == 2
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


@pytest.mark.parametrize(
    "view",
    [CountingView(status=404), CountingView(status=500), CountingView(set_cookie=True)],
    ids=["not-found", "error", "sets-cookie"],
)
def test_error_pages_and_responses_setting_cookies_are_not_cached(view):
    cached = reader_page_cache(view)
    cached(factory.get("/x/"))
    response = cached(factory.get("/x/"))
    assert view.calls == 2
    assert "public" not in response.get("Cache-Control", "")


def unchanged(view):
    return view


@pytest.mark.parametrize(
    ("wrap", "body", "make_request"),
    [
        (never_cache, b"<p>draft</p>", factory.get),
        (unchanged, b'<script nonce="abc" src="/x.js"></script>', factory.get),
        (unchanged, b"<p>page</p>", factory.post),
    ],
    ids=["view-forbids-caching", "csp-nonce", "post"],
)
def test_pages_that_must_stay_fresh_are_not_cached(wrap, body, make_request):
    view = CountingView(body=body)
    cached = reader_page_cache(wrap(view))
    cached(make_request("/x/"))
    cached(make_request("/x/"))
    assert view.calls == 2


def test_only_the_listed_query_parameters_make_cache_entries():
    view = CountingView()
    cached = reader_page_cache(query_params=("page",))(view)
    assert cached(factory.get("/va/?page=2")).content != cached(factory.get("/va/")).content
    cached(factory.get("/va/?page=2"))
    assert view.calls == 2
    cached(factory.get("/va/?utm_source=x"))
    cached(factory.get("/va/?utm_source=x"))
    assert view.calls == 4


def test_a_cached_page_answers_a_conditional_get_with_304():
    def view(request):
        response = HttpResponse(b"page")
        response["ETag"] = '"v1"'
        return response

    cached = reader_page_cache(view)
    cached(factory.get("/a/"))
    assert cached(factory.get("/a/", headers={"if-none-match": '"v1"'})).status_code == 304


@pytest.mark.django_db
def test_article_page_is_cached_whole_for_readers(client, django_assert_num_queries):
    url = create_reading_content().article.get_absolute_url()
    first = client.get(url)
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.content == first.content
    assert "s-maxage" in second["Cache-Control"]


@pytest.mark.django_db
def test_signed_in_staff_get_the_article_page_uncached(client):
    url = create_reading_content().article.get_absolute_url()
    staff = get_user_model().objects.create_user("editor", password="pw", is_staff=True)
    client.force_login(staff)
    client.get(url)
    response = client.get(url)
    assert "private" in response["Cache-Control"]


@pytest.mark.django_db(transaction=True)
def test_saving_a_facility_refreshes_its_cached_page(client):
    facility = create_reading_content().facilities[0]
    client.get(facility.get_absolute_url())
    facility.name = "Renamed Recovery Center"
    facility.save()
    assert b"Renamed Recovery Center" in client.get(facility.get_absolute_url()).content
