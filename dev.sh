#!/usr/bin/env bash
# Build the project's environment when needed, then serve the site or run the tests.
#
#   ./dev.sh serve          migrate, import the seed article, serve http://127.0.0.1:8000/
#   ./dev.sh test [ARGS]    lint, install the browser tests' npm packages and selenium if missing,
#                           then run the whole test suite; ARGS go to pytest (e.g. -k admin)
#   ./dev.sh lint           ruff's lint and format checks (ruff.toml), as the tests run them
#   ./dev.sh format         let ruff fix what it can and format the code
#   ./dev.sh setup          only build the environment (.venv with the test requirements)
#
# Needs Python 3.11+ (set PYTHON=/path/to/python3 to choose one). Every step stops the script
# with a message when it fails. Re-running is quick: the requirements are installed again only
# when a requirements file changed since the last install.
set -euo pipefail

cd "$(dirname "$0")"

VENV=.venv
SEED=articles/sources/russia-south-korea-relations.txt
# Where the seed's text comes from: the English Wikipedia article, under Wikipedia's text licence;
# the capture was added to the project on the date given (its own capture date is not recorded).
SEED_SOURCE_URL="https://en.wikipedia.org/wiki/Russia%E2%80%93South_Korea_relations"
SEED_LICENCE="CC BY-SA 3.0"
SEED_RETRIEVED=2026-11-27
ADDRESS=127.0.0.1:${PORT:-8000}

say() { printf '==> %s\n' "$*"; }
fail() {
    printf 'dev.sh: %s\n' "$*" >&2
    exit 1
}
# Run a step, naming it first and stopping the script with its name when it fails.
step() {
    local name=$1
    shift
    say "$name"
    "$@" || fail "failed: $name (command: $*)"
}
is_recent_python() { "$1" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; }

find_python() {
    local candidate
    for candidate in ${PYTHON:-} python3 python3.14 python3.13 python3.12 python3.11; do
        if command -v "$candidate" >/dev/null 2>&1 && is_recent_python "$candidate"; then
            echo "$candidate"
            return
        fi
    done
    fail "Python 3.11 or newer is needed: install it, or name it with PYTHON=/path/to/python3"
}

# Create the virtual environment if it is missing or unusable, and install the requirements
# unless the same requirements files were installed already (a checksum of them is kept in it).
build_env() {
    local requirements=$1 python
    if ! is_recent_python "$VENV/bin/python"; then
        python=$(find_python)
        # A venv left by an older or removed Python cannot be repaired in place.
        rm -rf "$VENV"
        step "Creating $VENV with $("$python" --version)" "$python" -m venv "$VENV"
    fi
    local wanted
    wanted=$(cat requirements.txt requirements-dev.txt | cksum)
    installed() { [ "$(cat "$VENV/.installed-$1" 2>/dev/null)" = "$wanted" ]; }
    # The test requirements include the site's, so either install serves the site.
    if installed "$requirements" || { [ "$requirements" = requirements.txt ] && installed requirements-dev.txt; }; then
        return
    fi
    step "Installing $requirements" \
        "$VENV/bin/python" -m pip install --disable-pip-version-check --quiet -r "$requirements"
    echo "$wanted" >"$VENV/.installed-$requirements"
}

manage() { "$VENV/bin/python" manage.py "$@"; }

serve() {
    build_env requirements.txt
    step "Applying the database migrations" manage migrate --noinput
    step "Importing the seed article ($SEED)" manage import_article "$SEED" \
        --source-url "$SEED_SOURCE_URL" --licence "$SEED_LICENCE" --retrieved "$SEED_RETRIEVED"
    cat <<EOF

The site:  http://$ADDRESS/
The admin: http://$ADDRESS/admin/
To create the first editor account, run this in another terminal, in $PWD:
    $VENV/bin/python manage.py createsuperuser
Stop the server with Ctrl+C.

EOF
    exec "$VENV/bin/python" manage.py runserver "$ADDRESS"
}

lint() {
    build_env requirements-dev.txt
    step "Linting (ruff check)" "$VENV/bin/ruff" check --quiet .
    step "Checking the formatting (ruff format --check; ./dev.sh format fixes it)" "$VENV/bin/ruff" format --check --quiet .
}

# What the browser tests need that installs without root, into the project: the npm packages
# (node_modules/) and selenium (.venv). Chromium, ChromeDriver and Java are system packages, which
# `bash .ci/browser-setup.sh` installs as root. Whatever is still missing, the browser tests skip,
# and the run's last line says which and how to get them.
browser_tools() {
    say "Installing the browser tests' tools that need no root (npm packages, selenium)"
    bash .ci/browser-setup.sh --no-system || say "browser tools not installed (above): the browser tests will be skipped"
}

run_tests() {
    lint
    browser_tools
    step "Checking that the migrations match the models" manage makemigrations --check --dry-run
    say "Running the test suite"
    exec "$VENV/bin/python" -m pytest "$@"
}

command=${1:-}
[ $# -gt 0 ] && shift
case $command in
    serve) serve ;;
    test) run_tests "$@" ;;
    setup) build_env requirements-dev.txt ;;
    lint) lint ;;
    format) build_env requirements-dev.txt && "$VENV/bin/ruff" check --fix --quiet . && "$VENV/bin/ruff" format --quiet . ;;
    *)
        sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
        [ -z "$command" ] || fail "unknown command: $command"
        ;;
esac
