"""The bundled demo directory: fictional facilities so a new checkout has a working directory."""

from pathlib import Path

from django.core.cache import cache

from .models import Facility

DEMO_DIRECTORY_CSV = Path(__file__).resolve().parent / "data" / "demo_directory.csv"
_CACHE_KEY = "directory:demo-in-use"


def demo_in_use() -> bool:
    """Whether readers can see demo listings (cached; imports clear it)."""
    in_use = cache.get(_CACHE_KEY)
    if in_use is None:
        in_use = Facility.objects.active().filter(source=Facility.Source.DEMO).exists()
        cache.set(_CACHE_KEY, in_use, 60 * 10)
    return in_use


def forget_demo_in_use() -> None:
    cache.delete(_CACHE_KEY)
