"""gunicorn settings; each can be overridden from the environment."""

import gc
import logging
import os
import sys

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * (os.cpu_count() or 1) + 1))
# Threads per worker (gthread): while one thread runs a search, the others answer cheap pages
# and the 503s of searches over the per-worker limit (SEARCH_CONCURRENCY_PER_WORKER), so a queue
# of readers drains quickly instead of waiting behind every search (docs/hardening.md).
threads = int(os.environ.get("GUNICORN_THREADS", 8))
# Work in flight is bounded at every stage: the kernel holds at most `backlog` connections not
# yet accepted, each worker at most `worker_connections` accepted ones, and a request stuck for
# `timeout` seconds gets its worker restarted.
backlog = int(os.environ.get("GUNICORN_BACKLOG", 256))
worker_connections = int(os.environ.get("GUNICORN_WORKER_CONNECTIONS", 100))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak can never take the site down.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 1000))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", 100))
# Load the app once in the master and fork workers from it: a recycled worker starts in
# milliseconds instead of re-importing Django (under load, re-imports cost 1 s latency spikes
# and a quarter of the throughput, scripts/bench_pages.sh), and workers share the ZIP list's
# memory. A code deploy therefore needs a restart, not a HUP.
preload_app = True
accesslog = "-"
# The reader's address (iopguide.core.client_address, honouring TRUSTED_PROXY_COUNT) instead of
# the proxy's; "-" for requests the app never saw.
access_log_format = (
    '%({iopguide.client_address}e)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'
)
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Several instances may run on one machine (tests, benchmarks): no shared control socket.
control_socket_disable = True
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def when_ready(server):
    """The app is loaded; workers are forked next. Frozen objects are left out of garbage
    collection, so a worker's collections don't write to (and copy) the pages it shares."""
    gc.freeze()


def worker_exit(server, worker):
    """A worker recycled after max_requests leaves at once. Python's own shutdown would walk the
    whole preloaded heap, copying the pages it shares with the master (~0.6 s of CPU a worker);
    when several recycled together, nothing was served for over a second. Other exits (errors,
    shutdown) take the normal way, so their exit codes still reach the master."""
    if worker.booted and worker.nr >= worker.max_requests:
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)
