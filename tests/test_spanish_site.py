"""The site in Spanish under /es/: every page type answers in Spanish (lang="es"), links to its
English twin and back, announces both with hreflang, and never picks a language from the
browser's Accept-Language or a cookie."""

import csv
import html as html_text
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import override_settings
from django.utils import translation

from iopguide.core.context_processors import CRISIS_LINES
from iopguide.directory import vocabulary
from iopguide.directory.tests.factories import FacilityFactory
from iopguide.guide.tests.factories import ReviewerFactory

from .browser.pages import spanish_url
from .seo_pages import parse_head

SITE_URL = "https://iopguide.example"
CATALOGUE = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOGUE.with_suffix(".mo")
ALTERNATE = re.compile(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">')
SWITCH = re.compile(r'<p class="language-switch"><a href="([^"]+)" hreflang="([a-z]+)" lang="\2">')


@pytest.fixture
def pages(db):
    """{page type: (English path, Spanish path)} for every page type but articles (a Spanish
    article is another article, with its own slug)."""
    facility = FacilityFactory(slug="blue-ridge-recovery-charlottesville-va", zip_code="22901")
    other = FacilityFactory(slug="piedmont-iop-charlottesville-va", zip_code="22901")
    reviewer = ReviewerFactory(slug="ana-ruiz")
    english = {
        "home": "/",
        "privacy": "/privacy/",
        "guide index": "/guide/",
        "reviewer": reviewer.get_absolute_url(),
        "sources": "/sources/",
        "search": "/search/?q=insurance",
        "self-check": "/tools/is-an-iop-right-for-me/",
        "self-check answers": "/tools/is-an-iop-right-for-me/answers/?safety=no&withdrawal=no"
        "&home=yes",
        "call worksheet": "/tools/call-worksheet/",
        "find rehab": "/find-rehab/",
        "find rehab results": "/find-rehab/?near=22901",
        "state": "/find-rehab/va/",
        "city": f"/find-rehab/va/{facility.city_slug}/",
        "facility": facility.get_absolute_url(),
        "report a problem": f"{facility.get_absolute_url()}report/",
        "update a listing": f"{facility.get_absolute_url()}update/",
        "corrections": "/facilities/changes/",
        "compare": f"/compare/?ids={facility.slug},{other.slug}",
    }
    return {name: (path, spanish_url(path)) for name, path in english.items()}


def _alternates(html: str) -> dict[str, str]:
    return dict(ALTERNATE.findall(html))


def _switch(html: str) -> tuple[str, str]:
    match = SWITCH.search(html)
    assert match, "no language switch"
    return html_text.unescape(match.group(1)), match.group(2)


def test_spanish_addresses_follow_the_plan(pages):
    assert pages["privacy"][1] == "/es/privacidad/"
    assert pages["self-check answers"][1].startswith(
        "/es/herramientas/es-un-iop-adecuado-para-mi/respuestas/?"
    )
    assert pages["call worksheet"][1] == "/es/herramientas/hoja-para-llamar/"
    assert pages["find rehab results"][1] == "/es/buscar-tratamiento/?near=22901"
    assert pages["facility"][1] == "/es/centros/blue-ridge-recovery-charlottesville-va/"
    assert pages["report a problem"][1].endswith("/reportar/")
    assert pages["reviewer"][1] == "/es/guia/revisores/ana-ruiz/"
    assert pages["corrections"][1] == "/es/centros/cambios/"


def test_every_spanish_page_type_answers_in_spanish(client, pages):
    for name, (_, spanish) in pages.items():
        response = client.get(spanish)
        assert response.status_code == 200, name
        html = response.content.decode()
        assert parse_head(html).lang == "es", name
        assert response["Content-Language"] == "es", name
        assert 'class="skip-link" href="#main">Ir al contenido principal' in html, name


def test_every_page_type_links_to_its_twin_in_the_other_language(client, pages):
    for name, (english, spanish) in pages.items():
        assert _switch(client.get(english).content.decode()) == (spanish, "es"), name
        assert _switch(client.get(spanish).content.decode()) == (english, "en"), name


@override_settings(SITE_URL=SITE_URL)
def test_both_twins_announce_the_same_hreflang_pair_and_english_as_default(client, pages):
    for name, (english, spanish) in pages.items():
        expected = {
            "en": SITE_URL + english.split("?")[0],
            "es": SITE_URL + spanish.split("?")[0],
            "x-default": SITE_URL + english.split("?")[0],
        }
        assert _alternates(client.get(english).content.decode()) == expected, name
        assert _alternates(client.get(spanish).content.decode()) == expected, name


@override_settings(SITE_URL=SITE_URL)
def test_canonical_is_each_languages_own_address(client, pages):
    english, spanish = pages["privacy"]
    assert parse_head(client.get(english).content.decode()).canonicals == [SITE_URL + english]
    assert parse_head(client.get(spanish).content.decode()).canonicals == [SITE_URL + spanish]


def test_a_page_without_a_twin_has_no_hreflang_and_switches_to_the_other_home(client, db):
    response = client.get("/es/no-existe/")
    assert response.status_code == 404
    html = response.content.decode()
    assert parse_head(html).lang == "es"
    assert _alternates(html) == {}
    assert _switch(html) == ("/", "en")


@pytest.mark.parametrize("path", ["/", "/find-rehab/", "/privacy/"])
@pytest.mark.parametrize(
    "browser", [{"HTTP_ACCEPT_LANGUAGE": "es-MX,es;q=0.9"}, {"HTTP_COOKIE": "django_language=es"}]
)
def test_english_pages_stay_english_whatever_the_browser_prefers(client, db, path, browser):
    response = client.get(path, **browser)
    assert response.status_code == 200
    assert parse_head(response.content.decode()).lang == "en"
    assert response["Content-Language"] == "en"


def test_spanish_pages_stay_spanish_for_an_english_browser(client, db):
    response = client.get("/es/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert parse_head(response.content.decode()).lang == "es"


@pytest.mark.parametrize("path", ["/", "/es/", "/find-rehab/", "/es/buscar-tratamiento/", "/nope/"])
def test_no_page_varies_on_accept_language(client, db, path):
    """The language is the address's: a Vary: Accept-Language would only split the page and
    edge caches per browser, and is never needed."""
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="es")
    assert "accept-language" not in response.get("Vary", "").lower()


def test_an_unprefixed_spanish_looking_address_is_not_redirected(client, db):
    assert client.get("/privacidad/").status_code == 404


def test_the_admin_and_the_machine_addresses_have_no_spanish_twin(client, db):
    assert client.get("/es/admin/").status_code == 404
    assert client.get("/es/robots.txt").status_code == 404
    assert client.get("/es/sitemap.xml").status_code == 404
    assert client.get("/robots.txt").status_code == 200


def test_spanish_and_english_pages_are_cached_apart(client, db):
    english = client.get("/").content.decode()
    spanish = client.get("/es/").content.decode()
    assert parse_head(client.get("/").content.decode()).lang == "en"
    assert parse_head(client.get("/es/").content.decode()).lang == "es"
    assert english != spanish


def test_find_rehab_filter_fragments_are_drawn_per_language(client, db):
    """The filters' checkboxes are a cached fragment: the Spanish page must not get the English
    fragment (or the reverse) for the same ticks."""
    english = client.get("/find-rehab/?near=22901").content.decode()
    spanish = client.get("/es/buscar-tratamiento/?near=22901").content.decode()
    assert "<legend>Payment and insurance</legend>" in english
    assert "<legend>Pago y seguro médico</legend>" in spanish
    assert "Payment and insurance" not in spanish


# --- The crisis strip ---------------------------------------------------------------------------


def _strip(html: str) -> str:
    return html.split('<aside class="crisis"', 1)[1].split("</aside>", 1)[0]


@pytest.mark.parametrize("path", ["/es/", "/es/buscar-tratamiento/", "/es/comparar/", "/es/x/"])
def test_spanish_pages_show_the_crisis_lines_with_their_spanish_options(client, db, path):
    strip = _strip(client.get(path).content.decode())
    for line in CRISIS_LINES:
        assert f'href="tel:{line["tel"]}"' in strip
    lifeline = strip.split('href="tel:988"', 1)[1].split("</li>", 1)[0]
    assert "marque 2" in lifeline and "AYUDA" in lifeline
    helpline = strip.split('href="tel:+18006624357"', 1)[1].split("</li>", 1)[0]
    assert "en español (marque 2)" in helpline
    assert "TTY 1-800-487-4889" in helpline
    assert "911" in strip and "sobredosis" in strip


def test_the_standalone_500_page_is_spanish_on_spanish_pages():
    with translation.override("es"):
        html = render_to_string("500.html")
    assert '<html lang="es">' in html
    assert "Algo salió mal" in html
    assert "marque 2" in html and 'href="/es/"' in html


# --- Find Rehab: treatment in Spanish one click away -----------------------------------------


@pytest.mark.parametrize("path", ["/find-rehab/", "/es/buscar-tratamiento/?near=22901"])
def test_find_rehab_offers_programs_with_treatment_in_spanish_in_one_click(client, db, path):
    html = client.get(path).content.decode()
    link = re.search(r'<p class="spanish-link"><a href="([^"]+)" hreflang="es">', html)
    assert link, "no link to programs with treatment in Spanish"
    prefix = path.split("?")[0]
    narrowed = client.get(prefix + link.group(1).replace("&amp;", "&")).content.decode()
    assert 'value="SP" checked' in narrowed
    assert 'class="spanish-link"' not in narrowed  # already narrowed: no link to itself


def test_programs_with_treatment_in_spanish_are_found(client, db):
    spanish = FacilityFactory(name="Centro Esperanza", zip_code="22901", service_codes=" OIT SP ")
    FacilityFactory(name="English Only IOP", zip_code="22901", service_codes=" OIT ")
    html = client.get("/es/buscar-tratamiento/?near=22901&setting=OIT&lang=SP").content.decode()
    assert spanish.name in html
    assert "English Only IOP" not in html


# --- The catalogue and the Spanish code sheet ------------------------------------------------


def test_the_spanish_catalogue_has_no_untranslated_or_fuzzy_entry():
    catalogue = polib.pofile(str(CATALOGUE))
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []
    assert not catalogue.metadata_is_fuzzy


def test_the_compiled_catalogue_is_the_current_one():
    """`make setup`, `make test` and the Dockerfile compile the catalogue; a stale or missing .mo
    would show English on Spanish pages."""
    assert COMPILED.exists(), "run `make messages-compile` (manage.py compilemessages)"
    compiled = {(entry.msgctxt, entry.msgid): entry.msgstr for entry in polib.mofile(str(COMPILED))}
    source = {
        (entry.msgctxt, entry.msgid): entry.msgstr
        for entry in polib.pofile(str(CATALOGUE)).translated_entries()
        if not entry.msgid_plural
    }
    assert {key: value for key, value in source.items() if compiled.get(key) != value} == {}


def test_every_code_on_the_sheet_has_a_spanish_name_and_each_plain_description_a_spanish_one():
    english = list(csv.DictReader(vocabulary.SERVICE_CODES_CSV.open(encoding="utf-8")))
    spanish = vocabulary.spanish_sheet()
    assert [row["code"] for row in english] == list(spanish)
    assert [code for code, (name, _) in spanish.items() if not name] == []
    missing = [
        row["code"] for row in english if row["plain_description"] and not spanish[row["code"]][1]
    ]
    assert missing == []


def test_the_vocabulary_speaks_the_pages_language(db):
    with translation.override("es"):
        assert vocabulary.describe("SP").label == "Español"
        assert vocabulary.setting_labels(["OIT"]) == ["Intensivo ambulatorio (IOP)"]
    with translation.override("en"):
        assert vocabulary.describe("SP").label == "Spanish"


@pytest.mark.parametrize(
    "word", ["adicto", "drogadicto", "alcohólico", "abusador", "limpio", "sucio"]
)
def test_the_spanish_text_uses_person_first_words(word):
    text = CATALOGUE.read_text(encoding="utf-8") + vocabulary.SPANISH_CODES_CSV.read_text("utf-8")
    text = text.replace("Alcohólicos Anónimos", "")  # a fellowship's name, not a person
    msgstrs = re.findall(r'^msgstr(?:\[\d\])? "(.*)"$', text, re.M) + text.splitlines()
    assert not [line for line in msgstrs if re.search(rf"\b{word}s?\b", line, re.I)]
