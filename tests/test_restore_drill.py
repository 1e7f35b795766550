"""Backups and restores (shop/backups.py, scripts/backup.sh, scripts/restore.sh): the restore drill passes on
SQLite, a backup taken while rows are written is consistent, and a restore refuses what would lose data."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import threading
from pathlib import Path

import pytest

from shop import backups
from shop.config import PROJECT_ROOT


@pytest.fixture
def uploads(tmp_path, monkeypatch):
    folder = tmp_path / "uploads"
    monkeypatch.setenv("REFLEX_UPLOADED_FILES_DIR", str(folder))
    return folder


def _database(path: Path, rows: int = 3) -> str:
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("CREATE TABLE product (id INTEGER PRIMARY KEY, name TEXT)")
        connection.execute("CREATE TABLE alembic_version (version_num TEXT)")
        connection.execute("INSERT INTO alembic_version VALUES ('0007')")
        connection.executemany("INSERT INTO product (name) VALUES (?)", [(f"lamp {n}",) for n in range(rows)])
    return f"sqlite:///{path}"


def test_the_restore_drill_passes_on_sqlite():
    env = {name: value for name, value in os.environ.items() if not name.startswith("DRILL_")}
    result = subprocess.run(["scripts/restore_drill.sh"], cwd=PROJECT_ROOT, capture_output=True, text=True,
                            env={**env, "PYTHON": sys.executable}, timeout=280)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "seeding sqlite:///" in result.stdout and "restoring into sqlite:///" in result.stdout
    assert "Every table holds the rows the backup recorded." in result.stdout
    assert "Restore drill passed" in result.stdout


def test_a_backup_holds_the_database_the_uploads_and_a_manifest(tmp_path, uploads):
    url = _database(tmp_path / "shop.db")
    uploads.mkdir()
    (uploads / "photo.png").write_bytes(b"\x89PNG not really")
    folder = backups.backup(tmp_path / "backups", url)
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["database"] == "sqlite" and manifest["schema_revision"] == "0007"
    assert manifest["row_counts"] == {"product": 3}
    assert oct(folder.stat().st_mode & 0o777) == "0o700"
    with tarfile.open(folder / "uploaded_files.tar.gz") as archive:
        assert "uploaded_files/photo.png" in archive.getnames()
    # The copy is one file that SQLite opens alone: no -wal beside it.
    with sqlite3.connect(folder / "shop.sqlite") as copy:
        assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_a_backup_taken_while_the_shop_writes_is_consistent(tmp_path, uploads):
    url = _database(tmp_path / "shop.db", rows=0)
    stop = threading.Event()

    def write_orders() -> None:
        with sqlite3.connect(tmp_path / "shop.db", timeout=30) as connection:
            while not stop.is_set():
                connection.execute("INSERT INTO product (name) VALUES ('x')")
                connection.commit()

    writer = threading.Thread(target=write_orders)
    writer.start()
    try:
        while backups.row_counts(url)["product"] < 50:
            pass
        folder = backups.backup(tmp_path / "backups", url)
    finally:
        stop.set()
        writer.join()
    recorded = json.loads((folder / "manifest.json").read_text())["row_counts"]["product"]
    with sqlite3.connect(folder / "shop.sqlite") as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("SELECT count(*) FROM product").fetchone()[0] == recorded >= 50


def test_a_restore_writes_the_data_back_and_clears_a_stale_wal(tmp_path, uploads):
    folder = backups.backup(tmp_path / "backups", _database(tmp_path / "shop.db"))
    target = tmp_path / "restored.db"
    target.write_bytes(b"old")
    Path(f"{target}-wal").write_bytes(b"a write-ahead log of the old database")
    with pytest.raises(backups.BackupError, match="--replace"):
        backups.restore(folder, f"sqlite:///{target}")
    backups.restore(folder, f"sqlite:///{target}", replace=True)
    assert not Path(f"{target}-wal").exists()
    assert backups.compare_counts(folder, f"sqlite:///{target}") == []
    assert uploads.is_dir()


def test_a_damaged_backup_is_refused(tmp_path, uploads):
    folder = backups.backup(tmp_path / "backups", _database(tmp_path / "shop.db"))
    with open(folder / "shop.sqlite", "r+b") as copy:
        copy.seek(200)
        copy.write(b"\x00\xff")
    with pytest.raises(backups.BackupError, match="damaged"):
        backups.restore(folder, f"sqlite:///{tmp_path / 'new.db'}")
    assert not (tmp_path / "new.db").exists()


def test_a_restore_refuses_to_overwrite_uploaded_files_unless_asked(tmp_path, uploads):
    folder = backups.backup(tmp_path / "backups", _database(tmp_path / "shop.db"))
    uploads.mkdir()
    (uploads / "newer.png").write_bytes(b"taken after the backup")
    with pytest.raises(backups.BackupError, match="holds files"):
        backups.restore(folder, f"sqlite:///{tmp_path / 'new.db'}")


def test_an_archive_cannot_write_outside_the_uploads_folder(tmp_path, uploads):
    folder = backups.backup(tmp_path / "backups", _database(tmp_path / "shop.db"))
    evil = tmp_path / "evil.txt"
    evil.write_text("outside")
    with tarfile.open(folder / "uploaded_files.tar.gz", "w:gz") as archive:
        archive.add(evil, arcname="../../escaped.txt")
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["files"]["uploaded_files.tar.gz"] = backups._sha256(folder / "uploaded_files.tar.gz")
    (folder / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(tarfile.OutsideDestinationError):
        backups.restore(folder, f"sqlite:///{tmp_path / 'new.db'}")
    assert not (tmp_path.parent / "escaped.txt").exists()


def test_a_postgresql_backup_runs_pg_dump_without_the_password_in_its_arguments():
    dsn, env = backups._libpq(backups.make_url("postgresql+psycopg://shop:s3cret@db.internal:5433/lumen"))
    assert dsn == "postgresql://shop@db.internal:5433/lumen"
    assert env["PGPASSWORD"] == "s3cret"


def test_only_sqlite_and_postgresql_are_handled(tmp_path):
    with pytest.raises(backups.BackupError, match="mysql"):
        backups.backup(tmp_path, "mysql://shop@localhost/shop")


@pytest.mark.skipif(not (os.environ.get("DRILL_SOURCE_URL") and os.environ.get("DRILL_TARGET_URL")),
                    reason="set DRILL_SOURCE_URL and DRILL_TARGET_URL (two PostgreSQL databases, the target empty)")
def test_the_restore_drill_passes_on_postgresql():
    result = subprocess.run(["scripts/restore_drill.sh"], cwd=PROJECT_ROOT, capture_output=True, text=True,
                            env={**os.environ, "PYTHON": sys.executable}, timeout=280)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Restore drill passed" in result.stdout
