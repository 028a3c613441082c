"""A crawl run's page counts its articles from summary_run_articles, not through a million index entries."""

from __future__ import annotations

from functools import cache
from typing import Any

from datasette.database import QueryInterrupted
from datasette.utils import escape_sqlite

# (table of the row page, table pointing at it, its column) -> the kept count of the rows pointing at :id
KEPT_COUNTS = {("crawl_runs", "articles", "crawl_run"):
               "SELECT coalesce((SELECT articles FROM summary_run_articles WHERE crawl_run = :id), 0)"}


@cache  # once per process
def count_kept_relations() -> None:
    """Datasette 0.65's row page counts, for each foreign key pointing at the row, the rows that point at it ("links
    from other tables"), in one query with no plugin hook; a crawl run that stored a million articles walks a
    million index entries for it. Where a count is kept exact by the schema's triggers, the page reads it instead;
    every other count, and every page of a database without the summary table, is Datasette's own."""
    from datasette.views.row import RowView  # not at import: Datasette loads its plugins while importing its views

    datasette_counts = RowView.foreign_key_tables

    async def foreign_key_tables(self: Any, database: str, table: str, pk_values: list[str]) -> list[dict[str, Any]]:
        db = self.ds.databases[database]
        if len(pk_values) != 1 or not any(key[0] == table for key in KEPT_COUNTS) or not await db.table_exists(
                "summary_run_articles"):
            return list(await datasette_counts(self, database, table, pk_values))
        incoming = (await db.get_all_foreign_keys())[table]["incoming"]
        if not incoming:
            return []
        counts = [KEPT_COUNTS.get((table, fk["other_table"], fk["other_column"])) or
                  f"SELECT count(*) FROM {escape_sqlite(fk['other_table'])} WHERE {escape_sqlite(fk['other_column'])} = :id"
                  for fk in incoming]
        try:
            row = (await db.execute("SELECT " + ", ".join(f"({sql})" for sql in counts), {"id": pk_values[0]})).first()
        except QueryInterrupted:  # past the time limit: the page without its links, as Datasette does
            return []
        return [{**fk, "count": count or 0, "link": _link(self.ds, database, fk, pk_values[0])}
                for fk, count in zip(incoming, row or [0] * len(incoming), strict=True)]

    RowView.foreign_key_tables = foreign_key_tables


def _link(datasette: Any, database: str, fk: dict[str, Any], pk_value: str) -> str:
    """The table page of the rows pointing at the row, as Datasette links it."""
    key = fk["other_column"] + ("__exact" if fk["other_column"].startswith("_") else "")
    return f"{datasette.urls.table(database, fk['other_table'])}?{key}={pk_value}"
