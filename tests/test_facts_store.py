"""Facts are stored with provenance, replaced atomically, and re-extracted on demand."""

from __future__ import annotations

from pathlib import Path

from crawler.runs.reextract import reextract
from extract.facts.api import extract_facts
from extract.facts.programs import known_programme_ids
from store.facts import refresh_counts, write_facts
from store.schema import open_db
from store.writes import save_article, start_run, sync_sources

TEXT = (
    "SEMARANG - Kepala Dinas Perindustrian dan Perdagangan Provinsi Jawa Tengah, Rahmat Santoso, membuka "
    "Bimbingan Teknis Desain Kemasan bagi 40 pelaku IKM pada Selasa (3/9). Kegiatan program e-Smart IKM itu "
    "menelan anggaran Rp250 juta. \"Kemasan yang baik menaikkan harga jual,\" kata Rahmat."
)


class Source:
    name, title, domains, article_pattern = "kabar", "Kabar", ["127.0.0.1"], "x"


def stored_article(db, text: str = TEXT) -> int:
    sync_sources(db, [Source()])
    run = start_run(db, "s", "")
    _, article_id = save_article(db, {"url": "http://127.0.0.1/a", "source": "kabar", "title": "Bimtek",
                                      "text": text, "published_at": "2024-09-03T10:00:00+07:00",
                                      "content_hash": str(hash(text))}, run)
    return article_id


def test_facts_are_stored_with_provenance() -> None:
    db = open_db(None)
    article_id = stored_article(db)
    write_facts(db, article_id, extract_facts(TEXT, "2024-09-03"), known_programme_ids())
    refresh_counts(db)
    official = next(db.table("officials").rows)
    assert official["name"] == "Rahmat Santoso" and official["mentions"] == 1
    mention = next(db.table("official_mentions").rows_where("rule = 'official.position_name'"))
    assert TEXT[mention["char_start"] : mention["char_end"]] == mention["text"]
    assert mention["sentence"].startswith("SEMARANG") and mention["extractor_version"]
    quote = next(db.table("quotes").rows)
    assert quote["official_id"] == official["id"] and quote["quote"].startswith("Kemasan yang baik")
    figures = {(r["value"], r["unit"]) for r in db.table("facts").rows_where("kind = 'figure'")}
    assert figures == {(40.0, "pelaku"), (250_000_000.0, "IDR")}
    dates = {(r["start_date"], r["end_date"]) for r in db.table("facts").rows_where("kind = 'date'")}
    assert dates == {("2024-09-03", "2024-09-03")}
    programmes = {r["canonical_id"]: r["known"] for r in db.table("programs").rows}
    assert programmes.get("e-smart-ikm") == 1
    money = next(db.table("facts").rows_where("unit = 'IDR'"))
    assert money["program_id"] is not None  # programme named in the same sentence


def test_rewriting_replaces_instead_of_adding() -> None:
    db = open_db(None)
    article_id = stored_article(db)
    facts = extract_facts(TEXT, "2024-09-03")
    write_facts(db, article_id, facts, known_programme_ids())
    before = {t: db.table(t).count for t in ("official_mentions", "program_mentions", "facts", "quotes")}
    write_facts(db, article_id, facts, known_programme_ids())
    assert {t: db.table(t).count for t in before} == before
    assert db.table("officials").count == 1


def test_reextract_rebuilds_facts(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    db = open_db(path)
    stored_article(db)
    db.close()
    counts = reextract(path, workers=1, progress=False)
    assert counts == {"articles": 1, "done": 1, "failed": 0}
    db = open_db(path)
    assert db.table("facts").count == 3 and db.table("officials").count == 1
    assert reextract(path, workers=1, progress=False, only_stale=True)["articles"] == 0
