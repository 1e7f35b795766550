#!/usr/bin/env bash
# Make bun >= 1.4.4 available and print the folder that holds it.
# Reflex's own bun download needs a site that closed networks cannot reach; the npm package works.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
wanted="1.4.4"
tools="$here/.tools"

version_ok() {  # true when $1 >= $wanted
  [ "$(printf '%s\n%s\n' "$wanted" "$1" | sort -V | head -n1)" = "$wanted" ]
}

if [ -x "$tools/node_modules/.bin/bun" ] && version_ok "$("$tools/node_modules/.bin/bun" --version)"; then
  echo "$tools/node_modules/.bin"; exit 0
fi
if command -v bun >/dev/null 2>&1 && version_ok "$(bun --version)"; then
  dirname "$(command -v bun)"; exit 0
fi
command -v npm >/dev/null 2>&1 || { echo "npm is needed to install bun" >&2; exit 1; }
mkdir -p "$tools"
npm install --prefix "$tools" --no-audit --no-fund --loglevel=error "bun@$wanted" >&2
"$tools/node_modules/.bin/bun" --version >/dev/null
echo "$tools/node_modules/.bin"
