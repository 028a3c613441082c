"""A second connection to a database's file, for SQL work that runs beside the first connection's Python."""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import sqlite_utils

log = logging.getLogger(__name__)


def set_up(db: sqlite_utils.Database, on_file: bool) -> None:
    """What every Pantau connection sets: foreign keys, a 30 s wait for another writer, and on a file (in WAL mode)
    synchronous=NORMAL: a crash of the process (or a kill) loses no committed transaction; only a power cut may
    lose the last few, and the database stays consistent either way."""
    if on_file:
        db.execute("PRAGMA synchronous = NORMAL")
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA busy_timeout = 30000")


def database_file(db: sqlite_utils.Database) -> str:
    """The file behind a connection ("" for an in-memory database)."""
    return str(db.execute("PRAGMA database_list").fetchone()[2] or "")


@contextmanager
def alongside(db: sqlite_utils.Database, work: Callable[[sqlite_utils.Database], None]) -> Iterator[None]:
    """Run `work` on a second connection to db's file, in a thread, while the block runs; raise its error after
    (logged instead when the block raised one of its own).

    SQLite runs a statement without holding the GIL, so SQL work here overlaps the block's Python (the end of a
    run: the summary queries beside the story grouping). Each side commits its own transactions; a writer waits
    for the other (busy_timeout). In memory, or with a transaction open on db, `work` runs on db after the block.
    """
    path = database_file(db)
    if not path or db.conn.in_transaction:
        yield
        work(db)
        return
    failed: list[BaseException] = []

    def run() -> None:
        other = sqlite_utils.Database(sqlite3.connect(path))
        try:
            set_up(other, on_file=True)
            work(other)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            failed.append(exc)
        finally:
            other.close()

    thread = threading.Thread(target=run, name="pantau-alongside")
    thread.start()
    try:
        yield
    except BaseException:
        thread.join()
        if failed:
            log.error("work beside a failed block failed too: %r", failed[0])
        raise
    thread.join()
    if failed:
        raise failed[0]
