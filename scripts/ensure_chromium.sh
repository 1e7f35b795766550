#!/usr/bin/env bash
# Make a Chromium available for the end-to-end tests and print its path.
# Debian's package first (a test tool's own browser download fails on closed networks).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then echo /usr/bin/chromium; exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq chromium >&2
  echo /usr/bin/chromium; exit 0
fi
# Not root: fall back to Playwright's own Chromium build.
"$(dirname "$0")/../.venv/bin/python" -m playwright install chromium >&2
echo playwright
