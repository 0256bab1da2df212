"""sync_content and export_content: idempotent by slug, conflicts reported, round trip exact."""

import shutil
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from iopguide.core.cache import content_version
from iopguide.guide import content
from iopguide.guide.models import Article

from .factories import ArticleFactory, ReviewerFactory

pytestmark = pytest.mark.django_db

ARTICLE = """---
title: "Paying: the basics"
slug: paying
summary: How insurance pays for an IOP.
section: Deciding and choosing
order: 3
author: IOP Guide editorial team
updated: 2026-11-20
sources:
  - title: "Mental health & substance abuse coverage"
    publisher: HealthCare.gov
    url: https://www.healthcare.gov/coverage/mental-health-substance-abuse-coverage/
related: [faq]
---

## Insurance

Most plans cover it.
"""


def run(command, *args):
    out = StringIO()
    call_command(command, *args, stdout=out, stderr=out)
    return out.getvalue()


@pytest.fixture
def content_dir(tmp_path):
    (tmp_path / "paying.md").write_text(ARTICLE, encoding="utf-8")
    return tmp_path


def sync(content_dir, *args):
    return run("sync_content", "--content-dir", str(content_dir), *args)


def test_sync_creates_published_articles_and_says_so(content_dir):
    output = sync(content_dir)
    article = Article.objects.get(slug="paying")
    assert "created  paying" in output
    assert "sync_content: 1 created" in output
    assert article.title == "Paying: the basics"
    assert article in Article.objects.published()
    assert article.sources[0]["publisher"] == "HealthCare.gov"
    assert 'id="insurance"' in article.body_html


def test_sync_twice_changes_nothing(content_dir):
    sync(content_dir)
    before = Article.objects.values().get(slug="paying")
    history = Article.history.count()
    output = sync(content_dir)
    assert "sync_content: 1 unchanged" in output
    assert Article.objects.values().get(slug="paying") == before
    assert Article.history.count() == history


def test_sync_loads_a_changed_file_when_nobody_edited_the_article(content_dir):
    sync(content_dir)
    path = content_dir / "paying.md"
    path.write_text(path.read_text().replace("Most plans", "Many plans"), encoding="utf-8")
    output = sync(content_dir)
    assert "updated  paying" in output
    assert "Many plans" in Article.objects.get(slug="paying").body


def test_sync_keeps_an_admin_edit_when_the_file_did_not_change(content_dir):
    sync(content_dir)
    article = Article.objects.get(slug="paying")
    article.body = "## Insurance\r\n\r\nEdited in the admin.\r\n"
    article.save()
    output = sync(content_dir)
    assert "kept  paying" in output
    assert "Edited in the admin." in Article.objects.get(slug="paying").body


def test_sync_reports_a_conflict_and_skips_it_unless_forced(content_dir):
    sync(content_dir)
    article = Article.objects.get(slug="paying")
    article.summary = "Changed by an editor."
    article.save()
    path = content_dir / "paying.md"
    path.write_text(path.read_text().replace("Most plans", "Many plans"), encoding="utf-8")

    output = sync(content_dir)
    assert "conflict  paying" in output
    assert Article.objects.get(slug="paying").summary == "Changed by an editor."

    output = sync(content_dir, "--force")
    assert "updated  paying  (overwrote the admin's edits)" in output
    forced = Article.objects.get(slug="paying")
    assert forced.summary == "How insurance pays for an IOP."
    assert "Many plans" in forced.body


def test_sync_treats_a_line_ending_only_difference_as_no_change(content_dir):
    sync(content_dir)
    article = Article.objects.get(slug="paying")
    article.body = article.body.replace("\n", "\r\n")  # what a browser's form sends
    article.save()
    assert "sync_content: 1 unchanged" in sync(content_dir)


def test_sync_reports_a_broken_file_and_still_loads_the_others(content_dir):
    (content_dir / "broken.md").write_text("no front matter here\n", encoding="utf-8")
    (content_dir / "misnamed.md").write_text(ARTICLE, encoding="utf-8")
    with pytest.raises(CommandError, match="2 content file"):
        sync(content_dir)
    assert Article.objects.filter(slug="paying").exists()


def test_sync_and_export_report_an_article_whose_sources_are_not_a_list(content_dir):
    sync(content_dir)
    Article.objects.filter(slug="paying").update(sources="not a list")
    with pytest.raises(CommandError):
        sync(content_dir)
    with pytest.raises(CommandError):
        run("export_content", "--content-dir", str(content_dir))
    assert "Most plans" in (content_dir / "paying.md").read_text()


def test_sync_mentions_articles_that_have_no_file(content_dir):
    ArticleFactory(slug="admin-only")
    assert "database only  admin-only" in sync(content_dir)
    assert Article.objects.filter(slug="admin-only").exists()


def test_sync_re_renders_html_stored_by_an_older_pipeline(
    content_dir, django_capture_on_commit_callbacks
):
    sync(content_dir)
    Article.objects.filter(slug="paying").update(body_html="<p>old</p>", toc_html="")
    history = Article.history.count()
    version = content_version()
    with django_capture_on_commit_callbacks(execute=True):
        output = sync(content_dir)
    assert content_version() != version  # cached pages are not served any more
    article = Article.objects.get(slug="paying")
    assert "re-rendered  paying" in output
    assert 'id="insurance"' in article.body_html and 'href="#insurance"' in article.toc_html
    assert Article.history.count() == history


def test_sync_export_sync_round_trip_changes_nothing(tmp_path):
    shutil.copytree(settings.CONTENT_DIR, tmp_path / "content")
    content_dir = tmp_path / "content"
    sync(content_dir)
    before = list(Article.objects.values())

    shipped = len([*content_dir.glob("*.md"), *content_dir.glob("es/*.md")])

    output = run("export_content", "--content-dir", str(content_dir))
    assert f"export_content: {shipped} unchanged" in output  # the files are in export's format
    assert f"sync_content: {shipped} unchanged" in sync(content_dir)
    assert list(Article.objects.values()) == before


def test_export_of_synced_content_writes_every_file_back_byte_for_byte(tmp_path):
    """export(sync(files)) == files, for everything in content/, into an empty folder."""
    files = {
        path.name: path.read_text(encoding="utf-8") for path in settings.CONTENT_DIR.glob("*.md")
    }
    sync(settings.CONTENT_DIR)
    run("export_content", "--content-dir", str(tmp_path / "out"))
    exported = {
        path.name: path.read_text(encoding="utf-8") for path in (tmp_path / "out").glob("*.md")
    }
    assert exported == files


def test_a_source_date_accessed_goes_through_sync_admin_and_export(content_dir):
    with_date = ARTICLE.replace(
        "coverage/\nrelated", "coverage/\n    accessed: 2026-11-30\nrelated"
    )
    (content_dir / "paying.md").write_text(with_date, encoding="utf-8")
    sync(content_dir)
    article = Article.objects.get(slug="paying")
    assert article.sources[0]["accessed"] == "2026-11-30"
    assert article.cited_sources() == article.sources
    (content_dir / "paying.md").unlink()
    run("export_content", "--content-dir", str(content_dir))
    assert (content_dir / "paying.md").read_text(encoding="utf-8") == with_date


def test_a_source_without_a_date_accessed_has_only_its_three_keys():
    """Files synced before `accessed` existed are not taken for edited ones."""
    fields = content.parse(ARTICLE)
    assert fields["sources"][0].keys() == {"title", "publisher", "url"}


def test_export_writes_admin_edits_and_the_next_sync_accepts_them(content_dir):
    sync(content_dir)
    article = Article.objects.get(slug="paying")
    article.body += "\nAdded in the admin.\n"
    article.status = Article.Status.DRAFT
    article.save()

    output = run("export_content", "--content-dir", str(content_dir))
    assert "wrote  paying" in output
    text = (content_dir / "paying.md").read_text()
    assert "Added in the admin." in text
    assert "status: draft" in text
    assert "sync_content: 1 unchanged" in sync(content_dir)


def test_an_editors_meta_title_is_exported_and_loaded_back(content_dir):
    sync(content_dir)
    before = Article.objects.get(slug="paying").synced_hash
    Article.objects.filter(slug="paying").update(meta_title="Paying for an IOP: the basics")
    assert "kept  paying" in sync(content_dir)

    run("export_content", "--content-dir", str(content_dir))
    assert 'meta_title: "Paying for an IOP: the basics"' in (content_dir / "paying.md").read_text()
    assert Article.objects.get(slug="paying").synced_hash != before
    Article.objects.all().delete()
    sync(content_dir)
    assert Article.objects.get(slug="paying").meta_title == "Paying for an IOP: the basics"


def test_a_forced_sync_clears_a_meta_title_the_file_does_not_have(content_dir):
    sync(content_dir)
    Article.objects.filter(slug="paying").update(meta_title="Only in the admin")
    sync(content_dir, "--force")
    assert Article.objects.get(slug="paying").meta_title == ""
    assert "sync_content: 1 unchanged" in sync(content_dir)


def test_dump_quotes_only_what_yaml_would_misread():
    fields = content.parse(ARTICLE)
    fields["summary"] = "yes"
    fields["section"] = "A # not a comment"
    text = content.dump(fields)
    assert 'title: "Paying: the basics"' in text
    assert 'summary: "yes"' in text
    assert "publisher: HealthCare.gov" in text
    assert content.parse(text) == fields


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("slug: paying", "slug: Not A Slug"), "slug may hold only"),
        (("summary: How", "summary: " + "x" * 200 + " How"), "at most 160"),
        (("section: Deciding", "section: " + "x" * 90 + " Deciding"), "section is .* at most 80"),
        (("order: 3", "order: -1"), "between 0 and"),
        (("updated: 2026-11-20", "updated: 2026-13-45"), "not valid YAML"),
        (("order: 3", "order: third"), "whole number"),
        (("updated: 2026-11-20", "updated: someday"), "updated must be a date"),
        (("order: 3", "order: 3\nreviewed_on: 2026-11-30"), "go together"),
        (("order: 3", "order: 3\nreviewer: dana-ruiz"), "go together"),
        (("author: IOP", "reviewed_by: Someone\nauthor: IOP"), "reviewed_by is gone"),
        (("url: https://www.healthcare.gov", "url: javascript://www.healthcare.gov"), "https"),
        (('title: "Paying', 'colour: red\ntitle: "Paying'), "unknown front matter"),
        (("section: Deciding and choosing\n", ""), "missing front matter: section"),
        (("related: [faq]", "related: [faq"), "not valid YAML"),
        (("related: [faq]", "related: [faq, faq]"), "related: A related article is listed twice"),
        (
            ("coverage/\nrelated", "coverage/\n    accessed: soon\nrelated"),
            "source 1: Enter the date",
        ),
        (("    publisher: HealthCare.gov\n", ""), "source 1: Enter the source's publisher"),
    ],
)
def test_parse_explains_what_is_wrong(change, message):
    with pytest.raises(content.ContentError, match=message):
        content.parse(ARTICLE.replace(*change))


def test_sync_keeps_the_files_author_and_updated_date(content_dir):
    sync(content_dir)
    article = Article.objects.get(slug="paying")
    assert article.author == "IOP Guide editorial team"
    assert article.updated_on.isoformat() == "2026-11-20"
    assert (article.reviewer, article.reviewed_on) == (None, None)


def test_a_file_naming_a_reviewer_with_no_record_is_refused(content_dir):
    path = content_dir / "paying.md"
    path.write_text(
        ARTICLE.replace("order: 3", "order: 3\nreviewer: ana-ruiz\nreviewed_on: 2026-11-30")
    )
    with pytest.raises(CommandError):
        sync(content_dir)
    assert not Article.objects.filter(slug="paying").exists()


def test_a_review_by_a_reviewer_on_record_survives_the_round_trip(content_dir):
    reviewer = ReviewerFactory(slug="ana-ruiz")
    path = content_dir / "paying.md"
    review = "updated: 2026-11-20\nreviewer: ana-ruiz\nreviewed_on: 2026-11-30"
    path.write_text(ARTICLE.replace("updated: 2026-11-20", review))
    sync(content_dir)
    article = Article.objects.get(slug="paying")
    assert (article.reviewer, article.reviewed_on.isoformat()) == (reviewer, "2026-11-30")
    before = path.read_text()
    run("export_content", "--content-dir", str(content_dir))
    assert path.read_text() == before
