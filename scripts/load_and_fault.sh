#!/usr/bin/env bash
# Overload and faults against the production settings, on servers this script starts itself on
# loopback: its own PostgreSQL (initdb in a temporary folder), its own Redis, and gunicorn.
#
#  1. overload: wrk with 200 connections on Find Rehab results, first with one thread per
#     worker and no search limit (the configuration before docs/hardening.md), then with the
#     shipped configuration (gunicorn.conf.py threads, SEARCH_CONCURRENCY_PER_WORKER); then on
#     a flood of different searches (each ZIP of the directory at every radius, so nearly every
#     request misses the page cache), with every thread allowed to wait for a search slot
#     (SEARCH_QUEUE_DEPTH unbounded, as before the waiting room) and as shipped.
#  2. faults: wrk on a mix of pages (an article, Find Rehab, a state page) while PostgreSQL is
#     restarted and then Redis is stopped; prints the answers by status code, 503s lacking
#     Retry-After, timeouts, and how much the application logged (lines, tracebacks, bytes).
#
# Usage: scripts/load_and_fault.sh   (needs wrk, PostgreSQL 15's initdb/pg_ctl, redis-server)
# Tunables: OVERLOAD_SECONDS (20), FAULT_SECONDS (30), CONNECTIONS (200), FAULT_CONNECTIONS (50),
#           GUNICORN_WORKERS (5, as in production), ports BASE_PORT.. +2 (8250: site, 8251:
#           PostgreSQL, 8252: Redis).
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
GUNICORN=.venv/bin/gunicorn
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
OVERLOAD_SECONDS=${OVERLOAD_SECONDS:-20}
FAULT_SECONDS=${FAULT_SECONDS:-30}
CONNECTIONS=${CONNECTIONS:-200}
FAULT_CONNECTIONS=${FAULT_CONNECTIONS:-50}
WORKERS=${GUNICORN_WORKERS:-5}
BASE_PORT=${BASE_PORT:-8250}
SITE_PORT=$BASE_PORT
PG_PORT=$((BASE_PORT + 1))
REDIS_PORT=$((BASE_PORT + 2))
SITE="http://127.0.0.1:$SITE_PORT"

for tool in wrk redis-server redis-cli curl "$PG_BIN/initdb" "$PG_BIN/pg_ctl"; do
    command -v "$tool" >/dev/null || { echo "$tool is missing" >&2; exit 1; }
done
[ -x "$GUNICORN" ] || { echo "run 'make .venv/.installed' first" >&2; exit 1; }

WORK=$(mktemp -d)
chmod 755 "$WORK"
GUNICORN_PID=""
as_postgres() {  # PostgreSQL refuses to run as root
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
stop_gunicorn() {
    if [ -n "$GUNICORN_PID" ]; then
        kill "$GUNICORN_PID" 2>/dev/null || true
        wait "$GUNICORN_PID" 2>/dev/null || true
        GUNICORN_PID=""
    fi
}
cleanup() {
    stop_gunicorn
    redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    as_postgres "$PG_BIN/pg_ctl" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

echo "== servers in $WORK: PostgreSQL :$PG_PORT, Redis :$REDIS_PORT, gunicorn :$SITE_PORT"
mkdir "$WORK/pg"
[ "$(id -u)" = 0 ] && chown postgres "$WORK/pg"
as_postgres "$PG_BIN/initdb" -D "$WORK/pg" -U postgres -A trust >/dev/null
start_postgres() {
    as_postgres "$PG_BIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg/server.log" -w -o \
        "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" \
        start >/dev/null
}
start_redis() {
    redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" \
        --appendonly no --dir "$WORK" --pidfile "$WORK/redis.pid" >/dev/null
    for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && return; sleep 0.1; done
}
start_postgres
start_redis

export DJANGO_SETTINGS_MODULE=iopguide.settings.prod
DJANGO_SECRET_KEY=$($PY -c 'import secrets; print(secrets.token_urlsafe(64))')
export DJANGO_SECRET_KEY
export DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost
export DJANGO_SECURE_SSL_REDIRECT=false
export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/iopguide_harden_load"
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
export LOG_LEVEL=WARNING

as_postgres "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres iopguide_harden_load
$PY manage.py migrate --noinput -v0
$PY manage.py sync_content -v0 >/dev/null
$PY manage.py load_demo_directory -v0 >/dev/null
$PY manage.py collectstatic --noinput -v0
read -r ARTICLE NEAR STATE < <($PY manage.py shell -v0 -c '
from iopguide.directory.models import Facility
from iopguide.guide.models import Article
facility = Facility.objects.active().order_by("state", "city", "name").first()
article = Article.objects.published().order_by("section", "order").first()
print(article.get_absolute_url(), facility.zip_code, facility.state.lower())
')
FIND="/find-rehab/?near=$NEAR"
# 3,000 real ZIP codes at every radius: 15,000 searches, so nearly every request is a first render.
$PY manage.py shell -v0 >"$WORK/searches.txt" <<'PY'
import random
import zipcodes
from iopguide.directory.search import RADIUS_CHOICES
codes = sorted({z["zip_code"] for z in zipcodes.list_all() if z["zip_code_type"] == "STANDARD"})
for code in random.Random(12).sample(codes, 3000):
    for radius in RADIUS_CHOICES:
        print(f"/find-rehab/?near={code}&radius={radius}")
PY

start_gunicorn() {  # extra environment assignments, e.g. GUNICORN_THREADS=1
    env "$@" "$GUNICORN" -c gunicorn.conf.py --workers "$WORKERS" --bind "127.0.0.1:$SITE_PORT" \
        --access-logfile /dev/null iopguide.wsgi:application >"$WORK/app.log" 2>&1 &
    GUNICORN_PID=$!
    for _ in $(seq 150); do curl -fso /dev/null "$SITE/healthz" && return 0; sleep 0.1; done
    echo "gunicorn did not start:" >&2
    cat "$WORK/app.log" >&2
    exit 1
}

run_wrk() {  # connections, seconds, paths...
    local connections=$1 seconds=$2
    shift 2
    WRK_PATHS="$*" WRK_PATHS_FILE="${WRK_PATHS_FILE:-}" wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s \
        -s benchmarks/status_counts.lua "$SITE" | grep -E '^(status|503-|timeouts|p50|p99|max|Requests/sec)' |
        sed 's/^/    /'
}

echo
echo "== 1. overload: $CONNECTIONS connections for ${OVERLOAD_SECONDS}s on $FIND ($WORKERS workers)"
echo "  before: one thread per worker, no search limit"
start_gunicorn GUNICORN_THREADS=1 SEARCH_CONCURRENCY_PER_WORKER=1000
curl -fso /dev/null "$SITE$FIND"
run_wrk "$CONNECTIONS" "$OVERLOAD_SECONDS" "$FIND"
stop_gunicorn
echo "  shipped: gunicorn.conf.py threads, SEARCH_CONCURRENCY_PER_WORKER default"
start_gunicorn
curl -fso /dev/null "$SITE$FIND"
run_wrk "$CONNECTIONS" "$OVERLOAD_SECONDS" "$FIND"
stop_gunicorn
echo "  different searches ($(wc -l <"$WORK/searches.txt") URLs): every thread may wait for a slot"
start_gunicorn SEARCH_QUEUE_DEPTH=1000
WRK_PATHS_FILE="$WORK/searches.txt" run_wrk "$CONNECTIONS" "$OVERLOAD_SECONDS"
stop_gunicorn
echo "  different searches: shipped (SEARCH_QUEUE_DEPTH default)"
start_gunicorn
WRK_PATHS_FILE="$WORK/searches.txt" run_wrk "$CONNECTIONS" "$OVERLOAD_SECONDS"
stop_gunicorn

echo
echo "== 2. faults: $FAULT_CONNECTIONS connections for ${FAULT_SECONDS}s on an article, Find Rehab" \
    "and a state page; PostgreSQL restarted at 25%, Redis stopped at 50% of the run"
start_gunicorn
for path in "$ARTICLE" "$FIND" "/find-rehab/$STATE/"; do curl -fso /dev/null "$SITE$path"; done
LOG_START=$(wc -c <"$WORK/app.log")
(
    sleep "$((FAULT_SECONDS / 4))"
    started=$(date +%s.%N)
    as_postgres "$PG_BIN/pg_ctl" -D "$WORK/pg" -m fast -w restart -o \
        "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" \
        >/dev/null
    echo "    PostgreSQL restarted (down for $(echo "$(date +%s.%N) - $started" | bc | cut -c1-4) s)"
    sleep "$((FAULT_SECONDS / 4))"
    redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    echo "    Redis stopped"
) &
FAULTS_PID=$!
run_wrk "$FAULT_CONNECTIONS" "$FAULT_SECONDS" "$ARTICLE" "$FIND" "/find-rehab/$STATE/"
wait "$FAULTS_PID"
tail -c +"$((LOG_START + 1))" "$WORK/app.log" >"$WORK/fault.log"
echo "  application log during the run: $(wc -l <"$WORK/fault.log") lines," \
    "$(grep -c Traceback "$WORK/fault.log" || true) tracebacks, $(wc -c <"$WORK/fault.log") bytes"
cut -c1-150 "$WORK/fault.log" | sed 's/^/    | /' | head -20
stop_gunicorn
