"""`manage.py check_links`: every published article's links, internal ones resolved in the
process and external ones asked over HTTP of a loopback server (conftest.link_site); what is
stored, when a link counts as broken, and what editors see on the start page and the edit page."""

import datetime
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import dateformat, timezone

from iopguide.guide import link_checker, links
from iopguide.guide.models import Article, LinkCheck

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch):
    """No retry pause, and a test that would reach past loopback fails instead."""
    monkeypatch.setattr(link_checker, "RETRY_DELAY_SECONDS", 0)
    request = link_checker.LinkChecker._request

    def loopback_request(self, method, url):
        assert urlsplit(url).hostname in {"127.0.0.1", "localhost"}, url
        return request(self, method, url)

    monkeypatch.setattr(link_checker.LinkChecker, "_request", loopback_request)


def article_linking(*hrefs, sources=None, **fields):
    body = "## Part\n\nWords.\n\n" + "\n\n".join(f"[Link {n}]({h})" for n, h in enumerate(hrefs))
    return ArticleFactory(body=body, sources=sources or [], **fields)


def run(*args) -> str:
    out = StringIO()
    call_command("check_links", *args, stdout=out)
    return out.getvalue()


def stored(url) -> LinkCheck:
    return LinkCheck.objects.get(url=url)


def test_a_run_checks_body_links_and_source_urls_of_published_articles_only(link_site):
    base = link_site["url"]
    source = {"title": "A report", "publisher": "An agency", "url": f"{base}/ok"}
    live = article_linking(f"{base}/temporary", sources=[source])
    article_linking(f"{base}/missing", draft=True)

    output = run()

    assert {check.url for check in LinkCheck.objects.all()} == {f"{base}/temporary", f"{base}/ok"}
    assert list(stored(f"{base}/ok").articles.all()) == [live]
    assert (
        "1 article(s); 2 fine, 0 moved, 0 failing once (broken if they fail again), 0 broken"
        in (output)
    )


def test_a_404_or_410_is_broken_at_once_and_shown_in_the_summary(link_site):
    base = link_site["url"]
    article_linking(f"{base}/missing", f"{base}/gone")

    output = run()

    assert stored(f"{base}/missing").is_broken and stored(f"{base}/gone").is_broken
    assert f"broken   {base}/missing  (page not found (404))" in output
    assert "2 broken" in output


def test_a_link_that_fails_once_is_broken_only_when_it_fails_again(link_site):
    base = link_site["url"]
    article_linking(f"{base}/error")

    run()
    first = stored(f"{base}/error")
    assert (first.consecutive_failures, first.is_broken) == (1, False)
    run()
    second = stored(f"{base}/error")
    assert (second.consecutive_failures, second.is_broken) == (2, True)
    assert second.failing_since == first.failing_since
    assert second.first_checked == first.first_checked < second.last_checked


def test_a_link_that_works_again_is_cleared(link_site):
    base = link_site["url"]
    article_linking(f"{base}/ok")
    run()
    LinkCheck.objects.update(consecutive_failures=3, is_broken=True, failing_since=timezone.now())

    run()

    check = stored(f"{base}/ok")
    assert (check.consecutive_failures, check.is_broken, check.failing_since) == (0, False, None)


def test_moved_pages_redirect_loops_and_timeouts_are_stored_as_such(link_site):
    base = link_site["url"]
    article_linking(f"{base}/moved", f"{base}/loop-a", f"{base}/slow/1.5")

    output = run("--timeout", "0.3", "-v", "2")

    moved = stored(f"{base}/moved")
    assert (moved.moved, moved.final_url, moved.is_broken) == (True, f"{base}/ok", False)
    assert stored(f"{base}/loop-a").is_broken
    slow = stored(f"{base}/slow/1.5")
    assert (slow.error, slow.is_broken) == ("no answer within 0.3 seconds", False)
    assert f"moved    {base}/moved  (now {base}/ok)" in output
    assert f"failing  {base}/slow/1.5  (no answer within 0.3 seconds)" in output


def test_internal_links_are_resolved_without_http(link_site):
    ArticleFactory(slug="glossary", body="## Detox {#detox}\n\nWords.", sources=[])
    ArticleFactory(slug="unfinished", draft=True)
    article_linking(
        "/guide/glossary/#detox",
        "/guide/glossary/#nowhere",
        "/guide/unfinished/",
        "/guide/no-such-article/",
        "/find-rehab/?group=VET",
        "/not-a-page/",
        "#part",
    )

    run()

    assert link_site["requests"] == []
    errors = {check.url: check.error for check in LinkCheck.objects.all()}
    assert errors["/guide/glossary/#detox"] == ""
    assert errors["/guide/glossary/#nowhere"].startswith("that article has no heading “#nowhere”")
    assert errors["/guide/unfinished/"] == "that article is not live."
    assert errors["/guide/no-such-article/"] == "there is no such article."
    assert errors["/find-rehab/?group=VET"] == ""
    assert errors["/not-a-page/"] == "there is no such page on the site."
    # No second run needed: nothing here depends on the network.
    assert {c.url: c.is_broken for c in LinkCheck.objects.all()} == {
        url: bool(error) for url, error in errors.items()
    }


def test_a_malformed_source_url_is_a_broken_link_not_a_crash():
    source = {"title": "A report", "publisher": "An agency", "url": "http://[::1/report"}
    article_linking(sources=[source])
    assert "1 broken" in run()
    assert stored("http://[::1/report").error == "not a usable web address"


def test_a_same_page_anchor_is_checked_against_the_article_itself():
    article = article_linking("#part", "#missing", slug="self-links")
    run()
    assert stored(f"/guide/{article.slug}/#part").error == ""
    assert stored(f"/guide/{article.slug}/#missing").is_broken


def test_article_option_checks_one_article_even_a_draft(link_site):
    base = link_site["url"]
    article_linking(f"{base}/ok", slug="first")
    article_linking(f"{base}/gone", slug="second", draft=True)

    run("--article", "second")

    assert list(LinkCheck.objects.values_list("url", flat=True)) == [f"{base}/gone"]


def test_a_full_run_forgets_the_results_of_articles_no_longer_published(link_site):
    base = link_site["url"]
    article = article_linking(f"{base}/gone", slug="later-unpublished")
    run()
    article.status = Article.Status.DRAFT
    article.save()

    run()

    assert not LinkCheck.objects.exists()


def test_bad_options_and_an_unknown_article_are_refused_with_a_message():
    with pytest.raises(CommandError, match="No article with the slug"):
        run("--article", "nope")
    with pytest.raises(CommandError, match="--timeout"):
        run("--timeout", "0")
    with pytest.raises(CommandError, match="--concurrency"):
        run("--concurrency", "500")


def test_with_no_network_external_results_are_kept_and_the_command_fails(closed_port):
    down = [f"http://127.0.0.1:{closed_port}/a", f"http://localhost:{closed_port}/b"]
    article = article_linking(*down, "/guide/missing/")
    now = timezone.now()
    earlier = LinkCheck.objects.create(
        url=down[0], kind="external", first_checked=now, last_checked=now,
        error="the site had an error (500)", consecutive_failures=1, failing_since=now,
    )  # fmt: skip
    earlier.articles.add(article)

    with pytest.raises(CommandError, match="network down"):
        run()

    earlier.refresh_from_db()
    assert (earlier.consecutive_failures, earlier.last_checked) == (1, now)
    assert set(article.link_checks.values_list("url", flat=True)) == {down[0], "/guide/missing/"}
    assert stored("/guide/missing/").is_broken  # internal links need no network


def test_links_no_article_uses_any_more_are_forgotten(link_site):
    base = link_site["url"]
    article = article_linking(f"{base}/ok")
    run()
    article.body = "## Part\n\nNo links now."
    article.save()

    run()

    assert not LinkCheck.objects.exists()


# What editors see -------------------------------------------------------------------------


def test_the_start_page_lists_broken_links_with_their_article_and_since_when(
    link_site, admin_client
):
    base = link_site["url"]
    article = article_linking(f"{base}/gone", f"{base}/ok", title="Paying for care")
    run()

    html = admin_client.get(reverse("admin:index")).content.decode()

    panel = html[html.index("<h3>Broken links</h3>") : html.index("Searches that found nothing")]
    change = reverse("admin:guide_article_change", args=[article.pk])
    assert f'<a href="{change}">Paying for care</a>: <code>{base}/gone</code>' in panel
    assert "page removed (410 Gone)" in panel
    since = stored(f"{base}/gone").failing_since
    assert f"since {dateformat.format(timezone.localtime(since), 'N j, Y')})" in panel
    assert f"{base}/ok" not in panel
    assert "Links last checked" in panel


def test_the_start_page_leaves_out_a_broken_link_fixed_since_the_last_run(link_site, admin_client):
    article = article_linking(f"{link_site['url']}/gone")
    run()
    article.body = "## Part\n\nFixed."
    article.save()

    html = admin_client.get(reverse("admin:index")).content.decode()

    assert "<li>No broken links.</li>" in html


def test_the_start_page_says_when_links_were_never_checked(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()
    assert "Links have not been checked yet" in html


def test_the_quality_panel_shows_broken_and_moved_external_links(link_site, admin_client):
    base = link_site["url"]
    article = article_linking(f"{base}/missing", f"{base}/moved", f"{base}/error")
    run()

    html = admin_client.get(reverse("admin:guide_article_change", args=[article.pk]))
    html = html.content.decode()

    assert f"Link to {base}/missing: page not found (404) (failing since" in html
    assert f"Link to {base}/moved redirects to {base}/ok: link to the new address." in html
    assert f"Link to {base}/error" not in html  # failed once: maybe a blip


def test_the_quality_panel_checks_links_to_this_site_as_saved_without_a_run(admin_client):
    ArticleFactory(slug="glossary", body="## Detox {#detox}\n\nWords.")
    article = article_linking("/guide/glossary/#detox", "/guide/glossary/#nowhere")

    html = admin_client.get(reverse("admin:guide_article_change", args=[article.pk]))

    assert "Link to /guide/glossary/#nowhere: that article has no heading" in (
        html.content.decode()
    )
    assert "/guide/glossary/#detox:" not in html.content.decode()


def test_links_are_checked_from_cron_with_exit_status_zero_when_some_are_broken(link_site):
    article_linking(f"{link_site['url']}/gone")
    # call_command raising nothing is exit status 0; CommandError would be 1.
    output = run("-v", "0")
    assert output.splitlines() == [
        "check_links: 1 article(s); 0 fine, 0 moved, 0 failing once (broken if they fail "
        "again), 1 broken."
    ]


def test_a_review_due_within_30_days_is_listed_and_one_due_in_31_is_not(admin_client):
    today = timezone.localdate()
    due = ArticleFactory(title="Due in thirty", reviewed=True)
    later = ArticleFactory(title="Due in thirty-one", reviewed=True)
    overdue = ArticleFactory(title="Overdue", reviewed=True)
    for article, days in ((due, 335), (later, 334), (overdue, 400)):
        article.reviewed_on = today - datetime.timedelta(days=days)
        article.save()

    html = admin_client.get(reverse("admin:index")).content.decode()
    # (All three are listed further down, among the articles with no Spanish version.)
    review_due = html.split("Clinical review due", 1)[1].split("<h3>", 1)[0]

    assert "Due in thirty<" in review_due and "Overdue" in review_due
    assert "Due in thirty-one" not in review_due


def test_the_ids_an_article_page_has_outside_its_body_are_the_ones_anchors_may_use(client):
    ArticleFactory(slug="other")
    article = ArticleFactory(slug="full-page", related=["other"])
    page = client.get(article.get_absolute_url()).content.decode()
    assert links._parse(page).ids - links._parse(article.body_html).ids == links.ARTICLE_PAGE_IDS
