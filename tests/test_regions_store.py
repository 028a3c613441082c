"""Event regions are stored with provenance, re-extracted, upgraded into old databases, queried and reported."""

from __future__ import annotations

import json
from pathlib import Path

import sqlite_utils
from click.testing import CliRunner

from crawler.cli import main
from crawler.runs.reextract import reextract
from extract.facts.api import extract_facts
from extract.facts.programs import known_programme_ids
from store.analytics import run_query
from store.browse.report import write_report
from store.facts import write_facts
from store.schema import MIGRATIONS, migrate, open_db, schema_version
from store.writes import save_article, start_run, sync_sources

TEXT = ("KENDAL - Dinas Perindustrian Kabupaten Kendal menggelar Bimbingan Teknis Desain Kemasan bagi 40 pelaku IKM "
        "di Gedung Serbaguna Kendal, Selasa (3/9). Peserta berasal dari Kota Semarang dan Kabupaten Batang.")


class Source:
    name, title, domains, article_pattern = "kabar", "Kabar", ["127.0.0.1"], "x"


def database_at(path: Path, version: int) -> sqlite_utils.Database:
    """A database as an older Pantau left it: the first `version` migrations applied."""
    old = sqlite_utils.Database(path)
    migrate(old, to=version)
    return old


def stored_article(db: sqlite_utils.Database, text: str = TEXT) -> int:
    sync_sources(db, [Source()])
    run = start_run(db, "s", "")
    _, article_id = save_article(db, {"url": "http://127.0.0.1/r", "source": "kabar", "title": "Bimtek Kendal",
                                      "text": text, "published_at": "2024-09-03T10:00:00+07:00",
                                      "content_hash": str(hash(text))}, run)
    return article_id


def test_regions_are_stored_with_provenance_and_replaced_on_rewrite() -> None:
    db = open_db(None)
    article_id = stored_article(db)
    facts = extract_facts(TEXT, "2024-09-03")
    write_facts(db, article_id, facts, known_programme_ids())
    write_facts(db, article_id, facts, known_programme_ids())
    rows = list(db.table("article_regions").rows)
    assert [(r["name"], r["level"], r["province"], r["code"]) for r in rows] == [
        ("Kabupaten Kendal", "regency", "Jawa Tengah", "33.24")]
    row = rows[0]
    assert TEXT[row["char_start"]:row["char_end"]] == row["text"] and row["sentence"] and row["rule"]
    assert row["extractor_version"].startswith(facts["extractor_version"] + "+regions-")


def test_reextract_fills_regions_for_stored_articles(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    db = open_db(path)
    stored_article(db)
    assert db.table("article_regions").count == 0
    db.close()
    assert reextract(path, workers=1, progress=False)["done"] == 1
    assert {r["code"] for r in open_db(path).table("article_regions").rows} == {"33.24"}


def test_an_older_database_is_upgraded_with_the_regions_table(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = database_at(path, 5)
    assert "article_regions" not in old.table_names()
    old.close()
    db = open_db(path)
    assert schema_version(db) == len(MIGRATIONS) and "article_regions" in db.table_names()


def test_coverage_by_province_and_the_weekly_report_section(tmp_path: Path) -> None:
    path = tmp_path / "w.db"
    db = open_db(path)
    article_id = stored_article(db)
    write_facts(db, article_id, extract_facts(TEXT, "2024-09-03"), known_programme_ids())
    [province] = run_query(db, "coverage_by_province")
    assert (province["province"], province["province_code"], province["articles"]) == ("Jawa Tengah", "33", 1)
    assert [r["kabupaten_kota"] for r in run_query(db, "coverage_by_regency")] == ["Kabupaten Kendal"]
    db.close()
    report = write_report(path, "2024-W36", tmp_path / "out", progress=False)
    html = report.html.read_text(encoding="utf-8")
    assert "Coverage by province" in html and 'data-province="Jawa Tengah" data-count="1"' in html
    assert (tmp_path / "out" / "coverage_by_province.csv").read_text(encoding="utf-8").count("Jawa Tengah") == 1


def test_regions_predict_writes_one_line_per_record_and_names_bad_input(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    gold = tmp_path / "dev.jsonl"
    gold.write_text(json.dumps({"doc_id": "x1", "text_file": "a.txt", "published": "2024-09-03"}) + "\n")
    result = CliRunner().invoke(main, ["regions-predict", str(gold)])
    assert result.exit_code == 0, result.output
    line = json.loads(result.stdout)
    assert line["doc_id"] == "x1" and [r["name"] for r in line["regions"]] == ["Kabupaten Kendal"]
    gold.write_text(json.dumps({"doc_id": "x2"}) + "\n")
    result = CliRunner().invoke(main, ["regions-predict", str(gold)])
    assert result.exit_code == 1 and "dev.jsonl:1: needs doc_id and text_file" in result.output


def test_datasette_facets_regions_by_province_and_answers_the_canned_query(crawled) -> None:
    import asyncio

    from datasette.app import Datasette

    from store.browse.serve import metadata_for

    ds = Datasette([str(crawled.db_path)], metadata=metadata_for(crawled.db_path))
    name = crawled.db_path.stem

    async def fetch(path: str):
        response = await ds.client.get(path)
        assert response.status_code == 200, (path, response.text[:300])
        return response.json()

    table = asyncio.run(fetch(f"/{name}/article_regions.json?_size=1"))
    provinces = {f["value"]: f["count"] for f in table["facet_results"]["province"]["results"]}
    assert provinces.get("Jawa Tengah", 0) >= 3
    rows = asyncio.run(fetch(f"/{name}/coverage_per_province_programme.json?_shape=array&province=Jawa+Tengah"
                             "&programme="))
    assert rows and all(r["province"] == "Jawa Tengah" for r in rows)
    assert sum(r["articles"] for r in rows) >= provinces["Jawa Tengah"]


DATELINE_ONLY = ("Para perajin anyaman bambu mengikuti pelatihan desain produk selama tiga hari. Kegiatan itu diharapkan "
                 "menambah pilihan produk yang bisa dijual ke pasar ekspor, kata kepala dinas setempat.")


def test_reextract_keeps_the_dateline_town_of_an_article_its_text_does_not_place(tmp_path: Path) -> None:
    path = tmp_path / "d.db"
    db = open_db(path)
    article_id = stored_article(db, DATELINE_ONLY)
    db.table("articles").update(article_id, {"dateline": "MAGELANG, Warta Lokal"})
    db.close()
    assert reextract(path, workers=1, progress=False)["done"] == 1
    rows = list(open_db(path).table("article_regions").rows)
    assert [(r["name"], r["rule"], r["sentence"]) for r in rows] == [
        ("Kota Magelang", "region.dateline_cut", "MAGELANG, Warta Lokal")]


def test_reextract_stale_only_picks_articles_whose_regions_are_of_an_older_extractor(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    db = open_db(path)
    article_id = stored_article(db)
    write_facts(db, article_id, extract_facts(TEXT, "2024-09-03"), known_programme_ids())
    db.close()
    assert reextract(path, workers=1, progress=False, only_stale=True)["articles"] == 0  # all current
    db = open_db(path)
    db.execute("UPDATE article_regions SET extractor_version = 'facts-1+regions-0'")
    db.conn.commit()
    db.close()
    assert reextract(path, workers=1, progress=False, only_stale=True)["articles"] == 1
    assert {r["extractor_version"] for r in open_db(path).table("article_regions").rows} != {"facts-1+regions-0"}


def test_m013_gives_older_articles_their_dateline_back_from_their_dateline_region(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    old = database_at(path, 11)
    article_id = stored_article(old, DATELINE_ONLY)
    old.table("article_regions").insert({"article_id": article_id, "code": "33.71", "name": "Kota Magelang",
                                         "level": "city", "province": "Jawa Tengah", "province_code": "33",
                                         "text": "Magelang", "rule": "region.dateline_cut",
                                         "sentence": "MAGELANG, Warta Lokal", "extractor_version": "facts-1+regions-1"})
    other = save_article(old, {"url": "http://127.0.0.1/s", "source": "kabar", "title": "Lain", "text": TEXT,
                               "content_hash": "h2"}, 1)[1]
    old.close()
    db = open_db(path)
    assert schema_version(db) == len(MIGRATIONS)
    datelines = {r["id"]: r["dateline"] for r in db.table("articles").rows}
    assert datelines == {article_id: "MAGELANG, Warta Lokal", other: None}
