"""/sitemap.xml: an index of sections whose URLs are every public page, on SITE_URL."""

import xml.etree.ElementTree as ET

import pytest
from django.test import override_settings

from iopguide.directory.sitemaps import FacilitySitemap

from .seo_sample import make_facility, make_site_sample

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
SITE_URL = "https://iopguide.example"


def _locs(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return [loc.text for loc in ET.fromstring(response.content).findall(".//sm:loc", NS)]


def _all_page_urls(client):
    urls = []
    for section_url in _locs(client, "/sitemap.xml"):
        assert section_url.startswith(SITE_URL)
        urls += _locs(client, section_url.removeprefix(SITE_URL))
    return urls


@pytest.fixture
def sample(db):
    with override_settings(SITE_URL=SITE_URL):
        yield make_site_sample()


def test_sitemap_index_lists_one_section_per_content_type(client, sample):
    assert _locs(client, "/sitemap.xml") == [
        f"{SITE_URL}/sitemap-pages.xml",
        f"{SITE_URL}/sitemap-guide.xml",
        f"{SITE_URL}/sitemap-browse.xml",
        f"{SITE_URL}/sitemap-facilities.xml",
    ]


def test_sitemap_lists_every_published_article_and_no_draft_or_scheduled_one(client, sample):
    urls = _all_page_urls(client)
    for role in ("article", "other_article", "faq"):
        assert f"{SITE_URL}{sample[role].get_absolute_url()}" in urls
    assert f"{SITE_URL}/guide/unfinished/" not in urls
    assert f"{SITE_URL}/guide/coming-soon/" not in urls


def test_sitemap_lists_every_active_facility_and_no_inactive_one(client, sample):
    urls = _all_page_urls(client)
    for role in ("facility", "other_facility", "maryland_facility"):
        assert f"{SITE_URL}{sample[role].get_absolute_url()}" in urls
    assert f"{SITE_URL}{sample['inactive_facility'].get_absolute_url()}" not in urls


def test_sitemap_lists_static_pages_and_lower_case_state_and_city_pages(client, sample):
    urls = _all_page_urls(client)
    for path in ("/", "/guide/", "/find-rehab/", "/privacy/"):
        assert f"{SITE_URL}{path}" in urls
    browse = [url for url in urls if "/find-rehab/" in url and url != f"{SITE_URL}/find-rehab/"]
    assert browse == [
        f"{SITE_URL}/find-rehab/md/",
        f"{SITE_URL}/find-rehab/va/",
        f"{SITE_URL}/find-rehab/md/silver-spring/",
        f"{SITE_URL}/find-rehab/va/norfolk/",
        f"{SITE_URL}/find-rehab/va/richmond/",
    ]


def test_browse_pages_skip_a_state_code_the_directory_has_no_page_for(client, sample):
    make_facility(state="ZZ", city="Nowhere")
    assert not [url for url in _all_page_urls(client) if "/find-rehab/zz/" in url]


def test_browse_pages_come_from_one_query(client, sample, django_assert_num_queries):
    client.get("/sitemap-pages.xml")  # Django's sitemap view looks up the Site once per process
    with django_assert_num_queries(1):
        client.get("/sitemap-browse.xml")


def test_no_page_is_listed_twice(client, sample):
    urls = _all_page_urls(client)
    assert len(urls) == len(set(urls))


def test_article_lastmod_is_its_last_review_not_its_last_save(client, sample):
    article = sample["article"]
    article.title = "What an IOP is (typo fixed)"
    article.save()
    body = client.get("/sitemap-guide.xml").content.decode()
    entry = body.split(article.get_absolute_url(), 1)[1].split("</url>", 1)[0]
    assert "<lastmod>2026-11-01</lastmod>" in entry


def test_facility_section_splits_into_pages_listed_by_the_index(client, sample, monkeypatch):
    monkeypatch.setattr(FacilitySitemap, "limit", 4)  # entries: each facility in two languages
    for _ in range(2):
        make_facility()
    index = _locs(client, "/sitemap.xml")
    facility_pages = [url for url in index if "/sitemap-facilities.xml" in url]
    assert facility_pages == [
        f"{SITE_URL}/sitemap-facilities.xml",
        f"{SITE_URL}/sitemap-facilities.xml?p=2",
        f"{SITE_URL}/sitemap-facilities.xml?p=3",
    ]
    per_page = [_locs(client, url.removeprefix(SITE_URL)) for url in facility_pages]
    assert [len(urls) for urls in per_page] == [4, 4, 2]


@pytest.mark.parametrize("query", ["?p=9", "?p=zero", "?p=-1"])
def test_sitemap_page_out_of_range_or_malformed_is_404_not_500(client, sample, query):
    assert client.get(f"/sitemap-facilities.xml{query}").status_code == 404


def test_unknown_sitemap_section_is_404(client, sample):
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_sitemap_is_served_from_cache(client, sample, django_assert_num_queries):
    client.get("/sitemap-facilities.xml")
    with django_assert_num_queries(0):
        assert client.get("/sitemap-facilities.xml").status_code == 200


def test_cached_sitemap_lists_a_new_facility_once_the_change_commits(
    client, sample, django_capture_on_commit_callbacks
):
    client.get("/sitemap-facilities.xml")
    with django_capture_on_commit_callbacks(execute=True):
        make_facility(slug="added-later")
    assert b"added-later" in client.get("/sitemap-facilities.xml").content


def test_sitemap_urls_ignore_the_request_host(client, sample):
    response = client.get("/sitemap-pages.xml", HTTP_HOST="localhost")
    assert b"localhost" not in response.content


XHTML = "{http://www.w3.org/1999/xhtml}link"


def _alternates(client, section: str) -> dict[str, dict[str, str]]:
    """{loc: {hreflang: href}} of a sitemap section."""
    tree = ET.fromstring(client.get(f"/sitemap-{section}.xml").content)
    return {
        url.find("sm:loc", NS).text: {
            link.get("hreflang"): link.get("href") for link in url.iter(XHTML)
        }
        for url in tree.findall("sm:url", NS)
    }


@pytest.mark.parametrize(
    ("section", "english", "spanish"),
    [
        ("pages", "/privacy/", "/es/privacidad/"),
        ("pages", "/find-rehab/", "/es/buscar-tratamiento/"),
        ("browse", "/find-rehab/va/richmond/", "/es/buscar-tratamiento/va/richmond/"),
        ("facilities", "facility", "spanish facility"),
    ],
)
def test_core_and_directory_sitemaps_list_both_languages_with_hreflang_pairs(
    client, sample, section, english, spanish
):
    if english == "facility":
        english = sample["facility"].get_absolute_url()
        spanish = english.replace("/facilities/", "/es/centros/")
    expected = {
        "en": f"{SITE_URL}{english}",
        "es": f"{SITE_URL}{spanish}",
        "x-default": f"{SITE_URL}{english}",
    }
    alternates = _alternates(client, section)
    assert alternates[f"{SITE_URL}{english}"] == expected
    assert alternates[f"{SITE_URL}{spanish}"] == expected
