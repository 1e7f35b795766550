#!/usr/bin/env bash
# Back up the shop: `scripts/backup.sh [DIR]` (default: backups/) writes DIR/maison-lumen-<UTC time>/ with the
# database (SQLite's online backup, or pg_dump --format=custom), the uploaded files and a manifest, and prints
# the folder. Safe while the shop runs. Reads the same settings as the shop (REFLEX_DB_URL,
# REFLEX_UPLOADED_FILES_DIR). SECRET_KEY is not in it: keep the key apart (see README, "Backups and restores").
set -euo pipefail
cd "$(dirname "$0")/.."
umask 077
exec "${PYTHON:-.venv/bin/python}" -m shop.backups backup "${1:-backups}"
