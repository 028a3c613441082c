"""The communications views, canned queries, Atom alerts, the dashboard page and the weekly report."""

from __future__ import annotations

import asyncio
import csv

import sqlite_utils
from click.testing import CliRunner
from datasette.app import Datasette

from crawler.cli import main
from store.analytics import QUERIES, run_query
from store.browse.report import week_range
from store.browse.serve import metadata_for


def fetch(ds: Datasette, path: str):
    async def go():
        return await ds.client.get(path)

    return asyncio.run(go())


def test_views_agree_with_the_tables(crawled) -> None:
    db = sqlite_utils.Database(crawled.db_path)
    per_outlet = {r["outlet"]: r["articles"] for r in db.query("select * from coverage_per_outlet")}
    assert per_outlet == dict(db.execute("select source, count(*) from articles group by source").fetchall())
    quoted = {r["official"]: r["quotes"] for r in db.query("select * from officials_quoted")}
    assert sum(quoted.values()) == db.execute("select count(*) from quotes").fetchone()[0]
    shares = db.execute("select programme, sum(share_pct) from share_of_voice group by programme").fetchall()
    assert shares and all(abs(total - 100) < 0.6 for _, total in shares)
    assert db.execute("select count(*) from new_articles_since_yesterday").fetchone()[0] == db["articles"].count


def test_queries_filter_by_programme_and_dates(crawled) -> None:
    db = sqlite_utils.Database(crawled.db_path)
    everything = run_query(db, "top_outlets")
    assert sum(r["articles"] for r in everything) == db["articles"].count
    ovop = run_query(db, "top_programmes", programme="OVOP")  # programmes of the articles about OVOP
    assert "One Village" in ovop[0]["programme"] and all(r["articles"] <= ovop[0]["articles"] for r in ovop)
    about_ovop = run_query(db, "top_outlets", programme="ovop")
    assert sum(r["articles"] for r in about_ovop) == ovop[0]["articles"] < db["articles"].count
    start, end = week_range("2024-W36")
    days = run_query(db, "coverage_by_day", start=start.isoformat(), end=end.isoformat())
    assert all(start.isoformat() <= r["day"] <= end.isoformat() for r in days)
    assert set(QUERIES) >= {"top_stories", "figures", "officials_quoted", "new_programmes"}


def test_canned_queries_and_atom_alerts(crawled) -> None:
    ds = Datasette([str(crawled.db_path)], metadata=metadata_for(crawled.db_path))
    name = crawled.db_path.stem
    stories = fetch(ds, f"/{name}/stories_by_pickup_query.json?_shape=array").json()
    assert stories[0]["pickup"] == 1
    share = fetch(ds, f"/{name}/share_of_voice_query.json?_shape=array&programme=e-Smart&outlet=").json()
    assert share and all("e-Smart" in r["programme"] for r in share)
    feed = fetch(ds, f"/{name}/programme_alerts.atom?programme=e-Smart")
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("application/atom+xml")
    assert feed.text.count("<entry>") >= 2 and "e-Smart" in feed.text
    empty = fetch(ds, f"/{name}/programme_alerts.atom?programme=tidak-ada-program-ini")
    assert empty.status_code == 200 and "<entry>" not in empty.text


def test_dashboard_page_has_the_charts(crawled) -> None:
    ds = Datasette([str(crawled.db_path)], metadata=metadata_for(crawled.db_path))
    page = fetch(ds, "/-/dashboard")
    assert page.status_code == 200
    for chart in ("chart-coverage", "chart-outlets", "chart-programmes", "chart-officials"):
        assert f'id="{chart}"' in page.text
    assert "Bimtek Desain Kemasan" in page.text  # the story with the widest pickup
    filtered = fetch(ds, "/-/dashboard?programme=Santripreneur")
    assert filtered.status_code == 200 and "Santripreneur" in filtered.text


def test_weekly_report_writes_html_and_csv(crawled, tmp_path) -> None:
    result = CliRunner().invoke(main, ["report", "--db", str(crawled.db_path), "--week", "2024-W36",
                                       "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<svg" in html and "2024-W36" in html and "<script" not in html and "http://" not in html.split("<body")[0]
    with (tmp_path / "coverage_by_day.csv").open(encoding="utf-8") as handle:
        days = list(csv.DictReader(handle))
    assert days and all("2024-09-02" <= d["day"] <= "2024-09-08" for d in days)
    total = sum(int(d["articles"]) for d in days)
    assert f"<strong>{total}</strong>" in html
    for name in ("top_stories", "officials_quoted", "figures", "new_programmes", "top_outlets"):
        assert (tmp_path / f"{name}.csv").exists()


def test_report_rejects_a_bad_week(crawled, tmp_path) -> None:
    result = CliRunner().invoke(main, ["report", "--db", str(crawled.db_path), "--week", "2024-36", "--out", str(tmp_path)])
    assert result.exit_code == 2 and "YYYY-Www" in result.output
