from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from iopguide.guide import content

from ._report import report


class Command(BaseCommand):
    help = (
        "Load the articles in content/ into the database, by slug. An article an editor changed "
        "since its last load is reported and skipped, unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Overwrite the admin's edits.")
        parser.add_argument("--content-dir", type=Path, default=settings.CONTENT_DIR)

    def handle(self, *args, force, content_dir, verbosity, **options):
        report(self, "sync_content", content.sync(content_dir, force=force), verbosity)
