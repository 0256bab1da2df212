"""The Find Rehab page: a GET form, results with what a reader needs, and help, never a 500."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from iopguide.directory import filters, forms
from iopguide.directory.code_storage import stored_codes
from iopguide.directory.tests.factories import FacilityFactory

URL = reverse("directory:find_rehab")
NOINDEX = '<meta name="robots" content="noindex">'


class FormOutline(HTMLParser):
    """Records each form's action and the names of the inputs inside it, and any nesting."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self.depth = 0
        self.nested = False
        self.labels_for: set[str] = set()
        self.checkbox_ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.nested = self.nested or self.depth > 0
            self.depth += 1
            self.forms.append({"action": attrs.get("action"), "inputs": []})
        elif tag in {"input", "select"} and self.depth:
            self.forms[-1]["inputs"].append(attrs.get("name"))
        if tag == "input" and attrs.get("type") == "checkbox":
            self.checkbox_ids.append(attrs.get("id"))
        if tag == "label" and "for" in attrs:
            self.labels_for.add(attrs["for"])

    def handle_endtag(self, tag):
        if tag == "form":
            self.depth -= 1


def outline(response) -> FormOutline:
    parser = FormOutline()
    parser.feed(response.content.decode())
    return parser


@pytest.mark.django_db
def test_the_empty_page_shows_the_form_and_may_be_indexed(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert NOINDEX not in response.content.decode()
    assert outline(response).forms[0]["action"] == URL


@pytest.mark.django_db
def test_results_pages_are_noindex(client):
    FacilityFactory()
    assert NOINDEX in client.get(URL, {"near": "22903"}).content.decode()


@pytest.mark.django_db
def test_every_filter_checkbox_has_a_label_and_sits_in_a_fieldset_with_a_legend(client):
    response = client.get(URL)
    parsed = outline(response)
    assert set(parsed.checkbox_ids) <= parsed.labels_for
    html = response.content.decode()
    for code_filter in filters.CODE_FILTERS:
        assert f"<legend>{code_filter.legend}</legend>" in html
        assert str(code_filter.explanation) in html
    assert str(filters.EDITOR_FILTERS_EXPLANATION) in html


@pytest.mark.django_db
def test_a_result_shows_distance_settings_payments_phone_and_a_compare_checkbox(client):
    facility = FacilityFactory(
        name="Blue Ridge IOP",
        latitude=38.1,
        longitude=-78.5,
        location_precision="source",
        phone="434-555-0199",
        service_codes=stored_codes("OIT", "ODT", "MD", "SS"),
    )
    response = client.get(URL, {"near": "22903", "pay": "MD"})
    html = response.content.decode()
    assert "1 program\n" in html or "1 program " in html
    assert "within 25 miles of Charlottesville, VA 22903" in html
    assert "4.6 miles" in html
    assert '<li class="badge">Intensive outpatient (IOP)</li>' in html
    assert '<li class="badge">Partial hospitalization (PHP)</li>' in html
    assert "<strong>Medicaid</strong>, Sliding fee scale" in html
    assert 'href="tel:+14345550199"' in html
    assert f'name="ids" value="{facility.slug}"' in html
    assert facility.get_absolute_url() in html


@pytest.mark.django_db
def test_the_payments_a_reader_filtered_on_come_first_in_bold(client):
    FacilityFactory(
        latitude=38.1,
        longitude=-78.5,
        service_codes=stored_codes("OIT", "MD", "MC", "PI", "SF"),
    )
    html = client.get(URL, {"near": "22903", "pay": ["PI", "SF"]}).content.decode()
    wanted = "<strong>Private health insurance, Cash or self-payment</strong>"
    assert f"Accepts: {wanted}, Medicaid, Medicare</p>" in html


@pytest.mark.django_db
def test_the_compare_checkboxes_are_in_their_own_get_form_to_compare_not_nested(client):
    FacilityFactory.create_batch(3)
    parsed = outline(client.get(URL, {"near": "22903"}))
    assert not parsed.nested
    search_form, compare_form = parsed.forms
    assert compare_form["action"] == reverse("directory:compare")
    assert compare_form["inputs"].count("ids") == 3
    assert "near" in compare_form["inputs"]  # so the compare page can show distances
    assert "ids" not in search_form["inputs"]


@pytest.mark.django_db
def test_clear_filters_keeps_the_place_and_radius_only(client):
    FacilityFactory()
    html = client.get(URL, {"near": "22903", "radius": "50", "pay": "MD"}).content.decode()
    assert 'href="?near=22903&amp;radius=50">Clear filters' in html


@pytest.mark.django_db
def test_no_results_suggests_a_wider_radius_fewer_filters_and_the_helpline(client):
    FacilityFactory(latitude=38.9, longitude=-77.0)  # about 75 miles away
    html = client.get(URL, {"near": "22903", "pay": "MI"}).content.decode()
    assert "0 programs" in html
    assert "Search within 50 miles" in html
    assert "Use fewer filters" in html
    assert "1-800-662-4357" in html


@pytest.mark.django_db
def test_an_unknown_place_offers_close_spellings_the_state_page_and_the_helpline(client):
    html = client.get(URL, {"near": "Charlotesville, VA", "pay": "MD"}).content.decode()
    assert "We could not find that place" in html
    assert 'href="?near=Charlottesville%2C+VA&amp;radius=25&amp;setting=&amp;setting=OIT' in html
    assert f'href="{reverse("directory:state", args=["va"])}"' in html
    assert "1-800-662-4357" in html


@pytest.mark.django_db
def test_next_page_link_keeps_the_filters(client):
    FacilityFactory.create_batch(25)
    html = client.get(URL, {"near": "22903", "pay": "MD"}).content.decode()
    assert "Page 1 of 2" in html
    assert "pay=MD&amp;page=2" in html


BAD_INPUT = [
    ({"near": "Nowhereville, ZZ"}, "We could not find"),
    ({"near": "99999"}, "We could not find the ZIP code 99999"),
    ({"near": "22903", "radius": "33"}, "so we used 25 miles"),
    ({"near": "22903", "radius": "<b>"}, "so we used 25 miles"),
    ({"near": "22903", "setting": "NOPE"}, "we don&#x27;t know that choice"),
    ({"near": "22903", "pay": ["MD"] * 30}, "within 25 miles"),
    ({"near": "22903", "page": "999999999999999999999"}, "so we show the last one"),
    ({"near": "x" * 5000}, "too long"),
    ({"near": "22903", "sort": "'; DROP TABLE"}, "We can&#x27;t sort by"),
    ({"near": "22903\x00"}, "We could not read that request"),  # 400 from the middleware
]


@pytest.mark.django_db
@pytest.mark.parametrize(("params", "expected"), BAD_INPUT)
def test_bad_input_gets_a_page_with_a_plain_note_never_a_500(client, params, expected):
    FacilityFactory()
    response = client.get(URL, params)
    assert response.status_code in {200, 400}
    assert expected in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query_string",
    [
        "near=22903&" + "&".join(["pay=MD"] * (forms.MAX_VALUES_PER_PARAMETER + 1)),
        "near=22903&junk=" + "x" * forms.MAX_QUERY_STRING_LENGTH,
        "near=22903&" + "&".join(f"p{n}=1" for n in range(1200)),  # over Django's field limit
    ],
)
def test_huge_or_hugely_repeated_parameters_are_answered_400_with_a_clear_page(
    client, query_string
):
    response = client.get(f"{URL}?{query_string}")
    assert response.status_code == 400
    assert "Start a new search" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("param", ["near", "pay", "radius", "sort", "page", "evening"])
def test_script_in_any_parameter_is_escaped(client, param):
    FacilityFactory()
    attack = '"><script>alert(1)</script>'
    params = {"near": "22903", param: attack}
    html = client.get(URL, params).content.decode()
    assert "<script>alert(1)" not in html
    assert "<SCRIPT>ALERT(1)" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 60])
def test_a_results_page_runs_at_most_6_queries_whatever_the_number_of_results(
    client, django_assert_max_num_queries, count
):
    FacilityFactory.create_batch(count, service_codes=stored_codes("OIT", "MD", "CBT"))
    with django_assert_max_num_queries(6):
        response = client.get(URL, {"near": "22903", "pay": "MD", "approach": "CBT"})
    assert response.status_code == 200
    assert f"{count} programs" in response.content.decode()


@pytest.mark.django_db
def test_a_state_search_lists_by_name_and_links_nothing_about_distance(client):
    FacilityFactory(name="Tidewater Recovery", latitude=36.85, longitude=-75.98)
    html = client.get(URL, {"near": "Virginia"}).content.decode()
    assert "1 program\n" in html or "1 program " in html
    assert "in Virginia" in html
    assert "Tidewater Recovery" in html
    assert " miles</strong>" not in html


def test_post_is_not_allowed(client):
    assert client.post(URL).status_code == 405


@pytest.mark.django_db
def test_programs_picked_for_comparing_travel_in_the_url_and_show_in_a_tray(client):
    near = FacilityFactory(name="Near One")
    far = FacilityFactory(name="Far One", state="MD", latitude=39.29, longitude=-76.61)
    third = FacilityFactory(name="Third One")
    response = client.get(URL, {"near": "22903", "ids": f"{near.slug},{far.slug}"})
    html = response.content.decode()
    assert "Picked for comparing" in html
    assert "Compare these 2 programs" in html
    assert (
        f'href="{reverse("directory:compare")}?ids={near.slug}%2C{far.slug}&amp;near=22903"' in html
    )
    assert f'value="{near.slug}" id="compare-{near.slug}" checked' in html
    assert f'value="{third.slug}" id="compare-{third.slug}">' in html
    # Far One (Baltimore) is not among these results, so it goes along hidden.
    assert f'<input type="hidden" name="ids" value="{far.slug}">' in html
    assert f'<input type="hidden" name="ids" value="{near.slug},{far.slug}">' in html  # new search
    assert f"?near=22903&amp;radius=25&amp;ids={far.slug}&amp;setting=" in html  # remove Near One


@pytest.mark.django_db
def test_more_than_four_picked_gets_the_400_page_compare_gives(client):
    """One policy for `ids` on Find Rehab and Compare Centers (STYLE habit 10)."""
    slugs = [facility.slug for facility in FacilityFactory.create_batch(5)]
    response = client.get(URL, {"near": "22903", "ids": ",".join(slugs)})
    html = response.content.decode()
    assert response.status_code == 400
    assert "You picked 5 programs. You can compare up to 4" in html


@pytest.mark.django_db
def test_after_a_search_the_results_are_one_link_away_and_the_form_folds(client):
    FacilityFactory.create_batch(3, service_codes=stored_codes("OIT", "ODT"))
    html = client.get(URL, {"near": "22903", "setting": ["OIT", "ODT"]}).content.decode()
    jump = '<a href="#results-heading">See the 3 programs found</a>'
    assert html.index(jump) < html.index('<form class="find-form"')
    assert (
        "<summary>Type of program: Intensive outpatient program (IOP), "
        "Partial hospitalization or day treatment (PHP)</summary>"
    ) in html


@pytest.mark.django_db
def test_before_a_search_the_type_of_program_is_open_and_there_is_no_jump_link(client):
    html = client.get(URL).content.decode()
    assert "See the" not in html
    assert "<summary>Type of program" not in html
    assert "<legend>Type of program</legend>" in html
