#!/usr/bin/env bash
# The restore drill: seed a database and an uploaded file, back them up with scripts/backup.sh, restore them
# with scripts/restore.sh into a fresh database and uploads folder (which also applies the migrations), then
# check every table's row count against the backup's manifest, the uploaded file, and a customer's sign-in
# (a customer the drill creates in the source database before the backup).
# SQLite in a temporary folder by default. On PostgreSQL, name two databases, the target empty:
#   DRILL_SOURCE_URL=postgresql+psycopg://shop@127.0.0.1/drill_source \
#   DRILL_TARGET_URL=postgresql+psycopg://shop@127.0.0.1/drill_target scripts/restore_drill.sh
# tests/test_restore_drill.py runs it on SQLite, and on PostgreSQL when both variables are set.
set -euo pipefail
cd "$(dirname "$0")/.."
export PYTHON="${PYTHON:-$PWD/.venv/bin/python}"
started=$(date +%s)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source_url="${DRILL_SOURCE_URL:-sqlite:///$work/source.db}"
target_url="${DRILL_TARGET_URL:-sqlite:///$work/restored.db}"
# Never a real mail provider: the drill's emails stay in its own outbox. Its customer is new on every run
# (a PostgreSQL source database may be used again), with a throwaway password.
export STORE_ENV=test
unset RESEND_API_KEY
export DRILL_EMAIL="drill-$(date +%s)-$RANDOM@example.com" DRILL_PASSWORD="drill-$RANDOM-$RANDOM-$RANDOM"

echo "1/5 seeding $source_url"
export REFLEX_DB_URL="$source_url" REFLEX_UPLOADED_FILES_DIR="$work/uploads-source"
"$PYTHON" -m shop.cli migrate >/dev/null
"$PYTHON" -m shop.cli seed --if-empty >/dev/null
"$PYTHON" -m shop.cli fixtures customer --email "$DRILL_EMAIL" --password "$DRILL_PASSWORD" --addresses 1 >/dev/null
mkdir -p "$REFLEX_UPLOADED_FILES_DIR"
cp assets/favicon.svg "$REFLEX_UPLOADED_FILES_DIR/drill-image.svg"

echo "2/5 backing up"
folder=$(scripts/backup.sh "$work/backups")

echo "3/5 restoring into $target_url"
export REFLEX_DB_URL="$target_url" REFLEX_UPLOADED_FILES_DIR="$work/uploads-restored"
scripts/restore.sh "$folder" >/dev/null

echo "4/5 checking row counts and files"
"$PYTHON" -m shop.backups verify "$folder"
cmp "$work/uploads-source/drill-image.svg" "$work/uploads-restored/drill-image.svg"

echo "5/5 signing in as the drill's customer"
"$PYTHON" - <<'PY'
import os
import sys

from shop.db import session_scope
from shop.identity.signin import SignInStatus, sign_in_with_password

with session_scope() as db:
    wrong = sign_in_with_password(db, os.environ["DRILL_EMAIL"], "not-the-password")
    right = sign_in_with_password(db, os.environ["DRILL_EMAIL"], os.environ["DRILL_PASSWORD"])
if wrong.status != SignInStatus.INVALID or right.status != SignInStatus.OK or not right.session_token:
    sys.exit(f"sign-in on the restored database: wrong password {wrong.status}, right password {right.status}")
PY
echo "Restore drill passed in $(( $(date +%s) - started )) s: $(basename "$folder")"
