"""After a publish or an edit, every instance's cached pages are stale at once."""

import pytest

from iopguide.core.cache import content_version, versioned_key
from iopguide.guide import workflow

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return ArticleFactory(draft=True)


def test_an_edit_changes_the_content_version_once_committed(
    article, reviewer, django_capture_on_commit_callbacks
):
    before = versioned_key("page", "/guide/")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        article.body = "Edited."
        workflow.save_article(article, reviewer)
    assert versioned_key("page", "/guide/") == before  # not yet committed: old pages still fine
    for callback in callbacks:
        callback()
    assert versioned_key("page", "/guide/") != before


@pytest.mark.parametrize("action", [workflow.publish, workflow.unpublish])
def test_publishing_and_unpublishing_invalidate_cached_pages(
    action, article, reviewer, django_capture_on_commit_callbacks
):
    if action is workflow.unpublish:
        workflow.publish(article, reviewer)
    before = content_version()
    with django_capture_on_commit_callbacks(execute=True):
        action(article, reviewer)
    assert content_version() != before


def test_deleting_an_article_invalidates_cached_pages(article, django_capture_on_commit_callbacks):
    before = content_version()
    with django_capture_on_commit_callbacks(execute=True):
        article.delete()
    assert content_version() != before
