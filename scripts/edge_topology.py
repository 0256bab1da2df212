"""Varnish with the repository's VCL in front of two gunicorn instances, on loopback.

Used by `make edge` (python -m scripts.edge_topology --port 8080), the edge integration test
(tests/test_edge.py) and the edge benchmark (scripts/bench_edge.sh). The app servers share the
database and cache the environment names (DATABASE_URL, REDIS_URL; without Redis, a file cache in
the work folder), and purge this Varnish on every content change (EDGE_PURGE_URLS).
"""

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
VCL = REPO / "deploy" / "varnish" / "default.vcl"
BACKENDS_VCL = """\
import directors;

probe healthz {{
    .url = "/healthz";
    .interval = 1s;
    .timeout = 1s;
    .window = 3;
    .threshold = 2;
    .initial = 2;
}}

{backends}

sub vcl_init {{
    new app = directors.round_robin();
{adds}
}}
"""


def free_port() -> int:
    """A port the OS says is free on loopback now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_answering(url: str, seconds: float = 30, process=None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{url}: the process exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


class EdgeTopology:
    """Start with start(), stop with stop() (or use it as a context manager)."""

    def __init__(
        self,
        workdir: Path,
        env: dict[str, str],
        varnish_port: int | None = None,
        app_ports: tuple[int, int] | None = None,
        workers: int = 2,
    ):
        self.workdir = Path(workdir)
        self.varnish_port = varnish_port or free_port()
        self.app_ports = app_ports or (free_port(), free_port())
        self.workers = workers
        self.env = {
            **env,
            "EDGE_PURGE_URLS": self.varnish_url + "/",
            "PYTHONUNBUFFERED": "1",
        }
        if not self.env.get("REDIS_URL"):
            self.env["CACHE_DIR"] = str(self.workdir / "cache")
        self.apps: list[subprocess.Popen] = []
        self.varnish_pid: int | None = None
        self.varnish_dir: Path | None = None

    @property
    def varnish_url(self) -> str:
        return f"http://127.0.0.1:{self.varnish_port}"

    @property
    def app_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{port}" for port in self.app_ports]

    def manage(self, *args: str) -> str:
        """Run a management command against the app servers' database and cache; its output."""
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=REPO,
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    def app_log(self, index: int) -> Path:
        return self.workdir / f"app{index + 1}.log"

    def start(self) -> "EdgeTopology":
        self.workdir.mkdir(parents=True, exist_ok=True)
        for index, port in enumerate(self.app_ports):
            self.apps.append(self._start_app(index, port))
        for url, process in zip(self.app_urls, self.apps, strict=True):
            wait_until_answering(url + "/healthz", process=process)
        self.start_varnish()
        return self

    def _start_app(self, index: int, port: int) -> subprocess.Popen:
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "iopguide.wsgi:application",
            "-c",
            "gunicorn.conf.py",
            "--no-control-socket",
            "--workers",
            str(self.workers),
            "--bind",
            f"127.0.0.1:{port}",
        ]
        log = self.app_log(index).open("ab")
        return subprocess.Popen(command, cwd=REPO, env=self.env, stdout=log, stderr=log)

    def start_varnish(self) -> None:
        # Varnish compiles the VCL as its own unprivileged user: the VCL and its folder must be
        # readable by that user, which a private temporary folder is not (pytest's, or a clone
        # inside `mktemp -d`), so the repository's VCL is read from a copy here.
        vcl_dir = Path(tempfile.mkdtemp(prefix="iopguide-varnish-"))
        vcl_dir.chmod(0o755)
        self.varnish_dir = vcl_dir
        vcl = Path(shutil.copy(VCL, vcl_dir / VCL.name))
        vcl.chmod(0o644)
        names = [f"app{index + 1}" for index in range(len(self.app_ports))]
        backends = "\n".join(
            f'backend {name} {{ .host = "127.0.0.1"; .port = "{port}"; .probe = healthz; }}'
            for name, port in zip(names, self.app_ports, strict=True)
        )
        adds = "\n".join(f"    app.add_backend({name});" for name in names)
        (vcl_dir / "backends.vcl").write_text(BACKENDS_VCL.format(backends=backends, adds=adds))
        pid_file = self.workdir / "varnish.pid"
        started = subprocess.run(
            [
                shutil.which("varnishd") or "/usr/sbin/varnishd",
                "-a",
                f"127.0.0.1:{self.varnish_port}",
                "-T",
                "none",
                "-f",
                str(vcl),
                "-p",
                f"vcl_path={vcl_dir}",
                "-s",
                "malloc,64m",
                "-n",
                str(vcl_dir / "instance"),
                "-P",
                str(pid_file),
            ],
            capture_output=True,
            text=True,
        )
        if started.returncode:
            raise RuntimeError(f"varnishd did not start: {started.stderr or started.stdout}")
        self.varnish_pid = int(pid_file.read_text())
        wait_until_answering(self.varnish_url + "/healthz")

    def stop_varnish(self) -> None:
        if self.varnish_pid is None:
            return
        _terminate_pid(self.varnish_pid)
        self.varnish_pid = None
        shutil.rmtree(self.varnish_dir, ignore_errors=True)

    def stop(self) -> None:
        self.stop_varnish()
        for process in self.apps:
            process.terminate()
        for process in self.apps:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        self.apps = []

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def _terminate_pid(pid: int, seconds: float = 10) -> None:
    """Stop the Varnish manager (it stops its child) and wait until it is gone."""
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8080, help="Varnish's port")
    parser.add_argument("--app-ports", type=int, nargs=2, help="the two app servers' ports")
    parser.add_argument("--workdir", type=Path, default=REPO / "var" / "edge")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per app server")
    args = parser.parse_args()
    env = {"DJANGO_SETTINGS_MODULE": "iopguide.settings.dev", **os.environ}
    topology = EdgeTopology(args.workdir, env, args.port, args.app_ports, args.workers)
    # `make edge-stop` (or Ctrl-C) sends SIGTERM/SIGINT here; everything stops with us.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    (args.workdir / "edge.pid").parent.mkdir(parents=True, exist_ok=True)
    (args.workdir / "edge.pid").write_text(str(os.getpid()))
    try:
        topology.start()
        print(
            f"Varnish at {topology.varnish_url}/ in front of {' and '.join(topology.app_urls)}"
            f" (logs in {args.workdir}); Ctrl-C or `make edge-stop` stops them.",
            flush=True,
        )
        while all(process.poll() is None for process in topology.apps):
            time.sleep(1)
        print("An app server exited; stopping.", file=sys.stderr)
    except KeyboardInterrupt:
        pass
    finally:
        topology.stop()
        (args.workdir / "edge.pid").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
