"""Sources and related articles are edited as rows (add, remove, reorder), each broken row says
what is wrong beside it, related articles are found by title, and the stored lists, history and
"no lost edits" work as before."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from iopguide.guide import autosave, workflow
from iopguide.guide.admin import ArticleAdmin
from iopguide.guide.models import Article

from .conftest import admin_form_data, change_url, rows_data
from .factories import ArticleFactory

pytestmark = pytest.mark.django_db

TIP = {"title": "TIP 47", "publisher": "SAMHSA", "url": "https://store.samhsa.gov/product/tip-47"}
NIDA = {"title": "Principles", "publisher": "NIDA", "url": "https://nida.nih.gov/principles"}


@pytest.fixture
def article():
    ArticleFactory(slug="faq", title="Questions people ask")
    ArticleFactory(slug="paying", title="Paying for an IOP", draft=True)
    return ArticleFactory(slug="levels", title="Levels of care", sources=[TIP], related=["faq"])


def post(client, article, **changes):
    return client.post(change_url(article), admin_form_data(article, **changes))


def with_rows(prefix, rows, positions=None):
    data = rows_data(prefix, rows)
    for index, position in enumerate(positions or []):
        data[f"{prefix}-{index}-ORDER"] = position
    return data


def test_the_form_shows_each_source_as_labelled_boxes_and_no_json(article, reviewer, signed_in):
    html = signed_in(reviewer).get(change_url(article)).content.decode()
    assert '<legend>Source <span class="ordered-row-number">1</span></legend>' in html
    assert 'name="sources-0-title" value="TIP 47"' in html
    assert '<label for="id_sources-0-url">Web address:</label>' in html
    assert 'type="date" name="sources-0-accessed"' in html
    assert 'name="sources-1-title"' in html  # a blank row to add one without JavaScript
    assert "sources-__prefix__-title" in html  # the Add button's template
    assert "&quot;publisher&quot;" not in html and '<textarea name="sources"' not in html


def test_rows_are_stored_in_position_order_and_a_removed_row_is_dropped(
    article, reviewer, signed_in
):
    third = {"title": "Gone", "publisher": "X", "url": "https://example.org/"}
    rows = [TIP, {**NIDA, "accessed": "2026-11-30"}, third]
    data = with_rows("sources", rows, positions=[2, 1, 3])
    data["sources-2-DELETE"] = "on"
    response = post(signed_in(reviewer), article, **data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.sources == [{**NIDA, "accessed": "2026-11-30"}, TIP]


def test_a_blank_row_is_ignored_even_with_a_position(article, reviewer, signed_in):
    data = with_rows("sources", [TIP])
    data.update({"sources-TOTAL_FORMS": 2, "sources-1-ORDER": 2, "sources-1-title": "  "})
    assert post(signed_in(reviewer), article, **data).status_code == 302
    article.refresh_from_db()
    assert article.sources == [TIP]


def test_each_broken_row_says_what_is_wrong_and_nothing_is_saved(article, reviewer, signed_in):
    version = article.version
    rows = [TIP, {**NIDA, "title": ""}, {**NIDA, "url": "javascript:alert(1)"}]
    response = post(signed_in(reviewer), article, **with_rows("sources", rows))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Source 2: Enter the source&#x27;s title." in html  # the summary above the rows
    assert "Source 3: Enter a full web address that starts with https://" in html
    row_two = html.split('<span class="ordered-row-number">2</span>')[1].split("</fieldset>")[0]
    assert "Enter the source&#x27;s title." in row_two
    assert 'aria-invalid="true"' in row_two
    assert 'value="javascript:alert(1)"' in html  # what the editor typed is kept
    article.refresh_from_db()
    assert article.version == version and article.sources == [TIP]


def test_a_bad_date_accessed_and_a_repeated_row_are_refused_in_their_row(
    article, reviewer, signed_in
):
    rows = [{**TIP, "accessed": "last week"}, NIDA, NIDA]
    response = post(signed_in(reviewer), article, **with_rows("sources", rows))
    html = response.content.decode()
    assert "Source 1: Enter the date accessed like 2026-12-01." in html
    assert "Source 3: The same as row 2." in html


def test_a_removed_broken_row_does_not_block_the_save(article, reviewer, signed_in):
    data = with_rows("sources", [TIP, {"title": "half typed"}])
    data["sources-1-DELETE"] = "on"
    assert post(signed_in(reviewer), article, **data).status_code == 302


def test_a_post_without_the_rows_is_refused_with_a_message_not_an_error(
    article, reviewer, signed_in
):
    data = admin_form_data(article)
    for key in [key for key in data if key.startswith("sources-")]:
        del data[key]
    response = signed_in(reviewer).post(change_url(article), data)
    assert response.status_code == 200
    assert b"ManagementForm data is missing" in response.content


def test_related_articles_are_stored_as_slugs_in_the_order_chosen(article, reviewer, signed_in):
    rows = [{"article": "faq"}, {"article": "paying"}]
    response = post(signed_in(reviewer), article, **with_rows("related", rows, positions=[2, 1]))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.related == ["paying", "faq"]


def test_a_related_row_shows_the_article_by_title(article, reviewer, signed_in):
    html = signed_in(reviewer).get(change_url(article)).content.decode()
    assert '<option value="faq" selected>Questions people ask</option>' in html
    assert f'data-ajax--url="{reverse("admin:guide_article_title_search")}"' in html


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([{"article": "no-such-article"}], "Related article 1: No article has this address"),
        ([{"article": "faq"}, {"article": "faq"}], "Related article 2: The same as row 1."),
        ([{"article": "levels"}], "An article is not related to itself"),
    ],
)
def test_a_wrong_related_row_is_refused_with_a_message(article, reviewer, signed_in, rows, message):
    response = post(signed_in(reviewer), article, **with_rows("related", rows))
    assert response.status_code == 200
    assert message in response.content.decode()
    article.refresh_from_db()
    assert article.related == ["faq"]


def test_a_related_slug_that_no_longer_exists_is_named_in_its_row(reviewer, signed_in):
    article = ArticleFactory(related=["renamed-away"])
    html = signed_in(reviewer).get(change_url(article)).content.decode()
    assert '<option value="renamed-away" selected>No article at /guide/renamed-away/' in html


def test_title_search_finds_articles_by_every_word_of_their_title(article, writer, signed_in):
    url = reverse("admin:guide_article_title_search")
    answer = signed_in(writer).get(url, {"term": "pay iop"}).json()
    assert answer == {
        "results": [{"id": "paying", "text": "Paying for an IOP (draft)"}],
        "pagination": {"more": False},
    }
    everything = signed_in(writer).get(url).json()["results"]
    assert [result["text"] for result in everything][:2] == [
        "Levels of care",
        "Paying for an IOP (draft)",
    ]


def test_title_search_pages_and_survives_a_bad_page_number(writer, signed_in):
    for number in range(25):
        ArticleFactory(slug=f"topic-{number:02}", title=f"Topic {number:02}")
    url = reverse("admin:guide_article_title_search")
    first = signed_in(writer).get(url, {"term": "topic", "page": "x"}).json()
    second = signed_in(writer).get(url, {"term": "topic", "page": "2"}).json()
    assert len(first["results"]) == 20 and first["pagination"]["more"] is True
    assert [result["id"] for result in second["results"]] == [f"topic-{n}" for n in range(20, 25)]


def test_title_search_is_only_for_editors(directory_editor, signed_in, client):
    url = reverse("admin:guide_article_title_search")
    assert signed_in(directory_editor).get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302  # to the sign-in page


def test_a_source_change_is_one_version_that_compares_by_row_and_restores(
    article, reviewer, signed_in
):
    client = signed_in(reviewer)
    before = article.history.count()
    assert post(client, article, **with_rows("sources", [TIP, NIDA])).status_code == 302
    article.refresh_from_db()
    assert article.history.count() == before + 1
    older, newer = article.history.all()[1], article.history.first()
    compare = reverse("admin:guide_article_history_compare", args=[article.pk])
    html = client.get(compare, {"older": older.history_id, "newer": newer.history_id})
    assert (
        "<ins>+ Principles · NIDA · https://nida.nih.gov/principles</ins>" in html.content.decode()
    )

    workflow.restore_version(article, older, reviewer)
    article.refresh_from_db()
    assert article.sources == [TIP]


def test_a_source_change_moves_the_updated_date_unless_minor(article, reviewer, signed_in):
    Article.objects.filter(pk=article.pk).update(updated_on="2026-01-01")
    article.refresh_from_db()
    post(signed_in(reviewer), article, **with_rows("sources", [NIDA]), minor_change="on")
    article.refresh_from_db()
    assert str(article.updated_on) == "2026-01-01"
    post(signed_in(reviewer), article, **with_rows("sources", [TIP]))
    article.refresh_from_db()
    assert str(article.updated_on) != "2026-01-01"


def test_a_stale_edit_is_refused_and_the_editors_rows_stay_in_the_form(
    article, reviewer, signed_in
):
    opened_at = article.version
    article.body += "\nSomeone else's edit.\n"
    workflow.save_article(article, reviewer)
    data = admin_form_data(article, **with_rows("sources", [NIDA]), expected_version=opened_at)
    response = signed_in(reviewer).post(change_url(article), data)
    html = response.content.decode()
    assert "saved this article after you opened it" in html
    assert 'name="sources-0-title" value="Principles"' in html
    article.refresh_from_db()
    assert article.sources == [TIP]


@pytest.mark.parametrize(
    ("sources", "message"),
    [
        ([{"title": "T", "publisher": "P"}], "Source 1: Enter the source's web address."),
        ([TIP, {**TIP, "url": "ftp://x.org/"}], "Source 2: Enter a full web address"),
        ([{**TIP, "accessed": "2026-02-30"}], "Source 1: Enter the date accessed"),
        ("not a list", "Sources must be a list."),
    ],
)
def test_the_model_refuses_broken_sources_naming_the_source(sources, message):
    with pytest.raises(ValidationError, match=message):
        ArticleFactory.build(sources=sources).full_clean(exclude=["reviewer"])


@pytest.mark.parametrize(
    ("related", "message"), [(["faq", "faq"], "listed twice"), ([7], "list of addresses")]
)
def test_the_model_refuses_a_broken_related_list(related, message):
    with pytest.raises(ValidationError, match=message):
        ArticleFactory.build(related=related).full_clean(exclude=["reviewer"])


def test_a_new_article_starts_with_one_blank_row_and_saves_its_rows(writer, signed_in):
    client = signed_in(writer)
    add_url = reverse("admin:guide_article_add")
    html = client.get(add_url).content.decode()
    assert 'name="sources-0-title"' in html and 'name="sources-1-title"' not in html
    draft = ArticleFactory.build(slug="new-one", sources=[TIP], related=[])
    data = admin_form_data(draft, expected_version="")
    assert client.post(add_url, data).status_code == 302
    assert Article.objects.get(slug="new-one").sources == [TIP]


def test_sources_saved_before_validation_are_shown_not_dropped(reviewer, signed_in):
    article = ArticleFactory(sources="See the SAMHSA site", related=[])
    html = signed_in(reviewer).get(change_url(article)).content.decode()
    assert 'name="sources-0-title" value="See the SAMHSA site"' in html


def test_an_autosaved_draft_may_hold_the_rows(article, writer, signed_in):
    draft = ArticleFactory(draft=True, sources=[TIP])
    fields = {"sources-TOTAL_FORMS": "3", "sources-2-title": "Principles", "related-0-article": ""}
    payload = {"article": draft.pk, "base_version": draft.version, "fields": fields}
    client = signed_in(writer)
    response = client.post(
        reverse("admin:guide_article_autosave"),
        json.dumps(payload),
        content_type="application/json",
    )
    assert response.status_code == 200
    names = autosave.field_names(ArticleAdmin.form)
    assert names.index("sources-TOTAL_FORMS") < names.index("sources-0-title")
