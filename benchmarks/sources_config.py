"""Loading and matching the shipped sources config: parse + validate time, and URLs matched per second.

    python benchmarks/sources_config.py [--repeat 3]

The config holds hundreds of sources and every kabupaten/kota portal domain; every command that reads it
(crawl, nightly, worker, `sources which`) pays the load once, and `sources which` the match per URL.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pantau_configs.models import load_sources  # noqa: E402
from pantau_configs.paths import DEFAULT_SOURCES  # noqa: E402

from crawler.source_match import SourceMatcher  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    loads = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        config = load_sources(DEFAULT_SOURCES)
        loads.append(time.perf_counter() - start)
    matcher = SourceMatcher(config)
    urls = [u for s in config.sources if s.examples for u in (*s.examples.accept, *s.examples.reject)]
    start = time.perf_counter()
    for url in urls:
        matcher.which(url)
    elapsed = time.perf_counter() - start
    print(f"{len(config.sources)} sources, {sum(len(s.domains) for s in config.sources)} domains")
    print(f"load + validate: best {min(loads):.2f} s of {args.repeat}")
    print(f"which: {len(urls)} URLs in {elapsed:.2f} s ({len(urls) / elapsed:.0f} URLs/s, patterns compiled once)")


if __name__ == "__main__":
    main()
