"""Measure link discovery on saved listings (expected_links.json) and feed parsing (feeds/index.json).

The parsers are passed in by the caller (the CLI hands over crawler.discovery's), so evaluation never imports the crawler.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ListingParser = Callable[[bytes, str], list[str]]
FeedParser = Callable[[bytes], Sequence[Any]]


def listing_recall(corpus: Path, listing_links: ListingParser) -> list[tuple[str, int, int, bool]]:
    """(listing file, expected links found, expected links, found in the expected order) per listing."""
    expected = json.loads((corpus / "listings" / "expected_links.json").read_text(encoding="utf-8"))
    rows = []
    for name, entry in expected.items():
        links = listing_links((corpus / name).read_bytes(), entry.get("base_url") or entry.get("page_url") or "")
        wanted = entry["expected_urls"]
        positions = [links.index(url) for url in wanted if url in links]
        rows.append((name, len(positions), len(wanted), positions == sorted(positions)))
    return rows


def feed_items(corpus: Path, feed_entries: FeedParser) -> list[tuple[str, int, int]]:
    """(feed file, items parsed, items in the feed) per saved feed."""
    index = json.loads((corpus / "feeds" / "index.json").read_text(encoding="utf-8"))
    entries = index.items() if isinstance(index, dict) else [(e["file"], e) for e in index]
    rows = []
    for name, entry in entries:
        path = corpus / name if (corpus / name).exists() else corpus / "feeds" / name
        rows.append((name, len(feed_entries(path.read_bytes())), int(entry["item_count"])))
    return rows
