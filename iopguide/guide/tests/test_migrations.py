"""Migration 0007 (reviewer records, author, updated): an article that was in step with its file
stays in step, so the next sync loads the corrected file instead of reporting a conflict."""

import hashlib
import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from iopguide.guide import content

BEFORE = [("guide", "0006_meta_title_help")]
AFTER = [("guide", "0007_reviewer_author_and_updated")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def old_fingerprint(article) -> str:
    """content.fingerprint() as sync_content computed it before 0007."""
    fields = {
        "title": article.title,
        "slug": article.slug,
        "summary": article.summary,
        "section": article.section,
        "order": article.order,
        "reviewed_by": article.reviewed_by,
        "reviewed_on": article.reviewed_on,
        "sources": article.sources,
        "related": article.related,
        "status": article.status,
        "body": article.body.strip() + "\n",
    }
    canonical = json.dumps(fields, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


@pytest.mark.django_db(transaction=True)
def test_unedited_articles_stay_in_step_and_unsigned_review_dates_go():
    old_apps = migrate(BEFORE)
    OldArticle = old_apps.get_model("guide", "Article")
    common = {
        "summary": "A summary.",
        "section": "Understanding IOP",
        "body": "Text.\n",
        "sources": [{"title": "T", "publisher": "P", "url": "https://example.org/"}],
        "related": [],
        "status": "published",
        "reviewed_by": "IOP Guide editorial team",
        "reviewed_on": "2026-11-20",
    }
    in_step = OldArticle.objects.create(title="In step", slug="in-step", **common)
    edited = OldArticle.objects.create(title="Edited", slug="edited", **common)
    in_step.refresh_from_db()
    OldArticle.objects.filter(pk=in_step.pk).update(synced_hash=old_fingerprint(in_step))
    OldArticle.objects.filter(pk=edited.pk).update(synced_hash="an older file's hash")
    try:
        NewArticle = migrate(AFTER).get_model("guide", "Article")
        in_step, edited = (NewArticle.objects.get(slug=slug) for slug in ("in-step", "edited"))
        # Fields later migrations added, at the values they give every article of 0007's time.
        in_step.language, in_step.translation_of_id = "en", None
        assert in_step.synced_hash == content.fingerprint(content.fields_of(in_step))
        assert edited.synced_hash == "an older file's hash"
        assert (in_step.reviewed_on, edited.reviewed_on) == (None, None)
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
