"""The hot path's plain SQL writes store exactly what sqlite-utils would, inside or outside a transaction."""

from __future__ import annotations

import datetime

import pytest
import sqlite_utils

from store.rows import insert_row, insert_rows, update_row, upsert_row

VALUES = {"text": "Kemenperin", "count": 3, "share": 0.5, "missing": None, "flag": True,
          "tags": ["batik", "tenun"], "reasons": {"programme": "e-Smart IKM"}, "day": datetime.date(2024, 9, 3)}


def _db() -> sqlite_utils.Database:
    db = sqlite_utils.Database(memory=True)
    for name in ("ours", "theirs"):
        db[name].create({"id": int, **{key: str for key in VALUES}, "count": int}, pk="id")
    return db


def test_insert_row_stores_what_sqlite_utils_stores_and_returns_the_rowid() -> None:
    db = _db()
    assert insert_row(db, "ours", VALUES) == 1
    assert insert_row(db, "ours", {"text": "kedua"}) == 2
    db["theirs"].insert(VALUES)
    assert list(db["ours"].rows)[0] == list(db["theirs"].rows)[0]


def test_insert_rows_fills_missing_keys_with_null() -> None:
    db = _db()
    insert_rows(db, "ours", [{"text": "satu"}, {"count": 2, "tags": ["kopi"]}])
    assert [(r["text"], r["count"], r["tags"]) for r in db["ours"].rows] == [("satu", None, None),
                                                                            (None, 2, '["kopi"]')]


def test_update_row_converts_values_and_touches_one_row() -> None:
    db = _db()
    insert_rows(db, "ours", [{"text": "a"}, {"text": "b"}])
    update_row(db, "ours", 2, {"tags": ["gerabah"], "count": 7})
    update_row(db, "ours", 1, {})
    assert [(r["text"], r["tags"], r["count"]) for r in db["ours"].rows] == [("a", None, None),
                                                                            ("b", '["gerabah"]', 7)]


def test_writes_inside_a_transaction_roll_back_with_it() -> None:
    db = _db()
    with pytest.raises(RuntimeError), db.atomic():
        insert_row(db, "ours", {"text": "hilang"})
        insert_rows(db, "ours", [{"text": "juga hilang"}])
        raise RuntimeError("crash mid-article")
    assert db["ours"].count == 0
    insert_row(db, "ours", {"text": "tetap"})  # on its own: committed
    assert not db.conn.in_transaction and db["ours"].count == 1


def test_upsert_row_inserts_then_updates_by_its_key_keeping_what_it_is_told_to() -> None:
    db = sqlite_utils.Database(memory=True)
    db["pages"].create({"url": str, "seen": str, "first": str, "tags": str}, pk="url")
    upsert_row(db, "pages", {"url": "u", "seen": "senin", "first": "senin", "tags": ["a"]}, key="url", keep=("first",))
    upsert_row(db, "pages", {"url": "u", "seen": "selasa", "first": "selasa", "tags": ["b"]}, key="url",
               keep=("first",))
    assert list(db["pages"].rows) == [{"url": "u", "seen": "selasa", "first": "senin", "tags": '["b"]'}]
