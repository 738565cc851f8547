#!/usr/bin/env bash
# Lighthouse scores (performance, accessibility, best practices, SEO) of the article page, the
# timeline and a search, as a phone (Lighthouse's default: mobile, throttled) and as a desktop.
#
#   benchmarks/lighthouse.sh [--min 98] [--runs 3] [--keep DIR]
#
# Imports the seed article into a new SQLite database, serves it as in production (DEBUG off,
# gunicorn with 2 workers, collected static files) on 127.0.0.1:$PORT (default 8812), runs Lighthouse
# with Debian's Chromium (CHROME_PATH, default /usr/bin/chromium) --runs times per page and form
# factor and prints the median run's scores (by performance), then the audits that cost points.
# Exits 1 when a score is below --min. The server is stopped and the files of the run removed on
# exit (--keep DIR keeps Lighthouse's JSON reports).
#
# The phone's CPU is calibrated to this machine, as Chrome DevTools calibrates it: Lighthouse slows
# the CPU 4 times, which makes a typical desktop (benchmark index about 1,000) as slow as the phone
# it emulates (a Moto G Power, index 264). A first run measures this machine's index, and the
# slowdown is index / 264 (at least 1): on a slower or busier machine 4 times would emulate a phone
# far slower than that one. CPU_SLOWDOWN=4 forces Lighthouse's own figure.
#
# Lighthouse is not a project dependency: install it anywhere and name it with LIGHTHOUSE
# (default: /tmp/lh/node_modules/.bin/lighthouse, what `npm install --prefix /tmp/lh lighthouse` makes).
set -euo pipefail

cd "$(dirname "$0")/.."

min=98
runs=3
keep=
while [ $# -gt 0 ]; do
    case $1 in
        --min) min=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        --keep) keep=$2; shift 2 ;;
        *) sed -n '2,4p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
    esac
done

PYTHON=${PYTHON:-.venv/bin/python}
PORT=${PORT:-8812}
BASE=http://127.0.0.1:$PORT
LIGHTHOUSE=${LIGHTHOUSE:-/tmp/lh/node_modules/.bin/lighthouse}
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
[ -x "$LIGHTHOUSE" ] || { echo "lighthouse.sh: no Lighthouse at $LIGHTHOUSE (npm install --prefix /tmp/lh lighthouse, or set LIGHTHOUSE)" >&2; exit 2; }
[ -x "$CHROME_PATH" ] || { echo "lighthouse.sh: no Chromium at $CHROME_PATH (apt-get install chromium, or set CHROME_PATH)" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/relations-lighthouse-XXXXXX")
server_pid=
say() { printf '==> %s\n' "$*" >&2; }
cleanup() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill "$server_pid"
        for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.2; done
        kill -9 "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

export DEBUG=false SECRET_KEY=lighthouse-only ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=false \
    SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false SECURE_HSTS_SECONDS=0 \
    DATABASE_URL=sqlite:///$work/site.sqlite3 STATIC_ROOT=$work/static MEDIA_ROOT=$work/media \
    LOCAL_CACHE_DIR=$work/cache LOG_LEVEL=WARNING REDIS_URL=

say "Importing the seed article into a new database"
"$PYTHON" manage.py migrate --noinput --verbosity 0
"$PYTHON" manage.py import_article articles/sources/russia-south-korea-relations.txt --verbosity 0 \
    --source-url "https://en.wikipedia.org/wiki/Russia%E2%80%93South_Korea_relations" \
    --licence "CC BY-SA 3.0" --retrieved 2026-11-27
"$PYTHON" manage.py collectstatic --noinput --verbosity 0

say "Serving the site on $BASE"
WEB_CONCURRENCY=2 BIND=127.0.0.1:$PORT MIGRATE=0 COLLECTSTATIC=0 PYTHON="$PYTHON" \
    scripts/run-production.sh >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do
    curl -fs -o /dev/null "$BASE/healthz" && break
    kill -0 "$server_pid" 2>/dev/null || { tail -20 "$work/server.log" >&2; exit 1; }
    sleep 0.2
done

pages=(
    "article|/articles/russia-south-korea-relations/"
    "timeline|/events/"
    "search|/search/?q=president+visit"
)
reports=${keep:-$work/reports}
mkdir -p "$reports"
lighthouse() { # URL OUTPUT [OPTION...]
    local url=$1 output=$2
    shift 2
    "$LIGHTHOUSE" "$url" "$@" --quiet --output=json --output-path="$output" \
        --only-categories=performance,accessibility,best-practices,seo \
        --chrome-flags="--headless --no-sandbox --disable-gpu" >/dev/null
}

if [ -z "${CPU_SLOWDOWN:-}" ]; then
    say "Measuring this machine's CPU (Lighthouse's benchmark index)"
    lighthouse "$BASE/" "$work/calibration.json" --only-audits=viewport
    CPU_SLOWDOWN=$("$PYTHON" -c 'import json, sys
index = json.load(open(sys.argv[1]))["environment"]["benchmarkIndex"]
print(f"{max(1.0, index / 264):.1f}")' "$work/calibration.json")
fi
say "Phone CPU slowdown: ${CPU_SLOWDOWN}×"

for entry in "${pages[@]}"; do
    label=${entry%%|*} path=${entry#*|}
    curl -fs -o /dev/null "$BASE$path" # cached before it is measured, as readers get it
    for form in mobile desktop; do
        options=(--throttling.cpuSlowdownMultiplier="$CPU_SLOWDOWN")
        [ "$form" = desktop ] && options=(--preset=desktop)
        for run in $(seq "$runs"); do
            say "Lighthouse: $label ($path), $form, run $run of $runs"
            lighthouse "$BASE$path" "$reports/$label-$form-$run.json" "${options[@]}"
        done
    done
done

"$PYTHON" - "$reports" "$min" <<'EOF'
import json
import statistics
import sys
from pathlib import Path

folder, minimum = Path(sys.argv[1]), int(sys.argv[2])
categories = ["performance", "accessibility", "best-practices", "seo"]
runs = {}
for path in sorted(folder.glob("*-*-*.json")):
    page, form, _ = path.stem.rsplit("-", 2)
    runs.setdefault((page, form), []).append(json.loads(path.read_text()))
print(f"| page | form factor | {' | '.join(categories)} |")
print("| --- | --- |" + " --- |" * len(categories))
low, costs = False, []
for (page, form), reports in sorted(runs.items(), key=lambda item: (item[0][0] != "article", item[0])):
    # The median run by performance (the only category that varies from run to run).
    reports.sort(key=lambda report: report["categories"]["performance"]["score"])
    report = reports[len(reports) // 2]
    scores = [round(report["categories"][name]["score"] * 100) for name in categories]
    low = low or min(scores) < minimum
    print(f"| {page} | {form} | {' | '.join(map(str, scores))} |")
    for name in categories:
        for ref in report["categories"][name]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 0.9:
                value = audit.get("displayValue", "")
                costs.append(f"{page} ({form}), {name}: {audit['title']} {value}".rstrip())
index = statistics.median(r["environment"]["benchmarkIndex"] for reports in runs.values() for r in reports)
print(f"\nBenchmark index of this machine: {index:.0f}")
if costs:
    print("\nAudits that cost points (median runs):")
    print("\n".join(f"- {cost}" for cost in costs))
sys.exit(1 if low else 0)
EOF
