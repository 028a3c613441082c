"""Pantau's Datasette plugin: a /-/dashboard page of inline-SVG charts (coverage, outlets, programmes, quotes)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from datetime import date
from typing import Any, TypeVar
from xml.etree import ElementTree

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.utils.asgi import Response
from markupsafe import Markup, escape

from extract.facts.region_gazetteer import province_tiles
from store.analytics import ALL_TIME, BEFORE_DAY, NEWEST_DAY, TOTALS, chart_start, query_for, weekly_series
from store.browse.charts import bar_chart, column_chart, tile_map
from store.browse.related_counts import count_kept_relations

T = TypeVar("T")
WEEKS_SHOWN = 52
MONTHS = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]  # Indonesian

TEMPLATE = """{% extends "base.html" %}
{% block title %}Dasbor Pantau / Pantau dashboard{% endblock %}
{% block extra_head %}<style>.pantau-charts{display:flex;flex-wrap:wrap;gap:1.5em}.pantau-chart{margin:0}
.pantau-filter input{width:auto}</style>{% endblock %}
{% block content %}
<h1>Dasbor liputan IKM / IKM coverage dashboard</h1>
<p>Database <a href="{{ urls.database(database) }}">{{ database }}</a>: {{ totals.articles }} artikel / articles
from {{ totals.outlets }} outlets, {{ totals.stories }} cerita / stories.
{% if programme %}Program / programme: <strong>{{ programme }}</strong>.{% endif %}</p>
<form action="{{ urls.database(database) }}/search_articles" method="get" class="pantau-search">
  <label for="pantau-q">Cari artikel / Search articles</label>
  <input id="pantau-q" type="search" name="q" placeholder="mis. batik, e-Smart IKM">
  <input type="submit" value="Cari / Search">
</form>
<form action="" method="get" class="pantau-filter">
  <label for="pantau-programme">Program</label>
  <input id="pantau-programme" name="programme" value="{{ programme }}">
  <label for="pantau-start">Dari / from</label><input id="pantau-start" name="start" value="{{ start }}" size="10">
  <label for="pantau-end">sampai / to</label><input id="pantau-end" name="end" value="{{ end }}" size="10">
  <input type="submit" value="Saring / Filter">
</form>
{% if too_slow %}<p class="message-warning" id="too-slow">Terlalu lama, tidak ditampilkan / Took longer than the
time limit, left out: {{ too_slow|join(", ") }}. Persempit program atau tanggal / Narrow the programme or the
dates.</p>{% endif %}
<div class="pantau-charts">
{% for chart in charts %}<figure class="pantau-chart" id="chart-{{ chart.id }}">{{ chart.svg|safe }}</figure>{% endfor %}
</div>
<h2>Cerita dengan sebaran terluas / Stories by pickup</h2>
<table class="rows-and-columns"><thead><tr><th>Judul / Title</th><th>Asal / Origin</th><th>Outlet lain / Pickup</th>
<th>Pertama / First seen</th></tr></thead><tbody>
{% for story in stories %}<tr><td><a href="{{ urls.row(database, 'stories', story.story_id) }}">{{ story.title }}</a></td>
<td>{{ story.origin_title }}</td><td>{{ story.pickup }}</td>
<td><time datetime="{{ story.first_day }}">{{ story.first_seen_shown }}</time></td></tr>{% endfor %}
</tbody></table>
{{ regions|safe }}
{% endblock %}"""


async def _first(db: Any, sql: str) -> Any:
    return (await db.execute(sql)).first()


async def _rows(db: Any, name: str, params: dict[str, str]) -> list[dict[str, Any]]:
    result = await db.execute(query_for(name, params), params)
    return [dict(row) for row in result.rows]


def shown_date(value: str | None) -> dict[str, str]:
    """An ISO timestamp as the day a reader expects ("3 Sep 2024"), and the ISO day for <time datetime>."""
    day = str(value or "")[:10]
    try:
        parsed = date.fromisoformat(day)
    except ValueError:
        return {"first_day": "", "first_seen_shown": str(value or "")}
    return {"first_day": day, "first_seen_shown": f"{parsed.day} {MONTHS[parsed.month - 1]} {parsed.year}"}


async def weekly_coverage(db: Any, params: dict[str, str]) -> list[tuple[str, int]]:
    """Articles per week for the chart. Without a programme only the days of the weeks shown are read, and the
    newest day before them stands in for the rest (weekly_series then starts the axis where it did with all)."""
    first = None if params["programme"] else chart_start((await db.execute(NEWEST_DAY, params)).first()[0],
                                                           WEEKS_SHOWN)
    earlier = first and (await db.execute(BEFORE_DAY, {**params, "first": first})).first()[0]
    if first is None or (earlier is not None and chart_start(earlier, 1) is None):  # a day that is no date: read all
        return weekly_series(await _rows(db, "coverage_by_day", params), WEEKS_SHOWN)
    rows = await _rows(db, "coverage_by_day", {**params, "start": max(params["start"], first)})
    return weekly_series(([{"day": earlier, "articles": 0}] if earlier else []) + rows, WEEKS_SHOWN)


class Sections:
    """Runs the sections' queries side by side (Datasette has a thread per query); a section past Datasette's time
    limit (a programme word matching a quarter of a million articles) is shown empty and named, instead of failing
    the whole page."""

    def __init__(self) -> None:
        self.titles: list[str] = []
        self.slow: set[str] = set()

    def run(self, title: str, work: Awaitable[T], empty: T) -> Awaitable[T]:
        self.titles.append(title)
        return self._guarded(title, work, empty)

    async def _guarded(self, title: str, work: Awaitable[T], empty: T) -> T:
        try:
            return await work
        except QueryInterrupted:
            self.slow.add(title)
            return empty

    @property
    def too_slow(self) -> list[str]:
        return [title for title in self.titles if title in self.slow]


async def dashboard(datasette: Any, request: Any) -> Response:
    db = datasette.get_database()
    args = request.args
    params = {**ALL_TIME, **{k: args.get(k) for k in ("start", "end", "programme") if args.get(k)}}
    sections = Sections()
    weekly, outlets, programmes, officials, top_stories, regions = await asyncio.gather(
        sections.run("liputan per minggu / coverage per week", weekly_coverage(db, params), []),
        sections.run("outlet teratas / top outlets", _rows(db, "top_outlets", params), []),
        sections.run("program teratas / top programmes", _rows(db, "top_programmes", params), []),
        sections.run("pejabat dikutip / officials quoted", _rows(db, "officials_quoted", params), []),
        sections.run("cerita / stories", _rows(db, "top_stories", params), []),
        sections.run("wilayah / regions", region_section(db, params), Markup("")))
    counts = await sections.run("jumlah / totals", _first(db, TOTALS), ("?", "?", "?"))
    charts = [
        {"id": "coverage", "svg": column_chart(weekly, "Liputan per minggu / Coverage per week" + (
            f" ({WEEKS_SHOWN} terakhir / last {WEEKS_SHOWN})" if len(weekly) == WEEKS_SHOWN else ""))},
        {"id": "outlets", "svg": bar_chart([(r["outlet_title"], r["articles"]) for r in outlets],
                                           "Outlet teratas / Top outlets")},
        {"id": "programmes", "svg": bar_chart([(r["programme"], r["articles"]) for r in programmes],
                                              "Program teratas / Top programmes")},
        {"id": "officials", "svg": bar_chart([(r["official"], r["quotes"]) for r in officials],
                                             "Pejabat dikutip / Officials quoted")},
    ]
    template = datasette.jinja_env.from_string(TEMPLATE)
    stories = [{**story, **shown_date(story["first_seen"])} for story in top_stories]
    context = {"database": db.name, "charts": charts, "stories": stories,
               "totals": {"articles": counts[0], "outlets": counts[1], "stories": counts[2]},
               "programme": params["programme"], "start": args.get("start") or "", "end": args.get("end") or "",
               "regions": regions, "too_slow": sections.too_slow}
    return Response.html(await datasette.render_template(template, context, request=request))


async def region_section(db: Any, params: dict[str, str]) -> Markup:
    """Coverage by event province (a tile map of the 38 provinces) and the kabupaten/kota table."""
    provinces = await _rows(db, "coverage_by_province", params)
    regencies = await _rows(db, "coverage_by_regency", params)
    tiles = [(t.code, t.name, t.row, t.col, t.label) for t in province_tiles()]
    svg = tile_map(tiles, {r["province_code"]: r["articles"] for r in provinces},
                   "Liputan per provinsi / Coverage by province (artikel / articles)")
    rows = "".join(f"<tr><td>{escape(r['kabupaten_kota'])}</td><td>{escape(r['province'])}</td>"
                   f"<td>{r['articles']}</td><td>{r['outlets']}</td></tr>" for r in regencies)
    table = (f'<table class="rows-and-columns" id="regency-table"><thead><tr><th>Kabupaten/Kota</th><th>Provinsi / '
             f'Province</th><th>Artikel / Articles</th><th>Outlet</th></tr></thead><tbody>{rows}</tbody></table>'
             if regencies else "<p><em>Belum ada kabupaten/kota / no kabupaten or kota yet</em></p>")
    return Markup(f'<h2>Wilayah peristiwa / Where the news happens</h2><figure class="pantau-chart" '
                  f'id="chart-provinces">{svg}</figure><h3>Kabupaten/Kota</h3>{table}')


def _atom(rows: list[Any], request: Any, query_name: str | None, database: str) -> Response:
    """An Atom feed of a query's rows (atom_id, atom_title, atom_updated, atom_link, atom_content); empty is fine."""
    ns = "http://www.w3.org/2005/Atom"
    feed = ElementTree.Element("feed", xmlns=ns)
    ElementTree.SubElement(feed, "title").text = f"Pantau: {query_name or database}"
    ElementTree.SubElement(feed, "id").text = request.url
    ElementTree.SubElement(feed, "link", href=request.url, rel="self")
    updated = [str(row["atom_updated"]) for row in rows if row["atom_updated"]]
    ElementTree.SubElement(feed, "updated").text = max(updated) if updated else "1970-01-01T00:00:00Z"
    for row in rows:
        entry = ElementTree.SubElement(feed, "entry")
        for field in ("id", "title", "updated"):
            ElementTree.SubElement(entry, field).text = str(row[f"atom_{field}"] or "")
        if row["atom_link"]:
            ElementTree.SubElement(entry, "link", href=str(row["atom_link"]))
        ElementTree.SubElement(entry, "content", type="text").text = str(row["atom_content"] or "")
    body = ElementTree.tostring(feed, encoding="unicode", xml_declaration=True)
    return Response(body, content_type="application/atom+xml; charset=utf-8")


def _has_atom_columns(columns: list[str]) -> bool:
    return {"atom_id", "atom_title", "atom_updated"} <= set(columns)


@hookimpl
def register_output_renderer(datasette: Any) -> dict[str, Any]:
    return {"extension": "atom", "render": _atom, "can_render": _has_atom_columns}


MARK, UNMARK = "<mark>", "</mark>"  # what search_articles' snippet() puts around matches (readable in JSON and CSV too)


@hookimpl
def render_cell(value: Any, column: str) -> Markup | None:
    """Search snippets: the scraped text escaped first, then only the highlight tags come back as HTML."""
    if column != "snippet" or not isinstance(value, str) or MARK not in value:
        return None
    safe = str(escape(value)).replace(str(escape(MARK)), MARK).replace(str(escape(UNMARK)), UNMARK)
    if safe.count(MARK) != safe.count(UNMARK):  # a literal "<mark>" in the text itself: show all of it as text
        return Markup(escape(value))
    return Markup(safe)


@hookimpl
def startup(datasette: Any) -> None:
    count_kept_relations()


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    return [(r"^/-/dashboard$", dashboard)]


@hookimpl
def menu_links(datasette: Any) -> list[dict[str, str]]:
    return [{"href": datasette.urls.path("/-/dashboard"), "label": "Dasbor / Dashboard"}]
