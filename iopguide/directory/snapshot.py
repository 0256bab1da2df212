"""The national directory snapshot bundled with the code, which `make run` loads on first run."""

from pathlib import Path

from .importers import ImportResult, import_facilities
from .models import Facility

NATIONAL_DIRECTORY_SNAPSHOT = (
    Path(__file__).resolve().parent / "data" / "nsumhss-2023" / "facilities_list.csv.gz"
)


def national_directory_loaded() -> bool:
    """Whether any release of SAMHSA's national directory was ever imported (active or not):
    then the snapshot must not be loaded again over a newer file or an operator's choices."""
    return Facility.objects.filter(source=Facility.Source.NSUMHSS).exists()


def load_national_snapshot(**options) -> ImportResult | None:
    """Import the bundled snapshot once; None when a national directory is already loaded."""
    if national_directory_loaded():
        return None
    return import_facilities(NATIONAL_DIRECTORY_SNAPSHOT, source=Facility.Source.NSUMHSS, **options)
