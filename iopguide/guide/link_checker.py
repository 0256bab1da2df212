"""Checks external links over HTTP, politely: a User-Agent that says who asks and where to read
about it, at most PER_HOST requests to one host at a time, an overall limit on threads,
connect and read timeouts, and one retry after a timeout, a connection error or a 5xx.

HEAD first, then GET when HEAD fails (many servers refuse or mishandle HEAD); a GET reads only
the headers. Redirects are followed by hand, so a loop or a chain longer than MAX_REDIRECTS is
reported as such, and a permanent redirect (301, 308) as a moved page with its new address.
"""

import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from urllib.parse import urljoin

import requests
from django.conf import settings

from .links import LinkOutcome, host_of

MAX_REDIRECTS = 5
PER_HOST = 2
RETRY_DELAY_SECONDS = 1.0
PERMANENT_REDIRECTS = {301, 308}
REDIRECTS = {301, 302, 303, 307, 308}
# Definite answers: no second try, no second night, changes them.
GONE = {404: "page not found (404)", 410: "page removed (410 Gone)"}


def user_agent() -> str:
    return f"IOPGuideLinkChecker/1.0 (+{settings.SITE_URL}/guide/about/)"


def describe_status(response: requests.Response) -> str:
    status = response.status_code
    if status in GONE:
        return GONE[status]
    if status in (401, 403):
        return (
            f"access refused ({status}); the site may turn away link checkers, so open the "
            "link in a browser to confirm"
        )
    if status >= 500:
        return f"the site had an error ({status})"
    return f"the site answered {status} {response.reason or ''}".strip()


class LinkChecker:
    def __init__(self, timeout: float = 10.0, concurrency: int = 8):
        self.timeout = timeout
        self.concurrency = concurrency
        self._host_slots = defaultdict(lambda: threading.BoundedSemaphore(PER_HOST))
        self._slots_lock = threading.Lock()
        self._local = threading.local()

    def check_all(self, urls) -> dict[str, LinkOutcome]:
        urls = list(dict.fromkeys(urls))
        with ThreadPoolExecutor(max_workers=self.concurrency) as pool:
            return dict(zip(urls, pool.map(self.check, urls), strict=True))

    def check(self, url: str) -> LinkOutcome:
        if not host_of(url):
            return LinkOutcome(error="not a usable web address", definite=True, answered=False)
        outcome, retry = self._check_once(url)
        if retry:
            time.sleep(RETRY_DELAY_SECONDS)
            outcome, _ = self._check_once(url)
        return outcome

    def _check_once(self, url: str) -> tuple[LinkOutcome, bool]:
        """(outcome, worth one retry). A server that answered HEAD with an error is asked
        again with GET: some refuse HEAD (405, 403) or route only GET (404)."""
        outcome, retry = self._follow(url, "HEAD")
        if outcome.error and outcome.answered:
            outcome, retry = self._follow(url, "GET")
        return outcome, retry

    def _follow(self, url: str, method: str) -> tuple[LinkOutcome, bool]:
        seen, current, moved = [url], url, None
        while True:
            try:
                response = self._request(method, current)
            except requests.Timeout:
                return self._unanswered(f"no answer within {self.timeout:g} seconds"), True
            except requests.ConnectionError:
                return self._unanswered(f"could not connect to {host_of(current)}"), True
            except requests.RequestException as problem:
                return self._unanswered(f"not a usable address ({type(problem).__name__})"), False
            status = response.status_code
            location = response.headers.get("Location")
            if status in REDIRECTS and location:
                moved = status in PERMANENT_REDIRECTS if moved is None else moved
                current = urljoin(current, location)
                if current in seen:
                    return self._redirect_failure(status, "a redirect loop", [*seen, current])
                seen.append(current)
                if len(seen) > MAX_REDIRECTS + 1:
                    return self._redirect_failure(
                        status, f"more than {MAX_REDIRECTS} redirects", seen
                    )
                continue
            final = current if current != url else ""
            if status >= 400:
                outcome = LinkOutcome(
                    status=status,
                    final_url=final,
                    error=describe_status(response),
                    definite=status in GONE,
                )
                return outcome, status >= 500
            return LinkOutcome(status=status, final_url=final, moved=bool(final and moved)), False

    @staticmethod
    def _unanswered(error: str) -> LinkOutcome:
        return LinkOutcome(error=error, answered=False)

    @staticmethod
    def _redirect_failure(status, what, chain) -> tuple[LinkOutcome, bool]:
        shown = " → ".join(chain[:4]) + (" → …" if len(chain) > 4 else "")
        return LinkOutcome(status=status, error=f"{what} ({shown})", definite=True), False

    def _session(self) -> requests.Session:
        """One session a thread (requests' sessions are not thread-safe): kept-alive
        connections to a host are reused across its links."""
        if not hasattr(self._local, "session"):
            self._local.session = requests.Session()
            self._local.session.headers["User-Agent"] = user_agent()
        return self._local.session

    @contextmanager
    def _host_slot(self, url: str):
        with self._slots_lock:
            slot = self._host_slots[host_of(url)]
        with slot:
            yield

    def _request(self, method: str, url: str) -> requests.Response:
        with self._host_slot(url):
            response = self._session().request(
                method,
                url,
                allow_redirects=False,
                timeout=(min(self.timeout, 5.0), self.timeout),
                stream=True,  # headers only: the body is never read
            )
            response.close()
            return response
