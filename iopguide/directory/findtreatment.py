"""Keep listings current from FindTreatment.gov, SAMHSA's live treatment locator.

The sweep plan: for each chosen state, one locator search limited to that state
(`limitType=0`, `limitValue` the state's postal code, `sAddr` a point inside it, `sType=sa`),
read page by page (`pageSize` 2000) until `totalPages`. Every facility the locator lists is in
exactly one state, so the sweeps together cover every listing. A state counts as complete only
when every page arrived, the pages agree on `recordCount`, and the rows add up to it.

Pages are saved as they arrive (`FINDTREATMENT_SYNC_DIR`), so an interrupted run resumes where
it stopped. Every page that arrived is imported (new programs added, changed ones updated), but
only a sweep in which every chosen state is complete may deactivate listings, and then only
FindTreatment listings in those states; otherwise nothing is deactivated and the command says
which states to run again.
"""

import http.client
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from email.utils import parsedate_to_datetime
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .importers import ImportResult, import_records
from .importers.readers import findtreatment_record
from .importers.records import zip_centroids
from .models import Facility
from .states import STATE_NAMES

EXPORT_PATH = "/locator/exportsAsJson/v2"
PAGE_SIZE = 2000
DATASET = "FindTreatment.gov (SAMHSA)"
# Saved pages older than this are fetched again: a resumed sweep must not mix in stale pages.
PROGRESS_MAX_AGE = timedelta(hours=24)
MAX_RETRY_AFTER = 300.0


class LocatorError(Exception):
    """The locator could not give a usable page, even after retries."""


class RetryableError(LocatorError):
    def __init__(self, message: str, wait: float | None = None):
        super().__init__(message)
        self.wait = wait


@dataclass
class LocatorClient:
    """GETs locator pages: at most one request per `delay` seconds, retrying timeouts, 429 (after
    its Retry-After), 5xx and broken bodies with exponential backoff."""

    base_url: str
    delay: float = 1.0
    timeout: float = 30.0
    retries: int = 5
    backoff: float = 2.0
    sleep: Callable[[float], None] = time.sleep
    log: Callable[[str], None] = lambda message: None
    _last_request: float = field(default=float("-inf"), init=False)

    def page(self, params: dict) -> dict:
        url = f"{self.base_url.rstrip('/')}{EXPORT_PATH}?{urllib.parse.urlencode(params)}"
        for attempt in range(self.retries + 1):
            try:
                return self._get(url)
            except RetryableError as error:
                if attempt == self.retries:
                    raise LocatorError(f"{error} (gave up after {attempt + 1} tries)") from error
                wait = error.wait if error.wait is not None else self.backoff * 2**attempt
                self.log(f"{error}; trying again in {wait:g} s")
                self.sleep(wait)
        raise AssertionError("unreachable")

    def _get(self, url: str) -> dict:
        pause = self._last_request + self.delay - time.monotonic()
        if pause > 0:
            self.sleep(pause)
        self._last_request = time.monotonic()
        user_agent = f"IOPGuide-directory-sync/1.0 (+{settings.SITE_URL})"
        request = urllib.request.Request(
            url, headers={"User-Agent": user_agent, "Accept": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read()
        except urllib.error.HTTPError as error:
            if error.code == 429:
                raise RetryableError(
                    "the locator asked us to slow down (429)",
                    _retry_after(error.headers.get("Retry-After")),
                ) from error
            if error.code >= 500:
                raise RetryableError(f"the locator answered {error.code}") from error
            raise LocatorError(f"the locator refused the request ({error.code})") from error
        except TimeoutError as error:
            raise RetryableError("the locator did not answer in time") from error
        except urllib.error.URLError as error:
            raise RetryableError(f"could not reach the locator ({error.reason})") from error
        except (ConnectionError, http.client.HTTPException) as error:  # e.g. a page cut short
            raise RetryableError(f"the connection broke ({error!r})") from error
        try:
            data = json.loads(body)
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise RetryableError(f"the locator sent a broken page ({error})") from error
        if not _is_page(data):
            raise RetryableError("the locator sent a page without its rows and counts")
        return data


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            seconds = (parsedate_to_datetime(value) - timezone.now()).total_seconds()
        except (TypeError, ValueError):
            return None
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


def _is_page(data) -> bool:
    return (
        isinstance(data, dict)
        and isinstance(data.get("rows"), list)
        and all(isinstance(row, dict) for row in data["rows"])
        and isinstance(data.get("totalPages"), int)
        and isinstance(data.get("recordCount"), int)
    )


@cache
def state_points() -> dict[str, str]:
    """A point inside each state, as "lat,lng": the ZIP centre nearest the mean of its ZIPs."""
    import zipcodes

    by_state: dict[str, list[tuple[float, float]]] = {}
    for entry in zipcodes.list_all():
        if entry.get("zip_code") in zip_centroids():
            by_state.setdefault(entry["state"], []).append(zip_centroids()[entry["zip_code"]])
    points = {}
    for state, spots in by_state.items():
        mean = (sum(p[0] for p in spots) / len(spots), sum(p[1] for p in spots) / len(spots))
        nearest = min(spots, key=lambda p: (p[0] - mean[0]) ** 2 + (p[1] - mean[1]) ** 2)
        points[state] = f"{nearest[0]:.4f},{nearest[1]:.4f}"
    return points


def state_query(state: str, page: int) -> dict:
    """The locator parameters for one page of one state's sweep."""
    return {
        "sType": "sa",
        "limitType": 0,
        "limitValue": state,
        "sAddr": state_points().get(state, ""),
        "pageSize": PAGE_SIZE,
        "page": page,
        "sort": 0,
    }


@dataclass
class StateSweep:
    """One state's pages, saved after each page so an interrupted sweep resumes."""

    state: str
    path: Path
    pages: dict[int, list[dict]] = field(default_factory=dict)
    total_pages: int | None = None
    record_count: int | None = None
    problem: str = ""
    started: timezone.datetime | None = None

    @classmethod
    def load(cls, folder: Path, state: str) -> "StateSweep":
        path = folder / f"{state}.json"
        sweep = cls(state, path)
        try:
            saved = json.loads(path.read_text(encoding="utf-8"))
            started = timezone.datetime.fromisoformat(saved["started"])
        except (OSError, ValueError, KeyError, TypeError):
            return sweep
        if timezone.now() - started > PROGRESS_MAX_AGE:
            return sweep
        sweep.pages = {int(number): rows for number, rows in saved["pages"].items()}
        sweep.total_pages, sweep.record_count = saved["total_pages"], saved["record_count"]
        sweep.started = started
        return sweep

    @property
    def complete(self) -> bool:
        return (
            not self.problem
            and self.total_pages is not None
            and set(self.pages) >= set(range(1, self.total_pages + 1))
        )

    @property
    def rows(self) -> list[dict]:
        return [row for number in sorted(self.pages) for row in self.pages[number]]

    def add(self, number: int, data: dict) -> None:
        if self.record_count is not None and data["recordCount"] != self.record_count:
            # The listing changed mid-sweep: its pages no longer fit together. Start again.
            self.pages.clear()
        self.total_pages = max(data["totalPages"], 1)
        self.record_count = data["recordCount"]
        self.pages[number] = data["rows"]
        self.save()

    def save(self) -> None:
        self.started = self.started or timezone.now()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(
            json.dumps(
                {
                    "started": self.started.isoformat(),
                    "total_pages": self.total_pages,
                    "record_count": self.record_count,
                    "pages": self.pages,
                }
            ),
            encoding="utf-8",
        )
        temporary.replace(self.path)

    def forget(self) -> None:
        self.path.unlink(missing_ok=True)


@dataclass
class SyncResult:
    states: list[str]
    complete: list[str] = field(default_factory=list)
    incomplete: dict[str, str] = field(default_factory=dict)
    requests: int = 0
    imported: ImportResult | None = None

    @property
    def finished(self) -> bool:
        return not self.incomplete

    def summary(self) -> str:
        text = f"{len(self.complete)} of {len(self.states)} states swept completely"
        if self.imported:
            text += f"; {self.imported.summary()}"
        if self.incomplete:
            text += "; nothing deactivated. Run again to resume: " + "; ".join(
                f"{state}: {why}" for state, why in sorted(self.incomplete.items())
            )
        return text


def sync_findtreatment(
    states: list[str] | None = None,
    *,
    client: LocatorClient,
    dry_run: bool = False,
    progress: Callable[[str], None] = lambda message: None,
    folder: Path | None = None,
) -> SyncResult:
    """Sweep the states (all by default), then import what arrived (see the module docstring)."""
    states = sorted(states or STATE_NAMES)
    folder = folder or Path(settings.FINDTREATMENT_SYNC_DIR)
    result = SyncResult(states)
    sweeps = []
    for position, state in enumerate(states, start=1):
        sweep = StateSweep.load(folder, state)
        _sweep_state(sweep, client, result)
        if sweep.complete and not sweep.rows and _listed_from_findtreatment(state):
            sweep.problem = "the locator listed no programs here, which it did before"
        if sweep.complete:
            result.complete.append(state)
        else:
            result.incomplete[state] = sweep.problem or "pages missing"
        sweeps.append(sweep)
        progress(
            f"[{position}/{len(states)}] {state}: {len(sweep.rows)} programs, "
            f"{len(sweep.pages)} of {sweep.total_pages or '?'} pages"
            + (f" ({sweep.problem})" if sweep.problem else "")
        )
    records = [
        (number, findtreatment_record(row))
        for number, row in enumerate((row for sweep in sweeps for row in sweep.rows), start=1)
    ]
    if records:
        result.imported = import_records(
            records,
            source=Facility.Source.FINDTREATMENT,
            dataset=DATASET,
            file_format="findtreatment-api",
            full=result.finished,
            dry_run=dry_run,
            origin="the FindTreatment.gov sweep",
            checked_on=timezone.localdate(),
            states=set(states),
        )
    if result.finished and not dry_run:
        for sweep in sweeps:
            sweep.forget()
    return result


def _sweep_state(sweep: StateSweep, client: LocatorClient, result: SyncResult) -> None:
    number = 1
    while sweep.total_pages is None or number <= sweep.total_pages:
        if number not in sweep.pages:
            try:
                data = client.page(state_query(sweep.state, number))
            except LocatorError as error:
                sweep.problem = f"page {number}: {error}"
                return
            result.requests += 1
            restarted = sweep.record_count is not None and data["recordCount"] != sweep.record_count
            sweep.add(number, data)
            if restarted and number != 1:
                number = 1
                continue
        number += 1
    if sum(len(rows) for rows in sweep.pages.values()) != sweep.record_count:
        sweep.problem = (
            f"the pages hold {len(sweep.rows)} programs but the locator counted "
            f"{sweep.record_count}"
        )


def _listed_from_findtreatment(state: str) -> bool:
    listings = Facility.objects.active().filter(source=Facility.Source.FINDTREATMENT)
    return listings.filter(state=state).exists()
