#!/usr/bin/env bash
# Runs every test: schema and queries on SQLite, PostgreSQL and MariaDB (skipped with a reason when a server is
# not running, except under CI), the demo-data generator, and the browser tests in Debian's chromium.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup.sh

if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Debian's chromium and CJK fonts for the browser tests ..."
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-noto-cjk
fi
if [ ! -x /usr/sbin/nginx ]; then
  echo "Installing Debian's nginx for the test of several app processes behind it ..."
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx
fi
if ! command -v pdftotext >/dev/null; then
  echo "Installing Debian's poppler-utils (pdftotext) for the PDF brief's test ..."
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q poppler-utils
fi
if ! command -v soffice >/dev/null; then
  echo "Installing Debian's libreoffice-calc-nogui (soffice) to open the exports in a test ..."
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q libreoffice-calc-nogui
fi

# The sign-in tests' OpenID Connect provider (the npm package oidc-provider) comes from the npm registry.
oidc_stamp=tests/oidc/node_modules/.package-lock.sha256
if ! sha256sum --status -c "$oidc_stamp" 2>/dev/null; then
  npm ci --prefix tests/oidc --no-audit --no-fund --loglevel=error
  sha256sum tests/oidc/package-lock.json > "$oidc_stamp"
fi

status=0
.venv/bin/python -m pytest "$@" || status=$?
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: that is a failure, not a pass." >&2
  exit 1
fi
exit "$status"
