from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from iopguide.core.edge import send_purge


class Command(BaseCommand):
    help = (
        "Drop every reader page from the edge caches in EDGE_PURGE_URLS, e.g. after deploying "
        "new code (cached pages link to the old release's static files)."
    )

    def handle(self, *args, **options):
        if not settings.EDGE_PURGE_URLS:
            raise CommandError("EDGE_PURGE_URLS is empty: there is no edge cache to purge.")
        failed = [url for url in settings.EDGE_PURGE_URLS if not send_purge(url)]
        if failed:
            raise CommandError(f"Not purged (see the log): {', '.join(failed)}")
        self.stdout.write(f"Purged {len(settings.EDGE_PURGE_URLS)} edge cache(s).")
