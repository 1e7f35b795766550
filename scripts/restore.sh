#!/usr/bin/env bash
# Restore a backup folder made by scripts/backup.sh into REFLEX_DB_URL and the uploads folder, then apply the
# migrations (a backup of an older release is brought up to this code's schema).
#   scripts/restore.sh backups/maison-lumen-20261201T020000000000Z            # into an empty database
#   scripts/restore.sh --replace backups/maison-lumen-20261201T020000000000Z  # over the current data
# Stop every shop worker and the mail sender first: a restore under a running shop mixes old and new rows.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"
replace=()
if [ "${1:-}" = "--replace" ]; then replace=(--replace); shift; fi
if [ $# -ne 1 ]; then echo "usage: scripts/restore.sh [--replace] BACKUP_FOLDER" >&2; exit 2; fi
"$PY" -m shop.backups restore "${replace[@]}" "$1"
"$PY" -m shop.cli migrate
"$PY" -m shop.backups verify "$1" || echo "(the counts differ after the migrations: read the lines above)" >&2
