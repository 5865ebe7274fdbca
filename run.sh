#!/usr/bin/env bash
# Sets up, builds the demo database if none is configured or present, and starts the cockpit.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup.sh

if [ -z "${DATABASE_URL:-}" ] && [ ! -f cockpit.db ]; then
  echo "Building the demo database (cockpit.db) ..."
  .venv/bin/python -m seed
fi
exec .venv/bin/streamlit run app.py --server.headless true --browser.gatherUsageStats false "$@"
