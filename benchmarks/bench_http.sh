#!/usr/bin/env bash
# Throughput under gunicorn (2 workers) with wrk on 127.0.0.1: the article page, a filtered timeline
# page and a search, cold and cached, each as a ratio to a static file served by the same server in
# the same run.
#
#   benchmarks/bench_http.sh [--scale 100] [--backend sqlite|postgres] [--duration 5] [--connections 16]
#
# Builds a database at the scale (the seed and N − 1 generated articles; bench_pages.py prepare),
# then starts the site three times with scripts/run-production.sh, WEB_CONCURRENCY=2:
#
#   cold          PAGE_CACHE_SECONDS=0: every request renders its page
#   cached-local  the page cache in each worker's memory (the default without REDIS_URL)
#   cached-redis  the page cache in Redis (REDIS_URL=redis://127.0.0.1:6379/14, emptied first)
#
# Each wrk run lasts --duration seconds (at most 10) and is ended by `timeout` should it hang; every
# server is stopped when its runs end, and the database and files made for the run are removed on
# exit. Needs wrk (apt-get install wrk); cached-redis needs a Redis on 127.0.0.1:6379 (else skipped).
set -euo pipefail

cd "$(dirname "$0")/.."

scale=100
backend=sqlite
duration=5
connections=16
while [ $# -gt 0 ]; do
    case $1 in
        --scale) scale=$2; shift 2 ;;
        --backend) backend=$2; shift 2 ;;
        --duration) duration=$2; shift 2 ;;
        --connections) connections=$2; shift 2 ;;
        *) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
    esac
done
[ "$duration" -ge 1 ] && [ "$duration" -le 10 ] || { echo "bench_http: --duration must be 1 to 10 seconds" >&2; exit 2; }
command -v wrk >/dev/null || { echo "bench_http: wrk is needed (apt-get install wrk)" >&2; exit 2; }

PYTHON=${PYTHON:-.venv/bin/python}
PORT=${PORT:-8811}
BASE=http://127.0.0.1:$PORT
PG_DATABASE=relations_http_bench
REDIS_BENCH_URL=redis://127.0.0.1:6379/14
work=$(mktemp -d "${TMPDIR:-/tmp}/relations-http-XXXXXX")
server_pid=

say() { printf '==> %s\n' "$*" >&2; }
psql_admin() { PGOPTIONS=--client-min-messages=warning psql -h 127.0.0.1 -U postgres -d postgres -qc "$1" >/dev/null; }

stop_server() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill "$server_pid"
        for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.2; done
        kill -9 "$server_pid" 2>/dev/null || true
    fi
    server_pid=
}
cleanup() {
    stop_server
    [ "$backend" = postgres ] && psql_admin "DROP DATABASE IF EXISTS $PG_DATABASE" || true
    rm -rf "$work"
}
trap cleanup EXIT

case $backend in
    sqlite) database_url=sqlite:///$work/site.sqlite3 ;;
    postgres)
        psql_admin "DROP DATABASE IF EXISTS $PG_DATABASE"
        psql_admin "CREATE DATABASE $PG_DATABASE"
        database_url=postgres://postgres@127.0.0.1:5432/$PG_DATABASE
        ;;
    *) echo "bench_http: --backend is sqlite or postgres" >&2; exit 2 ;;
esac

say "Building the $backend database at ${scale}× (the seed and $((scale - 1)) generated articles)"
"$PYTHON" benchmarks/bench_pages.py prepare --scale "$scale" --database-url "$database_url" \
    --static-root "$work/static" >&2

start_server() { # MODE: starts the site and waits until /healthz answers
    local mode=$1 page_cache=3600 redis=
    case $mode in
        cold) page_cache=0 ;;
        cached-redis) redis=$REDIS_BENCH_URL ;;
    esac
    env DEBUG=false SECRET_KEY=benchmark-only ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=false \
        SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false SECURE_HSTS_SECONDS=0 \
        DATABASE_URL="$database_url" CONN_MAX_AGE=60 STATIC_ROOT="$work/static" \
        LOCAL_CACHE_DIR="$work/cache" PAGE_CACHE_SECONDS=$page_cache REDIS_URL=$redis LOG_LEVEL=WARNING \
        WEB_CONCURRENCY=2 BIND=127.0.0.1:$PORT MIGRATE=0 COLLECTSTATIC=0 PYTHON="$PYTHON" \
        scripts/run-production.sh >"$work/server-$mode.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 100); do
        curl -fs -o /dev/null "$BASE/healthz" && return 0
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.2
    done
    echo "bench_http: the $mode server did not start:" >&2
    tail -20 "$work/server-$mode.log" >&2
    exit 1
}

# wrk URL [HEADER]: prints "requests/s p50_ms p99_ms non-2xx/3xx"
run_wrk() {
    local url=$1 output
    shift
    output=$(timeout $((duration + 10)) wrk -t2 -c"$connections" -d"${duration}s" --timeout 5s --latency "$@" "$url")
    awk '
        function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
        /Requests\/sec:/ { rps = $2 }
        /^ +50%/ { p50 = ms($2) }
        /^ +99%/ { p99 = ms($2) }
        /Non-2xx or 3xx responses:/ { bad = $5 }
        END { printf "%.0f %.2f %.2f %d\n", rps, p50, p99, bad }
    ' <<<"$output"
}

results=$work/results.tsv
: >"$results"
for mode in cold cached-local cached-redis; do
    if [ "$mode" = cached-redis ]; then
        if ! redis-cli -u "$REDIS_BENCH_URL" flushdb >/dev/null 2>&1; then
            say "No Redis on 127.0.0.1:6379: cached-redis skipped"
            continue
        fi
    fi
    say "Serving the site ($mode)"
    start_server "$mode"
    home=$(curl -fs "$BASE/")
    static=$(grep -o '/static/css/site\.[0-9a-f]*\.css' <<<"$home" | head -n 1)
    [ -n "$static" ] || { echo "bench_http: no hashed stylesheet in the home page" >&2; exit 1; }
    pages=(
        "static file|$static"
        "article|/articles/russia-south-korea-relations/"
        "timeline, period and topic|/events/?period=russian-federation&topic=diplomacy&ordering=newest"
        "search|/search/?q=president+visit"
    )
    for entry in "${pages[@]}"; do
        label=${entry%%|*} path=${entry#*|}
        for _ in 1 2 3 4; do curl -fs -o /dev/null "$BASE$path"; done # each worker renders and caches it
        say "wrk $mode: $label ($path), ${duration} s"
        printf '%s\t%s\t%s\n' "$mode" "$label" "$(run_wrk "$BASE$path")" >>"$results"
    done
    if [ "$mode" != cold ]; then
        etag=$(curl -fsI "$BASE/articles/russia-south-korea-relations/" | tr -d '\r' | awk -F': ' 'tolower($1) == "etag" { print $2 }')
        say "wrk $mode: article revalidated (If-None-Match, 304)"
        printf '%s\t%s\t%s\n' "$mode" "article, 304 Not Modified" \
            "$(run_wrk "$BASE/articles/russia-south-korea-relations/" -H "If-None-Match: $etag")" >>"$results"
    fi
    stop_server
done

printf '\n%s CPUs; %s at %s×; gunicorn 2 workers; wrk -t2 -c%s -d%ss on 127.0.0.1; load average %s\n\n' \
    "$(nproc)" "$backend" "$scale" "$connections" "$duration" "$(cut -d ' ' -f 1-3 /proc/loadavg)"
echo "| server | page | requests/s | ratio to the static file | p50 ms | p99 ms | errors |"
echo "|---|---|---:|---:|---:|---:|---:|"
awk -F'\t' '
    { split($3, m, " "); rps[NR] = m[1]; row[NR] = $0; mode[NR] = $1; label[NR] = $2
      p50[NR] = m[2]; p99[NR] = m[3]; bad[NR] = m[4]; if ($2 == "static file") base[$1] = m[1] }
    END { for (i = 1; i <= NR; i++)
        printf "| %s | %s | %d | %.2f | %.2f | %.2f | %d |\n", mode[i], label[i], rps[i],
            base[mode[i]] ? rps[i] / base[mode[i]] : 0, p50[i], p99[i], bad[i] }
' "$results"
