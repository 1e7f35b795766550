#!/usr/bin/env bash
# Make nginx available for the reverse-proxy tests (tests/test_deploy.py, tests/e2e/test_proxy.py) and print its path.
# Debian's package, like Chromium; the tests run it on their own ports and files, never as a system service.
set -euo pipefail
for candidate in "$(command -v nginx || true)" /usr/sbin/nginx; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then echo "$candidate"; exit 0; fi
done
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  # The tests never use the system service the package may start (port 80): they run their own nginx.
  apt-get install -y -qq -o DPkg::Lock::Timeout=600 nginx >&2
  echo /usr/sbin/nginx; exit 0
fi
echo "nginx is missing: install Debian's nginx package (apt-get install nginx); the proxy tests skip without it" >&2
exit 0
