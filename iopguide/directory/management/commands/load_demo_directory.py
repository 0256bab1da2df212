from django.core.management.base import BaseCommand

from iopguide.core.cache import content_changed
from iopguide.directory.demo import DEMO_DIRECTORY_CSV
from iopguide.directory.importers import import_facilities
from iopguide.directory.models import Facility


class Command(BaseCommand):
    help = (
        "Load the bundled demo directory (fictional facilities) with the facility importer. "
        "Safe to run again. Once a real directory has been imported, it retires the demo "
        "listings instead."
    )

    def handle(self, *args, **options):
        real = Facility.objects.active().exclude(source=Facility.Source.DEMO)
        if real.exists():
            retired = (
                Facility.objects.active()
                .filter(source=Facility.Source.DEMO)
                .update(is_active=False)
            )
            content_changed()  # a bulk update bypasses Facility.save()
            self.stdout.write(
                f"A real directory is loaded ({real.count()} listings): demo directory not "
                f"loaded; {retired} demo listings retired."
            )
            return
        result = import_facilities(DEMO_DIRECTORY_CSV, source=Facility.Source.DEMO)
        self.stdout.write(f"Demo directory (fictional facilities): {result.summary()}")
