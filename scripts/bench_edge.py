"""The article through Varnish against the bare Django view, in one run, then through Varnish
while an editor saves the article every EDIT_INTERVAL seconds (each save purges the edge).

Starts the topology of `make edge` (scripts/edge_topology.py: Varnish with the repository's VCL
in front of two gunicorn instances, production settings) on a throw-away SQLite database loaded
with the guide's articles and the demo directory (DATABASE_URL / REDIS_URL are used when set),
saves the article's bytes, starts benchmarks/bare_wsgi.py returning exactly those bytes under the
same gunicorn settings, and runs wrk against each in alternation, ROUNDS times; medians are
printed. Compare ratios, not absolute numbers: on a small machine wrk competes with the servers.

During the editing run, the editor's process waits after each save until Varnish serves the new
text, and reports how long that took (the edge's lag behind a change).

Usage: .venv/bin/python -m scripts.bench_edge [--duration 5s] [--rounds 3] [--connections 16]
       [--threads 2] [--workers N] [--edit-interval 0.25]
"""

import argparse
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import urllib.request
from pathlib import Path

from scripts.edge_topology import REPO, EdgeTopology, free_port, wait_until_answering

EDITOR = """
import statistics, time, urllib.request
from iopguide.guide.models import Article
article = Article.objects.get(pk={pk})
original = article.body
lags, end = [], time.monotonic() + {seconds}
while time.monotonic() < end:
    marker = f"Benchmark edit number {{len(lags) + 1}}."
    article.body = original + "\\n\\n" + marker + "\\n"
    article.save()  # commits, bumps the content generation and purges the edge
    saved = time.monotonic()
    while marker not in urllib.request.urlopen("{url}", timeout=5).read().decode():
        pass
    lags.append(time.monotonic() - saved)
    time.sleep({interval})
print(len(lags), statistics.median(lags) * 1000, max(lags) * 1000)
"""


def wrk(url: str, args) -> tuple[float, float, float]:
    """req/s, p50 ms and p99 ms of one wrk run; fails on any error or non-2xx answer."""
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}"]
    output = subprocess.run(
        [*command, "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if "Non-2xx" in output or "Socket errors" in output:
        raise SystemExit(f"wrk reported errors for {url}:\n{output}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    return rps, _latency(output, "50%"), _latency(output, "99%")


def _latency(output: str, percentile: str) -> float:
    value, unit = re.search(rf"^\s+{percentile}\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def medians(runs: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    return tuple(statistics.median(column) for column in zip(*runs, strict=True))


def varnish_counters(topology: EdgeTopology) -> dict[str, int]:
    output = subprocess.run(
        ["varnishstat", "-1", "-n", str(topology.varnish_dir / "instance")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    wanted = ("MAIN.cache_hit", "MAIN.cache_miss")
    counters = dict.fromkeys(wanted, 0)
    for line in output.splitlines():
        name, value, *_ = line.split()
        if name in counters:
            counters[name] = int(value)
    return counters


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", default="5s")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--edit-interval", type=float, default=0.25)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk")

    work = Path(tempfile.mkdtemp(prefix="bench-edge-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "iopguide.settings.prod",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": os.environ.get("DATABASE_URL") or f"sqlite:///{work}/bench.sqlite3",
        "CACHE_KEY_PREFIX": f"bench-edge-{os.getpid()}",
        "LOG_LEVEL": "WARNING",
        "GUNICORN_LOG_LEVEL": "warning",
    }

    topology = EdgeTopology(work / "edge", env, workers=args.workers)
    bare = None
    try:
        print(f"Preparing a temporary database in {work} ...", flush=True)
        for command in (
            ["migrate", "--noinput", "-v0"],
            ["sync_content", "-v0"],
            ["load_demo_directory", "-v0"],
            ["collectstatic", "--noinput", "-v0"],
        ):
            topology.manage(*command)
        pk, path = topology.manage(
            "shell",
            "-v0",
            "-c",
            "from iopguide.guide.models import Article; "
            "a = Article.objects.published().order_by('section', 'order').first(); "
            "print(a.pk, a.get_absolute_url())",
        ).split()
        topology.start()
        edge, app = topology.varnish_url + path, topology.app_urls[0] + path
        page = work / "article.html"
        page.write_bytes(urllib.request.urlopen(app).read())
        page_bytes = page.stat().st_size
        bare_port = free_port()
        bare = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "benchmarks.bare_wsgi:application",
                "-c",
                "gunicorn.conf.py",
                "--no-control-socket",
                "--workers",
                str(args.workers),
                "--bind",
                f"127.0.0.1:{bare_port}",
            ],
            cwd=REPO,
            env={**env, "BARE_PAGE_FILE": str(page)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        bare_url = f"http://127.0.0.1:{bare_port}/"
        wait_until_answering(bare_url, process=bare)

        results: dict[str, list] = {"edge": [], "bare": [], "app": []}
        for _ in range(args.rounds):
            for name, url in (("edge", edge), ("bare", bare_url), ("app", app)):
                results[name].append(wrk(url, args))

        before = varnish_counters(topology)
        seconds = _seconds(args.duration) * args.rounds
        editor = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "shell",
                "-v0",
                "-c",
                textwrap.dedent(
                    EDITOR.format(pk=pk, seconds=seconds, url=edge, interval=args.edit_interval)
                ),
            ],
            cwd=REPO,
            env=topology.env,
            stdout=subprocess.PIPE,
            text=True,
        )
        editing = [wrk(edge, args) for _ in range(args.rounds)]
        edits, lag_median, lag_max = editor.communicate(timeout=seconds + 60)[0].split()
        after = varnish_counters(topology)
    finally:
        if bare is not None:
            bare.terminate()
            bare.wait(timeout=10)
        topology.stop()
        shutil.rmtree(work, ignore_errors=True)

    rows = {
        "article through Varnish": medians(results["edge"]),
        "bare Django view": medians(results["bare"]),
        "article, one app server direct": medians(results["app"]),
        "through Varnish, editing": medians(editing),
    }
    bare_rps = rows["bare Django view"][0]
    print(
        f"\ngunicorn workers per server: {args.workers}; wrk: {args.threads} threads, "
        f"{args.connections} connections, {args.duration} a run, median of {args.rounds} "
        f"alternating rounds; article {path} ({page_bytes} bytes)"
    )
    print(f"{'':32} {'req/s':>8} {'x bare':>7} {'p50 ms':>7} {'p99 ms':>7}")
    for name, (rps, p50, p99) in rows.items():
        print(f"{name:32} {rps:8.0f} {rps / bare_rps:7.1f} {p50:7.2f} {p99:7.2f}")
    hits = after["MAIN.cache_hit"] - before["MAIN.cache_hit"]
    misses = after["MAIN.cache_miss"] - before["MAIN.cache_miss"]
    print(
        f"\nediting run: {edits} edits (one every {args.edit_interval} s, each purging the edge);"
        f" Varnish served the new text {float(lag_median):.1f} ms (median) / "
        f"{float(lag_max):.1f} ms (max) after the save; {hits} hits, {misses} misses"
    )


def _seconds(duration: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(s|m)?", duration).groups()
    return float(value) * (60 if unit == "m" else 1)


if __name__ == "__main__":
    main()
