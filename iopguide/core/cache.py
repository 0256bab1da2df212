"""What readers see changes through one door: `content_changed()`.

Every cached reader page, validator (ETag, Last-Modified) and cached lookup derived from content
belongs to one site-wide *content generation* number. Anything that changes what readers could
see calls `content_changed()` once its writes are made: model saves and deletes (articles,
facilities, service codes), bulk imports, `sync_content`, and scheduled publications going live.
After the transaction commits it moves the generation on, and every process on every server stops
serving what it had at once; the old entries simply expire. `_announce_change()` is where the
change lands in every case (hook anything else that must hear of a change there, such as an edge
cache purge).

Where the generation lives decides who sees it (settings `CONTENT_GENERATION_FILE`, `REDIS_URL`):

- In a small memory-mapped file (`var/content-generation`), in the embedded default where the
  cache is each process's own memory: every gunicorn worker and management command on the machine
  maps the same file, so a read costs a memory access and a change is seen by all at once.
- In the shared cache (Redis) when `REDIS_URL` is set, so several app servers share it too.

Scheduled publishing needs no daemon: apps register a function listing the moments their content
changes on its own (for example articles' future `published_at`). After each change,
`refresh_schedule()` stores those moments beside the number, and `content_version()` moves the
generation on by itself once the next one has passed. Reading the number never touches the
database: it runs before cached pages are served. Should the schedule be lost (a cache eviction
or flush), the next page a view renders stores it again.

Page caches key their entries with `versioned_key()`, or, like `page_cache.py`, store the
generation with the entry and serve it only while that is current (one cache round trip).
"""

import datetime
import fcntl
import mmap
import os
import struct
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

from .edge import purge_content

VERSION_KEY = "content:version"
# Epoch seconds of the next scheduled change; 0 when none is known to come, missing when unknown.
NEXT_CHANGE_KEY = "content:next-change"
# Every known scheduled change, in epoch seconds, soonest first.
SCHEDULE_KEY = "content:schedule"

_schedule_providers: list[Callable[[], Iterable[datetime.datetime]]] = []


def content_changed() -> None:
    """Announce that what readers see has changed: call it after writing, in or outside a
    transaction. Once the transaction commits (at once outside one), every cached page, validator
    and cached lookup on every process and server is stale, and the schedule of publications is
    read again (the change may have scheduled or cancelled one). Calling it while nothing changed
    costs only cache misses."""

    def after_commit():
        _announce_change()
        refresh_schedule()

    transaction.on_commit(after_commit)


def content_version() -> int:
    """The current generation number; include it in every page-cache key."""
    version, next_change, _ = generation().read()
    return settle_version(version, next_change)


def register_schedule(provider: Callable[[], Iterable[datetime.datetime]]) -> None:
    """Register a function listing the future times content changes without a save."""
    if provider not in _schedule_providers:
        _schedule_providers.append(provider)


def refresh_schedule() -> None:
    """Ask the registered providers for the scheduled changes to come, and remember them."""
    now = timezone.now()
    upcoming = (when for provider in _schedule_providers for when in provider())
    generation().store_schedule(sorted(when.timestamp() for when in upcoming if when > now))


def versioned_key(*parts: object) -> str:
    """A cache key that changes whenever the content does, e.g. versioned_key("vocabulary")."""
    return ":".join(["content", str(content_version()), *map(str, parts)])


def content_changed_at() -> datetime.datetime:
    """When the current generation began (the same on every process): pages' Last-Modified."""
    return generation().changed_at(content_version())


def _announce_change() -> int:
    """Every change ends here, after its commit: from `content_changed()`, or from
    `content_version()` when a scheduled publication's moment has passed. Returns the new
    generation."""
    version = generation().move_on()
    purge_content()  # the edge cache's copies too (iopguide.core.edge), now the number moved on
    return version


def settle_version(version: int | None, next_change: float | None) -> int:
    """The generation read, moved on if a scheduled change is due, started if there is none."""
    store = generation()
    if next_change is None:  # the schedule is unknown (lost, or not stored yet)
        next_change = store.next_scheduled()
    now = timezone.now().timestamp()
    if next_change and next_change <= now:
        if store.drop_schedule_until(now):
            return _announce_change()
        version = store.read()[0]  # another process took it and moved the generation on
    return store.start() if version is None else version


class CacheGeneration:
    """The generation in the shared cache (Redis in production): every process on every app
    server reads the same keys. A hit on a cached page needs one round trip for the number, the
    time of the next scheduled change and the page together (`read(page_key)`)."""

    def read(self, *keys: str) -> tuple[int | None, float | None, dict]:
        values = cache.get_many([VERSION_KEY, NEXT_CHANGE_KEY, *keys])
        return values.pop(VERSION_KEY, None), values.pop(NEXT_CHANGE_KEY, None), values

    def start(self) -> int:
        # Microseconds since the epoch: larger than any number handed out before an eviction, so
        # a restarted count can never land on an old page's key.
        start = time.time_ns() // 1000
        cache.add(VERSION_KEY, start, timeout=None)
        return cache.get(VERSION_KEY, start)

    def move_on(self) -> int:
        try:
            return cache.incr(VERSION_KEY)
        except ValueError:  # never set, or evicted
            return self.start()

    def changed_at(self, version: int) -> datetime.datetime:
        # The first process to see this generation records the moment; the others read it.
        key = f"content:{version}:first-seen"
        cache.add(key, timezone.now(), timeout=None)
        return cache.get(key) or timezone.now()

    def next_scheduled(self) -> float:
        return next(iter(cache.get(SCHEDULE_KEY) or []), 0)

    def drop_schedule_until(self, now: float) -> bool:
        """Forget the scheduled changes up to `now`; True when there were any."""
        times = cache.get(SCHEDULE_KEY) or []
        remaining = [when for when in times if when > now]
        self.store_schedule(remaining)
        return len(remaining) < len(times)

    def store_schedule(self, times: list[float]) -> None:
        cache.set_many(
            {SCHEDULE_KEY: times, NEXT_CHANGE_KEY: times[0] if times else 0}, timeout=None
        )


class FileGeneration:
    """The generation in a small file that every process on the machine maps into memory.

    Layout: a header (sequence, generation, when it began, the next scheduled change or -1 when
    the schedule is unknown, how many scheduled times follow), then the scheduled times. Writers
    take a POSIX lock on the file (per process, so workers forked from one master exclude each
    other); readers take none: the sequence is odd while a write is under way and changes with
    each write, so a reader retries until it read one settled state (a seqlock). The file is
    created once and never replaced, so a mapping never goes stale."""

    HEADER = struct.Struct("<QQddI4x")
    SEQUENCE = struct.Struct("<Q")
    TIME = struct.Struct("<d")
    SIZE = 64 * 1024
    MAX_TIMES = (SIZE - HEADER.size) // TIME.size

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self._fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        self.path = path
        with self._locked():
            if os.fstat(self._fd).st_size < self.SIZE:
                os.ftruncate(self._fd, self.SIZE)
                self._map = mmap.mmap(self._fd, self.SIZE)
                now = time.time()
                self._write(int(now * 1_000_000), now, -1.0, [])
            else:
                self._map = mmap.mmap(self._fd, self.SIZE)

    def read(self, *keys: str) -> tuple[int, float | None, dict]:
        _, version, _, next_change, _ = self._header()
        values = cache.get_many(keys) if keys else {}
        return version, None if next_change < 0 else next_change, values

    def close(self) -> None:
        self._map.close()
        os.close(self._fd)

    def start(self) -> int:
        return self._header()[1]

    def move_on(self) -> int:
        with self._locked():
            _, version, _, next_change, _ = self._header()
            self._write(version + 1, time.time(), next_change, self._times())
            return version + 1

    def changed_at(self, version: int) -> datetime.datetime:
        return datetime.datetime.fromtimestamp(self._header()[2], tz=datetime.UTC)

    def next_scheduled(self) -> float:
        times = self._times()
        return times[0] if times else 0

    def drop_schedule_until(self, now: float) -> bool:
        """Forget the scheduled changes up to `now`; True for the one process that did."""
        with self._locked():
            _, version, changed_at, _, _ = self._header()
            times = self._times()
            remaining = [when for when in times if when > now]
            if len(remaining) == len(times):
                return False
            self._write(version, changed_at, remaining[0] if remaining else 0, remaining)
            return True

    def store_schedule(self, times: list[float]) -> None:
        times = times[: self.MAX_TIMES]
        with self._locked():
            _, version, changed_at, _, _ = self._header()
            self._write(version, changed_at, times[0] if times else 0, times)

    def _header(self) -> tuple[int, int, float, float, int]:
        while True:
            header = self.HEADER.unpack_from(self._map)
            if header[0] % 2 == 0 and self.SEQUENCE.unpack_from(self._map)[0] == header[0]:
                return header

    def _times(self) -> list[float]:
        while True:
            sequence, *_, count = self._header()
            times = [
                self.TIME.unpack_from(self._map, self.HEADER.size + i * self.TIME.size)[0]
                for i in range(count)
            ]
            if self.SEQUENCE.unpack_from(self._map)[0] == sequence:
                return times

    def _write(self, version: int, changed_at: float, next_change: float, times: list[float]):
        sequence = self.SEQUENCE.unpack_from(self._map)[0]
        self.SEQUENCE.pack_into(self._map, 0, sequence + 1)  # odd: readers wait
        for i, when in enumerate(times):
            self.TIME.pack_into(self._map, self.HEADER.size + i * self.TIME.size, when)
        self.HEADER.pack_into(
            self._map, 0, sequence + 1, version, changed_at, next_change, len(times)
        )
        self.SEQUENCE.pack_into(self._map, 0, sequence + 2)

    def _locked(self):
        return _FileLock(self._fd)


class _FileLock:
    def __init__(self, fd: int):
        self.fd = fd

    def __enter__(self):
        fcntl.lockf(self.fd, fcntl.LOCK_EX)

    def __exit__(self, *exc):
        fcntl.lockf(self.fd, fcntl.LOCK_UN)


_generation: CacheGeneration | FileGeneration | None = None


def generation() -> CacheGeneration | FileGeneration:
    """Where this configuration keeps the content generation (see the module docstring)."""
    global _generation
    if _generation is None:
        path = settings.CONTENT_GENERATION_FILE
        _generation = FileGeneration(Path(path)) if path else CacheGeneration()
    return _generation


@receiver(setting_changed)
def _forget_generation(setting, **kwargs):
    global _generation
    if setting == "CONTENT_GENERATION_FILE":
        if isinstance(_generation, FileGeneration):
            _generation.close()
        _generation = None
