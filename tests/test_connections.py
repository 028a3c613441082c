"""store.connections.alongside: work on a second connection beside a block, its error raised after the block."""

from __future__ import annotations

import threading

import pytest
import sqlite_utils

from store.connections import alongside, database_file
from store.schema import open_db


def test_work_runs_on_another_connection_in_another_thread_and_its_writes_are_seen(tmp_path) -> None:
    db = open_db(tmp_path / "p.db")
    seen: dict[str, object] = {}

    def work(other: sqlite_utils.Database) -> None:
        seen["thread"], seen["same"] = threading.current_thread(), other.conn is db.conn
        seen["pragmas"] = [other.execute(f"PRAGMA {name}").fetchone()[0]
                           for name in ("synchronous", "foreign_keys", "busy_timeout")]
        with other.atomic():
            other.execute("INSERT INTO sources (name) VALUES ('beside')")

    with alongside(db, work), db.atomic():
        db.execute("INSERT INTO sources (name) VALUES ('block')")
    assert seen["thread"] is not threading.current_thread() and seen["same"] is False
    # set up as open_db sets up its own: synchronous=NORMAL (1) in WAL, foreign keys, the wait for another writer
    assert seen["pragmas"] == [1, 1, 30000] == [db.execute(f"PRAGMA {name}").fetchone()[0]
                                                for name in ("synchronous", "foreign_keys", "busy_timeout")]
    assert {r[0] for r in db.execute("SELECT name FROM sources")} >= {"beside", "block"}


def test_an_error_of_the_work_is_raised_after_the_block_completes(tmp_path) -> None:
    db = open_db(tmp_path / "p.db")
    done = []

    def work(other: sqlite_utils.Database) -> None:
        raise ValueError("summary failed")

    with pytest.raises(ValueError, match="summary failed"), alongside(db, work):
        done.append("block")
    assert done == ["block"]


@pytest.mark.parametrize("in_memory", [True, False])
def test_in_memory_or_inside_a_transaction_the_work_runs_after_the_block_on_the_same_connection(
        tmp_path, in_memory: bool) -> None:
    db = open_db(None if in_memory else tmp_path / "p.db")
    assert (database_file(db) == "") is in_memory
    order: list[str] = []

    def work(other: sqlite_utils.Database) -> None:
        order.append("work" if other is db and threading.current_thread() is threading.main_thread() else "elsewhere")

    if in_memory:
        with alongside(db, work):
            order.append("block")
    else:
        with db.atomic(), alongside(db, work):  # a second connection would wait for this transaction forever
            order.append("block")
    assert order == ["block", "work"]


def test_when_the_block_and_the_work_both_fail_the_blocks_error_is_raised_and_the_works_logged(
        tmp_path, caplog: pytest.LogCaptureFixture) -> None:
    db = open_db(tmp_path / "p.db")

    def work(other: sqlite_utils.Database) -> None:
        raise ValueError("summary failed")

    with pytest.raises(KeyError, match="grouping failed"), alongside(db, work):
        raise KeyError("grouping failed")
    assert "summary failed" in caplog.text
