"""Where one page's time goes, stage by stage (CPU ms per page), over generated outlet-sized pages.

    python benchmarks/page_profile.py --pages 60
    python benchmarks/page_profile.py --small --pages 400   # the load site's short articles (the 10,000-article crawl)

The stages follow extract.clean.clean_html and crawler.runs.process: decode, parse, pre-clean (dates, headlines, teaser
cards, loose text), trafilatura, post-clean (title, boilerplate lines, language), relevance, facts, then storing
the article with its facts (store) and what the full-text index adds to that (FTS: the same rows stored again
without the FTS triggers). Plain trafilatura over the same pages is the yardstick.
"""

from __future__ import annotations

import argparse
import copy
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import lxml.html  # noqa: E402
from outlet_pages import outlet_page  # noqa: E402
from pantau_configs.models import load_topics  # noqa: E402
from pantau_configs.paths import DEFAULT_TOPICS  # noqa: E402
from trafilatura import bare_extraction  # noqa: E402

from crawler.archive import ArchivedPage  # noqa: E402
from crawler.runs.process import Outcome, _article_row, clean_page, store_outcomes  # noqa: E402
from crawler.sites.load import LoadSite, article_html  # noqa: E402
from extract import clean  # noqa: E402
from extract.facts.api import extract_facts  # noqa: E402
from extract.relevance import score_relevance  # noqa: E402
from store.schema import open_db  # noqa: E402
from store.writes import start_run, sync_sources  # noqa: E402

URL = "http://127.0.0.1:8000/berita/{}.html"


class _Source:
    name, title, domains, article_pattern = "bench", "Bench", ["127.0.0.1"], ".*"


def _timed(times: Counter[str], stage: str, call: Callable[[], Any]) -> Any:
    started = time.process_time()
    result = call()
    times[stage] += time.process_time() - started
    return result


def clean_stages(body: bytes, url: str, times: Counter[str]) -> clean.CleanedArticle:
    """clean_html's steps, each timed (kept in step with extract/clean.py)."""
    markup = _timed(times, "decode", lambda: clean.decode_html(body, None))
    parse = getattr(clean, "parse_html", lxml.html.fromstring)  # older checkouts parse inline
    tree = _timed(times, "parse", lambda: parse(markup))

    found: dict[str, Any] = {}

    def pre_clean() -> Any:
        found["published"] = clean.find_published(tree)
        clean.headlines(tree)
        if hasattr(clean, "drop_page_chrome"):  # this checkout's clean_html also reads bylines and drops page chrome
            clean.shown_time(tree)
            clean.page_authors(tree)
            # clean_html deep-copied the tree before dropping chrome until it re-parsed only for its fallback
            own = tree if hasattr(clean, "_full_tree") else copy.deepcopy(tree)
            lists = getattr(clean, "drop_link_lists", lambda t: t)  # lists of linked cards, dropped since issue 15
            return clean.wrap_loose_text(clean.drop_teaser_cards(lists(clean.drop_page_chrome(own))))
        return clean.wrap_loose_text(clean.drop_teaser_cards(tree))

    prepared = _timed(times, "pre-clean", pre_clean)
    def run_trafilatura() -> Any:
        if hasattr(clean, "only_what_can_change_the_article"):  # as clean_html calls it since the ninth pass
            with clean.only_what_can_change_the_article(date_wanted=not found["published"]):
                return bare_extraction(prepared, options=clean._options_for(url, not found["published"]))
        return bare_extraction(prepared, url=url, with_metadata=True, include_comments=False, include_tables=False,
                               favor_precision=True,
                               date_extraction_params={"extensive_search": True, "original_date": True})

    doc = _timed(times, "trafilatura", run_trafilatura)

    if doc is None:
        raise clean.NotAnArticle("no main text")

    def post_clean() -> None:
        title = clean.prefer_headline(clean.clean_title(doc.title or "", doc.sitename), [], doc.sitename)
        text = clean.drop_boilerplate_lines(clean._strip_leading_title(doc.text or "", doc.title or ""), title)
        clean.detect_language(text)
        clean.choose_canonical(url, doc.url)

    _timed(times, "post-clean", post_clean)
    return clean.clean_html(body, url)


def profile(pages: list[tuple[str, bytes]], generated: bool = True) -> tuple[Counter[str], float]:
    """Stage times over the pages (every generated page is an IKM article; saved pages may be anything)."""
    topics = load_topics(DEFAULT_TOPICS)
    extract_facts("Kepala Dinas Perindustrian Kota Solo, Budi Santoso, membuka program Santripreneur.")
    for url, body in pages[:3]:  # rules and patterns compile on first use: not a per-page cost
        clean_page(ArchivedPage(url=url, source="bench", status=200, headers=[], body=body), topics)
    times: Counter[str] = Counter()
    outcomes = []
    for url, body in pages:
        try:
            article = clean_stages(body, url, times)
        except clean.NotAnArticle:
            continue
        times["pages"] += 1
        relevance = _timed(times, "relevance", lambda a=article: score_relevance(a.title, a.text, topics))
        _timed(times, "facts", lambda a=article: extract_facts(a.text, a.published))
        outcomes.append(clean_page(ArchivedPage(url=url, source="bench", status=200, headers=[], body=body), topics))
        assert relevance.relevant or not generated
    # saved pages are mostly not IKM news: store each as if it were, with its facts, to time the storing
    stored = [o if o.relevant else replace(o, relevant=True, facts=extract_facts(o.article["text"]))
              for o in outcomes if o.article]
    times["store"], times["FTS"] = store_times(stored)
    started = time.process_time()
    for url, body in pages:
        bare_extraction(body.decode("utf-8", errors="replace"), url=url, with_metadata=True)
    return times, time.process_time() - started


def store_times(outcomes: list[Outcome]) -> tuple[float, float]:
    """CPU seconds to store the outcomes with the FTS triggers, and what the triggers add."""
    spent = []
    with tempfile.TemporaryDirectory() as folder:
        for fts in (True, False):
            db = open_db(Path(folder) / f"fts-{fts}.db")
            sync_sources(db, [_Source()])
            if not fts:
                for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
                    db.execute(f"DROP TRIGGER {name}")
            run = start_run(db, "bench", "")
            started = time.process_time()
            for start in range(0, len(outcomes), 16):
                with db.atomic():
                    store_outcomes(db, run, "bench.warc.gz", outcomes[start:start + 16])
            spent.append(time.process_time() - started)
            assert _article_row(outcomes[0])["url"]
            db.close()
    return spent[0], spent[0] - spent[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=60)
    parser.add_argument("--small", action="store_true", help="profile the generated short articles of the load site "
                        "(crawler/sites/load.py: ~140 words, what the 10,000-article crawl fetches) instead")
    parser.add_argument("--html", type=Path, help="profile the saved .html pages under this folder instead (e.g. "
                        "../shared/corpus/html: real outlets' pages, read in place, never copied)")
    args = parser.parse_args()
    if args.html:
        files = sorted(args.html.rglob("*.htm*"))
        pages = [(f"http://127.0.0.1:8000/{f.relative_to(args.html)}", f.read_bytes()) for f in files]
    else:
        when, page = LoadSite(0).when, article_html if args.small else outlet_page
        pages = [(URL.format(n), page(n, when(n))) for n in range(1, args.pages + 1)]
    times, plain = profile(pages, generated=not args.html)
    count = times.pop("pages")
    store, fts = times.pop("store"), times.pop("FTS")
    order = ("decode", "parse", "pre-clean", "trafilatura", "post-clean", "relevance", "facts")
    rows = [*((stage, times[stage]) for stage in order), ("store (without FTS)", store - fts), ("FTS", fts)]
    total = sum(v for _, v in rows)
    kind = f"saved pages from {args.html}" if args.html else "short articles" if args.small else "outlet-sized pages"
    print(f"{count} {kind} (mean {sum(len(b) for _, b in pages) / len(pages) / 1024:.0f} KB); CPU ms per page")
    print(f"{'stage':<22}{'ms':>8}{'share':>8}")
    for stage, seconds in rows:
        print(f"{stage:<22}{1000 * seconds / count:>8.1f}{100 * seconds / total:>7.0f}%")
    print(f"{'total':<22}{1000 * total / count:>8.1f}")
    print(f"{'plain trafilatura':<22}{1000 * plain / count:>8.1f}   (pipeline / trafilatura: {plain / total:.2f})")


if __name__ == "__main__":
    main()
