"""One saved article page per configured outlet (our own text in the outlet's layout), cleaned end to end.

Each page in tests/pages/outlets/ imitates how that outlet prints an article: its containers, dateline,
"Baca juga" inserts, ads, byline and editor lines, related lists, share bars, footers and date metadata.
tests/pages/outlets/expected.json says what the cleaned article must be: URL, headline, date, how the text
starts and ends, and boilerplate from the page that must not reach the text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pantau_configs.models import Quirks, Source, load_sources
from pantau_configs.paths import DEFAULT_SOURCES

from extract.canonical import canonicalize_url
from extract.clean import clean_html

OUTLETS = Path(__file__).parent / "pages" / "outlets"
EXPECTED_FILE = OUTLETS / "expected.json"
FIELDS = {"url", "title", "published", "first", "last", "absent"}


def _outlet_sources() -> dict[str, Source]:
    """Enabled outlets with quirks (each keeps a page of its own here) or with a saved page; the others need only
    their pattern examples (tests/test_source_patterns.py). Aggregators such as Google News have no page."""
    config = load_sources(DEFAULT_SOURCES)
    return {s.name: s for s in config.enabled() if not s.quirks.aggregator
            and (s.quirks != Quirks() or (OUTLETS / f"{s.name}.html").is_file())}


SOURCES = _outlet_sources()
ALL_NAMES = {s.name for s in load_sources(DEFAULT_SOURCES).sources}
EXPECTED: dict[str, dict] = json.loads(EXPECTED_FILE.read_text(encoding="utf-8")) if EXPECTED_FILE.exists() else {}


def test_every_outlet_has_a_page_and_an_expectation() -> None:
    missing_pages = sorted(name for name in SOURCES if not (OUTLETS / f"{name}.html").is_file())
    missing_entries = sorted(name for name in SOURCES if name not in EXPECTED)
    stale = sorted(name for name in EXPECTED if name not in ALL_NAMES)
    assert not missing_pages, f"outlets without a page in {OUTLETS}: {missing_pages}"
    assert not missing_entries, f"outlets without an entry in {EXPECTED_FILE.name}: {missing_entries}"
    assert not stale, f"{EXPECTED_FILE.name} has entries for sources no longer configured: {stale}"


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_expectation_is_well_formed(name: str) -> None:
    expected = EXPECTED.get(name)
    if expected is None:
        pytest.fail(f"no entry for {name!r} in {EXPECTED_FILE.name}")
    assert set(expected) == FIELDS
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", expected["published"])
    assert len(expected["first"].split()) >= 8
    assert len(expected["last"].split()) >= 6
    assert 2 <= len(expected["absent"]) <= 4
    page = OUTLETS / f"{name}.html"
    if page.is_file():
        html = page.read_text(encoding="utf-8")
        for junk in expected["absent"]:
            assert junk in html, f"{junk!r} is not in {page.name}, so its absence from the text proves nothing"


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_discovery_accepts_the_article_url(name: str) -> None:
    expected = EXPECTED.get(name)
    if expected is None:
        pytest.fail(f"no entry for {name!r} in {EXPECTED_FILE.name}")
    url = expected["url"]
    assert re.search(SOURCES[name].article_pattern, url), f"{url} does not match {SOURCES[name].article_pattern}"
    assert canonicalize_url(url) == url


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_outlet_page_is_cleaned(name: str) -> None:
    page, expected = OUTLETS / f"{name}.html", EXPECTED.get(name)
    if expected is None or not page.is_file():
        pytest.fail(f"{name!r} needs both {page.name} and an entry in {EXPECTED_FILE.name}")

    article = clean_html(page.read_bytes(), expected["url"], quirks=SOURCES[name].quirks)

    # Every check is made and every miss reported together, so one run shows all that a layout breaks.
    problems = []
    if article.url != expected["url"]:
        problems.append(f"url is {article.url!r}")
    if article.title != expected["title"]:
        problems.append(f"title is {article.title!r}")
    if (article.published or "")[:10] != expected["published"]:
        problems.append(f"published is {article.published!r}, expected {expected['published']}")
    if not article.text.startswith(expected["first"]):
        problems.append(f"text does not start with the lead; it starts {article.text[:160]!r}")
    if not article.text.rstrip().endswith(expected["last"]):
        problems.append(f"text does not end with the last paragraph; it ends {article.text.rstrip()[-160:]!r}")
    leaked = [junk for junk in expected["absent"] if junk in article.text]
    if leaked:
        problems.append(f"boilerplate in the text: {leaked}")
    if article.lang != "id":
        problems.append(f"lang is {article.lang!r}")
    assert not problems, f"{name}:\n  " + "\n  ".join(problems)
