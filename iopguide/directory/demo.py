"""The bundled demo directory: fictional facilities so a new checkout has a working directory."""

from pathlib import Path

from django.core.cache import cache

from iopguide.core.cache import versioned_key

from .models import Facility

DEMO_DIRECTORY_CSV = Path(__file__).resolve().parent / "data" / "demo_directory.csv"
_CACHE_KEY = "directory:demo-in-use"


def demo_in_use() -> bool:
    """Whether readers can see demo listings (cached until the directory changes)."""
    key = versioned_key(_CACHE_KEY)
    in_use = cache.get(key)
    if in_use is None:
        in_use = Facility.objects.active().filter(source=Facility.Source.DEMO).exists()
        cache.set(key, in_use, 60 * 10)
    return in_use
