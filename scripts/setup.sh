#!/usr/bin/env bash
# Installs what the cockpit needs into .venv (idempotent; re-installs only when requirements.txt changes).
# Sourced by run.sh and test.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
stamp=.venv/.requirements.sha256
if ! sha256sum --status -c "$stamp" 2>/dev/null; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -r requirements.txt
  sha256sum requirements.txt > "$stamp"
fi

# The map's browser assets (Leaflet) come from the npm registry into static/node_modules, served at /app/static/.
static_stamp=static/node_modules/.package-lock.sha256
if ! sha256sum --status -c "$static_stamp" 2>/dev/null; then
  if ! command -v npm >/dev/null; then
    echo "setup: npm is missing; it installs the map's Leaflet files (static/package-lock.json)." >&2
    echo "setup: install Node.js and npm (e.g. apt-get install npm), then run this again." >&2
    exit 1
  fi
  npm ci --prefix static --no-audit --no-fund --loglevel=error
  sha256sum static/package-lock.json > "$static_stamp"
fi

# The PDF meeting brief embeds a CJK font (ui/brief.py looks for these two Debian packages' files).
if [ ! -e /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] && [ ! -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]; then
  echo "setup: installing a CJK font (fonts-noto-cjk) for the PDF meeting brief ..."
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q fonts-noto-cjk
fi

# Emoji in the PDF brief (optional: without the font an emoji shows as □).
if [ ! -e /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ]; then
  echo "setup: installing an emoji font (fonts-noto-color-emoji) for the PDF meeting brief ..."
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q fonts-noto-color-emoji \
    || echo "setup: fonts-noto-color-emoji could not be installed; the PDF brief shows emoji as □." >&2
fi
