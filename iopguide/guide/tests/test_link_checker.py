"""The external link checker against a real HTTP server on loopback (conftest.link_site):
redirect chains, 404 and 410, timeouts, loops, HEAD refused, one retry, politeness."""

import pytest

from iopguide.guide import link_checker
from iopguide.guide.link_checker import LinkChecker


@pytest.fixture(autouse=True)
def _no_retry_pause(monkeypatch):
    monkeypatch.setattr(link_checker, "RETRY_DELAY_SECONDS", 0)


def check(link_site, path, **options):
    return LinkChecker(**options).check(link_site["url"] + path)


def paths(link_site):
    return [(method, path) for method, path, _ in link_site["requests"]]


def test_a_page_that_answers_200_is_fine_after_one_head_request(link_site):
    outcome = check(link_site, "/ok")
    assert (outcome.status, outcome.error, outcome.moved) == (200, "", False)
    assert paths(link_site) == [("HEAD", "/ok")]


def test_requests_say_who_asks_and_where_to_read_about_it(link_site, settings):
    settings.SITE_URL = "https://iop.example"
    check(link_site, "/ok")
    agent = link_site["requests"][0][2]
    assert agent == "IOPGuideLinkChecker/1.0 (+https://iop.example/guide/about/)"


def test_a_chain_of_permanent_redirects_is_a_moved_page_with_its_new_address(link_site):
    outcome = check(link_site, "/moved")
    assert outcome.error == ""
    assert outcome.moved
    assert outcome.final_url == link_site["url"] + "/ok"
    assert paths(link_site) == [("HEAD", "/moved"), ("HEAD", "/moved-again"), ("HEAD", "/ok")]


def test_a_temporary_redirect_is_fine_and_not_reported_as_moved(link_site):
    outcome = check(link_site, "/temporary")
    assert (outcome.error, outcome.moved, outcome.status) == ("", False, 200)


@pytest.mark.parametrize(
    ("path", "message"), [("/missing", "page not found (404)"), ("/gone", "410 Gone")]
)
def test_404_and_410_are_definite_failures_without_a_retry(link_site, path, message):
    outcome = check(link_site, path)
    assert message in outcome.error
    assert outcome.definite
    # HEAD, then GET in case the server handles only GET; no retry.
    assert paths(link_site) == [("HEAD", path), ("GET", path)]


def test_a_redirect_to_a_missing_page_is_a_definite_failure(link_site):
    outcome = check(link_site, "/moved-to-missing")
    assert (outcome.status, outcome.definite) == (404, True)


def test_a_server_that_refuses_head_is_asked_with_get(link_site):
    outcome = check(link_site, "/no-head")
    assert (outcome.status, outcome.error) == (200, "")
    assert paths(link_site) == [("HEAD", "/no-head"), ("GET", "/no-head")]


def test_a_redirect_loop_is_broken_at_once(link_site):
    outcome = check(link_site, "/loop-a")
    assert outcome.error.startswith("a redirect loop")
    assert outcome.definite
    assert len(link_site["requests"]) <= 6  # two hops with HEAD, two with GET


def test_a_chain_longer_than_the_limit_is_broken(link_site):
    outcome = check(link_site, "/chain/0")
    assert outcome.error.startswith(f"more than {link_checker.MAX_REDIRECTS} redirects")
    assert outcome.definite


def test_a_page_that_does_not_answer_in_time_times_out_and_is_tried_once_more(link_site):
    outcome = check(link_site, "/slow/1.5", timeout=0.3)
    assert outcome.error == "no answer within 0.3 seconds"
    assert not outcome.definite and not outcome.answered
    assert paths(link_site) == [("HEAD", "/slow/1.5"), ("HEAD", "/slow/1.5")]


def test_a_server_error_is_tried_once_more_and_a_recovery_counts(link_site):
    outcome = check(link_site, "/flaky")
    assert (outcome.status, outcome.error) == (200, "")
    assert paths(link_site) == [("HEAD", "/flaky"), ("GET", "/flaky"), ("HEAD", "/flaky")]


def test_a_server_error_that_lasts_is_a_failure_but_not_a_definite_one(link_site):
    outcome = check(link_site, "/error")
    assert outcome.error == "the site had an error (500)"
    assert not outcome.definite


def test_a_refused_connection_is_a_failure_and_is_tried_once_more(closed_port):
    outcome = LinkChecker(timeout=1).check(f"http://127.0.0.1:{closed_port}/page")
    assert outcome.error == "could not connect to 127.0.0.1"
    assert not outcome.answered and not outcome.definite


def test_no_more_than_two_requests_go_to_one_host_at_a_time(link_site):
    urls = [f"{link_site['url']}/slow/0.2?page={n}" for n in range(8)]
    outcomes = LinkChecker(concurrency=8).check_all(urls)
    assert all(outcome.error == "" for outcome in outcomes.values())
    assert link_site["most_active"] == link_checker.PER_HOST


@pytest.mark.parametrize("url", ["http://[::1/page", "https:///no-host"])
def test_an_address_with_no_usable_host_is_broken_without_a_request(url):
    outcome = LinkChecker().check(url)
    assert (outcome.error, outcome.definite) == ("not a usable web address", True)
