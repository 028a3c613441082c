"""Re-run fact extraction over stored articles (after the rules change), on every core, with a progress bar."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import sqlite_utils
from tqdm import tqdm

from crawler.runs.lifecycle import die_with_parent
from extract.facts.api import extract_facts
from extract.facts.programs import known_programme_ids
from extract.facts.regions import REGIONS_VERSION, with_dateline
from store.facts import refresh_counts, write_facts
from store.rows import update_row
from store.schema import open_db

RESCORED = ("relevance", "matched_terms", "relevance_reasons")


def _extract(row: tuple[int, str, str | None, str | None]) -> tuple[int, dict[str, Any] | None, str | None]:
    article_id, text, published, dateline = row
    try:
        facts = extract_facts(text or "", published)
    except Exception as exc:  # reported, the article's old facts are kept
        return article_id, None, f"{type(exc).__name__}: {exc}"
    # as the crawl does: the dateline cleaning cut from the text places an article its text does not place
    facts["regions"] = with_dateline(facts.get("regions", []), dateline)
    return article_id, facts, None


def _stale_rows(db: sqlite_utils.Database, only_stale: bool) -> list[tuple[int, str, str | None, str | None]]:
    """Every article, or (only_stale) those whose facts or event regions an older extractor wrote. An article
    without regions can only be told stale by its facts' version."""
    from extract.facts.pipeline import EXTRACTOR_VERSION

    where = ("WHERE coalesce(extractor_version, '') != :facts OR EXISTS (SELECT 1 FROM article_regions r WHERE "
             "r.article_id = articles.id AND r.extractor_version != :regions)") if only_stale else ""
    sql = f"SELECT id, text, published_at, dateline FROM articles {where} ORDER BY id"
    return db.execute(sql, {"facts": EXTRACTOR_VERSION, "regions": f"{EXTRACTOR_VERSION}+{REGIONS_VERSION}"}
                      ).fetchall()


def reextract(db_path: Path | str, workers: int | None = None, progress: bool = True,
              only_stale: bool = False) -> dict[str, int]:
    """Replace every article's facts with a fresh extraction; each article in its own transaction."""
    db = open_db(db_path)
    rows = _stale_rows(db, only_stale)
    counts = {"articles": len(rows), "done": 0, "failed": 0}
    workers = max(1, min(workers or os.cpu_count() or 1, len(rows) or 1))
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=die_with_parent) as pool:
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


def _archived_groups(rows: list[tuple[int, str, int]]) -> list[tuple[int, tuple[str, list[int]]]]:
    """(article id, (WARC file, offsets of its pages)) for articles whose archive is still on disk."""
    from crawler.runs.process import article_groups

    by_file: dict[str, dict[int, list[int]]] = {}
    groups = []
    for article_id, warc_file, offset in rows:
        if not Path(warc_file).is_file():
            continue
        if warc_file not in by_file:
            by_file[warc_file] = {offsets[0]: offsets for _, offsets in article_groups(warc_file)}
        groups.append((article_id, (warc_file, by_file[warc_file].get(offset, [offset]))))
    return groups


def _rescored(db: sqlite_utils.Database, article_id: int, row: dict[str, Any]) -> None:
    """A stored article the current rules find irrelevant is kept, as a crawl keeps one whose later fetch is judged
    irrelevant; its score and reasons are updated so a reader can find it, its text and facts left as they were."""
    with db.atomic():
        update_row(db, "articles", article_id, {key: row[key] for key in RESCORED})


def rebuild_from_archive(db_path: Path | str, sources_file: Path | str, workers: int | None = None,
                         progress: bool = True) -> dict[str, int]:
    """Clean every stored article again from its raw page in the WARC archive (no network), then extract its
    facts; the article row and its facts are replaced in one transaction."""
    from pantau_configs.models import load_sources, load_topics
    from pantau_configs.paths import DEFAULT_TOPICS

    from crawler.runs.process import _article_row, _clean_at, _init_worker

    db = open_db(db_path)
    rows = db.execute("SELECT id, warc_file, warc_offset FROM articles WHERE warc_file IS NOT NULL ORDER BY id").fetchall()
    groups = _archived_groups(rows)
    counts = {"articles": len(rows), "archived": len(groups), "done": 0, "changed": 0, "irrelevant": 0, "failed": 0}
    topics, quirks = load_topics(DEFAULT_TOPICS), {s.name: s.quirks for s in load_sources(sources_file).sources}
    workers = max(1, min(workers or os.cpu_count() or 1, len(groups) or 1))
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker,
                             initargs=(topics, quirks, True)) as pool:
        if workers == 1:
            _init_worker(topics, quirks)
        jobs = [group for _, group in groups]
        outcomes = pool.map(_clean_at, jobs, chunksize=4) if workers > 1 else map(_clean_at, jobs)
        for (article_id, (warc_file, _)), outcome in tqdm(zip(groups, outcomes, strict=True), total=len(groups),
                                                          disable=not progress, unit="article"):
            if outcome.article is not None and not outcome.relevant:
                _rescored(db, article_id, _article_row(outcome))
                counts["irrelevant"] += 1
                continue
            if outcome.article is None or outcome.facts is None:
                counts["failed"] += 1
                continue
            row = {**_article_row(outcome), "warc_file": warc_file}
            with db.atomic():
                changed = db.execute("SELECT text IS NOT ? OR title IS NOT ? FROM articles WHERE id = ?",
                                     [row["text"], row["title"], article_id]).fetchone()[0]
                db.table("articles").update(article_id, {k: v for k, v in row.items() if k != "url"})
                write_facts(db, article_id, outcome.facts, known_programme_ids())
            counts["done"] += 1
            counts["changed"] += bool(changed)
    refresh_counts(db)
    db.close()
    return counts
