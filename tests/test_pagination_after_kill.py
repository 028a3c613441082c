"""A listing is walked to its page limit after a killed run: "nothing new on this page" only stops pagination when
the run before finished (a killed run may have stored page 1's articles and never reached page 2)."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy import Request
from scrapy.utils.test import get_crawler

from crawler.middlewares import IncrementalMiddleware
from store.schema import open_db
from store.writes import finish_run, start_run


def middleware(db_path: Path, run_id: int) -> IncrementalMiddleware:
    crawler = get_crawler(settings_dict={"PANTAU_DB": str(db_path), "PANTAU_INCREMENTAL": True,
                                         "PANTAU_RUN_ID": run_id})
    crawler.stats.open_spider()
    return IncrementalMiddleware(crawler)


def second_listing_page() -> Request:
    return Request("http://127.0.0.1/indeks?page=2", meta={"pantau_stage": "listing", "pantau_source": "kabar",
                                                           "pantau_page": 2})


@pytest.mark.parametrize(("last_status", "walked"), [("finished", False), ("killed (recovered)", True)])
def test_page_two_after_a_page_with_nothing_new(tmp_path: Path, last_status: str, walked: bool) -> None:
    db_path = tmp_path / "pantau.db"
    db = open_db(db_path)
    earlier = start_run(db, "sources.yaml", "")
    finish_run(db, earlier, last_status, {}, {})
    current = start_run(db, "sources.yaml", "")
    db.close()
    incremental = middleware(db_path, current)
    keep, _ = incremental._keep(second_listing_page(), new_articles=0)
    assert keep is walked
    incremental.close_spider()
