"""A dashboard section past Datasette's time limit is left out and named; the page itself still answers."""

from __future__ import annotations

import asyncio
from pathlib import Path

from datasette.app import Datasette

from store.schema import open_db

ARTICLES = 20_000


def big_database(path: Path) -> Path:
    """Enough articles about one programme that its filter takes more than a millisecond."""
    db = open_db(path)
    db.table("sources").insert({"name": "warta", "title": "Warta"})
    db.table("programs").insert({"id": 1, "canonical_id": "bimtek", "name": "Bimtek Batik"})
    with db.conn:
        db.conn.executemany("INSERT INTO articles (id, url, source, title, published_at, content_hash) "
                            "VALUES (?, ?, 'warta', ?, ?, ?)",
                            [(n, f"https://warta.example/{n}", f"Berita {n}", f"2024-{n % 12 + 1:02d}-{n % 28 + 1:02d}",
                              str(n)) for n in range(1, ARTICLES + 1)])
        db.conn.executemany("INSERT INTO program_mentions (program_id, article_id, text) VALUES (1, ?, 'Bimtek')",
                            [(n,) for n in range(1, ARTICLES + 1)])
    db.close()
    return path


def dashboard(path: Path, limit_ms: int) -> tuple[int, str]:
    ds = Datasette([str(path)], settings={"sql_time_limit_ms": limit_ms})
    page = asyncio.run(ds.client.get("/-/dashboard?programme=Bimtek"))
    return page.status_code, page.text


def test_sections_past_the_time_limit_are_named_and_the_page_answers(tmp_path: Path) -> None:
    path = big_database(tmp_path / "big.db")
    status, text = dashboard(path, 1)
    assert status == 200
    assert 'id="too-slow"' in text and "top programmes" in text.split('id="too-slow"')[1].split("</p>")[0]
    status, text = dashboard(path, 3000)  # the limit `pantau serve` sets: everything in time, nothing left out
    assert status == 200 and 'id="too-slow"' not in text
    assert "Bimtek Batik" in text and f"{ARTICLES}</text>" in text
