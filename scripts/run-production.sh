#!/usr/bin/env bash
# Run the site as in production: collect the static files, apply the migrations, serve with gunicorn.
#
#   scripts/run-production.sh
#
# DEBUG is off unless the environment says otherwise, so SECRET_KEY and ALLOWED_HOSTS must be set
# (in the environment or in .env, like every other setting: see README and DEPLOYMENT.md).
#
#   WEB_CONCURRENCY   gunicorn worker processes (default: 2 × CPU cores + 1)
#   PORT              port to listen on (default 8000), on every interface unless BIND says otherwise
#   BIND              address:port to listen on (default 0.0.0.0:$PORT)
#   GUNICORN_TIMEOUT  seconds before a silent worker is restarted (default 30)
#   MIGRATE           0: do not apply migrations here (another app server does; default 1)
#   COLLECTSTATIC     0: the static files are collected already (e.g. in the image; default 1)
#   PYTHON            the interpreter (default: .venv/bin/python if there, else python3)
#
# Several workers, or several servers, need REDIS_URL for a page cache they all share; without it
# each worker caches its own pages (they still all see every change at once, on one machine).
set -euo pipefail

cd "$(dirname "$0")/.."

if [ -z "${PYTHON:-}" ]; then
    if [ -x .venv/bin/python ]; then PYTHON=.venv/bin/python; else PYTHON=python3; fi
fi
export DEBUG=${DEBUG:-false}
cores=$(nproc 2>/dev/null || echo 1)
workers=${WEB_CONCURRENCY:-$((cores * 2 + 1))}
bind=${BIND:-0.0.0.0:${PORT:-8000}}

say() { printf '==> %s\n' "$*" >&2; }

case $workers in
    '' | *[!0-9]* | 0) echo "run-production: WEB_CONCURRENCY must be a whole number of workers, not '$workers'" >&2; exit 2 ;;
esac

if [ "${COLLECTSTATIC:-1}" != 0 ]; then
    say "Collecting the static files"
    "$PYTHON" manage.py collectstatic --noinput --verbosity 0
fi
if [ "${MIGRATE:-1}" != 0 ]; then
    say "Applying the migrations"
    "$PYTHON" manage.py migrate --noinput --verbosity 1
fi

say "Serving on $bind with $workers gunicorn workers"
# The site logs each request itself (JSON lines on standard output): no gunicorn access log.
exec "$PYTHON" -m gunicorn relations_site.wsgi:application \
    --workers "$workers" \
    --bind "$bind" \
    --timeout "${GUNICORN_TIMEOUT:-30}" \
    --graceful-timeout 20 \
    --error-logfile -
