"""Check the links of every published article (or of one) and store what was found; the editors'
start page and each article's quality panel show the broken ones. Meant for cron (docs/editors.md):
it exits 0 when links are broken, and fails only when it could not do its work."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from iopguide.guide.link_checker import LinkChecker
from iopguide.guide.links import check_articles
from iopguide.guide.models import Article

MAX_CONCURRENCY = 32


class Command(BaseCommand):
    help = "Check the internal and external links of published articles."

    def add_arguments(self, parser):
        parser.add_argument("--article", metavar="SLUG", help="Check this article only.")
        parser.add_argument(
            "--timeout", type=float, default=10.0, help="Seconds to wait for a site (10)."
        )
        parser.add_argument(
            "--concurrency", type=int, default=8, help="Requests at a time, all sites (8)."
        )

    def handle(self, *args, article=None, timeout, concurrency, **options):
        if not 0 < timeout <= 120:
            raise CommandError("--timeout must be more than 0 and at most 120 seconds.")
        if not 1 <= concurrency <= MAX_CONCURRENCY:
            raise CommandError(f"--concurrency must be between 1 and {MAX_CONCURRENCY}.")
        if article:
            articles = list(Article.objects.filter(slug=article))
            if not articles:
                raise CommandError(f"No article with the slug “{article}”.")
        else:
            articles = list(Article.objects.published())
        checker = LinkChecker(timeout=timeout, concurrency=concurrency)
        summary = check_articles(
            articles, checker.check_all, timezone.now(), everything=not article
        )
        self._report(summary, options["verbosity"])
        if summary.offline:
            raise CommandError(
                "No other site answered (is the network down?): external links were not "
                "checked and their earlier results are kept."
            )

    def _report(self, summary, verbosity):
        """-v 0: the summary line; -v 1: and each broken link; -v 2: and those failing once
        and those moved."""
        lines = [(self.style.ERROR, "broken ", check, check.error) for check in summary.broken]
        if verbosity > 1:
            lines += [(self.style.WARNING, "failing", c, c.error) for c in summary.failing]
            lines += [(str, "moved  ", c, f"now {c.final_url}") for c in summary.moved]
        for style, label, check, detail in lines if verbosity else []:
            self.stdout.write(style(f"{label}  {check.url}  ({detail})"))
        self.stdout.write(
            f"check_links: {summary.articles} article(s); {summary.fine} fine, "
            f"{len(summary.moved)} moved, {len(summary.failing)} failing once "
            f"(broken if they fail again), {len(summary.broken)} broken."
        )
