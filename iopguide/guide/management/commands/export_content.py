from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from iopguide.guide import content

from ._report import report


class Command(BaseCommand):
    help = (
        "Write every article in the database to content/<slug>.md in the same format, so "
        "editors' changes can be versioned. Files already up to date are left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("--content-dir", type=Path, default=settings.CONTENT_DIR)

    def handle(self, *args, content_dir, verbosity, **options):
        report(self, "export_content", content.export(content_dir), verbosity)
