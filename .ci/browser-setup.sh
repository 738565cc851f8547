#!/usr/bin/env bash
# Installs what tests/test_browser.py needs: Debian's Chromium and ChromeDriver, a Java runtime
# (for the Nu Html Checker), the npm devDependencies (axe-core, vnu-jar) from package-lock.json,
# and selenium (requirements-browser.txt) into the repository's .venv.
#
# Idempotent: each step is skipped when what it installs is already there, so a second run takes
# about a second. Runs as root in CI; locally without root it installs what it can and says what
# is missing (the browser tests then skip with that reason; in CI, where CI=true, they fail).
#
#   bash .ci/browser-setup.sh               everything (the Debian packages need root)
#   bash .ci/browser-setup.sh --no-system   only what installs into the project (npm, selenium):
#                                           what ./dev.sh test runs first
set -euo pipefail

system=yes
[ "${1:-}" = --no-system ] && system=no

cd "$(dirname "$0")/.."
ROOT=$PWD
say() { printf 'browser-setup: %s\n' "$*"; }

# --- Debian packages ------------------------------------------------------------------------
apt_packages=()
[ -x /usr/bin/chromium ] || apt_packages+=(chromium)
[ -x /usr/bin/chromedriver ] || apt_packages+=(chromium-driver)
command -v java >/dev/null 2>&1 || apt_packages+=(default-jre-headless)
if [ ${#apt_packages[@]} -gt 0 ] && [ "$system" = yes ]; then
    if [ "$(id -u)" -eq 0 ]; then
        say "apt-get install ${apt_packages[*]}"
        export DEBIAN_FRONTEND=noninteractive
        # Wait for another apt/dpkg run (e.g. one started at boot) instead of failing on its lock.
        apt_opts=(-o DPkg::Lock::Timeout=900 -o Acquire::Retries=3)
        apt-get "${apt_opts[@]}" update -qq
        apt-get "${apt_opts[@]}" install -y -qq --no-install-recommends "${apt_packages[@]}" >/dev/null
    else
        say "not root: cannot install ${apt_packages[*]} (run: sudo apt-get install ${apt_packages[*]})"
    fi
fi

# --- npm devDependencies (axe-core, vnu-jar) ------------------------------------------------
# npm ci wipes and reinstalls node_modules, so it only runs when package-lock.json changed since
# the last install. --ignore-scripts: vnu-jar's postinstall would fetch a Java runtime; the jar
# itself ships in the package and Debian's Java runs it.
if ! command -v npm >/dev/null 2>&1; then
    say "npm not found: install Node.js and npm (Debian packages nodejs, npm), then run this again"
    exit 1
fi
stamp=node_modules/.browser-setup-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f node_modules/axe-core/axe.min.js ] && [ -f node_modules/vnu-jar/build/dist/vnu.jar ] \
        && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
    :
else
    say "npm ci"
    npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
    echo "$want" >"$stamp"
fi

# --- Python: selenium into the repository's venv ---------------------------------------------
if [ ! -x .venv/bin/pip ]; then
    say "no .venv in $ROOT: create it first (python3 -m venv .venv && .venv/bin/pip install -r requirements-dev.txt)"
    exit 1
fi
if ! .venv/bin/python - <<'PY' 2>/dev/null
import sys
from importlib.metadata import version, PackageNotFoundError
pins = [line.split("#")[0].strip() for line in open("requirements-browser.txt")]
for pin in filter(None, pins):
    name, wanted = pin.split("==")
    try:
        if version(name) != wanted:
            sys.exit(1)
    except PackageNotFoundError:
        sys.exit(1)
PY
then
    say "pip install -r requirements-browser.txt"
    .venv/bin/pip install -q --disable-pip-version-check -r requirements-browser.txt
fi

# --- Report ---------------------------------------------------------------------------------
missing=()
[ -x /usr/bin/chromium ] || missing+=(/usr/bin/chromium)
[ -x /usr/bin/chromedriver ] || missing+=(/usr/bin/chromedriver)
command -v java >/dev/null 2>&1 || missing+=(java)
if [ ${#missing[@]} -gt 0 ]; then
    say "still missing: ${missing[*]} (system packages: bash .ci/browser-setup.sh as root installs them)"
    [ "${CI:-}" = "true" ] && exit 1
    exit 0
fi
say "ready ($(/usr/bin/chromedriver --version 2>/dev/null | cut -d' ' -f1-2), axe-core $(node -p 'require("./node_modules/axe-core/package.json").version'))"
