"""Cleaning cuts the dateline from the text but keeps it, so an article placed only by its dateline still gets a region."""

from __future__ import annotations

from extract.boilerplate import opening_dateline
from extract.clean import clean_html
from extract.facts.api import extract_facts
from extract.facts.regions import with_dateline

BODY = (
    "Para perajin anyaman bambu mengikuti pelatihan desain produk selama tiga hari. Kegiatan itu diharapkan "
    "menambah pilihan produk yang bisa dijual ke pasar ekspor, kata kepala dinas setempat kepada wartawan."
)


def page(dateline: str) -> bytes:
    return (f"<html><head><title>Perajin Bambu Belajar Desain Produk</title></head><body><article>"
            f"<h1>Perajin Bambu Belajar Desain Produk</h1><p>{dateline} - {BODY}</p>"
            f"<p>Pelatihan berikutnya dijadwalkan pada bulan depan dengan peserta yang lebih banyak lagi.</p>"
            f"</article></body></html>").encode()


def test_the_dateline_is_cut_from_the_text_and_kept_on_the_article() -> None:
    article = clean_html(page("MAGELANG, Warta Lokal"), "http://127.0.0.1/berita/1")
    assert not article.text.startswith("MAGELANG")
    assert article.dateline == "MAGELANG, Warta Lokal"


def test_an_article_placed_only_by_its_dateline_gets_the_dateline_town() -> None:
    article = clean_html(page("Solo (Kantor Berita)"), "http://127.0.0.1/berita/2")
    regions = with_dateline(extract_facts(article.text)["regions"], article.dateline)
    assert [(r["name"], r["rule"]) for r in regions] == [("Kota Surakarta", "region.dateline_cut")]


def test_a_place_in_the_text_wins_over_the_dateline() -> None:
    text = "Pelatihan desain produk bagi perajin digelar di Kabupaten Kendal, Jawa Tengah, pada Senin. " + BODY
    regions = with_dateline(extract_facts(text)["regions"], "SEMARANG, Warta Lokal")
    assert "Kabupaten Kendal" in [r["name"] for r in regions]
    assert all(r["rule"] != "region.dateline_cut" for r in regions)


def test_no_dateline_no_region_from_it() -> None:
    assert opening_dateline("Para perajin mengikuti pelatihan.\nKalimat kedua.") is None
    assert with_dateline([], None) == []


def test_the_crawl_stores_the_dateline_with_the_article() -> None:
    from pantau_configs.models import load_topics
    from pantau_configs.paths import DEFAULT_TOPICS

    from crawler.archive import ArchivedPage
    from crawler.runs.process import _article_row, clean_page

    archived = ArchivedPage(url="http://127.0.0.1/berita/3", source="lokal", status=200, headers=[],
                            body=page("MAGELANG, Warta Lokal"))
    outcome = clean_page(archived, load_topics(DEFAULT_TOPICS))
    assert _article_row(outcome)["dateline"] == "MAGELANG, Warta Lokal"
