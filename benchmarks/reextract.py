"""Time `pantau reextract` over N archived articles: facts only, and cleaning again from the WARC archive,
on one core and on all cores.

    python benchmarks/reextract.py --articles 10000

The archive is made by a real crawl of the generated loopback site (crawler/sites/load.py) into a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from crawler.runs.reextract import rebuild_from_archive, reextract  # noqa: E402
from crawler.runs.run import run_crawl  # noqa: E402
from crawler.sites.load import LoadSite  # noqa: E402

FAST = {"AUTOTHROTTLE_ENABLED": False, "CONCURRENT_REQUESTS_PER_DOMAIN": 16}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pantau-reextract-") as name, LoadSite(args.articles) as site:
        folder = Path(name)
        sources = folder / "sources.yaml"
        sources.write_text(site.sources_yaml(max_pages=1000), encoding="utf-8")
        db = folder / "pantau.db"
        started = time.perf_counter()
        summary = run_crawl(sources, db, settings=FAST)
        crawl_s = time.perf_counter() - started
        warc = sum(p.stat().st_size for p in (folder / "warc").glob("*.warc.gz"))
        rows = []
        for label, job in (("facts only", lambda w: reextract(db, workers=w, progress=False)),
                           ("clean + facts from the archive", lambda w: rebuild_from_archive(db, sources, w, False))):
            for workers in (1, os.cpu_count() or 1):
                started = time.perf_counter()
                job(workers)
                rows.append((label, workers, time.perf_counter() - started))
        db_bytes = db.stat().st_size
    stored = summary.counts["stored"]
    print(f"{stored} articles crawled and stored in {crawl_s:.0f}s (the archive to re-extract from)")
    print(f"{'re-extraction':<34}{'cores':>6}{'seconds':>10}{'articles/s':>12}")
    for label, workers, seconds in rows:
        print(f"{label:<34}{workers:>6}{seconds:>10.1f}{stored / seconds:>12.1f}")
    print(f"storage: {db_bytes / stored:,.0f} bytes/article in SQLite, "
          f"{warc / stored:,.0f} bytes/article in the WARC archive")


if __name__ == "__main__":
    main()
