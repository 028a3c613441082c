"""A distributed worker's cleaning pool, under a running reactor: archived pages come back cleaned exactly as inline
cleaning does them, but from other processes, so the reactor's thread goes on while they are cleaned."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
ASYNCIO = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"  # Scrapy's default: the workers run on it
EPOLL = "twisted.internet.epollreactor.EPollReactor"
# The reactor runs once per process, and Scrapy installs its own: the pool is driven from a script of its own.
SCRIPT = """
import json, multiprocessing, sys
from dataclasses import asdict
from datetime import datetime, timezone

from scrapy.utils.reactor import install_reactor

install_reactor(sys.argv[2])
from pantau_configs.models import load_topics
from pantau_configs.paths import DEFAULT_TOPICS
from scrapy.utils.defer import deferred_from_coro, maybe_deferred_to_future
from twisted.internet import defer, task

from crawler.archive import ArchivedPage, WarcArchive
from crawler.distributed.cleaning import CleaningPool
from crawler.runs.process import clean_page
from crawler.sites.load import article_html

HTML = [("text/html; charset=utf-8", article_html(n, datetime(2024, 5, n, tzinfo=timezone.utc))) for n in (1, 2, 3)]
HTML.append(("text/html", b"<html><body><p>404</p></body></html>"))  # not an article: an error outcome


async def run(pool, warc, offsets):
    cleaning = [deferred_from_coro(pool.clean(str(warc.path), offset)) for offset in offsets]
    returned_at_once = [d.called for d in cleaning]  # before the reactor turns (asyncio: never, each is a task)
    outcomes = await maybe_deferred_to_future(defer.gatherResults(cleaning))
    children = len(multiprocessing.active_children())
    return {"at_once": returned_at_once, "children": children, "outcomes": [asdict(o) for o in outcomes]}


async def main(warc_dir):
    topics = load_topics(DEFAULT_TOPICS)
    warc = WarcArchive(f"{warc_dir}/pages.warc.gz")
    pages = [ArchivedPage(f"http://127.0.0.1/berita/{n}.html", "kabar", 200, [("Content-Type", kind)], body,
                          via="http://127.0.0.1/agg" if n == 2 else "") for n, (kind, body) in enumerate(HTML, 1)]
    offsets = [warc.write(page) for page in pages]
    inline = [asdict(clean_page(ArchivedPage(**{**asdict(p), "offset": o}), topics)) for p, o in zip(pages, offsets)]
    results = {"inline": inline}
    for size in (1, 2):
        pool = CleaningPool(topics, {}, size)
        results[str(size)] = await run(pool, warc, offsets)
        pool.close()
    print(json.dumps(results, default=bytes.hex), flush=True)  # story signatures are bytes


if __name__ == "__main__":
    task.react(lambda _reactor: deferred_from_coro(main(sys.argv[1])))
"""


@pytest.mark.parametrize("reactor", [ASYNCIO, EPOLL])
def test_pool_cleans_like_inline_without_holding_the_reactor(tmp_path: Path, reactor: str) -> None:
    script = tmp_path / "pool.py"
    script.write_text(SCRIPT, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script), str(tmp_path), reactor], cwd=REPO, capture_output=True,
                          text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads(done.stdout.strip().splitlines()[-1])
    inline = results["inline"]
    assert [o["error"] is None for o in inline] == [True, True, True, False]  # the fixture is what it claims
    assert inline[1]["via"] == "http://127.0.0.1/agg" and inline[0]["article"]["title"]
    one, pooled = results["1"], results["2"]
    assert one["outcomes"] == pooled["outcomes"] == inline
    assert pooled["children"] >= 2
    if reactor == EPOLL:  # a coroutine runs at once up to its first wait (on asyncio it starts as a task later)
        assert one["at_once"] == [True] * 4  # pool size 1: cleaned inline, in the reactor's thread, as before
        assert pooled["at_once"] == [False] * 4  # the pool: each page's result arrives later, through the reactor
