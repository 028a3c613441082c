"""The schema and idempotent writes."""

from pathlib import Path

from store.schema import MIGRATIONS, open_db, schema_version
from store.writes import finish_run, record_error, record_skip, save_article, start_run, sync_sources


class FakeSource:
    name, title, domains, article_pattern = "warta", "Warta", ["127.0.0.1"], "x"


def article(**changes):
    row = {"url": "https://x.example/berita/1", "source": "warta", "title": "Judul", "text": "Isi berita IKM.",
           "published_at": "2024-09-03T10:15:00+07:00", "content_hash": "h1", "matched_terms": {"IKM": 1}}
    return {**row, **changes}


def test_migrations_are_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    open_db(path).close()
    db = open_db(path)
    assert schema_version(db) == len(MIGRATIONS)
    assert {"articles", "articles_fts", "crawl_runs", "crawl_errors", "skipped", "sources"} <= set(db.table_names())
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_save_article_is_an_upsert_by_canonical_url() -> None:
    db = open_db(None)
    sync_sources(db, [FakeSource()])
    run = start_run(db, "sources.yaml", "")
    status, article_id = save_article(db, article(), run)
    assert status == "stored"
    assert save_article(db, article(), run) == ("unchanged", article_id)
    assert save_article(db, article(text="Isi berita IKM, diperbarui.", content_hash="h2"), run) == ("updated", article_id)
    assert db["articles"].count == 1
    row = next(db["articles"].rows)
    assert row["text"] == "Isi berita IKM, diperbarui." and row["first_seen"] <= row["last_seen"]


def test_full_text_search_follows_writes() -> None:
    db = open_db(None)
    sync_sources(db, [FakeSource()])
    run = start_run(db, "s", "")
    save_article(db, article(text="Pelatihan batik tulis di Klaten"), run)
    hits = list(db["articles"].search("batik"))
    assert [h["url"] for h in hits] == ["https://x.example/berita/1"]
    save_article(db, article(text="Pameran kerajinan rotan", content_hash="h3"), run)
    assert list(db["articles"].search("batik")) == []


def test_unknown_source_is_rejected_by_foreign_key() -> None:
    db = open_db(None)
    run = start_run(db, "s", "")
    try:
        save_article(db, article(source="nope"), run)
    except Exception as exc:  # sqlite3.IntegrityError
        assert "FOREIGN KEY" in str(exc)
    else:
        raise AssertionError("an article of an unconfigured source was stored")


def test_run_record_errors_and_skips() -> None:
    db = open_db(None)
    run = start_run(db, "s", "")
    record_error(db, run, "warta", "https://x.example/404", "article", "HTTP 404")
    record_skip(db, run, "https://x.example/bola", "warta", "irrelevant", 0.0)
    record_skip(db, run, "https://x.example/bola", "warta", "irrelevant", 0.0)
    row = finish_run(db, run, "finished", {"found": 3, "errors": 1}, {"warta": {"found": 3}})
    assert (row["status"], row["found"], row["errors"], row["stored"]) == ("finished", 3, 1, 0)
    assert db["skipped"].count == 1 and db["crawl_errors"].count == 1


def _search(db, word: str) -> list[int]:
    return [r[0] for r in db.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", [word])]


def test_the_full_text_index_follows_title_and_text_and_nothing_else() -> None:
    db = open_db(None)
    sync_sources(db, [FakeSource()])
    _, article_id = save_article(db, article(), start_run(db, "sources.yaml", ""))
    before = db.conn.total_changes
    db.execute("UPDATE articles SET last_seen = 'besok', extractor_version = 'facts-9' WHERE id = ?", [article_id])
    assert db.conn.total_changes - before == 1  # the row alone: the index was not rewritten (m012)
    db.execute("UPDATE articles SET title = 'Pelatihan batik' WHERE id = ?", [article_id])
    assert _search(db, "batik") == [article_id] and _search(db, "judul") == []
    db.execute("UPDATE articles SET text = 'Isi baru tentang tenun.' WHERE id = ?", [article_id])
    assert _search(db, "tenun") == [article_id] and _search(db, "berita") == []
    db.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")  # raises if index and rows differ


def test_a_page_skipped_again_keeps_when_it_was_first_seen_and_takes_the_new_verdict() -> None:
    db = open_db(None)
    sync_sources(db, [FakeSource()])
    first, second = start_run(db, "sources.yaml", ""), start_run(db, "sources.yaml", "")
    record_skip(db, first, "https://x.example/bola", "warta", "irrelevant", 0.5, reasons={"decided_by": "umkm"})
    db.execute("UPDATE skipped SET first_seen = '2024-01-01T00:00:00+00:00', last_seen = first_seen")
    record_skip(db, second, "https://x.example/bola", "warta", "duplicate", 2.0, "https://x.example/asli")
    [row] = db["skipped"].rows
    assert (row["first_seen"], row["crawl_run"], row["reason"], row["relevance"], row["detail"],
            row["relevance_reasons"]) == ("2024-01-01T00:00:00+00:00", second, "duplicate", 2.0,
                                          "https://x.example/asli", None)
    assert row["last_seen"] > row["first_seen"]
