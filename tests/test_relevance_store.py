"""Relevance reasons through the crawl path: migration m006, stored rows, the borderline query and the CLI."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

import sqlite_utils
import yaml
from click.testing import CliRunner
from pantau_configs.models import load_topics
from pantau_configs.paths import CONFIG_DIR, DEFAULT_TOPICS

from crawler.archive import ArchivedPage
from crawler.cli import main
from crawler.runs.process import clean_page, store_outcomes
from store.schema import MIGRATIONS, migrate, open_db, schema_version
from store.writes import start_run, sync_sources

FIXTURES = Path(__file__).parent / "fixtures" / "relevance"
TOPICS = load_topics(DEFAULT_TOPICS)


class Source:
    name, title, domains, article_pattern = "kabar", "Kabar", ["kabar.example"], "x"


def page_of(text_file: Path) -> bytes:
    """An HTML page of one of our fixture texts: the first line as headline, the rest as paragraphs."""
    title, *paragraphs = [line for line in text_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (f"<html lang='id'><head><title>{escape(title)}</title>"
            f"<meta property='article:published_time' content='2024-09-03T10:00:00+07:00'></head>"
            f"<body><article><h1>{escape(title)}</h1>{body}</article></body></html>").encode()


def archived(name: str, offset: int) -> ArchivedPage:
    kind = "positives" if name.startswith("p") else "negatives"
    return ArchivedPage(url=f"https://kabar.example/berita/{name}", source="kabar", status=200,
                        headers=[("Content-Type", "text/html; charset=utf-8")],
                        body=page_of(FIXTURES / kind / f"{name}.txt"), offset=offset)


def test_m006_upgrades_a_version_5_database(tmp_path: Path) -> None:
    db = sqlite_utils.Database(tmp_path / "old.db")
    migrate(db, to=5)
    assert "relevance_reasons" not in db["skipped"].columns_dict
    assert migrate(db) == len(MIGRATIONS) == schema_version(db)
    assert "relevance_reasons" in db["articles"].columns_dict and "relevance_reasons" in db["skipped"].columns_dict


def test_crawl_path_stores_reasons_on_articles_and_skipped_rows() -> None:
    db = open_db(None)
    sync_sources(db, [Source()])
    run = start_run(db, "sources.yaml", "run.warc.gz")
    names = ["p02_disperindag_latih_penenun", "n05_trade_pasar_murah", "n10_other_indeks_kepuasan"]
    outcomes = [clean_page(archived(name, i), TOPICS) for i, name in enumerate(names)]
    assert outcomes[0].facts is not None and outcomes[1].facts is None  # facts only for what is kept
    counts = store_outcomes(db, run, "run.warc.gz", iter(outcomes))
    assert counts.total["stored"] == 1 and counts.total["irrelevant"] == 2
    kept = json.loads(db.execute("SELECT relevance_reasons FROM articles").fetchone()[0])
    assert kept["decided_by"] == "office_act" and any("Disperindag" in r for r in kept["because"])
    skipped = {url.rsplit("/", 1)[1]: json.loads(reasons) for url, reasons in
               db.execute("SELECT url, relevance_reasons FROM skipped")}
    assert skipped["n05_trade_pasar_murah"]["decided_by"] == "look-alike: trade"
    assert skipped["n05_trade_pasar_murah"]["borderline"] is True
    assert "IKM means Indeks Kepuasan Masyarakat" in skipped["n10_other_indeks_kepuasan"]["against"]


def test_borderline_canned_query_lists_only_borderline_skips() -> None:
    db = open_db(None)
    sync_sources(db, [Source()])
    run = start_run(db, "sources.yaml", "run.warc.gz")
    names = ["n05_trade_pasar_murah", "n10_other_indeks_kepuasan", "n02_umkm_kur_bank"]
    store_outcomes(db, run, "run.warc.gz", iter(clean_page(archived(n, i), TOPICS) for i, n in enumerate(names)))
    config = yaml.safe_load((CONFIG_DIR / "datasette.yaml").read_text(encoding="utf-8"))
    sql = config["databases"]["pantau"]["queries"]["borderline_articles"]["sql"]
    rows = [dict(r) for r in db.query(sql)]
    assert [r["url"].rsplit("/", 1)[1] for r in rows] == ["n05_trade_pasar_murah"]
    assert rows[0]["decided_by"] == "look-alike: trade" and "trade" in rows[0]["against"]


def test_clean_prints_relevance_reasons(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(page_of(FIXTURES / "negatives" / "n08_labour_blk.txt"))
    result = CliRunner().invoke(main, ["clean", str(page), "--url", "https://kabar.example/berita/9"])
    assert result.exit_code == 0, result.output
    article = json.loads(result.stdout)
    assert article["relevant"] is False and article["relevance"] > 0
    assert article["relevance_reasons"]["decided_by"] == "look-alike: labour"


def test_eval_relevance_prints_counts_and_fails_over_the_floor() -> None:
    pos, neg = str(FIXTURES / "positives"), str(FIXTURES / "negatives")
    result = CliRunner().invoke(main, ["eval-relevance", "--pos", pos, "--neg", neg,
                                       "--min-pos-kept", "1", "--max-neg-kept", "0"])
    assert result.exit_code == 0, result.output
    assert "positives kept 7/7, look-alikes kept 0/11" in result.output
    assert "trade" in result.output and "mistakes: 0" in result.output
    swapped = CliRunner().invoke(main, ["eval-relevance", "--pos", neg, "--neg", pos, "--max-neg-kept", "1"])
    assert swapped.exit_code == 1
    assert "below the floor" in swapped.output and "look-alikes kept 7 > 1" in swapped.output
    assert "n05_trade_pasar_murah.txt (positive) rejected: look-alike: trade" in swapped.output


def test_datasette_shows_reasons_and_the_borderline_query(tmp_path: Path) -> None:
    import asyncio

    from datasette.app import Datasette

    from store.browse.serve import metadata_for

    path = tmp_path / "pantau.db"
    db = open_db(path)
    sync_sources(db, [Source()])
    run = start_run(db, "sources.yaml", "run.warc.gz")
    names = ["p01_ditjen_ikma_bimtek", "n05_trade_pasar_murah", "n11_other_ikatan_keluarga"]
    store_outcomes(db, run, "run.warc.gz", iter(clean_page(archived(n, i), TOPICS) for i, n in enumerate(names)))
    db.close()
    ds = Datasette([str(path)], metadata=metadata_for(path))

    async def fetch(url: str) -> list[dict]:
        response = await ds.client.get(url)
        assert response.status_code == 200, response.text[:300]
        rows: list[dict] = response.json()
        return rows

    borderline = asyncio.run(fetch("/pantau/borderline_articles.json?_shape=array"))
    assert [r["url"].rsplit("/", 1)[1] for r in borderline] == ["n05_trade_pasar_murah"]
    articles = asyncio.run(fetch("/pantau/articles.json?_shape=array&_col=relevance_reasons"))
    assert json.loads(articles[0]["relevance_reasons"])["decided_by"] == "actor"
