"""Backups and restores of what the shop keeps: its database and the uploaded product images.

`python -m shop.backups backup DIR` writes one folder, `maison-lumen-<UTC time>/`, holding:
- `shop.sqlite` (SQLite's online backup API: a consistent copy while the shop runs and writes) or
  `shop.dump` (PostgreSQL: `pg_dump --format=custom`, one consistent snapshot);
- `uploaded_files.tar.gz`, the folder Reflex serves under /_upload (REFLEX_UPLOADED_FILES_DIR);
- `manifest.json`: the time, the database kind, the Alembic revision, every table's row count and each
  file's SHA-256.
`restore FOLDER` checks the SHA-256s and writes the database and the files back to the configured places;
`verify FOLDER` compares a database's row counts with the manifest (the restore drill uses it).
scripts/backup.sh, scripts/restore.sh and scripts/restore_drill.sh call this module.
SECRET_KEY is not in a backup: keep it apart (merchants' two-factor secrets are encrypted with it).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url

from shop.config import PROJECT_ROOT, get_settings

MANIFEST = "manifest.json"
SQLITE_FILE = "shop.sqlite"
POSTGRES_FILE = "shop.dump"
UPLOADS_FILE = "uploaded_files.tar.gz"


class BackupError(RuntimeError):
    """Something an operator must fix; the message says what."""


def uploads_dir() -> Path:
    """Where Reflex keeps uploaded files: REFLEX_UPLOADED_FILES_DIR, else `uploaded_files/` in the project."""
    configured = os.environ.get("REFLEX_UPLOADED_FILES_DIR", "").strip()
    folder = Path(configured) if configured else Path("uploaded_files")
    return folder if folder.is_absolute() else PROJECT_ROOT / folder


def database_kind(url: URL) -> str:
    backend = url.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise BackupError(f"backups handle SQLite and PostgreSQL, not {backend}")
    return backend


def sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up")
    path = Path(url.database)
    return path if path.is_absolute() else PROJECT_ROOT / path  # the shop runs from the project folder


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """A libpq connection string for pg_dump/pg_restore, the password in the environment (never in `ps`)."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = URL.create("postgresql", username=url.username, host=url.host, port=url.port, database=url.database,
                       query=url.query)
    return plain.render_as_string(hide_password=False), env


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _counts_and_revision(connection: sa.Connection) -> tuple[dict[str, int], str | None]:
    """Every table's number of rows (Alembic's own table left out) and the schema's Alembic revision."""
    tables = sorted(sa.inspect(connection).get_table_names())
    counts = {table: connection.execute(sa.select(sa.func.count()).select_from(sa.table(table))).scalar_one()
              for table in tables if table != "alembic_version"}
    revision = (connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
                if "alembic_version" in tables else None)
    return counts, revision


def row_counts(db_url: str) -> dict[str, int]:
    engine = sa.create_engine(db_url)
    try:
        with engine.connect() as connection:
            return _counts_and_revision(connection)[0]
    finally:
        engine.dispose()


def _backup_sqlite(path: Path, target: Path) -> tuple[dict[str, int], str | None]:
    """Copy with SQLite's backup API; the counts are read from the copy, so they describe exactly it."""
    if not path.exists():
        raise BackupError(f"no database at {path}")
    source = sqlite3.connect(path, timeout=30)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # page by page, restarted if the shop writes meanwhile: always one consistent state
    finally:
        copy.close()
        source.close()
    engine = sa.create_engine(f"sqlite:///{target}")
    try:
        with engine.connect() as connection:
            counts = _counts_and_revision(connection)
    finally:
        engine.dispose()
    copy = sqlite3.connect(target)
    try:
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        if copy.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError("the copy failed SQLite's integrity check")
    finally:
        copy.close()
    return counts


def _backup_postgres(url: URL, target: Path) -> tuple[dict[str, int], str | None]:
    """pg_dump of the snapshot the counts are read in: the manifest describes exactly the dump."""
    dsn, env = _libpq(url)
    engine = sa.create_engine(url)
    try:
        with engine.connect().execution_options(isolation_level="REPEATABLE READ") as connection:
            with connection.begin():
                snapshot = connection.execute(sa.text("SELECT pg_export_snapshot()")).scalar_one()
                counts = _counts_and_revision(connection)
                # The exported snapshot lives as long as this transaction: pg_dump runs inside it.
                subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                                f"--snapshot={snapshot}", f"--file={target}", dsn], env=env, check=True)
    finally:
        engine.dispose()
    return counts


def backup(destination: Path, db_url: str | None = None) -> Path:
    """Write one backup folder under `destination`; returns it."""
    db_url = db_url or get_settings().db_url
    url = make_url(db_url)
    kind = database_kind(url)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    destination.mkdir(parents=True, exist_ok=True)
    folder = destination / f"maison-lumen-{stamp}"
    folder.mkdir(mode=0o700)  # customers' data: readable by the shop's user only
    if kind == "sqlite":
        database_file = SQLITE_FILE
        counts, revision = _backup_sqlite(sqlite_path(url), folder / database_file)
    else:
        database_file = POSTGRES_FILE
        counts, revision = _backup_postgres(url, folder / database_file)
    uploads = uploads_dir()
    with tarfile.open(folder / UPLOADS_FILE, "w:gz") as archive:
        if uploads.is_dir():
            archive.add(uploads, arcname="uploaded_files")
    manifest = {
        "created_at": datetime.now(UTC).isoformat(),
        "database": kind,
        "schema_revision": revision,
        "row_counts": counts,
        "files": {name: _sha256(folder / name) for name in (database_file, UPLOADS_FILE)},
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return folder


def read_manifest(folder: Path) -> dict:
    path = folder / MANIFEST
    if not path.exists():
        raise BackupError(f"{folder} is not a backup folder (no {MANIFEST})")
    manifest = json.loads(path.read_text())
    for name, expected in manifest["files"].items():
        if not (folder / name).exists() or _sha256(folder / name) != expected:
            raise BackupError(f"{name} is missing or damaged (its SHA-256 differs from the manifest)")
    return manifest


def _restore_sqlite(source: Path, path: Path, *, replace: bool) -> None:
    if path.exists() and not replace:
        raise BackupError(f"{path} exists: stop the shop and pass --replace to overwrite it")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.restore-")
    os.close(fd)
    shutil.copyfile(source, temporary)
    # A -wal or -shm left beside the old file would be replayed into the restored one: they go first.
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    os.replace(temporary, path)


def _restore_postgres(source: Path, url: URL, *, replace: bool) -> None:
    dsn, env = _libpq(url)
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            holds_tables = bool(sa.inspect(connection).get_table_names())
    finally:
        engine.dispose()
    if holds_tables and not replace:
        raise BackupError("the target database holds tables: stop the shop and pass --replace to overwrite them")
    command = ["pg_restore", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error",
               f"--dbname={dsn}", str(source)]
    if holds_tables:
        command[1:1] = ["--clean", "--if-exists"]
    subprocess.run(command, env=env, check=True)


def _restore_uploads(archive_path: Path, *, replace: bool) -> None:
    target = uploads_dir()
    if target.exists() and any(target.iterdir()) and not replace:
        raise BackupError(f"{target} holds files: pass --replace to overwrite them")
    staging = Path(tempfile.mkdtemp(dir=target.parent if target.parent.exists() else None, prefix=".uploads-"))
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            archive.extractall(staging, filter="data")  # no absolute paths, links out or devices
        restored = staging / "uploaded_files"
        restored.mkdir(exist_ok=True)
        if target.exists():
            shutil.rmtree(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(restored), target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def restore(folder: Path, db_url: str | None = None, *, replace: bool = False) -> dict:
    """Write the backup in `folder` to the configured database and uploads folder; returns its manifest."""
    db_url = db_url or get_settings().db_url
    url = make_url(db_url)
    kind = database_kind(url)
    manifest = read_manifest(folder)
    if manifest["database"] != kind:
        raise BackupError(f"the backup holds a {manifest['database']} database, the target is {kind}")
    if kind == "sqlite":
        _restore_sqlite(folder / SQLITE_FILE, sqlite_path(url), replace=replace)
    else:
        _restore_postgres(folder / POSTGRES_FILE, url, replace=replace)
    _restore_uploads(folder / UPLOADS_FILE, replace=replace)
    return manifest


def compare_counts(folder: Path, db_url: str | None = None) -> list[str]:
    """Tables whose row count differs from the backup's manifest ("order: 12 in the backup, 11 now")."""
    expected = read_manifest(folder)["row_counts"]
    found = row_counts(db_url or get_settings().db_url)
    return [f"{table}: {count} in the backup, {found.get(table, 'no table')} now"
            for table, count in sorted(expected.items()) if found.get(table) != count]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shop.backups", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("backup", help="write a backup folder under DIR")
    make.add_argument("directory", type=Path)
    put_back = commands.add_parser("restore", help="restore a backup folder to REFLEX_DB_URL and the uploads folder")
    put_back.add_argument("folder", type=Path)
    put_back.add_argument("--replace", action="store_true", help="overwrite an existing database and files")
    check = commands.add_parser("verify", help="compare REFLEX_DB_URL's row counts with a backup's manifest")
    check.add_argument("folder", type=Path)
    args = parser.parse_args(argv)
    try:
        if args.command == "backup":
            folder = backup(args.directory)
            print(folder)
        elif args.command == "restore":
            manifest = restore(args.folder, replace=args.replace)
            print(f"Restored the backup of {manifest['created_at']} (schema {manifest['schema_revision']}).")
        else:
            differences = compare_counts(args.folder)
            if differences:
                print("Row counts differ from the backup:\n  " + "\n  ".join(differences), file=sys.stderr)
                return 1
            print("Every table holds the rows the backup recorded.")
    except (BackupError, subprocess.CalledProcessError, OSError) as error:
        print(f"{args.command} failed: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
