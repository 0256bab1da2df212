"""Every public page type tells crawlers what it is: a unique title and description, one
absolute canonical URL on SITE_URL, Open Graph and Twitter tags, one h1, and the language."""

import re

import pytest
from django.test import override_settings

from iopguide.directory.tests.factories import FacilityFactory
from iopguide.directory.views.browse import PER_PAGE

from .seo_pages import parse_head, sample_page_paths
from .seo_sample import make_article, make_site_sample

SITE_URL = "https://iopguide.example"


@pytest.fixture
def pages(client, db):
    with override_settings(SITE_URL=SITE_URL):
        sample = make_site_sample()
        heads = {}
        for path in sample_page_paths(sample):
            response = client.get(path)
            assert response.status_code == 200, path
            heads[path] = parse_head(response.text)
        yield heads


def test_every_page_has_one_title_and_titles_are_unique(pages):
    titles = {}
    for path, head in pages.items():
        assert len(head.titles) == 1, path
        assert head.titles[0].strip(), path
        titles.setdefault(head.titles[0], []).append(path)
    assert {title: paths for title, paths in titles.items() if len(paths) > 1} == {}


def test_every_page_has_a_meta_description_and_descriptions_are_unique(pages):
    descriptions = {}
    for path, head in pages.items():
        description = head.one("description")
        assert 50 <= len(description) <= 200, (path, description)
        descriptions.setdefault(description, []).append(path)
    assert {text: paths for text, paths in descriptions.items() if len(paths) > 1} == {}


def test_every_page_has_one_absolute_canonical_on_site_url(pages):
    for path, head in pages.items():
        assert head.canonicals == [f"{SITE_URL}{path.split('?')[0]}"], path


def test_every_page_has_open_graph_and_twitter_card_tags(pages):
    for path, head in pages.items():
        assert head.one("og:url") == head.canonicals[0], path
        assert head.one("og:title"), path
        assert head.one("og:description"), path
        assert head.one("og:type") in {"website", "article"}, path
        assert head.one("twitter:card") == "summary", path
        assert head.one("twitter:title") == head.one("og:title"), path


def test_every_page_has_exactly_one_h1_and_a_language(pages):
    for path, head in pages.items():
        assert head.h1_count == 1, path
        assert head.lang == "en", path


def test_canonical_ignores_the_request_host_and_query_string(client, db):
    with override_settings(SITE_URL=SITE_URL):
        response = client.get("/privacy/?utm_source=x", HTTP_HOST="localhost")
    assert parse_head(response.text).canonicals == [f"{SITE_URL}/privacy/"]


def test_an_article_with_a_search_title_uses_it_for_title_and_open_graph(client, db):
    article = make_article(title="What an IOP is", slug="iop", meta_title="What is an IOP? Hours")
    head = parse_head(client.get(article.get_absolute_url()).text)
    assert head.titles == ["What is an IOP? Hours · IOP Guide"]
    assert head.one("og:title") == "What is an IOP? Hours"


@override_settings(SITE_URL=SITE_URL)
def test_a_later_page_of_a_state_list_shares_its_canonical_address_with_open_graph(client, db):
    FacilityFactory.create_batch(PER_PAGE + 1, state="VT", city="Burlington")
    head = parse_head(client.get("/find-rehab/vt/?page=2").text)
    assert head.canonicals == [f"{SITE_URL}/find-rehab/vt/?page=2"]
    assert head.one("og:url") == head.canonicals[0]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/privacy/", "/search/", "/compare/", "/find-rehab/"])
def test_a_page_description_is_the_same_in_the_meta_tag_and_the_json_ld(client, path):
    html = client.get(path).content.decode()
    meta = re.search(r'<meta name="description" content="([^"]+)"', html).group(1)

    assert meta.strip() and html.count(meta) >= 2  # written once, read by both
