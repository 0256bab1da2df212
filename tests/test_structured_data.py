"""JSON-LD on each page type parses, has the schema.org types crawlers expect, and each type
carries its required fields."""

import json
import re

import pytest
from django.test import override_settings

from iopguide.core.templatetags.seo import json_ld
from iopguide.guide.structured_data import faq_entries

from .seo_sample import make_site_sample

SITE_URL = "https://iopguide.example"
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture
def sample(db):
    with override_settings(SITE_URL=SITE_URL):
        yield make_site_sample()


def _json_ld(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return {item["@type"]: item for item in map(json.loads, JSON_LD.findall(response.text))}


def _crumb_names(breadcrumbs):
    items = breadcrumbs["itemListElement"]
    assert [item["position"] for item in items] == list(range(1, len(items) + 1))
    assert all(item["item"].startswith(SITE_URL) for item in items)
    return [item["name"] for item in items]


def test_home_has_website_with_search_action_and_organization(client, sample):
    data = _json_ld(client, "/")
    action = data["WebSite"]["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == f"{SITE_URL}/search/?q={{search_term_string}}"
    assert action["query-input"] == "required name=search_term_string"
    assert data["Organization"]["name"] == "IOP Guide"
    assert data["Organization"]["url"] == f"{SITE_URL}/"


def test_article_is_a_reviewed_medical_web_page(client, sample):
    article = sample["article"]
    page = _json_ld(client, article.get_absolute_url())["MedicalWebPage"]
    assert page["url"] == f"{SITE_URL}/guide/what-is-iop/"
    assert page["name"] == "What an IOP is"
    assert page["description"] == article.summary
    assert page["dateModified"] == "2026-10-15"
    assert page["author"] == {"@type": "Organization", "name": "IOP Guide editorial team"}
    assert page["lastReviewed"] == "2026-11-01"
    assert page["reviewedBy"] == {
        "@type": "Person",
        "name": "Dana Reviewer",
        "url": f"{SITE_URL}/guide/reviewers/dana-reviewer/",
    }
    assert {about["@type"] for about in page["about"]} == {"MedicalTherapy", "MedicalCondition"}
    assert page["audience"]["@type"] == "PeopleAudience"
    assert page["citation"][0]["url"] == "https://store.samhsa.gov/product/tip-47"


def test_article_leaves_out_review_fields_it_does_not_have(client, sample):
    article = sample["other_article"]
    article.reviewer, article.reviewed_on = None, None
    article.save()
    page = _json_ld(client, article.get_absolute_url())["MedicalWebPage"]
    assert "lastReviewed" not in page
    assert "reviewedBy" not in page


def test_article_and_guide_index_have_breadcrumbs(client, sample):
    article = _json_ld(client, sample["article"].get_absolute_url())
    assert _crumb_names(article["BreadcrumbList"]) == ["Home", "Guide", "What an IOP is"]
    index = _json_ld(client, "/guide/")
    assert _crumb_names(index["BreadcrumbList"]) == ["Home", "Guide"]


def test_faq_article_has_faq_page_with_each_question_and_its_answer(client, sample):
    faq = _json_ld(client, "/guide/faq/")["FAQPage"]
    questions = faq["mainEntity"]
    assert [question["name"] for question in questions] == [
        "How many hours a week is an IOP?",
        "Can I keep working?",
    ]
    assert questions[0]["acceptedAnswer"] == {
        "@type": "Answer",
        "text": "Usually 9 to 20 hours a week.",
    }
    assert questions[1]["acceptedAnswer"]["text"] == (
        "Often, yes. Many programs have evening groups. morning groups evening groups"
    )


def test_only_the_faq_article_has_faq_page(client, sample):
    assert "FAQPage" not in _json_ld(client, sample["article"].get_absolute_url())


def test_faq_parser_skips_headings_that_are_not_questions():
    html = "<h2>Why?</h2><p>Because.</p><h2>Summary</h2><p>Not a question.</p><h2>Empty?</h2>"
    assert faq_entries(html) == (("Why?", "Because."),)


def test_facility_is_a_medical_clinic_with_address_geo_phone_services_and_payment(client, sample):
    facility = sample["facility"]
    data = _json_ld(client, facility.get_absolute_url())
    clinic = data["MedicalClinic"]
    assert clinic["name"] == "Riverside IOP"
    assert clinic["url"] == f"{SITE_URL}{facility.get_absolute_url()}"
    assert clinic["address"] == {
        "@type": "PostalAddress",
        "streetAddress": facility.street1,
        "addressLocality": "Richmond",
        "addressRegion": "VA",
        "postalCode": "23220",
        "addressCountry": "US",
    }
    assert clinic["geo"] == {"@type": "GeoCoordinates", "latitude": 37.54, "longitude": -77.43}
    assert clinic["telephone"] == "804-555-0100"
    services = {service["name"] for service in clinic["availableService"]}
    assert services == {"Intensive outpatient program (IOP)", "Cognitive behavioral therapy (CBT)"}
    assert clinic["paymentAccepted"] == "Medicaid, Private health insurance"
    assert clinic["isAcceptingNewPatients"] is True
    crumbs = _crumb_names(data["BreadcrumbList"])
    assert crumbs == ["Home", "Find Rehab", "Virginia", "Richmond", "Riverside IOP"]


def test_facility_leaves_out_what_is_not_known(client, sample):
    facility = sample["other_facility"]
    facility.latitude = facility.longitude = None
    facility.phone = ""
    facility.save()
    clinic = _json_ld(client, facility.get_absolute_url())["MedicalClinic"]
    assert "geo" not in clinic
    assert "telephone" not in clinic
    assert "isAcceptingNewPatients" not in clinic


def test_json_ld_cannot_be_broken_out_of_by_its_data():
    html = json_ld({"name": "</script><script>alert(1)</script> & <!--"})
    assert html.count("</script>") == 1
    assert "<!--" not in html
    payload = html.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert json.loads(payload) == {"name": "</script><script>alert(1)</script> & <!--"}


def test_json_ld_of_nothing_renders_nothing():
    assert json_ld(None) == ""


def test_state_and_city_pages_have_breadcrumbs(client, sample):
    state = _json_ld(client, "/find-rehab/va/")["BreadcrumbList"]
    assert _crumb_names(state) == ["Home", "Find Rehab", "Virginia"]
    city = _json_ld(client, "/find-rehab/va/richmond/")["BreadcrumbList"]
    assert _crumb_names(city) == ["Home", "Find Rehab", "Virginia", "Richmond"]
    assert city["itemListElement"][-1]["item"] == f"{SITE_URL}/find-rehab/va/richmond/"


# --- The Spanish pages (/es/) -----------------------------------------------------------------


def test_spanish_home_has_a_spanish_website_searching_the_spanish_guide(client, sample):
    data = _json_ld(client, "/es/")
    website = data["WebSite"]
    assert website["inLanguage"] == "es-US"
    assert website["url"] == f"{SITE_URL}/es/"
    assert website["@id"] == f"{SITE_URL}/es/#website"
    target = website["potentialAction"]["target"]["urlTemplate"]
    assert target == f"{SITE_URL}/es/buscar/?q={{search_term_string}}"
    assert data["Organization"]["name"] == "IOP Guide"


def test_spanish_facility_is_a_medical_clinic_in_spanish_words(client, sample):
    facility = sample["facility"]
    data = _json_ld(client, f"/es/centros/{facility.slug}/")
    clinic = data["MedicalClinic"]
    assert clinic["url"] == f"{SITE_URL}/es/centros/{facility.slug}/"
    services = {service["name"] for service in clinic["availableService"]}
    assert services == {
        "Programa intensivo ambulatorio (IOP)",
        "Terapia cognitivo-conductual (TCC)",
    }
    assert clinic["paymentAccepted"] == "Medicaid, Seguro médico privado"
    crumbs = _crumb_names(data["BreadcrumbList"])
    assert crumbs == ["Inicio", "Buscar tratamiento", "Virginia", "Richmond", "Riverside IOP"]
    assert data["BreadcrumbList"]["itemListElement"][1]["item"] == (
        f"{SITE_URL}/es/buscar-tratamiento/"
    )


@pytest.mark.parametrize(
    ("path", "names"),
    [
        ("/es/buscar-tratamiento/va/", ["Inicio", "Buscar tratamiento", "Virginia"]),
        ("/es/guia/", ["Inicio", "Guía"]),
        ("/es/fuentes/", ["Inicio", "Guía", "Fuentes"]),
    ],
)
def test_spanish_pages_have_spanish_breadcrumbs(client, sample, path, names):
    crumbs = _json_ld(client, path)["BreadcrumbList"]
    assert _crumb_names(crumbs) == names
    assert all("/es/" in item["item"] for item in crumbs["itemListElement"])
