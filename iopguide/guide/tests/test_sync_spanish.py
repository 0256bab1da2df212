"""sync_content and export_content with Spanish articles (content/es/): twins linked by
`translation_of`, both languages round-trip exactly, and a bad file is named with its field."""

import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError

from iopguide.guide import content
from iopguide.guide.models import Article

from .factories import ArticleFactory, SpanishArticleFactory
from .test_sync import run, sync

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures" / "content"
REAL_CONTENT = Path(settings.CONTENT_DIR)


@pytest.fixture
def content_dir(tmp_path):
    """The two English articles the Spanish fixtures translate, from content/, and the fixtures."""
    for slug in ("get-help-now", "about"):
        shutil.copy(REAL_CONTENT / f"{slug}.md", tmp_path)
    shutil.copytree(FIXTURES / "es", tmp_path / "es")
    return tmp_path


def write_spanish(content_dir, slug, *change):
    """A copy of a Spanish fixture as content/es/<slug>.md, with one (old, new) change."""
    text = (FIXTURES / "es" / "ayuda-ahora.md").read_text(encoding="utf-8")
    text = text.replace("slug: ayuda-ahora", f"slug: {slug}").replace(*change or ("", ""))
    (content_dir / "es" / f"{slug}.md").write_text(text, encoding="utf-8")


def test_sync_loads_spanish_files_as_spanish_twins_of_their_english_articles(content_dir):
    output = sync(content_dir)
    assert "sync_content: 4 created" in output
    spanish = Article.objects.get(slug="ayuda-ahora")
    assert spanish.language == "es"
    assert spanish.translation_of == Article.objects.get(slug="get-help-now", language="en")
    assert Article.objects.get(slug="get-help-now").twin() == spanish
    assert spanish.history.first().history_change_reason == (
        "sync_content from content/es/ayuda-ahora.md"
    )


def test_both_languages_round_trip_through_export_unchanged(content_dir):
    sync(content_dir)
    before = list(Article.objects.order_by("pk").values())
    assert "export_content: 4 unchanged" in run("export_content", "--content-dir", content_dir)
    assert "sync_content: 4 unchanged" in sync(content_dir)
    assert list(Article.objects.order_by("pk").values()) == before


def test_export_writes_spanish_articles_to_the_es_folder_with_their_twin(tmp_path):
    spanish = SpanishArticleFactory(slug="que-es-un-iop", translation_of__slug="what-is-iop")
    run("export_content", "--content-dir", tmp_path)
    text = (tmp_path / "es" / "que-es-un-iop.md").read_text(encoding="utf-8")
    assert "slug: que-es-un-iop\ntranslation_of: what-is-iop\n" in text
    assert (tmp_path / "what-is-iop.md").is_file()
    assert not (tmp_path / "que-es-un-iop.md").exists()
    Article.objects.all().delete()
    assert "sync_content: 2 created" in sync(tmp_path)
    assert Article.objects.get(slug=spanish.slug).translation_of.slug == "what-is-iop"


def test_an_admin_edit_to_a_spanish_article_is_kept_then_exported(content_dir):
    sync(content_dir)
    Article.objects.filter(slug="ayuda-ahora").update(title="Ayuda ya")
    assert "kept  ayuda-ahora" in sync(content_dir)
    run("export_content", "--content-dir", content_dir)
    assert "title: Ayuda ya" in (content_dir / "es" / "ayuda-ahora.md").read_text()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("translation_of: get-help-now\n", ""), "translation_of is missing"),
        (("translation_of: get-help-now", "translation_of: nada"), "no English article 'nada'"),
        (("translation_of: get-help-now", "translation_of: acerca-de"), "'acerca-de' is a Spanish"),
        (("translation_of: get-help-now", "translation_of: about"), "already has a Spanish"),
        (("slug: otra", "slug: otra-mas"), "the file name must be the slug: otra-mas.md"),
        (("order: 2", "order: dos"), "order must be a whole number"),
    ],
)
def test_a_bad_spanish_file_is_refused_naming_the_file_and_the_field(content_dir, change, message):
    sync(content_dir)
    write_spanish(content_dir, "otra", *change)
    with pytest.raises(CommandError):
        sync(content_dir)
    outcomes = {outcome.slug: outcome for outcome in content.sync(content_dir)}
    assert outcomes["es/otra.md"].action == "error"
    assert message in outcomes["es/otra.md"].detail
    assert outcomes["ayuda-ahora"].action == "unchanged"  # the good files still load


def test_a_second_spanish_file_for_the_same_english_article_is_refused(content_dir):
    write_spanish(content_dir, "otra")
    outcomes = {outcome.slug: outcome for outcome in content.sync(content_dir)}
    assert outcomes["ayuda-ahora"].action == "created"
    assert "'get-help-now' already has a Spanish version, es/ayuda-ahora.md" in (
        outcomes["es/otra.md"].detail
    )


def test_an_english_file_cannot_name_a_twin(content_dir):
    path = content_dir / "about.md"
    path.write_text(path.read_text().replace("slug: about", "slug: about\ntranslation_of: faq"))
    outcome = next(o for o in content.sync(content_dir) if o.slug == "about.md")
    assert outcome.action == "error"
    assert "translation_of is only for Spanish articles" in outcome.detail


def test_a_spanish_file_cannot_take_an_english_articles_slug(content_dir):
    write_spanish(content_dir, "about", "translation_of: get-help-now", "translation_of: faq")
    outcomes = {outcome.slug: outcome for outcome in content.sync(content_dir)}
    assert outcomes["es/about.md"].action == "error"
    assert "already the English article about.md" in outcomes["es/about.md"].detail
    assert Article.objects.get(slug="about").language == "en"


def test_language_is_the_folder_not_a_front_matter_key():
    text = (FIXTURES / "es" / "acerca-de.md").read_text()
    with pytest.raises(content.ContentError, match="unknown front matter: language"):
        content.parse(text.replace("order: 1", "order: 1\nlanguage: es"), "es")
    with pytest.raises(content.ContentError, match="only for Spanish articles"):
        content.parse(text)  # read as an English file


def test_the_database_only_report_names_the_spanish_folder(content_dir):
    SpanishArticleFactory(slug="solo-en-la-base", translation_of__slug="only-in-db")
    outcomes = {outcome.slug: outcome for outcome in content.sync(content_dir)}
    assert outcomes["solo-en-la-base"].action == "database only"
    assert "es/solo-en-la-base.md" in outcomes["solo-en-la-base"].detail


def test_the_real_content_folder_loads_in_both_languages(tmp_path):
    """Every shipped file, English and Spanish, loads without an error and round-trips."""
    shutil.copytree(REAL_CONTENT, tmp_path / "content")
    outcomes = content.sync(tmp_path / "content")
    assert [o for o in outcomes if o.action == "error"] == []
    spanish_files = sorted((REAL_CONTENT / "es").glob("*.md"))
    spanish = Article.objects.filter(language="es")
    assert sorted(spanish.values_list("slug", flat=True)) == [p.stem for p in spanish_files]
    assert all(article.translation_of.language == "en" for article in spanish)
    exported = content.export(tmp_path / "content")
    assert {outcome.action for outcome in exported} == {"unchanged"}


def test_an_english_article_has_one_spanish_twin_at_most():
    english = ArticleFactory(slug="faq")
    SpanishArticleFactory(slug="preguntas-frecuentes", translation_of=english)
    assert english.twin().slug == "preguntas-frecuentes"
