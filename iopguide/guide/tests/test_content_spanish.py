"""Every file in content/es/ is a Spanish twin of an English article: loadable, with the twin's
sources, no invented review, plain (Fernández-Huerta) and person-first in Spanish, and linked
to Spanish articles that exist. The checks run over whatever files content/es/ holds."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from iopguide.guide import content, markdown, quality, quality_spanish
from iopguide.guide.languages import SPANISH_SECTIONS

CONTENT_DIR = Path(settings.CONTENT_DIR)
PATHS = sorted((CONTENT_DIR / "es").glob("*.md"))
SPANISH_LINK = re.compile(r"\]\(/es/guia/([a-z0-9-]+)/(?:#[\w-]+)?\)")


def spanish(path):
    return content.read(path, "es")


@pytest.fixture(scope="module")
def articles():
    return {path.stem: spanish(path) for path in PATHS}


@pytest.mark.parametrize("path", PATHS, ids=lambda path: path.name)
def test_a_spanish_file_is_the_twin_of_an_english_file_with_its_sources(path):
    fields = spanish(path)
    english = content.read(CONTENT_DIR / f"{fields['translation_of']}.md")
    assert fields["sources"] == english["sources"], "the English twin's sources, in order"
    assert fields["order"] == english["order"]
    assert fields["section"] == SPANISH_SECTIONS[english["section"]]


@pytest.mark.parametrize("path", PATHS, ids=lambda path: path.name)
def test_a_spanish_file_claims_no_review_and_names_its_author_and_date(path):
    fields = spanish(path)
    assert (fields["reviewer"], fields["reviewed_on"]) == ("", None)
    assert fields["author"] and fields["updated"]


def test_each_english_article_has_one_spanish_file_at_most(articles):
    twins = [fields["translation_of"] for fields in articles.values()]
    assert len(twins) == len(set(twins))


@pytest.mark.parametrize("path", PATHS, ids=lambda path: path.name)
def test_a_spanish_file_reads_plainly_and_person_first(path):
    fields = spanish(path)
    blocks = quality.read(markdown.render(fields["body"])[0]).blocks
    ease = quality_spanish.reading_ease(quality.as_sentences(blocks))
    assert ease >= quality_spanish.MIN_READING_EASE, f"{path.name} reads at {ease}"
    text = " ".join([fields["title"], fields["summary"], *blocks])
    assert quality.check_wording(text, "es") == []


def test_spanish_related_and_linked_articles_exist(articles):
    for slug, fields in articles.items():
        assert set(fields["related"]) <= set(articles), slug
        assert set(SPANISH_LINK.findall(fields["body"])) <= set(articles), slug
