"""Generate a synthetic Pantau database of N articles with facts, for the at-scale query benchmark.

    python benchmarks/make_synthetic_db.py --articles 1000000 --out data/bench/pantau.db

Articles come from the generated load site's text (crawler/sites/load.py), spread over 40 outlets and ten years,
with programme mentions, officials, quotes, figures and stories in the proportions the demo crawl shows. The
schema is Pantau's own (store/schema.py), and the summary tables are refreshed at the end as a nightly run does.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from crawler.sites.load import CITIES, PROGRAMMES, article_text  # noqa: E402
from store.schema import open_db  # noqa: E402
from store.summaries import refresh_summaries  # noqa: E402

OUTLETS = [f"outlet{n:02d}" for n in range(40)]
BATCH = 5000


def _articles(start: int, count: int, rng: random.Random) -> list[tuple]:
    origin = datetime.fromisoformat("2016-01-01T06:00:00+07:00")
    rows = []
    for number in range(start, start + count):
        title, paragraphs = article_text(number % 50_000)
        text = "\n".join(paragraphs)
        published = (origin + timedelta(minutes=number * 5 + rng.randint(0, 4))).isoformat()
        outlet = OUTLETS[number % len(OUTLETS)]
        digest = hashlib.sha256(f"{number}{text}".encode()).hexdigest()
        rows.append((number, f"https://{outlet}.example/berita/{number}", outlet, f"{title} #{number}", published,
                     published[:7], text, "id", 6.0, digest, published, published, 1, "facts-1"))
    return rows


def generate(path: Path, total: int, seed: int = 7) -> float:
    """Write `total` articles with facts into a new database at path; return the seconds it took."""
    started = time.perf_counter()
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    db = open_db(path)
    rng = random.Random(seed)
    conn = db.conn
    conn.execute("PRAGMA synchronous = OFF")
    conn.executemany("INSERT INTO sources (name, title, domains, article_pattern) VALUES (?, ?, '[]', '.*')",
                     [(o, o.title()) for o in OUTLETS])
    conn.execute("INSERT INTO crawl_runs (id, started_at, status, kind) VALUES (1, '2026-01-01', 'finished', 'bench')")
    programmes = [(i + 1, f"prog-{i}", f"{PROGRAMMES[i % len(PROGRAMMES)]} {CITIES[i % len(CITIES)]} {i}", 1, 0)
                  for i in range(200)]
    conn.executemany("INSERT INTO programs (id, canonical_id, name, known, mentions) VALUES (?, ?, ?, ?, ?)", programmes)
    officials = [(i + 1, f"pejabat {i}", f"Pejabat Nomor {i}", "Kepala Dinas Perindustrian", "Kepala Dinas", "Disperindag",
                  0) for i in range(5000)]
    conn.executemany("INSERT INTO officials (id, key, name, position, position_normalized, organization, mentions) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)", officials)
    for start in range(1, total + 1, BATCH):
        count = min(BATCH, total + 1 - start)
        rows = _articles(start, count, rng)
        conn.executemany("INSERT INTO articles (id, url, source, title, published_at, published_month, text, lang, "
                         "relevance, content_hash, first_seen, last_seen, crawl_run, extractor_version) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        mentions, quotes, facts = [], [], []
        for row in rows:
            article_id, sentence = row[0], row[6][:200]
            for program_id in rng.sample(range(1, 201), rng.choice((1, 1, 2))):
                mentions.append((program_id, article_id, "program", sentence, 0, 20, "program.gazetteer", "facts-1"))
            official = rng.randint(1, 5000)
            quotes.append((official, article_id, "IKM perlu pendampingan agar mutu produknya konsisten", "kata",
                           sentence, 30, 80, "quote.after", "facts-1"))
            for _ in range(3):
                facts.append((article_id, "figure", "Rp5 miliar", 5e9, "IDR", mentions[-1][0], sentence, 40, 50,
                              "figure.money", "facts-1"))
        conn.executemany("INSERT INTO program_mentions (program_id, article_id, text, sentence, char_start, char_end, "
                         "rule, extractor_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", mentions)
        conn.executemany("INSERT INTO quotes (official_id, article_id, quote, verb, sentence, char_start, char_end, rule,"
                         " extractor_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", quotes)
        conn.executemany("INSERT INTO facts (article_id, kind, text, value, unit, program_id, sentence, char_start, "
                         "char_end, rule, extractor_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", facts)
        conn.executemany("INSERT INTO stories (id, origin_article_id, title, origin_source, articles, pickup, outlets, "
                         "first_seen, last_seen) VALUES (?, ?, ?, ?, 1, ?, '[]', ?, ?)",
                         [(r[0], r[0], r[3], r[2], rng.choice((0, 0, 0, 1, 2, 5)), r[4], r[4]) for r in rows])
        conn.commit()
        print(f"\r{start + count - 1:>9} articles", end="", flush=True)
    print()
    refresh_summaries(db)
    conn.execute("ANALYZE")
    conn.commit()
    db.close()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, default=Path("data/bench/pantau.db"))
    args = parser.parse_args()
    seconds = generate(args.out, args.articles)
    print(f"{args.articles} articles in {args.out} ({args.out.stat().st_size / 1e6:.0f} MB) in {seconds:.0f}s")


if __name__ == "__main__":
    main()
