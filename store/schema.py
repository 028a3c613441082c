"""The database schema as code: ordered migrations tracked in PRAGMA user_version."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import sqlite_utils

from store.connections import set_up

Migration = Callable[[sqlite_utils.Database], None]


def _m001_foundation(db: sqlite_utils.Database) -> None:
    db.table("sources").create(
        {"name": str, "title": str, "domains": str, "article_pattern": str, "updated_at": str},
        pk="name",
    )
    db.table("crawl_runs").create(
        {
            "id": int, "started_at": str, "finished_at": str, "status": str, "sources_file": str,
            "warc_file": str, "found": int, "fetched": int, "stored": int, "updated": int,
            "unchanged": int, "irrelevant": int, "duplicates": int, "errors": int,
            "per_source": str, "duration_s": float,
        },
        pk="id",
    )
    db.table("articles").create(
        {
            "id": int, "url": str, "source": str, "title": str, "author": str, "published_at": str,
            "published_month": str,
            "description": str, "text": str, "lang": str, "sitename": str, "tags": str,
            "relevance": float, "matched_terms": str, "content_hash": str, "fetched_url": str,
            "first_seen": str, "last_seen": str, "crawl_run": int, "warc_file": str, "warc_offset": int,
        },
        pk="id",
        not_null={"url", "source", "content_hash"},
        foreign_keys=[("source", "sources", "name"), ("crawl_run", "crawl_runs", "id")],
    )
    db.table("articles").create_index(["url"], unique=True)
    db.table("articles").create_index(["published_at"])
    db.table("articles").create_index(["source", "published_at"])
    db.table("articles").create_index(["content_hash"])
    db.table("articles").enable_fts(["title", "text"], create_triggers=True)
    db.table("skipped").create(
        {"url": str, "source": str, "reason": str, "relevance": float, "detail": str,
         "first_seen": str, "last_seen": str, "crawl_run": int},
        pk="url",
        foreign_keys=[("crawl_run", "crawl_runs", "id")],
    )
    db.table("crawl_errors").create(
        {"id": int, "crawl_run": int, "source": str, "url": str, "stage": str, "reason": str, "at": str},
        pk="id",
        foreign_keys=[("crawl_run", "crawl_runs", "id")],
    )
    db.table("crawl_errors").create_index(["crawl_run"])


def _m002_facts(db: sqlite_utils.Database) -> None:
    db.table("articles").add_column("extractor_version", str)
    db.table("officials").create(
        {"id": int, "key": str, "name": str, "position": str, "position_normalized": str, "organization": str,
         "mentions": int, "first_seen": str, "last_seen": str},
        pk="id", not_null={"key", "name"},
    )
    db.table("officials").create_index(["key"], unique=True)
    db.table("programs").create(
        {"id": int, "canonical_id": str, "name": str, "known": int, "mentions": int, "first_seen": str},
        pk="id", not_null={"canonical_id", "name"},
    )
    db.table("programs").create_index(["canonical_id"], unique=True)
    provenance = {"sentence": str, "char_start": int, "char_end": int, "rule": str, "extractor_version": str}
    db.table("official_mentions").create(
        {"id": int, "official_id": int, "article_id": int, "name": str, "position": str, "organization": str,
         "text": str, **provenance},
        pk="id", foreign_keys=[("official_id", "officials", "id"), ("article_id", "articles", "id")],
    )
    db.table("program_mentions").create(
        {"id": int, "program_id": int, "article_id": int, "text": str, **provenance},
        pk="id", foreign_keys=[("program_id", "programs", "id"), ("article_id", "articles", "id")],
    )
    db.table("quotes").create(
        {"id": int, "official_id": int, "article_id": int, "quote": str, "verb": str, **provenance},
        pk="id", foreign_keys=[("official_id", "officials", "id"), ("article_id", "articles", "id")],
    )
    db.table("facts").create(
        {"id": int, "article_id": int, "kind": str, "text": str, "value": float, "unit": str, "figure_type": str,
         "start_date": str, "end_date": str, "program_id": int, **provenance},
        pk="id", foreign_keys=[("article_id", "articles", "id"), ("program_id", "programs", "id")],
    )
    db.table("entities").create(
        {"id": int, "article_id": int, "kind": str, "name": str, "text": str, **provenance},
        pk="id", foreign_keys=[("article_id", "articles", "id")],
    )
    for table, columns in (("official_mentions", ["official_id"]), ("official_mentions", ["article_id"]),
                           ("program_mentions", ["program_id"]), ("program_mentions", ["article_id"]),
                           ("quotes", ["official_id"]), ("quotes", ["article_id"]), ("facts", ["article_id"]),
                           ("facts", ["program_id", "kind"]), ("facts", ["kind", "unit"]), ("entities", ["article_id"]),
                           ("entities", ["kind", "name"])):
        db.table(table).create_index(columns)


def _m003_operations(db: sqlite_utils.Database) -> None:
    """Nightly operations: run kind, request and skip counters, failures by reason, conditional-request validators."""
    runs = db.table("crawl_runs")
    for column, kind in (("kind", str), ("known", int), ("not_modified", int), ("over_limit", int),
                         ("requests", int), ("failures", str), ("failed_sources", str), ("exit_code", int),
                         ("recovered_by", int)):  # recovered_by: the run that stored what a killed run had fetched
        runs.add_column(column, kind)
    db.table("http_validators").create(
        {"url": str, "source": str, "etag": str, "last_modified": str, "checked_at": str, "crawl_run": int},
        pk="url",
    )
    db.table("crawl_errors").create_index(["source", "stage"])
    db.table("articles").create_index(["warc_file"])
    db.table("articles").create_index(["fetched_url"])


WEEK = "strftime('%Y-W%W', substr({col}, 1, 10))"
VIEWS = {
    "coverage_per_programme_week": f"""
        SELECT p.name AS programme, {WEEK.format(col='a.published_at')} AS week,
               count(DISTINCT a.id) AS articles, count(DISTINCT a.source) AS outlets
        FROM program_mentions m JOIN programs p ON p.id = m.program_id JOIN articles a ON a.id = m.article_id
        WHERE a.published_at IS NOT NULL GROUP BY p.id, week""",
    "coverage_per_outlet": """
        SELECT a.source AS outlet, count(DISTINCT a.id) AS articles, min(a.published_at) AS first_published,
               max(a.published_at) AS last_published, count(DISTINCT m.program_id) AS programmes
        FROM articles a LEFT JOIN program_mentions m ON m.article_id = a.id GROUP BY a.source""",
    "share_of_voice": """
        SELECT a.source AS outlet, p.name AS programme, count(DISTINCT a.id) AS articles,
               round(100.0 * count(DISTINCT a.id) / (SELECT count(DISTINCT m2.article_id) FROM program_mentions m2
                                                      WHERE m2.program_id = p.id), 1) AS share_pct
        FROM program_mentions m JOIN programs p ON p.id = m.program_id JOIN articles a ON a.id = m.article_id
        GROUP BY a.source, p.id""",
    "officials_quoted": """
        SELECT o.id AS official_id, o.name AS official, o.position, count(q.id) AS quotes,
               count(DISTINCT q.article_id) AS articles, max(a.published_at) AS last_quoted,
               (SELECT q2.quote FROM quotes q2 JOIN articles a2 ON a2.id = q2.article_id WHERE q2.official_id = o.id
                ORDER BY a2.published_at DESC LIMIT 1) AS latest_quote
        FROM quotes q JOIN officials o ON o.id = q.official_id JOIN articles a ON a.id = q.article_id GROUP BY o.id""",
    "figures_per_programme": """
        SELECT p.name AS programme, a.published_at, f.text, f.value, f.unit, a.source, a.title, f.sentence,
               f.article_id
        FROM facts f JOIN programs p ON p.id = f.program_id JOIN articles a ON a.id = f.article_id
        WHERE f.kind = 'figure'""",
    "stories_by_pickup": """
        SELECT s.id AS story_id, s.title, s.origin_source, s.pickup, s.articles, s.outlets, s.first_seen,
               s.last_seen, s.programmes, s.officials, s.origin_article_id
        FROM stories s""",
    "new_articles_since_yesterday": """
        SELECT a.first_seen, a.published_at, a.source, a.title, a.url, a.id
        FROM articles a WHERE a.first_seen >= datetime('now', '-1 day')""",
}


def _m004_analytics(db: sqlite_utils.Database) -> None:
    """Stories (near-duplicate groups) and the views communications teams read."""
    db.table("stories").create(
        {"id": int, "origin_article_id": int, "title": str, "origin_source": str, "articles": int, "pickup": int,
         "outlets": str, "first_seen": str, "last_seen": str, "programmes": str, "officials": str, "updated_at": str},
        pk="id", foreign_keys=[("origin_article_id", "articles", "id")],
    )
    db.table("story_articles").create(
        {"story_id": int, "article_id": int, "is_origin": int, "similarity": float},
        pk=("story_id", "article_id"), foreign_keys=[("story_id", "stories", "id"), ("article_id", "articles", "id")],
    )
    db.table("story_articles").create_index(["article_id"])
    db.table("stories").create_index(["pickup"])
    db.table("quotes").create_index(["official_id", "article_id"], if_not_exists=True)
    for name, sql in VIEWS.items():
        db.execute(f"DROP VIEW IF EXISTS {name}")
        db.execute(f"CREATE VIEW {name} AS {sql}")


def _m005_summaries(db: sqlite_utils.Database) -> None:
    """Summary tables for the canned queries (refreshed after each run), and the indexes the views need at scale."""
    from store.summaries import create_summaries, refresh_summaries

    create_summaries(db)
    db.table("articles").create_index(["first_seen"], if_not_exists=True)
    refresh_summaries(db)


def _m007_article_regions(db: sqlite_utils.Database) -> None:
    """Event places of each article (province, kabupaten/kota with Kemendagri codes), with provenance."""
    db.table("article_regions").create(
        {"id": int, "article_id": int, "code": str, "name": str, "level": str, "province": str,
         "province_code": str, "text": str, "sentence": str, "char_start": int, "char_end": int, "rule": str,
         "extractor_version": str},
        pk="id", not_null={"article_id", "code", "name", "level", "province"},
        foreign_keys=[("article_id", "articles", "id")],
    )
    db.table("article_regions").create_index(["article_id"])
    db.table("article_regions").create_index(["province", "article_id"])
    db.table("article_regions").create_index(["code"])


def _m006_relevance_reasons(db: sqlite_utils.Database) -> None:
    """Why each article was kept or skipped: the programme, actor, look-alike cues and terms that decided (JSON)."""
    db.execute("ALTER TABLE articles ADD COLUMN relevance_reasons TEXT")
    db.execute("ALTER TABLE skipped ADD COLUMN relevance_reasons TEXT")
    db.execute("CREATE INDEX IF NOT EXISTS idx_skipped_reason_relevance ON skipped (reason, relevance)")


def _m008_backfill(db: sqlite_utils.Database) -> None:
    """Backfill state (each date window and the article URLs it listed, so a killed backfill resumes where it
    stopped), and which aggregator led to an article (`pantau sources suggest` reads it)."""
    db.table("articles").add_column("via", str)
    db.table("articles").create_index(["via"])
    db.table("backfill_windows").create(
        {"id": int, "span": str, "source": str, "kind": str, "url": str, "start": str, "end": str, "page": int,
         "parent": int, "status": str, "items": int, "crawl_run": int, "updated_at": str},
        pk="id", not_null={"span", "source", "kind", "url", "status"},
    )
    db.table("backfill_windows").create_index(["span", "source", "url", "start", "end"], unique=True)
    db.table("backfill_windows").create_index(["span", "status"])
    db.table("backfill_urls").create(
        {"span": str, "url": str, "source": str, "via": str, "lastmod": str, "window": int, "fetched_run": int},
        pk=("span", "url"),
    )
    db.table("backfill_urls").create_index(["url"])


def _m009_story_origin_index(db: sqlite_utils.Database) -> None:
    """An index on stories.origin_article_id: an article's page counts the stories it originated, which without it
    scanned every story (about 100 ms at a million)."""
    db.execute("CREATE INDEX IF NOT EXISTS idx_stories_origin_article_id ON stories (origin_article_id)")


def _m010_crawl_run_indexes(db: sqlite_utils.Database) -> None:
    """Indexes on articles.crawl_run and skipped.crawl_run, the last foreign keys without one: a crawl run's page
    counts the articles and skipped pages of that run, which without them read the whole articles table (0.7-1.8 s
    at a million, and past Datasette's time limit beyond, which drops the counts from the page)."""
    db.execute("CREATE INDEX IF NOT EXISTS idx_articles_crawl_run ON articles (crawl_run)")
    db.execute("CREATE INDEX IF NOT EXISTS idx_skipped_crawl_run ON skipped (crawl_run)")


OUTLET_DAY = "summary_outlet_day WHERE day IS substr({row}.published_at, 1, 10) AND outlet = {row}.source"
COUNT_IN = f"""INSERT INTO summary_outlet_day (day, outlet, articles) SELECT substr(new.published_at, 1, 10), new.source, 0
        WHERE NOT EXISTS (SELECT 1 FROM {OUTLET_DAY.format(row='new')});
    UPDATE {OUTLET_DAY.format(row='new').replace(' WHERE', ' SET articles = articles + 1 WHERE', 1)};"""
COUNT_OUT = f"""UPDATE {OUTLET_DAY.format(row='old').replace(' WHERE', ' SET articles = articles - 1 WHERE', 1)};
    DELETE FROM {OUTLET_DAY.format(row='old')} AND articles <= 0;"""


def _m011_dashboard_summaries(db: sqlite_utils.Database) -> None:
    """What the dashboard reads at a million articles: articles per publication day and outlet, kept exact by
    triggers on every insert, update and delete of an article; per programme and outlet, and per official, over
    dated articles (refreshed with the other summaries); and indexes for the top stories, publication-day ranges,
    the newest articles (the latest_coverage canned query) and the articles table's month and language facets."""
    db.execute("CREATE TABLE summary_outlet_day (day TEXT, outlet TEXT NOT NULL, articles INTEGER NOT NULL)")
    db.execute("CREATE INDEX idx_summary_outlet_day_day_outlet ON summary_outlet_day (day, outlet, articles)")
    db.execute("INSERT INTO summary_outlet_day SELECT substr(published_at, 1, 10), source, count(*) FROM articles "
               "GROUP BY 1, 2")
    db.execute(f"CREATE TRIGGER summary_outlet_day_insert AFTER INSERT ON articles BEGIN\n    {COUNT_IN}\nEND")
    db.execute(f"CREATE TRIGGER summary_outlet_day_delete AFTER DELETE ON articles BEGIN\n    {COUNT_OUT}\nEND")
    db.execute(f"CREATE TRIGGER summary_outlet_day_update AFTER UPDATE OF published_at, source ON articles BEGIN\n"
               f"    {COUNT_OUT}\n    {COUNT_IN}\nEND")
    db.execute("CREATE TABLE summary_programme_outlet (program_id INTEGER, outlet TEXT, articles INTEGER)")
    db.execute("CREATE INDEX idx_summary_programme_outlet_program_id ON summary_programme_outlet (program_id)")
    db.execute("CREATE TABLE summary_official_quotes (official_id INTEGER, quotes INTEGER, latest_quote TEXT)")
    db.execute("CREATE INDEX idx_summary_official_quotes_official_id ON summary_official_quotes (official_id)")
    db.execute("CREATE INDEX idx_summary_official_quotes_quotes ON summary_official_quotes (quotes)")
    db.execute("CREATE INDEX idx_stories_pickup_order ON stories (pickup DESC, articles DESC, first_seen)")
    db.execute("CREATE INDEX idx_articles_published_day ON articles (substr(published_at, 1, 10))")
    db.execute("CREATE INDEX idx_articles_newest ON articles (coalesce(published_at, first_seen))")
    db.execute("CREATE INDEX idx_articles_published_month ON articles (published_month)")  # the table page's facets
    db.execute("CREATE INDEX idx_articles_lang ON articles (lang)")
    from store.summaries import refresh_summaries

    refresh_summaries(db, only=("summary_programme_outlet", "summary_official_quotes"))


def _m012_fts_on_text_only(db: sqlite_utils.Database) -> None:
    """The full-text index follows an article's title and text only: sqlite-utils' update trigger fired on any
    column, so storing a new article indexed its text three times (the insert, then its facts' extractor version),
    and a nightly's last_seen updates and every re-extraction re-indexed unchanged texts."""
    db.execute("DROP TRIGGER IF EXISTS articles_au")
    db.execute("""CREATE TRIGGER articles_au AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES('delete', old.rowid, old.title, old.text);
    INSERT INTO articles_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
END""")


def _m013_article_dateline(db: sqlite_utils.Database) -> None:
    """The dateline cleaning cut from an article's text ('SOLO, Kabar Jateng'), kept so a re-extraction can place an
    article its text does not place; older articles get it back from the dateline region they were given."""
    db.execute("ALTER TABLE articles ADD COLUMN dateline TEXT")
    db.execute("UPDATE articles SET dateline = (SELECT r.sentence FROM article_regions r WHERE r.article_id = "
               "articles.id AND r.rule = 'region.dateline_cut' LIMIT 1) WHERE id IN (SELECT article_id FROM "
               "article_regions WHERE rule = 'region.dateline_cut')")


def _m014_story_signatures(db: sqlite_utils.Database) -> None:
    """Each article's MinHash signature, with the content hash it was made from: grouping stories at the end of a run
    read every text of the window and hashed it again (3.6 s of a 10,000-article run, on one core). No declared
    foreign key: Datasette would list and count these rows on every article page; the join on the content hash
    already ignores a row whose article changed."""
    db.execute("CREATE TABLE story_signatures (article_id INTEGER PRIMARY KEY, content_hash TEXT NOT NULL, "
               "signature BLOB NOT NULL)")


RUN_IN = ("INSERT INTO summary_run_articles (crawl_run, articles) SELECT new.crawl_run, 1 WHERE new.crawl_run NOTNULL "
          "ON CONFLICT (crawl_run) DO UPDATE SET articles = articles + 1;")  # (a WHERE: SQLite's upsert after SELECT)
RUN_OUT = "UPDATE summary_run_articles SET articles = articles - 1 WHERE crawl_run = old.crawl_run;"


def _m015_run_article_counts(db: sqlite_utils.Database) -> None:
    """Articles per crawl run, kept exact by triggers: a crawl run's page shows how many articles point at it, which
    Datasette counts through the run's index entries (a backfill of a million: 64-75 ms on a slow machine); the
    page reads this row instead (store/browse/related_counts.py)."""
    db.execute("CREATE TABLE summary_run_articles (crawl_run INTEGER PRIMARY KEY, articles INTEGER NOT NULL)")
    db.execute("INSERT INTO summary_run_articles SELECT crawl_run, count(*) FROM articles WHERE crawl_run IS NOT NULL "
               "GROUP BY crawl_run")
    db.execute(f"CREATE TRIGGER summary_run_articles_insert AFTER INSERT ON articles BEGIN\n    {RUN_IN}\nEND")
    db.execute(f"CREATE TRIGGER summary_run_articles_delete AFTER DELETE ON articles WHEN old.crawl_run IS NOT NULL "
               f"BEGIN\n    {RUN_OUT}\nEND")
    db.execute("CREATE TRIGGER summary_run_articles_update AFTER UPDATE OF crawl_run ON articles "
               f"WHEN old.crawl_run IS NOT new.crawl_run BEGIN\n    {RUN_OUT}\n    {RUN_IN}\nEND")


MIGRATIONS: list[Migration] = [_m001_foundation, _m002_facts, _m003_operations, _m004_analytics, _m005_summaries,
                               _m006_relevance_reasons, _m007_article_regions, _m008_backfill,
                               _m009_story_origin_index, _m010_crawl_run_indexes,
                               _m011_dashboard_summaries, _m012_fts_on_text_only,
                               _m013_article_dateline, _m014_story_signatures, _m015_run_article_counts]


def schema_version(db: sqlite_utils.Database) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: sqlite_utils.Database, to: int | None = None) -> int:
    """Apply pending migrations (up to version `to`, as an older Pantau left a file), each in its own transaction;
    return the resulting version."""
    version = schema_version(db)
    for number, migration in enumerate(MIGRATIONS[version:to], start=version + 1):
        with db.atomic():
            migration(db)
            db.execute(f"PRAGMA user_version = {number}")
    return schema_version(db)


def open_db(path: Path | str | None = None) -> sqlite_utils.Database:
    """Open (creating folders as needed) and migrate a Pantau database; None means in memory."""
    if path is None or str(path) == ":memory:":
        db = sqlite_utils.Database(memory=True)
    else:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        db = sqlite_utils.Database(path)
        db.enable_wal()
    set_up(db, on_file=path is not None and str(path) != ":memory:")
    migrate(db)
    return db
