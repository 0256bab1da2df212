"""Each editorial quality check, and that the reading grade works with no network."""

from datetime import date

import pytest

from iopguide.guide import markdown, quality
from iopguide.guide.models import Reviewer

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 27)
PLAIN = "You live at home. You go to group three days a week. Your family can help."
HARD = (
    "Comprehensive multidisciplinary interventions incorporating pharmacological "
    "stabilization necessitate individualized psychotherapeutic methodologies. "
    "Sophisticated organizational accreditation requirements characteristically "
    "differentiate institutional providers."
)


def codes(article, today=TODAY):
    return [warning.code for warning in quality.check_article(article, today=today)]


def build(**fields):
    """An unsaved article with complete, recent metadata unless `fields` says otherwise."""
    defaults = {
        "body": PLAIN,
        "reviewer": Reviewer(name="Dana Reviewer", credentials="LCSW"),
        "reviewed_on": TODAY,
        "meta_title": "A plain title",
        "summary": "A summary no other article uses.",
    }
    return ArticleFactory.build(**{**defaults, **fields})


def test_a_plain_complete_article_has_no_warnings():
    assert codes(build()) == []


def test_reading_grade_works_offline_without_a_pronunciation_dictionary(monkeypatch):
    import nltk

    def no_network(*args, **kwargs):
        raise AssertionError("tried to download a corpus")

    monkeypatch.setattr(nltk, "download", no_network)
    assert quality.reading_grade(PLAIN) < quality.reading_grade(HARD)


def test_hard_text_gets_a_reading_grade_warning():
    warnings = quality.check_article(build(body=HARD), today=TODAY)
    assert [w.code for w in warnings] == ["reading-grade"]
    assert "aim for 8 or lower" in warnings[0].message


def test_very_long_sentences_are_flagged():
    sentence = "We " + " ".join(["go"] * 34) + "."
    warnings = quality.check_article(build(body=f"{PLAIN} {sentence}"), today=TODAY)
    long = [w for w in warnings if w.code == "long-sentence"]
    assert len(long) == 1
    assert "35 words" in long[0].message


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [
        ("An addict can get help.", "person with a substance use disorder"),
        ("Drug abusers deserve care.", "person who uses drugs"),
        ("My father was an alcoholic.", "person with an alcohol use disorder"),
        ("Nobody is a junkie.", "person who uses drugs"),
        ("She has been clean for a year.", "in recovery"),
        ("A dirty urine test is not a failure.", "positive"),
        ("Treatment for substance abuse works.", "substance use disorder"),
    ],
)
def test_stigmatizing_terms_get_person_first_suggestions(text, suggestion):
    warnings = quality.check_article(build(body=f"{PLAIN} {text}"), today=TODAY)
    assert [w.code for w in warnings] == ["stigmatizing"]
    assert suggestion in warnings[0].message


@pytest.mark.parametrize(
    "text",
    [
        "Call the Substance Abuse and Mental Health Services Administration.",
        "Alcoholics Anonymous meets weekly.",
        "Keep your kitchen clean.",
    ],
)
def test_proper_names_and_everyday_words_are_not_flagged(text):
    assert codes(build(body=f"{PLAIN} {text}")) == []


def test_missing_reviewer_review_date_or_sources_are_flagged():
    assert codes(build(reviewer=None)) == ["no-review"]
    assert codes(build(reviewed_on=None)) == ["no-review"]
    assert codes(build(sources=[])) == ["no-sources"]


def test_a_review_older_than_twelve_months_is_due():
    assert codes(build(reviewed_on=date(2025, 11, 26))) == ["review-due"]
    assert codes(build(reviewed_on=date(2025, 11, 28))) == []


def test_images_without_alt_text_are_flagged():
    body = f"{PLAIN}\n\n![](/media/guide/a.png)\n\n![A group room](/media/guide/b.png)"
    warnings = quality.check_article(build(body=body), today=TODAY)
    assert [w.code for w in warnings] == ["image-alt"]
    assert "/media/guide/a.png" in warnings[0].message


def test_links_to_guide_articles_that_do_not_exist_or_are_not_live_are_flagged(settings):
    ArticleFactory(slug="exists")
    ArticleFactory(slug="draft-only", draft=True)
    body = (
        f"{PLAIN} See [one](/guide/exists/), [two](/guide/missing/#part), "
        f"[three]({settings.SITE_URL}/guide/draft-only/) and [four](https://example.org/guide/x/)."
    )
    warnings = quality.check_article(build(body=body, slug="this-one"), today=TODAY)
    assert [(w.code, w.message.split(":")[0]) for w in warnings] == [
        ("unpublished-link", "Link to /guide/draft-only/"),
        ("broken-link", "Link to /guide/missing/"),
    ]


def test_seo_warnings_for_missing_long_and_duplicated_titles_and_descriptions():
    ArticleFactory(title="Paying for an IOP", summary="How to pay for care.")
    assert "meta-title-missing" in codes(build(meta_title=""))
    assert "meta-title-long" in codes(build(meta_title="x" * 61))
    assert "meta-title-duplicate" in codes(build(meta_title="Paying for an IOP"))
    assert "meta-description-missing" in codes(build(summary=""))
    assert "meta-description-long" in codes(build(summary="x" * 156))
    assert "meta-description-duplicate" in codes(build(summary="How to pay for care."))


def test_cited_titles_in_footnotes_are_not_checked_for_wording_or_length():
    citation = "SAMHSA, *TIP 47: Substance Abuse: Clinical Issues* " + "word " * 40
    body = f"{PLAIN} Programs follow national guidance.[^1]\n\n[^1]: {citation}"
    assert codes(build(body=body)) == []


def test_a_sentence_ending_inside_quotes_ends_there():
    body = f'Experts call these "levels of care." {" ".join(["Care"] * 25)} helps.'
    assert "long-sentence" not in codes(build(body=body))


def test_a_footnote_number_after_a_full_stop_still_ends_the_sentence():
    first = " ".join(["Care"] * 20) + " helps."
    second = " ".join(["People"] * 20) + " heal."
    body = f"{first}[^1] {second}\n\n[^1]: A source."
    assert "long-sentence" not in codes(build(body=body))


def test_code_blocks_are_not_read_as_prose():
    article = build(body=f"{PLAIN}\n\n```\n{HARD}\n```")
    assert "reading-grade" not in codes(article)


def accessibility_codes(body):
    html = markdown.render(body)[0]
    return [w.code for w in quality.check_accessibility(html, quality.read(html).blocks)]


def test_accessibility_skipped_heading_levels_are_flagged():
    assert accessibility_codes("## One\n\n### Two\n\n## Three") == []
    assert accessibility_codes("### Starts too deep") == ["heading-skipped"]
    assert accessibility_codes("## One\n\n#### Skips three") == ["heading-skipped"]


def test_accessibility_vague_or_bare_url_link_text_is_flagged():
    assert accessibility_codes("[Click here](https://www.samhsa.gov/).") == ["link-text-vague"]
    assert accessibility_codes("See <https://www.samhsa.gov/>.") == ["link-text-url"]
    assert accessibility_codes("[SAMHSA's helpline](https://www.samhsa.gov/).") == []


def test_accessibility_footnote_links_are_not_flagged():
    assert accessibility_codes("A fact.[^1]\n\n[^1]: SAMHSA, [TIP 47](https://x.org/tip).") == []


def test_accessibility_alt_equal_to_the_file_name_is_flagged():
    html = '<p><img src="/media/guide/IMG_1234.jpg" alt="IMG_1234"></p>'
    assert [w.code for w in quality.check_accessibility(html, [])] == ["image-alt-filename"]
    html = '<p><img src="/media/guide/IMG_1234.jpg" alt="A group room with chairs"></p>'
    assert quality.check_accessibility(html, []) == []


def test_accessibility_table_without_header_cells_is_flagged():
    assert accessibility_codes("| a | b |\n| --- | --- |\n| 1 | 2 |") == []
    html = "<table><tr><td>1</td><td>2</td></tr></table>"
    assert [w.code for w in quality.check_accessibility(html, [])] == ["table-no-header"]


def test_accessibility_runs_of_capitals_are_flagged_but_acronyms_are_not():
    assert accessibility_codes("CALL THIS NUMBER NOW if you need help.") == ["all-caps"]
    assert accessibility_codes("SAMHSA runs the helpline for IOP questions.") == []
    assert accessibility_codes("Sources: SAMHSA, NIDA, NIAAA.") == []


def test_accessibility_warnings_reach_the_quality_panel():
    assert "link-text-vague" in codes(build(body=f"{PLAIN} [Click here](https://x.org/)."))
