#!/usr/bin/env bash
# Lighthouse (mobile) scores for the reader page types of a running site, in Debian's Chromium.
#
# Usage: scripts/lighthouse.sh [BASE_URL]          (default http://127.0.0.1:8000, `make run`)
# Prints performance, accessibility, best practices and SEO (0-100) for home, an article, Find
# Rehab results, a facility and compare. Page paths come from the local database (the one
# `make run` serves, or DATABASE_URL); set ARTICLE_PATH, FIND_REHAB_PATH, FACILITY_PATH or
# COMPARE_PATH to choose others (e.g. for a remote site), PAGES="home article" to run fewer, and
# REPORT_DIR to keep the JSON reports. Lighthouse 12 comes from scripts/lighthouse/package.json
# into scripts/lighthouse/node_modules (never a global install). About 15 s a page.
set -euo pipefail
cd "$(dirname "$0")/.."

BASE_URL=${1:-${BASE_URL:-http://127.0.0.1:8000}}
BASE_URL=${BASE_URL%/}
PAGES=${PAGES:-home article find_rehab facility compare}
TOOL_DIR=scripts/lighthouse
LIGHTHOUSE=$TOOL_DIR/node_modules/.bin/lighthouse
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}

[ -x "$CHROME_PATH" ] || { echo "Chromium is missing: apt-get install -y chromium" >&2; exit 1; }
if [ ! -x "$LIGHTHOUSE" ] || [ "$TOOL_DIR/package-lock.json" -nt "$TOOL_DIR/node_modules" ]; then
    npm ci --prefix "$TOOL_DIR" --no-audit --no-fund --loglevel=error
    touch "$TOOL_DIR/node_modules"
fi
curl -fso /dev/null "$BASE_URL/" || { echo "$BASE_URL/ does not answer: start the site first" >&2; exit 1; }

if [ -z "${ARTICLE_PATH:-}" ] || [ -z "${FIND_REHAB_PATH:-}" ] || [ -z "${FACILITY_PATH:-}" ] ||
    [ -z "${COMPARE_PATH:-}" ]; then
    read -r db_article db_find db_facility db_compare < <(
        DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-iopguide.settings.dev} \
            .venv/bin/python manage.py shell -v0 -c '
from urllib.parse import urlencode
from django.urls import reverse
from iopguide.directory.models import Facility
from iopguide.guide.models import Article
article = Article.objects.published().order_by("section", "order").first()
facilities = list(Facility.objects.active().order_by("state", "city", "name")[:2])
if article is None or len(facilities) < 2:
    raise SystemExit("the local database needs a published article and two facilities")
find = reverse("directory:find_rehab") + "?" + urlencode({"near": facilities[0].zip_code})
compare = reverse("directory:compare") + "?ids=" + ",".join(f.slug for f in facilities)
print(article.get_absolute_url(), find, facilities[0].get_absolute_url(), compare)
')
    ARTICLE_PATH=${ARTICLE_PATH:-$db_article}
    FIND_REHAB_PATH=${FIND_REHAB_PATH:-$db_find}
    FACILITY_PATH=${FACILITY_PATH:-$db_facility}
    COMPARE_PATH=${COMPARE_PATH:-$db_compare}
fi

declare -A PATHS=(
    [home]=/ [article]=$ARTICLE_PATH [find_rehab]=$FIND_REHAB_PATH
    [facility]=$FACILITY_PATH [compare]=$COMPARE_PATH
)

REPORTS=${REPORT_DIR:-$(mktemp -d)}
mkdir -p "$REPORTS"
[ -n "${REPORT_DIR:-}" ] || trap 'rm -rf "$REPORTS"' EXIT

printf '%-12s %12s %14s %15s %5s  %s\n' page performance accessibility "best practices" seo url
for page in $PAGES; do
    url="$BASE_URL${PATHS[$page]}"
    # A second try when Chromium loses the trace (NO_NAVSTART happens now and then).
    lighthouse_ok=false
    for _ in 1 2; do
        if "$LIGHTHOUSE" "$url" --quiet --output=json --output-path="$REPORTS/$page.json" \
            --only-categories=performance,accessibility,best-practices,seo --form-factor=mobile \
            --chrome-flags="--headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
--disable-background-networking --disable-component-update --disable-sync"; then
            lighthouse_ok=true
            break
        fi
    done
    $lighthouse_ok || { echo "$page: Lighthouse failed on $url" >&2; continue; }
    node -e '
        const report = require(process.argv[1]);
        const score = (id) => Math.round(report.categories[id].score * 100);
        const failed = Object.values(report.audits)
            .filter((audit) => audit.score !== null && audit.score < 1 &&
                    ["binary", "numeric"].includes(audit.scoreDisplayMode))
            .map((audit) => audit.id);
        console.log([process.argv[2].padEnd(12), String(score("performance")).padStart(12),
            String(score("accessibility")).padStart(14), String(score("best-practices")).padStart(15),
            String(score("seo")).padStart(5), " " + process.argv[3]].join(" "));
        if (failed.length) console.log("             below 1: " + failed.join(", "));
        // A noindex page (results, comparisons) fails is-crawlable on purpose: show the rest.
        const seo = report.categories.seo.auditRefs.filter((ref) => ref.weight > 0);
        if (report.audits["is-crawlable"].score === 0) {
            const rest = seo.filter((ref) => ref.id !== "is-crawlable" &&
                                    report.audits[ref.id].score !== null);
            const total = rest.reduce((sum, ref) => sum + ref.weight, 0);
            const score = rest.reduce((sum, ref) => sum + ref.weight * report.audits[ref.id].score, 0);
            console.log("             noindex page: SEO without is-crawlable " +
                        Math.round((100 * score) / total));
        }
    ' "$(realpath "$REPORTS/$page.json")" "$page" "$url"
done
