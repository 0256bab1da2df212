#!/usr/bin/env bash
# Reader pages against a bare Django view, in one run, on the same gunicorn settings.
#
# Starts the site under gunicorn with production settings on a throw-away SQLite database
# (loaded with the guide's articles and the demo directory), saves the article page's bytes,
# starts benchmarks/bare_wsgi.py returning exactly those bytes, then runs wrk against home, an
# article, Find Rehab results, compare and the tools to decide (self-check, its answers page, the
# call worksheet), each followed by the bare view. Prints req/s and p50/p99 latency next to the
# bare view's, with the ratio. Compare ratios, not absolute numbers:
# on a small machine wrk competes with the server for the CPU.
#
# Usage: scripts/bench_pages.sh            (REDIS_URL=redis://... to use Redis as in production)
# Each page and the bare view are measured in alternation, ROUNDS times, and the median of each
# is printed, so a burst of other load on the machine hits both sides alike.
# Tunables: DURATION per measurement (5s), ROUNDS (3), CONNECTIONS (16), WRK_THREADS (2),
#           GUNICORN_WORKERS (2 x CPUs + 1), SITE_PORT (8701), BARE_PORT (8702).
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
GUNICORN=.venv/bin/gunicorn
DURATION=${DURATION:-5s}
ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-16}
WRK_THREADS=${WRK_THREADS:-2}
WORKERS=${GUNICORN_WORKERS:-$((2 * $(nproc) + 1))}
SITE_PORT=${SITE_PORT:-8701}
BARE_PORT=${BARE_PORT:-8702}
SITE="http://127.0.0.1:$SITE_PORT"
BARE="http://127.0.0.1:$BARE_PORT"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
[ -x "$GUNICORN" ] || { echo "run 'make .venv/.installed' first" >&2; exit 1; }

WORK=$(mktemp -d)
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

export DJANGO_SETTINGS_MODULE=iopguide.settings.prod
DJANGO_SECRET_KEY=$($PY -c 'import secrets; print(secrets.token_urlsafe(64))')
export DJANGO_SECRET_KEY
export DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost
export DJANGO_SECURE_SSL_REDIRECT=false
export DATABASE_URL="sqlite:///$WORK/bench.sqlite3"
export CACHE_KEY_PREFIX="bench-$$"
export LOG_LEVEL=WARNING

has_command() { $PY manage.py help "$1" >/dev/null 2>&1; }

echo "Preparing a temporary database in $WORK ..."
$PY manage.py migrate --noinput -v0
if has_command sync_content; then $PY manage.py sync_content -v0 >/dev/null; fi
if has_command load_demo_directory; then $PY manage.py load_demo_directory -v0 >/dev/null; fi
if ! has_command sync_content || ! has_command load_demo_directory; then
    echo "No sync_content/load_demo_directory here: loading the browser tests' sample content."
    $PY manage.py shell -v0 -c \
        "from tests.browser.pages import create_reading_content; create_reading_content()"
fi
$PY manage.py collectstatic --noinput -v0

# One published article, the ZIP of an active facility and two facilities to compare.
read -r ARTICLE NEAR COMPARE < <($PY manage.py shell -v0 -c '
from iopguide.directory.models import Facility
from iopguide.guide.models import Article
article = Article.objects.published().order_by("section", "order").first()
facilities = list(Facility.objects.active().order_by("state", "city", "name")[:2])
if article is None or len(facilities) < 2:
    raise SystemExit("the database needs a published article and two facilities")
print(article.get_absolute_url(), facilities[0].zip_code, ",".join(f.slug for f in facilities))
')

wait_for() {
    for _ in $(seq 100); do curl -fso /dev/null "$1" && return 0; sleep 0.1; done
    echo "$1 did not answer" >&2
    exit 1
}

start_gunicorn() {  # port, WSGI application, log file
    $GUNICORN -c gunicorn.conf.py --no-control-socket --workers "$WORKERS" \
        --bind "127.0.0.1:$1" "$2" >"$3" 2>&1 &
    PIDS+=($!)
}

start_gunicorn "$SITE_PORT" iopguide.wsgi:application "$WORK/site.log"
wait_for "$SITE/"
curl -fs "$SITE$ARTICLE" -o "$WORK/article.html"
BARE_PAGE_FILE="$WORK/article.html" start_gunicorn "$BARE_PORT" benchmarks.bare_wsgi:application \
    "$WORK/bare.log"
wait_for "$BARE/"
cmp -s "$WORK/article.html" <(curl -fs "$BARE/") || { echo "bare view bytes differ" >&2; exit 1; }

# wrk's summary as "req/s p50_ms p99_ms errors".
measure() {
    wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$1" | awk '
        function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0;
                         if (v ~ /s$/) return v * 1000; return v }
        /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) }
        /Requests\/sec/ { rps = $2 } /Non-2xx|Socket errors/ { errors = errors $0 }
        END { printf "%.0f %.2f %.2f %s\n", rps, p50, p99, (errors == "" ? "-" : "ERRORS") }'
}

# The median of each column over ROUNDS lines of "req/s p50 p99 errors".
medians() {
    awk '{ rps[NR] = $1; p50[NR] = $2; p99[NR] = $3; if ($4 != "-") errors = "ERRORS" }
         END { asort(rps); asort(p50); asort(p99); m = int((NR + 1) / 2)
               printf "%s %s %s %s\n", rps[m], p50[m], p99[m], (errors ? errors : "-") }' "$1"
}

echo
echo "gunicorn workers: $WORKERS; wrk: $WRK_THREADS threads, $CONNECTIONS connections," \
    "$DURATION a measurement, median of $ROUNDS alternating rounds"
echo "bare view: $BARE (the article's $(wc -c <"$WORK/article.html") bytes, no middleware)"
printf '%-12s %8s %8s %6s %8s %8s %8s %8s %7s\n' page "req/s" "bare" ratio \
    "p50 ms" "bare" "p99 ms" "bare" errors
for entry in "home=/" "article=$ARTICLE" "find_rehab=/find-rehab/?near=$NEAR" \
    "compare=/compare/?ids=$COMPARE" "self_check=/tools/is-an-iop-right-for-me/" \
    "answers=/tools/is-an-iop-right-for-me/answers/?safety=no&withdrawal=yes&home=yes&payment=medicaid&near=$NEAR" \
    "worksheet=/tools/call-worksheet/"; do
    name=${entry%%=*}
    path=${entry#*=}
    curl -fso /dev/null "$SITE$path" || { echo "$name: $SITE$path does not answer 200" >&2; exit 1; }
    : >"$WORK/page.txt"
    : >"$WORK/bare.txt"
    for _ in $(seq "$ROUNDS"); do
        measure "$SITE$path" >>"$WORK/page.txt"
        measure "$BARE/" >>"$WORK/bare.txt"
    done
    read -r rps p50 p99 errors < <(medians "$WORK/page.txt")
    read -r bare_rps bare_p50 bare_p99 _ < <(medians "$WORK/bare.txt")
    printf '%-12s %8s %8s %5.0f%% %8s %8s %8s %8s %7s\n' "$name" "$rps" "$bare_rps" \
        "$(awk -v a="$rps" -v b="$bare_rps" 'BEGIN { print 100 * a / b }')" \
        "$p50" "$bare_p50" "$p99" "$bare_p99" "$errors"
done
echo
echo "article path: $ARTICLE; find rehab near: $NEAR; compare: $COMPARE"
