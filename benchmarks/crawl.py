"""Crawl speed over a generated loopback site: one process (`pantau crawl`) and two workers with one writer.

    python benchmarks/crawl.py --articles 2000

Fetch rate is article pages over the time between the first and the last article request the site saw;
end-to-end rate is article pages over the time until every article is stored (cleaning and facts included).
Distributed mode needs redis-server (scripts/system-deps.sh installs it).
"""

from __future__ import annotations

import argparse
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crawler.runs.run import run_crawl  # noqa: E402
from crawler.sites.load import LoadSite  # noqa: E402
from tests.redis_server import redis_server  # noqa: E402

FAST = {"AUTOTHROTTLE_ENABLED": False, "CONCURRENT_REQUESTS_PER_DOMAIN": 16, "LOG_LEVEL": "WARNING"}


def stored(db: Path) -> int:
    try:
        return int(sqlite3.connect(db).execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return 0


def one_process(articles: int, folder: Path) -> tuple[float, float]:
    with LoadSite(articles) as site:
        sources = folder / "one.yaml"
        sources.write_text(site.sources_yaml(), encoding="utf-8")
        started = time.monotonic()
        summary = run_crawl(sources, folder / "one.db", settings=FAST)
        total = time.monotonic() - started
        assert summary.counts["stored"] == articles, summary.counts
        return articles / (site.article_times[-1] - site.article_times[0]), articles / total


def two_workers(articles: int, folder: Path) -> tuple[float, float]:
    with LoadSite(articles) as site, redis_server(folder) as url:
        sources = folder / "two.yaml"
        sources.write_text(site.sources_yaml(), encoding="utf-8")
        cli = [sys.executable, "-m", "crawler.cli"]
        subprocess.run([*cli, "seed", "--redis-url", url, "--sources", str(sources)], check=True, cwd=ROOT,
                       capture_output=True)
        started = time.monotonic()
        common = ["--redis-url", url, "--sources", str(sources)]
        workers = [subprocess.Popen([*cli, "worker", *common, "--idle", "5", "--warc-dir", str(folder / "warc")],
                                    cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(2)]
        writer = subprocess.Popen([*cli, "writer", *common, "--db", str(folder / "two.db"), "--idle", "5"], cwd=ROOT,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while stored(folder / "two.db") < articles:
            time.sleep(0.2)
        total = time.monotonic() - started
        for process in (*workers, writer):
            process.wait(timeout=120)
        return articles / (site.article_times[-1] - site.article_times[0]), articles / total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pantau-bench-") as name:
        folder = Path(name)
        rows = [("one process (pantau crawl)", *one_process(args.articles, folder)),
                ("two workers + writer (Redis)", *two_workers(args.articles, folder))]
    print(f"{args.articles} article pages on 127.0.0.1")
    print(f"{'mode':<32}{'fetch pages/s':>15}{'end-to-end pages/s':>20}")
    for mode, fetch, end_to_end in rows:
        print(f"{mode:<32}{fetch:>15.1f}{end_to_end:>20.1f}")


if __name__ == "__main__":
    main()
