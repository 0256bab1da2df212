#!/usr/bin/env bash
# Every reader page type against a bare Django view sending the same bytes, in one run, on the
# same gunicorn settings.
#
# Starts the site under gunicorn with production settings on a throw-away SQLite database loaded
# with the guide's articles and the national directory (../shared/data, or SHARED_DATA_DIR) when
# it is there, else the demo directory; DIRECTORY_DB=path uses a copy of an existing SQLite
# database instead (for example the 30,000 facilities of scripts/bench_find_rehab.py). Saves each
# page's bytes, starts benchmarks/bare_wsgi.py returning exactly those bytes, then runs wrk against
# home, the guide index, an article, sources, a state, a city, a facility, Find Rehab results,
# compare (three listings) and the tools to decide (self-check, its answers, the worksheet), each in alternation with the bare view. Prints req/s and p50/p99
# latency next to the bare view's, with the ratio. Compare ratios, not absolute numbers: on a small
# machine wrk competes with the server for the CPU.
#
# Usage: scripts/bench_pages.sh            (REDIS_URL=redis://... to use Redis as in production)
# Each page and the bare view are measured in alternation, ROUNDS times, and the median of each
# is printed, so a burst of other load on the machine hits both sides alike.
# Tunables: DURATION per measurement (5s), ROUNDS (3), CONNECTIONS (16), WRK_THREADS (2),
#           GUNICORN_WORKERS (2 x CPUs + 1), SITE_PORT (8701), BARE_PORT (8702),
#           ENCODING (empty: uncompressed; br or gzip: wrk sends that Accept-Encoding),
#           NEAR (the ZIP searched: 22902 with the national directory),
#           PAGES (names of the page types to measure, e.g. "article find_rehab"; empty: all).
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
ENCODING=${ENCODING:-}
SITE="http://127.0.0.1:$SITE_PORT"
BARE="http://127.0.0.1:$BARE_PORT"
SHARED_DATA_DIR=${SHARED_DATA_DIR:-../shared/data}
NATIONAL_CSV="$SHARED_DATA_DIR/nsumhss-2023/facilities_list.csv"

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
export CONTENT_GENERATION_FILE="$WORK/content-generation"
export CACHE_KEY_PREFIX="bench-$$"
export LOG_LEVEL=WARNING
ACCEPT=()
[ -n "$ENCODING" ] && ACCEPT=(-H "Accept-Encoding: $ENCODING")

echo "Preparing a temporary database in $WORK ..."
if [ -n "${DIRECTORY_DB:-}" ]; then
    cp "$DIRECTORY_DB" "$WORK/bench.sqlite3"
    DIRECTORY="$DIRECTORY_DB"
fi
$PY manage.py migrate --noinput -v0
$PY manage.py sync_content -v0 >/dev/null
if [ -n "${DIRECTORY_DB:-}" ]; then
    :
elif [ -f "$NATIONAL_CSV" ]; then
    $PY manage.py import_facilities "$NATIONAL_CSV" -v0 >/dev/null 2>&1
    DIRECTORY="the national directory ($NATIONAL_CSV)"
else
    $PY manage.py load_demo_directory -v0 >/dev/null
    DIRECTORY="the demo directory"
fi
if [ "$DIRECTORY" = "the demo directory" ]; then NEAR=${NEAR:-}; else NEAR=${NEAR:-22902}; fi
$PY manage.py collectstatic --noinput -v0

# name=path for each page type: one published article, and the listings nearest NEAR (or the
# first demo ZIP) for the facility, state, city and compare pages.
NEAR="$NEAR" $PY manage.py shell -v0 -c '
import os
from django.urls import reverse
from iopguide.directory.models import Facility
from iopguide.guide.models import Article
article = Article.objects.published().order_by("section", "order").first()
listings = Facility.objects.active()
near = os.environ["NEAR"] or listings.order_by("state", "city", "name").first().zip_code
nearby = list(listings.filter(zip_code__startswith=near[:3]).order_by("zip_code", "name")[:3])
if article is None or len(nearby) < 3:
    raise SystemExit("the database needs a published article and three listings near " + near)
first = nearby[0]
print("home=/")
print("guide=/guide/")
print("article=" + article.get_absolute_url())
print("sources=/sources/")
print("state=" + reverse("directory:state", args=[first.state.lower()]))
print("city=" + reverse("directory:city", args=[first.state.lower(), first.city_slug]))
print("facility=" + first.get_absolute_url())
print(f"find_rehab=/find-rehab/?near={near}&radius=25&pay=MD")
print("compare=/compare/?ids=" + ",".join(f.slug for f in nearby))
print("self_check=/tools/is-an-iop-right-for-me/")
print("answers=/tools/is-an-iop-right-for-me/answers/?safety=no&withdrawal=no&home=yes&near=" + near)
print("worksheet=/tools/call-worksheet/")
' >"$WORK/all-pages.txt"
if [ -n "${PAGES:-}" ]; then
    grep -E "^($(tr ' ' '|' <<<"$PAGES"))=" "$WORK/all-pages.txt" >"$WORK/pages.txt" \
        || { echo "PAGES names none of: $(cut -d= -f1 "$WORK/all-pages.txt" | xargs)" >&2; exit 1; }
else
    cp "$WORK/all-pages.txt" "$WORK/pages.txt"
fi

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
mkdir "$WORK/pages"
while IFS='=' read -r name path; do
    # The page twice: the first renders and stores it, the second is the cached copy wrk gets.
    curl -fso /dev/null "${ACCEPT[@]}" "$SITE$path" || { echo "$name: $path failed" >&2; exit 1; }
    curl -fs "${ACCEPT[@]}" "$SITE$path" -o "$WORK/pages/$name.html"
done <"$WORK/pages.txt"
BARE_PAGES_DIR="$WORK/pages" start_gunicorn "$BARE_PORT" benchmarks.bare_wsgi:application \
    "$WORK/bare.log"
wait_for "$BARE/$(head -1 "$WORK/pages.txt" | cut -d= -f1)"

# wrk's summary as "req/s p50_ms p99_ms errors".
measure() {
    wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "${ACCEPT[@]}" "$1" | awk '
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
    "$DURATION a measurement, median of $ROUNDS alternating rounds; load average:" \
    "$(cut -d' ' -f1-3 /proc/loadavg)"
CACHE_USED=${REDIS_URL:-"local memory (generation in a file)"}
echo "directory: $DIRECTORY; cache: $CACHE_USED; Accept-Encoding: ${ENCODING:-none}"
echo "bare view: $BARE/<page> (the page's own bytes, no middleware)"
printf '%-11s %7s %8s %8s %6s %8s %8s %8s %8s %7s\n' page bytes "req/s" "bare" ratio \
    "p50 ms" "bare" "p99 ms" "bare" errors
while IFS='=' read -r name path; do
    : >"$WORK/page.txt"
    : >"$WORK/bare.txt"
    for _ in $(seq "$ROUNDS"); do
        measure "$SITE$path" >>"$WORK/page.txt"
        measure "$BARE/$name" >>"$WORK/bare.txt"
    done
    read -r rps p50 p99 errors < <(medians "$WORK/page.txt")
    read -r bare_rps bare_p50 bare_p99 _ < <(medians "$WORK/bare.txt")
    printf '%-11s %7s %8s %8s %5.0f%% %8s %8s %8s %8s %7s\n' "$name" \
        "$(wc -c <"$WORK/pages/$name.html")" "$rps" "$bare_rps" \
        "$(awk -v a="$rps" -v b="$bare_rps" 'BEGIN { print 100 * a / b }')" \
        "$p50" "$bare_p50" "$p99" "$bare_p99" "$errors"
done <"$WORK/pages.txt"
echo
sed 's/^/  /' "$WORK/pages.txt"
