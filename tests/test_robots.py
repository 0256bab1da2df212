"""/robots.txt: keeps crawlers out of endless result URLs and points them at the sitemap;
a non-production deployment turns every crawler away."""

import pytest
from django.test import override_settings


@pytest.fixture
def production_robots(client):
    with override_settings(SITE_URL="https://iopguide.example", ROBOTS_ALLOW_INDEXING=True):
        response = client.get("/robots.txt")
    assert response.status_code == 200
    return response


def _rules(response):
    return response.content.decode().splitlines()


def test_robots_txt_is_plain_text(production_robots):
    assert production_robots["Content-Type"] == "text/plain; charset=utf-8"


def test_robots_txt_points_at_the_absolute_sitemap_index(production_robots):
    assert "Sitemap: https://iopguide.example/sitemap.xml" in _rules(production_robots)


@pytest.mark.parametrize(
    "rule",
    [
        "Disallow: /admin/",
        "Disallow: /search/",
        "Disallow: /compare/?",
        "Disallow: /find-rehab/?",
        "Disallow: /facilities/*/report/",
    ],
)
def test_robots_txt_keeps_crawlers_out_of_admin_and_result_pages(production_robots, rule):
    assert rule in _rules(production_robots)


def test_robots_txt_leaves_content_and_landing_pages_crawlable(production_robots):
    # A page linked from every page but blocked here could still be indexed by its URL alone;
    # the landing pages stay crawlable so their robots meta (and content) can be read.
    for rule in ("Disallow: /", "Disallow: /find-rehab/", "Disallow: /compare/"):
        assert rule not in _rules(production_robots)


def test_robots_txt_on_staging_disallows_everything(client):
    staging = {"SITE_URL": "https://staging.iopguide.example", "ROBOTS_ALLOW_INDEXING": False}
    with override_settings(**staging):
        rules = _rules(client.get("/robots.txt"))
    assert rules[-2:] == ["User-agent: *", "Disallow: /"]
    assert not any(rule.startswith("Sitemap:") for rule in rules)


def test_robots_txt_answers_head(client):
    response = client.head("/robots.txt")
    assert response.status_code == 200
    assert response.content == b""
