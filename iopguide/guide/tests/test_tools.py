"""The tools to decide: the "Is an IOP right for me?" self-check and the call worksheet."""

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from iopguide.directory.code_storage import stored_codes
from iopguide.directory.forms import parse_search
from iopguide.directory.tests.factories import FacilityFactory
from iopguide.guide import tools, worksheet
from iopguide.guide.quality import MAX_READING_GRADE, check_wording, reading_grade

pytestmark = pytest.mark.django_db

FORM_URL = reverse("guide:self_check")
ANSWERS_URL = reverse("guide:self_check_answers")
WORKSHEET_URL = reverse("guide:call_worksheet")
CALM = "safety=no&withdrawal=no&home=yes"


def answers(query: str = CALM):
    return f"{ANSWERS_URL}?{query}"


def find_rehab_link(html: str) -> str:
    href = re.search(r'<a class="button print-link" href="([^"]+)"', html).group(1)
    return href.replace("&amp;", "&")


def link_params(html: str) -> list[tuple[str, str]]:
    url = urlsplit(find_rehab_link(html))
    assert url.path == reverse("directory:find_rehab")
    return parse_qsl(url.query)


class VisibleText(HTMLParser):
    """The words a reader sees inside <main>."""

    def __init__(self):
        super().__init__()
        self.in_main = False
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.in_main = self.in_main or tag == "main"
        self.skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self.in_main = self.in_main and tag != "main"
        self.skip -= tag in ("script", "style")

    def handle_data(self, data):
        if self.in_main and not self.skip:
            self.parts.append(data)


def main_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


# --- The questions page ----------------------------------------------------------------------


def test_questions_page_is_a_get_form_with_a_fieldset_and_legend_for_each_choice_question(client):
    response = client.get(FORM_URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'method="get" action="{ANSWERS_URL}"' in html
    assert html.count("<fieldset") == html.count("<legend>") == 8
    for name in ("language", "near"):
        assert f'<label for="id_{name}">' in html
    assert "csrfmiddlewaretoken" not in html
    assert "<script" not in html


def test_questions_page_is_public_cacheable_and_indexable(client):
    response = client.get(FORM_URL)
    assert "public" in response["Cache-Control"]
    assert "X-Robots-Tag" not in response
    assert 'name="robots"' not in response.content.decode()
    assert not response.cookies


def test_questions_page_says_it_stores_nothing_and_gives_no_score(client):
    text = main_text(client.get(FORM_URL).content.decode())
    assert "There is no score" in text
    assert "We don't save your answers or set a cookie" in text


# --- The answers page: personal, so never stored, cached or indexed ------------------------


def test_answers_page_is_private_uncached_and_not_indexed(client):
    response = client.get(answers())
    html = response.content.decode()
    assert response.status_code == 200
    assert set(re.split(r",\s*", response["Cache-Control"])) >= {"private", "no-store"}
    assert "public" not in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
    assert '<meta name="robots" content="noindex">' in html
    assert response["Referrer-Policy"] == "no-referrer"
    assert f'<link rel="canonical" href="{settings.SITE_URL}{FORM_URL}">' in html


def test_answers_page_sets_no_cookie_and_writes_nothing_to_the_database(client):
    query = "safety=yes&withdrawal=yes&home=no&payment=none&medication=opioid&near=22901"
    with CaptureQueriesContext(connection) as queries:
        response = client.get(answers(query))
    assert response.status_code == 200
    assert not response.cookies
    assert "Set-Cookie" not in response
    writes = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert writes == []


def test_answers_are_not_kept_in_the_shared_page_cache(client):
    first = client.get(answers("safety=no&withdrawal=no&home=yes&near=Richmond%2C+VA"))
    second = client.get(answers("safety=no&withdrawal=no&home=yes&near=Norfolk%2C+VA"))
    assert "Richmond, VA" in first.content.decode()
    assert "Norfolk, VA" in second.content.decode()
    assert "Richmond" not in second.content.decode()


def test_questions_with_answers_in_the_address_are_personal_too(client):
    response = client.get(answers(f"{CALM}&change=1"))
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"


# --- Next steps --------------------------------------------------------------------------------


def test_safety_concern_puts_988_and_911_first(client):
    for safety in ("yes", "unsure"):
        html = client.get(answers(f"safety={safety}&withdrawal=no&home=yes")).content.decode()
        steps = re.findall(r"<h2>([^<]+)</h2>", html)
        assert steps[0] == tools.STEPS["crisis"].heading
        assert 'href="tel:988"' in html and 'href="sms:988"' in html and 'href="tel:911"' in html


def test_no_safety_concern_shows_no_crisis_step_but_the_footer_helplines_stay(client):
    html = client.get(answers()).content.decode()
    assert str(tools.STEPS["crisis"].heading) not in html
    assert 'aria-label="Crisis help"' in html


def test_withdrawal_risk_says_detox_first_and_searches_detox_too(client):
    html = client.get(answers("safety=no&withdrawal=yes&home=yes")).content.decode()
    assert str(tools.STEPS["withdrawal"].heading) in html
    assert [value for key, value in link_params(html) if key == "setting"] == ["OIT", "DT"]


def test_no_safe_home_suggests_live_in_care_and_searches_residential_too(client):
    html = client.get(answers("safety=no&withdrawal=no&home=no")).content.decode()
    assert str(tools.STEPS["home"].heading) in html
    assert [value for key, value in link_params(html) if key == "setting"] == ["OIT", "RES"]


def test_calm_answers_end_with_an_assessment_and_the_call_worksheet(client):
    html = client.get(answers()).content.decode()
    headings = re.findall(r"<h2>([^<]+)</h2>", html)
    assert headings == [tools.STEPS["assessment"].heading, tools.STEPS["call"].heading]
    assert f'href="{WORKSHEET_URL}"' in html


def test_next_steps_never_score_or_label_the_reader():
    every_answer = {
        "safety": "yes",
        "withdrawal": "yes",
        "home": "no",
        "schedule": [value for value, _ in tools.SCHEDULE_CHOICES],
        "payment": [value for value, _ in tools.PAYMENT_CHOICES],
        "medication": [value for value, _ in tools.MEDICATION_CHOICES],
        "groups": [value for value, _ in tools.GROUP_CHOICES],
        "age": "adult",
        "language": "spanish",
        "near": "22901",
    }
    result = tools.self_check_result(every_answer)
    text = " ".join(str(step.text.text) for step, _ in result.steps).lower()
    assert not re.search(
        r"\byou (are|have) (an? )?(addict|alcoholic|disorder)|\bscore[ds]? \d", text
    )
    assert "only a trained professional can tell" in text


# --- The Find Rehab link: the real parameters Find Rehab reads -----------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (CALM, [("setting", "OIT")]),
        (f"{CALM}&near=22901", [("near", "22901"), ("setting", "OIT")]),
        (f"{CALM}&payment=medicaid&payment=medicare", [("pay", "MD"), ("pay", "MC")]),
        (f"{CALM}&payment=private&payment=military", [("pay", "PI"), ("pay", "MI")]),
        (f"{CALM}&payment=none", [("pay", "SS"), ("pay", "NP"), ("pay", "PA")]),
        (f"{CALM}&payment=unsure", []),
        (f"{CALM}&medication=opioid", [("mat", "BU"), ("mat", "MU"), ("mat", "NU")]),
        (f"{CALM}&medication=alcohol&medication=taking", [("mat", "PMAT"), ("mat", "MOA")]),
        (f"{CALM}&groups=pregnant&groups=veteran", [("group", "PW"), ("group", "VET")]),
        (f"{CALM}&age=teen", [("age", "CHLD")]),
        (f"{CALM}&age=older-adult", [("age", "SNR")]),
        (f"{CALM}&language=spanish", [("lang", "SP")]),
        (f"{CALM}&language=sign", [("lang", "AH")]),
        (f"{CALM}&language=vietnamese", [("lang", "F92")]),
        (f"{CALM}&schedule=daytime", []),
        (
            f"{CALM}&schedule=evening&schedule=weekend&schedule=online",
            [("evening", "1"), ("weekend", "1"), ("telehealth", "1")],
        ),
    ],
)
def test_find_rehab_link_carries_each_answer_as_find_rehab_filters(client, query, expected):
    params = link_params(client.get(answers(query)).content.decode())
    assert [param for param in expected if param not in params] == []
    assert len([p for p in params if p[0] != "setting"]) == len(
        [p for p in expected if p[0] != "setting"]
    )


def test_every_filter_the_self_check_can_send_is_one_find_rehab_understands():
    for field_name, filters in tools.SEARCH_FILTERS.items():
        for value, search_filter in filters.items():
            query_string = "&".join(f"{search_filter.param}={v}" for v in search_filter.values)
            search = parse_search(query_string)
            assert search.notes == [], (field_name, value, search.notes)
            if search_filter.param in search.codes:
                assert search.codes[search_filter.param] == search_filter.values
            else:
                assert search_filter.param in search.flags


def test_find_rehab_link_finds_the_matching_program_and_ticks_its_filters(client):
    FacilityFactory(name="Matches", service_codes=stored_codes("OIT", "DT", "MD", "BU", "SP"))
    FacilityFactory(name="No Medicaid", service_codes=stored_codes("OIT", "PI", "BU", "SP"))
    query = "safety=no&withdrawal=yes&home=yes&payment=medicaid&medication=opioid&language=spanish"
    link = find_rehab_link(client.get(answers(query)).content.decode())
    response = client.get(f"{link}&near=VA")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Matches" in html and "No Medicaid" not in html
    for code in ("MD", "BU", "SP", "DT"):
        assert re.search(rf'value="{code}"[^>]*checked', html), code


def test_answers_page_lists_what_the_search_looks_for_in_plain_words(client):
    html = client.get(answers(f"{CALM}&payment=none&schedule=evening&near=22901")).content.decode()
    for words in (
        "offer an IOP",
        "offer a sliding fee, free care or help paying",
        "have evening IOP groups",
        "are near 22901",
    ):
        assert f"<li>{words}</li>" in html
    assert "Our editors check evening, weekend and online groups" in html


# --- Missing and hostile answers ------------------------------------------------------------


def test_missing_answers_show_the_questions_again_with_errors_tied_to_each_question(client):
    response = client.get(answers("withdrawal=no"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "2 questions need an answer" in html
    for name in ("safety", "home"):
        assert f'<a href="#id_{name}_0">' in html
        assert f'<p class="field__error" id="id_{name}_error">Pick an answer' in html
        assert re.search(rf'aria-describedby="[^"]*\bid_{name}_error"', html)
        assert re.search(rf'name="{name}"[^>]*aria-invalid="true"', html)
    assert 'id="id_withdrawal_error"' not in html
    assert re.search(r'name="withdrawal" value="no"[^>]*checked', html)
    assert response["X-Robots-Tag"] == "noindex"


@pytest.mark.parametrize(
    "query",
    [
        "safety=<script>&withdrawal=no&home=yes",
        f"{CALM}&payment=bitcoin",
        f"{CALM}&language=klingon",
        f"{CALM}&age=999",
        f"{CALM}&near=" + "9" * 101,
        "safety=no&safety=yes&withdrawal=no&home=yes",
        "%ff%fe=1&safety=no",
    ],
)
def test_hostile_or_malformed_answers_get_a_message_never_a_500(client, query):
    response = client.get(answers(query))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>" not in html.split('<main id="main"', 1)[1]
    assert "need" in html or "Your next steps" in html


def test_too_many_parameters_is_a_400(client):
    response = client.get(answers("&".join(f"x{n}=1" for n in range(1200))))
    assert response.status_code == 400


def test_change_my_answers_shows_the_questions_filled_in(client):
    html = client.get(answers()).content.decode()
    change = re.search(r'href="([^"]+change=1)"', html).group(1).replace("&amp;", "&")
    refilled = client.get(change).content.decode()
    assert re.search(r'name="safety" value="no"[^>]*checked', refilled)
    assert re.search(r'name="home" value="yes"[^>]*checked', refilled)
    assert "Your next steps" not in refilled


# --- The call worksheet ------------------------------------------------------------------------


def test_worksheet_has_each_question_with_a_good_answer_and_space_to_write(client):
    response = client.get(WORKSHEET_URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    assert html.count('class="worksheet__item"') == len(worksheet.WORKSHEET_QUESTIONS) >= 8
    assert html.count("A good answer sounds like:") == len(worksheet.WORKSHEET_QUESTIONS)
    assert html.count('<div class="write-in" aria-hidden="true"></div>') == len(
        worksheet.WORKSHEET_QUESTIONS
    )
    for blank in ("Program name", "Phone number", "Date I called", "Who I spoke with"):
        assert f"<dt>{blank}</dt><dd></dd>" in html


def test_every_citation_mark_points_to_a_listed_source(client):
    for url in (WORKSHEET_URL, answers("safety=yes&withdrawal=yes&home=no&payment=none")):
        html = client.get(url).content.decode()
        marks = set(re.findall(r'<a href="#source-(\d+)">', html))
        listed = set(re.findall(r'<li id="source-(\d+)">', html))
        assert marks and marks == listed, url


def test_worksheet_is_linked_from_facility_pages_compare_and_the_guide(client):
    first = FacilityFactory(name="First")
    second = FacilityFactory(name="Second")
    link = f'<a href="{WORKSHEET_URL}">'
    for url in (
        first.get_absolute_url(),
        f"{reverse('directory:compare')}?ids={first.slug},{second.slug}",
        reverse("guide:index"),
    ):
        assert link in client.get(url).content.decode(), url


def test_self_check_is_linked_from_the_guide_index_and_its_article():
    article = Path(settings.BASE_DIR, "content", "is-iop-right-for-me.md").read_text()
    assert f"]({FORM_URL})" in article


def test_guide_index_links_to_the_self_check(client):
    assert f'<a href="{FORM_URL}">' in client.get(reverse("guide:index")).content.decode()


# --- Plain language ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        FORM_URL,
        WORKSHEET_URL,
        answers(
            "safety=yes&withdrawal=yes&home=no&payment=none&payment=medicare&medication=opioid&groups=pregnant&groups=veteran"
        ),
    ],
)
def test_tool_pages_read_at_grade_8_or_lower_in_person_first_words(client, url):
    text = main_text(client.get(url).content.decode())
    text = text.split(" Sources ")[0]  # titles of cited works are not our writing
    assert reading_grade(text) <= MAX_READING_GRADE
    assert check_wording(text) == []
