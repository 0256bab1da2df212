from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from iopguide.directory.findtreatment import LocatorClient, sync_findtreatment
from iopguide.directory.importers import MassDeactivationRefused, NotADirectoryFile
from iopguide.directory.states import STATE_NAMES


class Command(BaseCommand):
    help = (
        "Bring listings up to date from FindTreatment.gov, SAMHSA's treatment locator: sweeps "
        "the chosen states (all by default) page by page, one request a second, resuming an "
        "interrupted sweep. Only a complete sweep deactivates listings. See docs/importing.md."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--state",
            action="append",
            dest="states",
            metavar="XX",
            help="Two-letter code of a state to sweep; repeat for several (default: all).",
        )
        parser.add_argument(
            "--base-url",
            default=None,
            help=f"The locator's address (default: the FINDTREATMENT_URL setting, "
            f"{settings.FINDTREATMENT_URL}).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Fetch and count everything; save nothing."
        )

    def handle(self, *args, states, base_url, dry_run, **options):
        states = [state.upper() for state in states or []]
        unknown = sorted(set(states) - set(STATE_NAMES))
        if unknown:
            raise CommandError(f"Unknown state code: {', '.join(unknown)}.")
        client = LocatorClient(
            base_url or settings.FINDTREATMENT_URL,
            delay=settings.FINDTREATMENT_REQUEST_DELAY,
            log=lambda message: self.stderr.write(f"  {message}"),
        )
        quiet = options["verbosity"] < 1
        try:
            result = sync_findtreatment(
                states,
                client=client,
                dry_run=dry_run,
                progress=(lambda message: None) if quiet else self.stderr.write,
            )
        except (NotADirectoryFile, MassDeactivationRefused) as error:
            raise CommandError(str(error)) from error
        summary = f"FindTreatment.gov sync ({result.requests} requests): {result.summary()}"
        if dry_run:
            summary += " (dry run: nothing saved)"
        if not result.finished:
            raise CommandError(summary)
        self.stdout.write(summary)
