"""The processing stage of a run: clean archived pages on every core, score relevance, store articles."""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlite_utils
from pantau_configs.models import Quirks, TopicsConfig

from crawler.archive import ArchivedPage, index_pages, read_page
from crawler.runs.lifecycle import collect_less_often, die_with_parent, exit_when_gone
from extract.facts.programs import known_programme_ids
from store.facts import Touched, write_facts
from store.writes import ensure_open_web_source, record_error, record_skip, save_article, save_signature

if TYPE_CHECKING:
    from extract.clean import CleanedArticle

log = logging.getLogger(__name__)
_topics: TopicsConfig | None = None
_quirks: dict[str, Quirks] = {}


@dataclass
class Outcome:
    """What cleaning one archived page produced: an article with its relevance, or an error."""

    url: str
    source: str
    offset: int
    article: dict[str, Any] | None = None
    relevance: float = 0.0
    relevant: bool = False
    error: str | None = None
    facts: dict[str, Any] | None = None
    facts_error: str | None = None
    via: str = ""  # the aggregator that led to the page
    story_signature: bytes | None = None  # of a relevant article's text, for grouping stories (extract/stories.py)


@dataclass
class StageCounts:
    """Counters of the processing stage, in total and per outlet."""

    total: Counter[str] = field(default_factory=Counter)
    per_source: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    def add(self, source: str, key: str, n: int = 1) -> None:
        self.total[key] += n
        self.per_source[source][key] += n


# Pool workers run at the lowest priority: the crawl's event loop waits on the network and must answer at once,
# while cleaning is batch work that can take whatever CPU the crawl (and anything else on the machine) leaves; a
# starved page still waits safely in the archive. Competing with its own workers, the crawl did a fifth more work a
# page (fewer responses per wake-up) and the 10,000-article benchmark took 44-45 s instead of 40.5-41.3 (10: 42).
WORKER_NICENESS = 19


def _init_worker(topics: TopicsConfig, quirks: dict[str, Quirks] | None = None, pooled: bool = False,
                 owner: int | None = None) -> None:
    global _topics, _quirks
    _topics, _quirks = topics, dict(quirks or {})
    if pooled:  # a pool worker: its parent may be killed with SIGKILL, which leaves no chance to stop the pool
        die_with_parent()
        if owner:  # forked from a fork server: the process that owns the pool is not our parent
            exit_when_gone(owner)
        from extract.facts.pipeline import get_nlp

        get_nlp()  # load the rules while the crawl is still discovering links, not inside the first page
        os.nice(WORKER_NICENESS)
        collect_less_often()  # a worker, too, allocates hundreds of short-lived containers a page


def _joined(first: CleanedArticle, later: list[ArchivedPage], quirks: Quirks | None) -> CleanedArticle:
    """An article split over pages: the first page's metadata, every page's paragraphs once, in order."""
    from extract.clean import NotAnArticle, clean_html

    paragraphs = first.text.split("\n")
    for page in later:
        try:
            text = clean_html(page.body, page.url, page.charset, quirks).text
        except NotAnArticle:
            continue
        paragraphs += [p for p in text.split("\n") if p not in paragraphs]
    first.text = "\n".join(paragraphs)
    return first


def clean_page(page: ArchivedPage, topics: TopicsConfig, later_pages: list[ArchivedPage] | None = None,
               quirks: Quirks | None = None) -> Outcome:
    """Clean and score one archived article (and its later pages); never raises."""
    # imported here: the crawl's own process only stores, and need not load trafilatura and spaCy
    from extract.clean import NotAnArticle, clean_html
    from extract.facts.api import extract_facts
    from extract.facts.regions import with_dateline
    from extract.relevance_decision import assess
    from extract.stories import story_signature

    outcome = Outcome(url=page.url, source=page.source, offset=page.offset, via=page.via)
    try:
        article = clean_html(page.body, page.url, page.charset, quirks)
        if later_pages:
            article = _joined(article, later_pages, quirks)
    except NotAnArticle as exc:
        outcome.error = f"not an article: {exc}"
        return outcome
    except Exception as exc:  # a broken page must not stop the run
        outcome.error = f"{type(exc).__name__}: {exc}"[:500]
        return outcome
    # One decision and at most one fact extraction per article: the facts that helped decide are the ones stored.
    decision, facts, facts_error = assess(article.title, article.text, article.published, topics)
    outcome.article = {**article.as_dict(), "relevance": decision.score, "matched_terms": decision.matched,
                       "relevance_reasons": decision.reasons}
    outcome.relevance, outcome.relevant = decision.score, decision.relevant
    if decision.relevant:
        outcome.story_signature = story_signature(article.text)
        outcome.facts, outcome.facts_error = facts, facts_error
        if facts is None and facts_error is None:  # kept without needing facts to decide: extract them now
            try:
                outcome.facts = extract_facts(article.text, article.published)
            except Exception as exc:  # the article is kept; the failure is recorded
                outcome.facts_error = f"{type(exc).__name__}: {exc}"[:500]
        if outcome.facts is not None:  # cleaning cut the dateline from the text; its town is the last-resort place
            outcome.facts["regions"] = with_dateline(outcome.facts.get("regions", []), article.dateline)
    return outcome


def _clean_at(group: tuple[str, list[int]]) -> Outcome:
    assert _topics is not None
    warc_file, offsets = group
    pages = [read_page(warc_file, offset) for offset in offsets]
    return clean_page(pages[0], _topics, pages[1:], _quirks.get(pages[0].source))


def _clean_all(groups: list[tuple[str, list[int]]]) -> list[Outcome]:
    """Clean several archived articles in one pool task, in order."""
    return [_clean_at(group) for group in groups]


def article_groups(warc_file: Path | str) -> list[tuple[str, list[int]]]:
    """(WARC file, offsets of the article's pages in page order), one per article, in archive order."""
    groups: dict[str, list[tuple[int, int]]] = {}
    for entry in index_pages(warc_file):
        groups.setdefault(entry.article, []).append((entry.part, entry.offset))
    return [(str(warc_file), [offset for _, offset in sorted(parts)]) for parts in groups.values()]


def clean_archive(warc_file: Path | str, topics: TopicsConfig, workers: int | None = None,
                  quirks: dict[str, Quirks] | None = None) -> Iterator[Outcome]:
    """Clean every article of a WARC file in archive order, on a pool of worker processes."""
    groups = article_groups(warc_file)
    workers = max(1, min(workers or os.cpu_count() or 1, len(groups) or 1))
    if workers == 1 or len(groups) < 4:
        _init_worker(topics, quirks)
        yield from map(_clean_at, groups)
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker,
                             initargs=(topics, quirks, True)) as pool:
        yield from pool.map(_clean_at, groups, chunksize=4)


def _article_row(outcome: Outcome) -> dict[str, Any]:
    article = dict(outcome.article or {})
    return {
        "url": article["url"], "source": outcome.source, "title": article["title"],
        "author": article["author"], "published_at": article["published"],
        "published_month": (article["published"] or "")[:7] or None,
        "description": article["description"], "text": article["text"], "lang": article["lang"],
        "sitename": article["sitename"], "tags": article["tags"], "relevance": article["relevance"],
        "matched_terms": article["matched_terms"], "relevance_reasons": article.get("relevance_reasons"),
        "content_hash": article["content_hash"],
        "fetched_url": article["fetched_url"], "warc_offset": outcome.offset, "dateline": article.get("dateline"),
        **({"via": outcome.via} if outcome.via else {}),  # kept when the outlet's own start points reach it later
    }


def _extracted_by(db: sqlite_utils.Database, article_id: int) -> str | None:
    row = db.execute("SELECT extractor_version FROM articles WHERE id = ?", [article_id]).fetchone()
    return None if row is None else row[0]


def store_outcomes(
    db: sqlite_utils.Database, run_id: int, warc_file: str, outcomes: Iterable[Outcome],
    stored_this_run: set[str] | None = None, touched: Touched | None = None, counts: StageCounts | None = None,
) -> StageCounts:
    """Write each outcome in its own transaction (a savepoint inside a caller's batch) and count what happened to it;
    the officials and programmes whose mentions changed are added to `touched`."""
    counts = StageCounts() if counts is None else counts
    touched = Touched() if touched is None else touched
    stored_this_run = set() if stored_this_run is None else stored_this_run
    for outcome in outcomes:
        counts.add(outcome.source, "fetched")
        if outcome.error or outcome.article is None:
            log.warning("clean failed: %s (%s)", outcome.url, outcome.error or "no article")
            record_error(db, run_id, outcome.source, outcome.url, "clean", outcome.error or "no article")
            counts.add(outcome.source, "errors")
            continue
        row = {**_article_row(outcome), "warc_file": warc_file}
        if not outcome.relevant:
            record_skip(db, run_id, row["url"], outcome.source, "irrelevant", outcome.relevance,
                        reasons=row["relevance_reasons"])
            counts.add(outcome.source, "irrelevant")
        elif row["url"] in stored_this_run:
            record_skip(db, run_id, outcome.url, outcome.source, "duplicate", outcome.relevance, row["url"],
                        reasons=row["relevance_reasons"])
            counts.add(outcome.source, "duplicates")
        else:
            stored_this_run.add(row["url"])
            if outcome.via:
                ensure_open_web_source(db, outcome.source)
            counts.add(outcome.source, _store_article(db, run_id, row, outcome, touched))
    return counts


def _store_article(db: sqlite_utils.Database, run_id: int, row: dict[str, Any], outcome: Outcome,
                   touched: Touched) -> str:
    """The article and its facts in one transaction: a crash leaves neither half-written."""
    with db.atomic():
        status, article_id = save_article(db, row, run_id)
        if status != "unchanged":
            save_signature(db, article_id, row["content_hash"], outcome.story_signature)
        if outcome.facts is not None and (status != "unchanged" or _extracted_by(db, article_id) != outcome.facts[
                "extractor_version"]):
            touched.update(write_facts(db, article_id, outcome.facts, known_programme_ids(), status == "stored"))
    if outcome.facts_error:
        record_error(db, run_id, outcome.source, outcome.url, "extract", outcome.facts_error)
    return status
