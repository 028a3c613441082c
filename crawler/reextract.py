"""Re-run fact extraction over stored articles (after the rules change), on every core, with a progress bar."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from tqdm import tqdm

from extract.facts.api import extract_facts
from extract.facts.programs import known_programme_ids
from store.facts import refresh_counts, write_facts
from store.schema import open_db


def _extract(row: tuple[int, str, str | None]) -> tuple[int, dict[str, Any] | None, str | None]:
    article_id, text, published = row
    try:
        return article_id, extract_facts(text or "", published), None
    except Exception as exc:  # reported, the article's old facts are kept
        return article_id, None, f"{type(exc).__name__}: {exc}"


def reextract(db_path: Path | str, workers: int | None = None, progress: bool = True,
              only_stale: bool = False) -> dict[str, int]:
    """Replace every article's facts with a fresh extraction; each article in its own transaction."""
    db = open_db(db_path)
    from extract.facts.pipeline import EXTRACTOR_VERSION

    where = "WHERE coalesce(extractor_version, '') != ?" if only_stale else "WHERE ? IS NOT NULL"
    sql = f"SELECT id, text, published_at FROM articles {where} ORDER BY id"
    rows = db.execute(sql, [EXTRACTOR_VERSION]).fetchall()
    counts = {"articles": len(rows), "done": 0, "failed": 0}
    workers = max(1, min(workers or os.cpu_count() or 1, len(rows) or 1))
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        results = pool.map(_extract, rows, chunksize=8) if workers > 1 else map(_extract, rows)
        for article_id, facts, _error in tqdm(results, total=len(rows), disable=not progress, unit="article"):
            if facts is None:
                counts["failed"] += 1
                continue
            with db.atomic():
                write_facts(db, article_id, facts, known_programme_ids())
            counts["done"] += 1
    refresh_counts(db)
    db.close()
    return counts
