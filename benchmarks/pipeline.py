"""Articles per second on one core: plain trafilatura vs Pantau's whole pipeline (clean + facts + store).

    python benchmarks/pipeline.py                           # the demo site's article pages
    python benchmarks/pipeline.py --pages ../shared/corpus/html --repeat 3

The ratio (pipeline rate / trafilatura rate) must stay at or above 0.75.
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from extraction_overhead import demo_pages, folder_pages  # noqa: E402
from pantau_configs.models import load_topics  # noqa: E402
from pantau_configs.paths import DEFAULT_TOPICS  # noqa: E402
from trafilatura import bare_extraction  # noqa: E402

from crawler.archive import ArchivedPage  # noqa: E402
from crawler.runs.process import clean_page, store_outcomes  # noqa: E402
from extract.facts.pipeline import get_nlp  # noqa: E402
from store.schema import open_db  # noqa: E402
from store.writes import start_run, sync_sources  # noqa: E402


class _Source:
    name, title, domains, article_pattern = "bench", "Bench", ["example.id"], ".*"


def trafilatura_rate(pages: list[tuple[str, bytes]], repeat: int) -> float:
    started = time.perf_counter()
    for _ in range(repeat):
        for url, body in pages:
            bare_extraction(body.decode("utf-8", "replace"), url=url, with_metadata=True)
    return len(pages) * repeat / (time.perf_counter() - started)


def pipeline_rate(pages: list[tuple[str, bytes]], repeat: int) -> float:
    topics = load_topics(DEFAULT_TOPICS)
    get_nlp()
    with tempfile.TemporaryDirectory() as folder:
        db = open_db(Path(folder) / "bench.db")
        sync_sources(db, [_Source()])
        run = start_run(db, "bench", "")
        started = time.perf_counter()
        for round_number in range(repeat):
            archived = [ArchivedPage(url=f"{url}?r={round_number}", source="bench", status=200,
                                     headers=[("Content-Type", "text/html; charset=utf-8")], body=body)
                        for url, body in pages]
            store_outcomes(db, run, "bench.warc.gz", (clean_page(page, topics) for page in archived))
        elapsed = time.perf_counter() - started
        db.close()
    return len(pages) * repeat / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=Path, help="A folder of saved .html pages (default: the demo site)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    pages = folder_pages(args.pages) if args.pages else demo_pages()
    pipeline_rate(pages[:3], 1)  # warm up: imports, the spaCy pipeline, gazetteers
    plain, full = trafilatura_rate(pages, args.repeat), pipeline_rate(pages, args.repeat)
    print(f"machine: {platform.machine()} python {platform.python_version()}; {len(pages)} pages x {args.repeat}")
    print(f"{'stage':<44}{'articles/s/core':>16}")
    print(f"{'trafilatura bare_extraction (defaults)':<44}{plain:>16.1f}")
    print(f"{'Pantau: clean + relevance + facts + store':<44}{full:>16.1f}")
    print(f"ratio {full / plain:.2f} (floor 0.75)")


if __name__ == "__main__":
    main()
