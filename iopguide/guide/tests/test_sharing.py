"""Review links: a draft shown to someone without an account, until it expires or is revoked."""

import datetime
import re

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from iopguide.guide import sharing
from iopguide.guide.models import Article, DraftShareLink

from .conftest import change_url
from .factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    return ArticleFactory(
        draft=True,
        slug="draft-for-review",
        title="Paying for an IOP",
        body="## What insurance covers\n\nMost plans pay for part of it.\n",
    )


@pytest.fixture
def link(draft, reviewer):
    return sharing.create_link(draft, reviewer, note="for Dr Ruiz")


def share_path(link) -> str:
    return re.sub(r"^https?://[^/]+", "", sharing.share_url(link))


# The reviewer's page ----------------------------------------------------------------------


def test_someone_signed_out_reads_the_draft_as_readers_will_see_it(client, link):
    response = client.get(share_path(link))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Paying for an IOP</h1>" in html
    assert 'id="what-insurance-covers"' in html  # the reader page's renderer: anchored headings
    assert "Most plans pay for part of it." in html
    assert "Draft shared for review — not published" in html


def test_the_shared_page_is_noindex_never_stored_and_sends_no_referrer(client, link):
    response = client.get(share_path(link))
    cache_control = response["Cache-Control"]
    assert "no-store" in cache_control and "private" in cache_control
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "no-referrer"
    html = response.content.decode()
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert '<meta name="referrer" content="no-referrer">' in html


def test_the_token_is_in_no_canonical_link_social_tag_or_structured_data(client, link):
    html = client.get(share_path(link)).content.decode()
    assert 'rel="canonical"' not in html
    assert "og:url" not in html
    assert "application/ld+json" not in html


def test_the_shared_page_offers_nothing_editable(client, link):
    html = client.get(share_path(link)).content.decode()
    assert 'method="post"' not in html.lower()
    assert "csrfmiddlewaretoken" not in html
    assert "<textarea" not in html and "contenteditable" not in html
    assert "/admin/" not in html and "/markdownx/" not in html and "/preview/" not in html


def test_a_revoke_shows_at_once_the_page_cache_never_keeps_the_shared_page(client, link):
    # Revoking moves no content generation on: only never storing the page makes it show.
    assert client.get(share_path(link)).status_code == 200
    sharing.revoke_link(link, link.created_by)
    assert client.get(share_path(link)).status_code == 410


def test_the_shared_page_follows_each_save_of_the_article(client, link, draft):
    client.get(share_path(link))
    draft.body = "## What insurance covers\n\nCall your plan first.\n"
    draft.save()
    assert "Call your plan first." in client.get(share_path(link)).content.decode()


def test_a_published_article_edited_again_shows_its_current_text(client, reviewer):
    article = ArticleFactory(slug="live", body="Old words.")
    link = sharing.create_link(article, reviewer)
    article.body = "New words, saved."
    article.save()
    html = client.get(share_path(link)).content.decode()
    assert "New words, saved." in html and "Old words." not in html
    assert "it is not on the site yet" not in html


def test_the_banner_says_a_draft_or_scheduled_article_is_not_on_the_site_yet(client, link):
    assert "it is not on the site yet" in client.get(share_path(link)).content.decode()
    soon = timezone.now() + datetime.timedelta(days=2)
    Article.objects.filter(pk=link.article_id).update(status="published", published_at=soon)
    assert "it is not on the site yet" in client.get(share_path(link)).content.decode()


def test_the_banner_names_who_shared_it_and_until_when(client, draft):
    editor = UserFactory(first_name="Ravi", last_name="Shah", role="Medical reviewer")
    link = sharing.create_link(draft, editor)
    html = client.get(share_path(link)).content.decode()
    assert "Shared by Ravi Shah." in html
    assert f"{timezone.localtime(link.expires_at):%B %-d, %Y}" in html


def test_the_banner_never_shows_a_username(client, draft, reviewer):
    link = sharing.create_link(draft, reviewer)  # no full name
    assert "reviewer" not in client.get(share_path(link)).content.decode().split("<main", 1)[1]


def test_head_is_answered_like_get(client, link):
    response = client.head(share_path(link))
    assert response.status_code == 200 and response.content == b""


# Links that show nothing ------------------------------------------------------------------


def test_an_expired_link_answers_410_with_a_plain_page(client, link):
    DraftShareLink.objects.filter(pk=link.pk).update(expires_at=timezone.now())
    response = client.get(share_path(link))
    assert response.status_code == 410
    html = response.content.decode()
    assert "This review link has expired" in html
    assert "Paying for an IOP" not in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]


def test_a_revoked_link_answers_410(client, link, reviewer):
    sharing.revoke_link(link, reviewer)
    response = client.get(share_path(link))
    assert response.status_code == 410
    assert "This review link was withdrawn" in response.content.decode()


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # the signature
        lambda token: ("B" if token[0] != "B" else "C") + token[1:],  # the key
        lambda token: token.split(".")[0],  # no signature
        lambda token: "x" * 5000,
        lambda token: "..",
        lambda token: "%C3%A9t%C3%A9.%E2%9C%93",
    ],
)
def test_a_tampered_or_made_up_token_answers_404_never_500(client, link, tamper):
    token = share_path(link).split("/")[3]
    response = client.get(f"/guide/shared/{tamper(token)}/")
    assert response.status_code == 404
    assert "This review link is not valid" in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_the_stored_key_alone_is_not_a_working_address(client, link):
    assert client.get(f"/guide/shared/{link.key}/").status_code == 404


def test_a_link_signed_with_another_secret_key_answers_404(client, link):
    with override_settings(SECRET_KEY="another-secret-key-entirely"):
        other = share_path(link)
    assert client.get(other).status_code == 404


def test_deleting_the_article_ends_its_links(client, link, draft):
    address = share_path(link)
    draft.delete()
    assert not DraftShareLink.objects.exists()
    assert client.get(address).status_code == 404


def test_guessing_is_limited_and_once_limited_even_a_good_link_waits(client, link):
    for number in range(sharing.BAD_TOKENS_PER_HOUR):
        assert client.get(f"/guide/shared/guess{number}/").status_code == 404
    limited = client.get("/guide/shared/one-more/")
    assert limited.status_code == 429
    assert limited["Retry-After"] == "3600"
    assert "Too many tries" in limited.content.decode()
    assert client.get(share_path(link)).status_code == 429


def test_opening_an_expired_or_revoked_link_again_is_no_guess(client, link, reviewer):
    sharing.revoke_link(link, reviewer)
    for _ in range(sharing.BAD_TOKENS_PER_HOUR + 1):
        assert client.get(share_path(link)).status_code == 410


def test_a_share_address_is_not_in_the_sitemaps(client, link):
    sections = re.findall(r"<loc>https?://[^/]+([^<]+)</loc>", client.get("/sitemap.xml").text)
    for section in sections:
        assert "/guide/shared/" not in client.get(section).content.decode()


def test_robots_txt_lets_crawlers_read_the_noindex_of_a_review_link(client):
    # A blocked address could be listed from a link alone, token and all; a fetched one is not.
    with override_settings(ROBOTS_ALLOW_INDEXING=True):
        rules = client.get("/robots.txt").content.decode().splitlines()
    assert not any(rule.startswith("Disallow: /guide") for rule in rules)


# Making and revoking ----------------------------------------------------------------------


def test_a_link_lasts_seven_days_unless_asked_and_is_made_on_site_url(draft, reviewer):
    before = timezone.now()
    link = sharing.create_link(draft, reviewer)
    assert before + datetime.timedelta(days=7) <= link.expires_at
    assert link.expires_at <= timezone.now() + datetime.timedelta(days=7)
    with override_settings(SITE_URL="https://iopguide.example"):
        assert sharing.share_url(link).startswith("https://iopguide.example/guide/shared/")
    longer = sharing.create_link(draft, reviewer, days=14)
    assert longer.expires_at - longer.created_at == datetime.timedelta(days=14)


def test_active_links_leave_out_expired_and_revoked_ones(draft, reviewer):
    live = sharing.create_link(draft, reviewer)
    revoked = sharing.create_link(draft, reviewer)
    sharing.revoke_link(revoked, reviewer)
    expired = sharing.create_link(draft, reviewer)
    DraftShareLink.objects.filter(pk=expired.pk).update(expires_at=timezone.now())
    assert list(DraftShareLink.objects.active()) == [live]


def test_each_link_has_its_own_unguessable_key(draft, reviewer):
    keys = {sharing.create_link(draft, reviewer).key for _ in range(5)}
    assert len(keys) == 5 and all(len(key) >= 40 for key in keys)


def share_post(client, article, **data):
    return client.post(reverse("admin:guide_article_share", args=[article.pk]), data)


def test_an_editor_makes_a_link_from_the_article_page_and_sees_who_made_it(signed_in, draft):
    editor = UserFactory(first_name="Wren", last_name="Ali", role="Writer")
    client = signed_in(editor)
    response = share_post(client, draft, days="7", note="for Dr Ruiz")
    assert response.status_code == 302
    assert response["Location"] == change_url(draft) + "#draft-share"
    link = DraftShareLink.objects.get()
    assert (link.article, link.created_by, link.note) == (draft, editor, "for Dr Ruiz")
    page = client.get(change_url(draft)).content.decode()
    assert sharing.share_url(link) in page
    assert "Wren Ali" in page and "for Dr Ruiz" in page
    assert "Active links" in page and "Revoke" in page
    assert "js/admin-share.js" in page


def test_the_share_panel_sits_outside_the_article_form(signed_in, reviewer, link, draft):
    page = signed_in(reviewer).get(change_url(draft)).content.decode()
    start = page.index('id="draft-share"')
    end = page.index("</details>", start)
    assert end < page.index('id="article_form"')
    panel = page[start:end]
    assert panel.count("<form") == panel.count("</form>") == 2  # make, and revoke the one link


def test_an_editor_revokes_a_link_and_the_panel_says_who(signed_in, reviewer, link, draft):
    client = signed_in(reviewer)
    url = reverse("admin:guide_article_share_revoke", args=[draft.pk, link.pk])
    assert client.post(url).status_code == 302
    link.refresh_from_db()
    assert link.revoked_by == reviewer and link.revoked_at is not None
    page = client.get(change_url(draft)).content.decode()
    assert "Active links" not in page
    assert "revoked by reviewer" in page


def test_a_writer_may_not_share_or_revoke_a_published_article(signed_in, writer, reviewer):
    article = ArticleFactory(slug="published")
    existing = sharing.create_link(article, reviewer)
    client = signed_in(writer)
    assert share_post(client, article, days="7").status_code == 403
    revoke = reverse("admin:guide_article_share_revoke", args=[article.pk, existing.pk])
    assert client.post(revoke).status_code == 403
    assert DraftShareLink.objects.active().count() == 1


def test_staff_without_article_rights_may_not_share(signed_in, directory_editor, draft):
    assert share_post(signed_in(directory_editor), draft, days="7").status_code == 403
    assert not DraftShareLink.objects.exists()


def test_signed_out_visitors_are_sent_to_sign_in_and_nothing_is_made(client, draft):
    response = share_post(client, draft, days="7")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not DraftShareLink.objects.exists()


def test_making_a_link_needs_a_post(signed_in, reviewer, draft):
    url = reverse("admin:guide_article_share", args=[draft.pk])
    assert signed_in(reviewer).get(url).status_code == 405


def test_a_length_not_offered_makes_no_link_and_says_why(signed_in, reviewer, draft):
    client = signed_in(reviewer)
    share_post(client, draft, days="365")
    assert not DraftShareLink.objects.exists()
    page = client.get(change_url(draft)).content.decode()
    assert "No link was made" in page


def test_revoking_another_articles_link_answers_404(signed_in, reviewer, link):
    other = ArticleFactory(slug="other")
    url = reverse("admin:guide_article_share_revoke", args=[other.pk, link.pk])
    assert signed_in(reviewer).post(url).status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is None


def test_a_malformed_article_id_answers_404(signed_in, reviewer):
    url = reverse("admin:guide_article_share", args=["not-a-number"])
    assert signed_in(reviewer).post(url, {"days": "7"}).status_code == 404


def test_an_editor_who_may_not_change_the_article_sees_its_links_but_no_buttons(
    signed_in, writer, reviewer
):
    article = ArticleFactory(slug="published")
    link = sharing.create_link(article, reviewer)
    page = signed_in(writer).get(change_url(article)).content.decode()
    assert sharing.share_url(link) in page
    assert "Make a review link" not in page
    assert "/revoke/" not in page
