import json

import pytest
from django.urls import reverse
from django.utils import timezone

from .factories import UserFactory


@pytest.fixture
def writer(db):
    return UserFactory(username="writer", role="Writer")


@pytest.fixture
def reviewer(db):
    return UserFactory(username="reviewer", role="Medical reviewer")


@pytest.fixture
def directory_editor(db):
    return UserFactory(username="directory-editor", role="Directory editor")


@pytest.fixture
def signed_in(client):
    """signed_in(user) -> the test client, signed in as that user."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


def change_url(article):
    return reverse("admin:guide_article_change", args=[article.pk])


def admin_form_data(article, **changes):
    """What the article's admin form posts, with `changes` applied."""
    local = timezone.localtime(article.published_at) if article.published_at else None
    data = {
        "title": article.title,
        "slug": article.slug,
        "section": article.section,
        "order": article.order,
        "body": article.body,
        "meta_title": article.meta_title,
        "summary": article.summary,
        "author": article.author,
        "sources": json.dumps(article.sources),
        "related": json.dumps(article.related),
        "published_at_0": local.strftime("%Y-%m-%d") if local else "",
        "published_at_1": local.strftime("%H:%M:%S") if local else "",
        "revision_message": "",
        "minor_change": "",
        "expected_version": article.version,
    }
    data.update(changes)
    return data
