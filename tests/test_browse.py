"""Browsing the stored data through Datasette: its test client, and `pantau serve` as a real server."""

from __future__ import annotations

import asyncio
import json
import signal
import time
import urllib.request

from datasette.app import Datasette

from store.browse.serve import metadata_for
from tests.servers import listening, processes_with, start_serve, stop_serve


def get_json(ds: Datasette, path: str):
    async def fetch():
        response = await ds.client.get(path)
        assert response.status_code == 200, (path, response.text[:500])
        return response.json()

    return asyncio.run(fetch())


def test_datasette_search_facets_and_canned_queries(crawled) -> None:
    ds = Datasette([str(crawled.db_path)], metadata=metadata_for(crawled.db_path))
    name = crawled.db_path.stem
    found = get_json(ds, f"/{name}/articles.json?_search=perajin&_shape=objects")
    assert found["rows"] and all("perajin" in (r["text"] + r["title"]).lower() for r in found["rows"])
    table = get_json(ds, f"/{name}/articles.json?_size=1")
    assert {"source", "published_month"} <= set(table["facet_results"])
    latest = get_json(ds, f"/{name}/latest_coverage.json?_shape=array")
    dates = [r["published_at"] for r in latest]
    assert len(latest) == crawled.rows_after_first and dates == sorted(dates, reverse=True)
    weekly = get_json(ds, f"/{name}/articles_per_outlet_per_week.json?_shape=array")
    assert sum(r["articles"] for r in weekly) == crawled.rows_after_first
    assert all(r["week"][:4].isdigit() and "-W" in r["week"] for r in weekly)


def test_pantau_serve_runs_a_real_datasette(crawled, tmp_path) -> None:
    served = start_serve(crawled.db_path, tmp_path / "tmp")
    try:
        url = f"{served.base}/{crawled.db_path.stem}/articles.json?_shape=array&_size=5"
        with urllib.request.urlopen(url, timeout=10) as response:
            body = json.load(response)
        assert len(body) == 5
        assert {"title", "url", "published_at"} <= set(body[0])
    finally:
        code = stop_serve(served)  # SIGTERM to `pantau serve`: Datasette stops with it, the temp folder goes
    assert code == 0


def test_sigint_stops_serve_and_datasette_too(crawled, tmp_path) -> None:
    served = start_serve(crawled.db_path, tmp_path / "tmp")
    assert listening(served.port)
    assert stop_serve(served, signal.SIGINT) == 0


def test_datasette_dies_with_a_serve_killed_with_sigkill(crawled, tmp_path) -> None:
    """kill -9 leaves `pantau serve` no chance to pass a stop on: the kernel kills its Datasette child with it."""
    served = start_serve(crawled.db_path, tmp_path / "tmp")
    assert listening(served.port) and processes_with(f"--port {served.port} ")
    served.process.kill()
    served.process.wait()
    if served.process.stdout:
        served.process.stdout.close()
    deadline = time.monotonic() + 30
    while processes_with(f"--port {served.port} ") and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not processes_with(f"--port {served.port} "), "Datasette outlived the killed `pantau serve`"


def test_fact_queries_link_facts_to_articles(crawled) -> None:
    ds = Datasette([str(crawled.db_path)], metadata=metadata_for(crawled.db_path))
    name = crawled.db_path.stem
    quotes = get_json(ds, f"/{name}/who_said_what.json?_shape=array&official=")
    assert quotes and all(q["official"] and q["quote"] and q["url"].startswith("http") for q in quotes)
    one = quotes[0]["official"].split()[0]
    assert all(one in q["official"] for q in get_json(ds, f"/{name}/who_said_what.json?_shape=array&official={one}"))
    figures = get_json(ds, f"/{name}/figures_by_programme.json?_shape=array&programme=")
    assert figures and all(f["programme"] and f["unit"] for f in figures)
    coverage = get_json(ds, f"/{name}/programme_coverage_over_time.json?_shape=array")
    assert coverage and all(c["articles"] >= 1 and len(c["month"]) == 7 for c in coverage)
    official = get_json(ds, f"/{name}/officials.json?_shape=array&_size=1&_sort_desc=mentions")[0]
    mentions = get_json(ds, f"/{name}/official_mentions.json?_shape=array&official_id={official['id']}")
    assert len({m["article_id"] for m in mentions}) == official["mentions"]


def test_served_data_is_read_only_and_scraped_html_is_escaped(crawled, tmp_path) -> None:
    import shutil

    import sqlite_utils

    copy = tmp_path / "pantau.db"
    shutil.copy(crawled.db_path, copy)
    db = sqlite_utils.Database(copy)
    article_id = db.execute("select min(id) from articles").fetchone()[0]
    db.execute("update articles set title = ? where id = ?", ['<script>alert("x")</script><b>Judul</b>', article_id])
    db.conn.commit()
    count = db.execute("select count(*) from articles").fetchone()[0]
    ds = Datasette([str(copy)], metadata=metadata_for(copy))

    async def fetch(path: str):
        return await ds.client.get(path)

    page = asyncio.run(fetch(f"/pantau/articles/{article_id}"))
    assert page.status_code == 200
    assert "<script>alert" not in page.text and "&lt;script&gt;alert" in page.text
    for sql in ("delete from articles", "update articles set title = 'x'", "drop table articles"):
        refused = asyncio.run(fetch(f"/pantau.json?sql={sql}"))
        assert refused.status_code == 400, (sql, refused.text[:200])
    assert db.execute("select count(*) from articles").fetchone()[0] == count


def test_run_log_queries(crawled) -> None:
    ds = Datasette([str(crawled.db_path)], metadata=metadata_for(crawled.db_path))
    name = crawled.db_path.stem
    runs = get_json(ds, f"/{name}/recent_runs.json?_shape=array")
    assert [r["id"] for r in runs][:2] == [crawled.second.run_id, crawled.first.run_id]
    assert runs[1]["stored"] == crawled.first.counts["stored"]
    errors = get_json(ds, f"/{name}/errors_of_last_run.json?_shape=array&run={crawled.first.run_id}")
    assert sum(r["pages"] for r in errors) == crawled.first.counts["errors"] > 0
    assert all(r["example_url"].startswith("http://127.0.0.1") for r in errors)
