#!/usr/bin/env python
"""Time a whole-country `sync_findtreatment` sweep, against a loopback locator replaying the
national directory as FindTreatment.gov rows (the real service answers only from the internet).

    .venv/bin/python scripts/bench_sync_findtreatment.py

A fresh SQLite database gets the bundled national snapshot (12,744 listings); the stand-in
locator (iopguide/directory/tests/locator_server.py) then serves every one of them, with an
address location, page by page (2,000 a page), for every state. The sweep runs without its
one-second pause; the script adds the pause the real sweep would take (one per request).
The same sweep runs twice: the second must change nothing. docs/importing.md records results.
"""

import hashlib
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def locator_rows(facilities, services_by_code) -> dict[str, list[dict]]:
    """Each listing as the locator would send it: services by name, a located address."""
    rows: dict[str, list[dict]] = {}
    for facility in facilities:
        services: dict[str, tuple[str, list[str]]] = {}
        for code in facility.code_list:
            if code in services_by_code:
                category, category_name, name = services_by_code[code]
                services.setdefault(category, (category_name, []))[1].append(name)
        digest = hashlib.sha256(facility.match_key.encode()).hexdigest()
        rows.setdefault(facility.state, []).append(
            {
                "frid": digest,
                "name1": facility.name,
                "name2": facility.program_name,
                "street1": facility.street1,
                "street2": facility.street2,
                "city": facility.city,
                "state": facility.state,
                "zip": facility.zip_code,
                "phone": facility.phone,
                "intake1": facility.intake_phone,
                "website": "",
                "latitude": f"{facility.latitude + int(digest[:4], 16) / 6e6:.6f}",
                "longitude": f"{facility.longitude - int(digest[4:8], 16) / 6e6:.6f}",
                "services": [
                    {"f1": name, "f2": category, "f3": "; ".join(names)}
                    for category, (name, names) in services.items()
                ],
            }
        )
    return rows


def timed(label, function):
    wall, cpu = time.perf_counter(), time.process_time()
    result = function()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    throttled = wall + result.requests * 1.0
    print(
        f"{label:<24} {wall:6.1f} s wall {cpu:6.1f} s CPU, {result.requests} requests "
        f"(with the 1 s pause: about {throttled:.0f} s)\n    {result.summary()}"
    )
    return result


def main() -> int:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "iopguide.settings.dev"
    with tempfile.TemporaryDirectory() as folder:
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        os.environ["FINDTREATMENT_SYNC_DIR"] = f"{folder}/sync"
        import django
        from django.core.management import call_command

        django.setup()
        from iopguide.directory.findtreatment import LocatorClient, sync_findtreatment
        from iopguide.directory.models import Facility, ServiceCode
        from iopguide.directory.snapshot import load_national_snapshot
        from iopguide.directory.tests.locator_server import LocatorServer

        call_command("migrate", verbosity=0)
        load_national_snapshot()
        services_by_code = {
            code.code: (code.category_code, code.category_name, code.name)
            for code in ServiceCode.objects.all()
        }
        server = LocatorServer(
            listings=locator_rows(Facility.objects.active(), services_by_code)
        ).start()
        print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
        try:
            for label in ("first sweep", "same sweep again"):
                client = LocatorClient(server.url, delay=0)
                timed(label, lambda c=client: sync_findtreatment(client=c))
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
