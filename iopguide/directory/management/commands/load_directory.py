from django.core.management import call_command
from django.core.management.base import BaseCommand

from iopguide.directory.models import Facility
from iopguide.directory.snapshot import NATIONAL_DIRECTORY_SNAPSHOT, load_national_snapshot


class Command(BaseCommand):
    help = (
        "Load the directory `make run` serves: SAMHSA's 2023 national directory from the bundled "
        "snapshot (once; later runs change nothing), or with --demo the fictional demo directory."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo",
            action="store_true",
            help="Load the fictional demo directory instead (only while no real one is loaded).",
        )

    def handle(self, *args, demo=False, **options):
        if demo:
            call_command("load_demo_directory", stdout=self.stdout, stderr=self.stderr)
            return
        result = load_national_snapshot(show_progress=self._progress_writer(options))
        if result is None:
            listed = Facility.objects.active().filter(source=Facility.Source.NSUMHSS).count()
            self.stdout.write(f"National directory already loaded ({listed} listings shown).")
        else:
            self.stdout.write(
                f"National directory ({NATIONAL_DIRECTORY_SNAPSHOT.name}): {result.summary()}"
            )
        if Facility.objects.active().filter(source=Facility.Source.DEMO).exists():
            # A demo directory loaded earlier would sit beside the real one: this retires it.
            call_command("load_demo_directory", stdout=self.stdout, stderr=self.stderr)

    def _progress_writer(self, options):
        if options["verbosity"] < 1:
            return None

        def write(text):
            self.stderr.write(text, ending="")
            self.stderr.flush()

        return write
