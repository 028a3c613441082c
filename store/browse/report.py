"""`pantau report`: a week's coverage as one self-contained HTML file (inline SVG charts) and CSV files."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape
from pathlib import Path
from typing import Any

from tqdm import tqdm

from extract.facts.region_gazetteer import province_tiles
from store.analytics import run_query
from store.browse.charts import bar_chart, column_chart, tile_map
from store.schema import open_db

WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
SECTIONS = [  # (query, heading, columns shown in the HTML table)
    ("coverage_by_day", "Liputan per hari / Coverage per day", ["day", "articles", "outlets"]),
    ("top_outlets", "Outlet / Outlets", ["outlet", "articles"]),
    ("top_programmes", "Program / Programmes", ["programme", "articles", "outlets"]),
    ("top_stories", "Cerita teratas / Top stories", ["title", "origin_source", "pickup", "outlets", "first_seen"]),
    ("officials_quoted", "Pejabat dikutip / Officials quoted", ["official", "position", "quotes", "latest_quote"]),
    ("figures", "Angka yang dilaporkan / Figures reported", ["programme", "figure", "published", "source", "title"]),
    ("new_programmes", "Program baru / New programmes seen", ["programme", "first_reported", "articles"]),
    ("coverage_by_province", "Liputan per provinsi / Coverage by province",
     ["province", "articles", "outlets", "kabupaten_kota"]),
    ("coverage_by_regency", "Kabupaten/kota / Coverage by kabupaten and kota",
     ["kabupaten_kota", "province", "articles", "outlets"]),
]
STYLE = ("body{font-family:sans-serif;max-width:980px;margin:2em auto;color:#222}table{border-collapse:collapse;"
         "width:100%;margin-bottom:1.5em;font-size:13px}td,th{border-bottom:1px solid #ddd;padding:4px 6px;"
         "text-align:left;vertical-align:top}th{background:#f2f2f2}.charts{display:flex;flex-wrap:wrap;gap:1em}")


@dataclass
class Report:
    """Where a report was written, and the numbers on its first line."""

    html: Path
    csv_files: list[Path]
    articles: int
    week: str


def week_range(week: str) -> tuple[date, date]:
    """Monday and Sunday of an ISO week such as 2024-W36."""
    match = WEEK.match(week)
    if not match:
        raise ValueError(f"week {week!r}: expected YYYY-Www, e.g. 2024-W36")
    monday = date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
    return monday, monday + timedelta(days=6)


def _write_csv(path: Path, rows: list[dict[str, Any]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]) if rows else ["none"])
        writer.writeheader()
        writer.writerows(rows)


def _table(rows: list[dict[str, Any]], columns: list[str]) -> str:
    if not rows:
        return "<p><em>Tidak ada / none</em></p>"
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{escape(str(row.get(c) if row.get(c) is not None else ''))}</td>"
                                    for c in columns) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _charts(results: dict[str, list[dict[str, Any]]], start: date) -> str:
    per_day = {r["day"]: r["articles"] for r in results["coverage_by_day"]}
    week = [(start + timedelta(days=n)).isoformat() for n in range(7)]
    charts = [
        column_chart([(day[5:], per_day.get(day, 0)) for day in week], "Artikel per hari / Articles per day"),
        bar_chart([(r["outlet"], r["articles"]) for r in results["top_outlets"]], "Outlet teratas / Top outlets"),
        bar_chart([(r["programme"], r["articles"]) for r in results["top_programmes"]], "Program teratas / Top programmes"),
        bar_chart([(r["official"], r["quotes"]) for r in results["officials_quoted"]], "Pejabat dikutip / Officials quoted"),
        _province_map(results["coverage_by_province"]),
    ]
    return '<div class="charts">' + "".join(f"<figure>{c}</figure>" for c in charts) + "</div>"


def _province_map(rows: list[dict[str, Any]]) -> str:
    tiles = [(t.code, t.name, t.row, t.col, t.label) for t in province_tiles()]
    return tile_map(tiles, {r["province_code"]: r["articles"] for r in rows}, "Liputan per provinsi / Coverage by province")


def write_report(db_path: Path | str, week: str, out_dir: Path | str, programme: str | None = None,
                 progress: bool = True) -> Report:
    """Query the week's coverage, write one CSV per section and report.html with charts, into out_dir."""
    start, end = week_range(week)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    db = open_db(db_path)
    params = {"start": start.isoformat(), "end": end.isoformat(), "programme": programme or ""}
    results: dict[str, list[dict[str, Any]]] = {}
    csv_files = []
    for name, _, _ in tqdm(SECTIONS, desc=f"report {week}", disable=not progress, unit="section"):
        results[name] = run_query(db, name, **params)
        csv_files.append(out / f"{name}.csv")
        _write_csv(csv_files[-1], results[name])
    db.close()
    articles = sum(r["articles"] for r in results["coverage_by_day"])
    scope = f" — program {escape(programme)}" if programme else ""
    sections = "".join(f"<h2>{escape(heading)}</h2>{_table(results[name], columns)}" for name, heading, columns in SECTIONS)
    html = (f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>Pantau {week}</title>'
            f"<style>{STYLE}</style></head><body><h1>Laporan mingguan Pantau / Weekly report {week}{scope}</h1>"
            f"<p>{start:%d %b %Y} – {end:%d %b %Y}: <strong>{articles}</strong> artikel / articles, "
            f"{len(results['top_outlets'])} outlet, {len(results['top_stories'])} cerita / stories.</p>"
            f"{_charts(results, start)}{sections}</body></html>")
    path = out / "report.html"
    path.write_text(html, encoding="utf-8")
    return Report(path, csv_files, articles, week)
