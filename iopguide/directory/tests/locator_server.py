"""A stand-in for FindTreatment.gov's export endpoint: a real HTTP server on loopback that pages
through the listings it is given and injects the faults a test asks for."""

import contextlib
import json
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from iopguide.directory.findtreatment import EXPORT_PATH

SERVICES = [
    {"f1": "Type of Care", "f2": "TC", "f3": "Substance use treatment"},
    {"f1": "Service Setting", "f2": "SET", "f3": "Outpatient; Intensive outpatient treatment"},
    {
        "f1": "Payment/Insurance/Funding Accepted",
        "f2": "PAY",
        "f3": "Medicaid; Private health insurance",
    },
]


def locator_row(number: int, state: str = "VA", zip_code: str = "22902", **fields) -> dict:
    """A row as the locator sends it, with the address's own coordinates."""
    return {
        "frid": f"frid-{state}-{number}",
        "name1": f"Program {number} Recovery",
        "name2": "",
        "street1": f"{number} Main Street",
        "street2": "",
        "city": "Charlottesville" if state == "VA" else "Baltimore",
        "state": state,
        "zip": zip_code,
        "phone": "434-555-0100",
        "type_facility": "SA",
        "intake1": "434-555-0101",
        "hotline1": None,
        "website": f"https://program{number}.example.org",
        "latitude": "38.0300",
        "longitude": f"{-78.4800 - number / 1000:.4f}",
        "miles": 0.5,
        "services": SERVICES,
        **fields,
    }


@dataclass
class Fault:
    """What the server does instead of answering `page` of `state`, `times` times."""

    kind: str  # "500", "429", "404", "timeout", "malformed", "truncated", "empty"
    state: str
    page: int = 1
    times: int = 1
    retry_after: str = "7"


@dataclass
class LocatorServer:
    listings: dict[str, list[dict]] = field(default_factory=dict)
    faults: list[Fault] = field(default_factory=list)
    requests: list[tuple[str, int]] = field(default_factory=list)
    stall_seconds: float = 1.0

    def start(self) -> "LocatorServer":
        handler = type("Handler", (_Handler,), {"locator": self})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def fault_for(self, state: str, page: int) -> Fault | None:
        for fault in self.faults:
            if fault.state == state and fault.page == page and fault.times > 0:
                fault.times -= 1
                return fault
        return None


class _Handler(BaseHTTPRequestHandler):
    locator: LocatorServer

    def log_message(self, *args):
        pass

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        if url.path != EXPORT_PATH:
            return self._send(404, b"not found")
        query = dict(urllib.parse.parse_qsl(url.query))
        state, page = query.get("limitValue", ""), int(query.get("page", "1"))
        size = int(query.get("pageSize", "2000"))
        self.locator.requests.append((state, page))
        rows = self.locator.listings.get(state, [])
        fault = self.locator.fault_for(state, page)
        if fault and fault.kind == "empty":
            rows = []
        pages = max(1, -(-len(rows) // size))
        body = json.dumps(
            {
                "page": page,
                "totalPages": pages,
                "recordCount": len(rows),
                "rows": rows[(page - 1) * size : page * size],
            }
        ).encode()
        if fault is None or fault.kind == "empty":
            return self._send(200, body)
        if fault.kind in {"500", "404"}:
            return self._send(int(fault.kind), b"server error")
        if fault.kind == "429":
            return self._send(429, b"slow down", {"Retry-After": fault.retry_after})
        if fault.kind == "timeout":
            time.sleep(self.locator.stall_seconds)
            return self._send(200, body)
        if fault.kind == "malformed":
            return self._send(200, b'{"page": 1, "rows": [oops')
        if fault.kind == "truncated":  # promises the whole page, sends half, hangs up
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return None
        raise AssertionError(f"unknown fault {fault.kind}")

    def _send(self, status: int, body: bytes, headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)  # fails when the client gave up waiting (the timeout fault)
