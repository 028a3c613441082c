"""Plain SQL row writes for the crawl's hot path: sqlite-utils' insert and update read the schema on every call."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import sqlite_utils
from sqlite_utils.db import jsonify_if_needed

_STORED_AS_IS = frozenset({str, int, float, type(None)})


def insert_rows(db: sqlite_utils.Database, table: str, rows: Iterable[Mapping[str, Any]]) -> None:
    """Insert rows (a missing key is NULL) into an existing table with one executemany; values are converted as
    sqlite-utils converts them (dicts and lists to JSON)."""
    rows = list(rows)
    if not rows:
        return
    columns = list(dict.fromkeys(key for row in rows for key in row))
    plain = _STORED_AS_IS  # inlined _sql: a row's values are nearly all stored as they are (a call each cost more)
    values = [[v if type(v) in plain else jsonify_if_needed(v) for v in map(row.get, columns)] for row in rows]
    _write(db, lambda: db.conn.executemany(_insert_sql(table, columns), values))


def insert_row(db: sqlite_utils.Database, table: str, row: Mapping[str, Any]) -> int:
    """Insert one row into an existing table; return its rowid."""
    columns = list(row)
    values = [_sql(row[c]) for c in columns]
    return int(_write(db, lambda: db.conn.execute(_insert_sql(table, columns), values)).lastrowid)


def upsert_row(db: sqlite_utils.Database, table: str, row: Mapping[str, Any], key: str,
               keep: tuple[str, ...] = ()) -> None:
    """Insert the row, or update the row with the same `key` (a unique column), leaving the `keep` columns as
    they are."""
    columns = list(row)
    changes = ", ".join(f"[{c}] = excluded.[{c}]" for c in columns if c != key and c not in keep)
    sql = f"{_insert_sql(table, columns)} ON CONFLICT ([{key}]) DO UPDATE SET {changes}"
    values = [_sql(row[c]) for c in columns]
    _write(db, lambda: db.conn.execute(sql, values))


def update_row(db: sqlite_utils.Database, table: str, row_id: int, changes: Mapping[str, Any]) -> None:
    """Set columns of the row with this id (nothing to set: nothing done)."""
    columns = list(changes)
    if not columns:
        return
    sql = f"UPDATE [{table}] SET {', '.join(f'[{c}] = ?' for c in columns)} WHERE id = ?"
    values = [*(_sql(changes[c]) for c in columns), row_id]
    _write(db, lambda: db.conn.execute(sql, values))


def _sql(value: Any) -> Any:
    """The value as sqlite-utils would store it; most are stored as they are, and skip its checks."""
    return value if type(value) in _STORED_AS_IS else jsonify_if_needed(value)


def _insert_sql(table: str, columns: list[str]) -> str:
    return f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in columns)}) VALUES ({', '.join('?' * len(columns))})"


def _write(db: sqlite_utils.Database, statement: Any) -> Any:
    """Run inside the caller's transaction (a failure rolls its whole unit back), or in one of its own."""
    if db.conn.in_transaction:
        return statement()
    with db.atomic():
        return statement()
