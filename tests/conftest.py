"""Shared fixtures: the demo site and a small static test site on loopback, and one real crawl of both."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler
from pathlib import Path

import pytest

from crawler.runs.demo import DEMO_SETTINGS, rebased_sources
from crawler.runs.run import RunSummary, run_crawl
from crawler.sites.demo import DemoSite
from crawler.sites.serving import LoopbackServer

PAGES = Path(__file__).parent / "pages"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


@pytest.fixture(scope="session")
def demo_site() -> Iterator[DemoSite]:
    with DemoSite(port=0) as site:
        yield site


@pytest.fixture(scope="session")
def static_site() -> Iterator[str]:
    """tests/pages/site served on a free loopback port; yields its base URL."""
    handler = functools.partial(QuietHandler, directory=str(PAGES / "site"))
    server = LoopbackServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def static_source_yaml(base: str) -> str:
    escaped = base.replace(".", r"\.")
    return (
        "  - name: pesisir\n"
        "    title: Kabar Pesisir (test site)\n"
        "    domains: ['127.0.0.1']\n"
        f"    article_pattern: '^{escaped}/(berita|rahasia)/\\d+\\.html$'\n"
        "    listings:\n"
        f"      - url: '{base}/index.html'\n"
        f"      - url: '{base}/index.html?utm_source=again'\n"
        "    quirks:\n"
        "      next_page_css: 'a.next-page'\n"
        "      drop_css: ['div.sisipan']\n"
        "      drop_lines: ['^Lanjut ke halaman berikutnya']\n"
    )


@pytest.fixture(scope="session")
def crawl_sources(tmp_path_factory: pytest.TempPathFactory, demo_site: DemoSite, static_site: str) -> Path:
    folder = tmp_path_factory.mktemp("sources")
    path = rebased_sources(int(demo_site.base_url.rsplit(":", 1)[1]), folder)
    path.write_text(path.read_text(encoding="utf-8") + "\n" + static_source_yaml(static_site), encoding="utf-8")
    return path


@dataclass
class Crawled:
    db_path: Path
    first: RunSummary
    second: RunSummary
    rows_after_first: int


@pytest.fixture(scope="session")
def crawled(tmp_path_factory: pytest.TempPathFactory, crawl_sources: Path) -> Crawled:
    """Two real crawls of the same loopback sites into one database."""
    import sqlite_utils

    db_path = tmp_path_factory.mktemp("db") / "pantau.db"
    first = run_crawl(crawl_sources, db_path, workers=2, settings=DEMO_SETTINGS)
    rows = sqlite_utils.Database(db_path)["articles"].count
    second = run_crawl(crawl_sources, db_path, workers=2, settings=DEMO_SETTINGS)
    return Crawled(db_path, first, second, rows)
