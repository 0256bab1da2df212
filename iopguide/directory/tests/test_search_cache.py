"""Find Rehab results and comparisons are cached per search until the directory changes."""

import pytest

from tests.browser.pages import create_reading_content

pytestmark = pytest.mark.django_db


@pytest.fixture
def content():
    return create_reading_content()


def test_a_repeated_search_is_answered_without_a_query_whatever_the_parameter_order(
    client, content, django_assert_num_queries
):
    first = client.get("/find-rehab/?near=22901&radius=25&pay=MD")
    with django_assert_num_queries(0):
        again = client.get("/find-rehab/?pay=MD&radius=25&near=22901")
    assert again.content == first.content


def test_a_comparison_is_answered_again_without_a_query(client, content, django_assert_num_queries):
    url = f"/compare/?ids={content.facilities[0].slug},{content.facilities[1].slug}"
    first = client.get(url)
    with django_assert_num_queries(0):
        assert client.get(url).content == first.content


def test_a_search_with_a_parameter_the_form_never_sends_is_not_stored(
    client, content, django_assert_max_num_queries
):
    client.get("/find-rehab/?near=22901&utm_source=mail")
    with django_assert_max_num_queries(10) as queries:
        client.get("/find-rehab/?near=22901&utm_source=mail")
    assert len(queries) > 0


def test_a_cached_search_never_outlives_a_change_to_a_listing(
    client, content, django_capture_on_commit_callbacks
):
    facility = content.facilities[0]
    assert facility.name.encode() in client.get("/find-rehab/?near=22901").content
    compare = f"/compare/?ids={facility.slug}"
    assert facility.name.encode() in client.get(compare).content
    facility.name = "Renamed Recovery Center"
    with django_capture_on_commit_callbacks(execute=True):
        facility.save()
    assert b"Renamed Recovery Center" in client.get("/find-rehab/?near=22901").content
    assert b"Renamed Recovery Center" in client.get(compare).content
