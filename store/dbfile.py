"""Check a database path before use, and open databases read-only for the commands that only read."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import sqlite_utils

from store.errors import UnusablePath as UnusablePath
from store.schema import MIGRATIONS, open_db, schema_version

SQLITE_MAGIC = b"SQLite format 3\x00"


def _header(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_MAGIC))
    except PermissionError:
        raise UnusablePath(path, "cannot be read (permission denied)") from None
    except OSError as exc:
        raise UnusablePath(path, f"cannot be read ({exc.strerror or exc})") from None


def check_existing(path: Path | str, hint: str = "") -> None:
    """Raise UnusablePath unless path is a readable, non-empty SQLite file."""
    path = Path(path)
    if not path.exists():
        raise UnusablePath(path, f"no database here{hint}")
    if path.is_dir():
        raise UnusablePath(path, "is a directory, not a database file")
    header = _header(path)
    if not header:
        raise UnusablePath(path, "is an empty file, not a database (delete it to start a new one)")
    if header != SQLITE_MAGIC:
        raise UnusablePath(path, "is not an SQLite database")


def _first_existing(path: Path) -> Path:
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate
    return Path(".")


def check_writable_location(path: Path | str, what: str = "database") -> None:
    """Raise UnusablePath when path (a file still to be written) cannot be created where it is asked for."""
    path = Path(path).absolute()
    folder = _first_existing(path.parent)
    if not folder.is_dir():
        raise UnusablePath(path, f"cannot create the {what}: {folder} is a file, not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UnusablePath(path, f"cannot create the {what}: folder {folder} is not writable")


def is_pantau(db: sqlite_utils.Database) -> bool:
    return schema_version(db) > 0 or "crawl_runs" in db.table_names()


def check_for_writing(path: Path | str) -> None:
    """A writer's database: a Pantau database, or nothing yet in a folder we can write to."""
    path = Path(path)
    if not path.exists():
        check_writable_location(path)
        return
    check_existing(path)
    if not can_write(path):
        raise UnusablePath(path, "is not writable here (the database or its folder is read-only)")
    db = sqlite_utils.Database(sqlite3.connect(path))  # a writer's own connection: leaves no -wal/-shm behind
    try:
        foreign = not is_pantau(db) and bool(db.table_names())
    finally:
        db.close()
    if foreign:
        raise UnusablePath(path, "is an SQLite database but not Pantau's (it has other tables)")


def connect_readonly(path: Path | str) -> sqlite_utils.Database:
    """Open an existing database read-only (mode=ro); immutable when even the WAL index cannot be opened."""
    uri = Path(path).resolve().as_uri()
    try:
        conn = sqlite3.connect(f"{uri}?mode=ro", uri=True)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        # A WAL database whose -shm cannot be created by this user (a folder it may not write): read it as is.
        conn = sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return sqlite_utils.Database(conn)


def can_write(path: Path | str) -> bool:
    path = Path(path)
    return os.access(path, os.W_OK) and os.access(path.resolve().parent, os.W_OK | os.X_OK)


def open_reader(path: Path | str, hint: str = "") -> sqlite_utils.Database:
    """A Pantau database for reading: checked, brought up to date only if we may write it, then opened read-only."""
    check_existing(path, hint)
    db = connect_readonly(path)
    try:
        version, pantau = schema_version(db), is_pantau(db)
    except sqlite3.DatabaseError as exc:
        db.close()
        raise UnusablePath(path, f"is not a usable SQLite database ({exc})") from None
    if not pantau:
        db.close()
        raise UnusablePath(path, "is an SQLite database but not Pantau's (no crawl_runs table)")
    if version < len(MIGRATIONS) and can_write(path):
        db.close()
        open_db(path).close()  # an older Pantau's database: add the newer views and tables once
        db = connect_readonly(path)
    return db
