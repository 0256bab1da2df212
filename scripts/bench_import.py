#!/usr/bin/env python
"""Time import_facilities on the national directory, into a fresh SQLite database.

    .venv/bin/python scripts/bench_import.py          # the CSV and workbook in ../shared/data
    .venv/bin/python scripts/bench_import.py path/to/directory.xlsx

For each file: a first import into an empty database, then the same file again (which must
change nothing). Prints wall-clock and CPU seconds; docs/importing.md records the results.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SHARED_DATA_DIR", ROOT.parent / "shared" / "data"))
DEFAULT_FILES = [
    SHARED / "nsumhss-2023" / "facilities_list.csv",
    SHARED / "nsumhss-2023" / "national-directory-su-facilities-2023.xlsx",
]


def timed(label, function):
    wall, cpu = time.perf_counter(), time.process_time()
    result = function()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"{label:<58} {wall:6.1f} s wall {cpu:6.1f} s CPU   {result.summary()}")
    return result


def main() -> int:
    files = [Path(arg) for arg in sys.argv[1:]] or DEFAULT_FILES
    missing = [str(path) for path in files if not path.is_file()]
    if missing:
        sys.exit(f"not found: {', '.join(missing)}")
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "iopguide.settings.dev"
    with tempfile.TemporaryDirectory() as folder:
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        import django
        from django.core.management import call_command

        django.setup()
        from iopguide.directory.importers import import_facilities
        from iopguide.directory.models import Facility

        call_command("migrate", verbosity=0)
        print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
        for path in files:
            Facility.objects.all().delete()
            timed(f"{path.name}: first import", lambda p=path: import_facilities(p))
            timed(f"{path.name}: same file again", lambda p=path: import_facilities(p))
    return 0


if __name__ == "__main__":
    sys.exit(main())
