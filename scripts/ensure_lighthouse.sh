#!/usr/bin/env bash
# Make Lighthouse 12.2.3 available and print the path of its CLI.
# Pinned: Lighthouse 13 needs Node 22 and this machine has Node 20. It gets its own folder under
# .tools so that installing it never rewrites the node_modules that bun (scripts/ensure_bun.sh) runs from.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
wanted="12.2.3"
prefix="$here/.tools/lighthouse"
cli="$prefix/node_modules/lighthouse/cli/index.js"

installed_version() {
  node -p "require('$prefix/node_modules/lighthouse/package.json').version" 2>/dev/null || true
}

if [ -f "$cli" ] && [ "$(installed_version)" = "$wanted" ]; then
  echo "$cli"; exit 0
fi
command -v npm >/dev/null 2>&1 || { echo "npm is needed to install lighthouse" >&2; exit 1; }
mkdir -p "$prefix"
npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error --save-exact "lighthouse@$wanted" >&2
[ "$(installed_version)" = "$wanted" ] || { echo "lighthouse $wanted did not install" >&2; exit 1; }
echo "$cli"
