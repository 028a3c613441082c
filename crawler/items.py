"""What the spider yields: fetched article pages (archived to WARC) and failures (logged to the run)."""

from __future__ import annotations

from dataclasses import dataclass

from crawler.archive import ArchivedPage

FetchedPage = ArchivedPage


@dataclass(frozen=True)
class FetchFailure:
    """A start point or article that could not be fetched, with the reason."""

    url: str
    source: str
    stage: str
    reason: str
    ack: str = ""  # distributed mode: the scheduler token of the request that failed
    listed: str = ""  # backfill: the URL as a window listed it
