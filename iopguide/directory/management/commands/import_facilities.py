from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from iopguide.directory.importers import (
    MassDeactivationRefused,
    NotADirectoryFile,
    import_facilities,
)
from iopguide.directory.models import Facility


class Command(BaseCommand):
    help = (
        "Import facility listings from SAMHSA's National Directory (.xlsx or .csv) or a "
        "FindTreatment.gov locator response (.json). Safe to run again: matching listings are "
        "updated, editors' fields kept, and listings missing from a full import deactivated."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count everything; save nothing."
        )
        parser.add_argument(
            "--source",
            choices=[s for s in Facility.Source.values if s != Facility.Source.MANUAL],
            help="Dataset the file belongs to (default: nsumhss for xlsx/CSV, "
            "findtreatment for JSON).",
        )
        parser.add_argument(
            "--allow-mass-deactivation",
            action="store_true",
            help="Let a full import deactivate more than half of its source's listings.",
        )
        parser.add_argument(
            "--partial",
            action="store_true",
            help="The file is only part of its source: deactivate nothing.",
        )

    def handle(self, *args, path, dry_run, source, partial, allow_mass_deactivation, **options):
        def show_progress(text):
            self.stderr.write(text, ending="")
            self.stderr.flush()

        try:
            result = import_facilities(
                path,
                source=source,
                dry_run=dry_run,
                partial=partial,
                allow_mass_deactivation=allow_mass_deactivation,
                show_progress=show_progress if options["verbosity"] > 0 else None,
                on_bad_row=lambda bad: self.stderr.write(f"skipped {bad}"),
            )
        except (NotADirectoryFile, MassDeactivationRefused) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{path.name} ({result.file_format}, source {result.source}, {result.rows} rows): "
            f"{result.summary()}"
        )
