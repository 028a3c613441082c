"""What a communications team reads on the dashboard: a continuous week axis with years, whole labels, safe
search highlights."""

from __future__ import annotations

import asyncio
import re
from datetime import date, timedelta

from datasette.app import Datasette

from store.analytics import iso_week, weekly_series
from store.browse.charts import bar_chart, column_chart, wrap_label
from store.browse.dashboard import render_cell, shown_date
from store.browse.serve import metadata_for

LONG = ("Program Restrukturisasi Mesin dan Peralatan Industri Kecil dan Menengah Sektor Tekstil, Alas Kaki "
        "dan Kerajinan Tahun Anggaran Berjalan")


def test_iso_weeks_carry_their_iso_year() -> None:
    assert iso_week("2024-09-03") == "2024-W36"
    assert iso_week("2024-12-30") == "2025-W01"  # Monday of ISO week 1 of 2025
    assert iso_week("2021-01-03") == "2020-W53"  # a Sunday still in 2020's last week
    assert iso_week("2024-09-03T10:15:00+07:00") == "2024-W36"


def test_weekly_series_is_continuous_with_empty_weeks_as_zero() -> None:
    days = [{"day": "2024-11-26", "articles": 2}, {"day": "2024-12-31", "articles": 1},
            {"day": "2025-01-02", "articles": 3}, {"day": "bukan tanggal", "articles": 9}]
    series = weekly_series(days)
    assert series == [("2024-W48", 2), ("2024-W49", 0), ("2024-W50", 0), ("2024-W51", 0), ("2024-W52", 0),
                      ("2025-W01", 4)]
    assert weekly_series([]) == []


def test_weekly_series_keeps_the_newest_weeks() -> None:
    start = date(2023, 1, 2)
    days = [{"day": (start + timedelta(weeks=n)).isoformat(), "articles": 1} for n in range(80)]
    series = weekly_series(days, last=52)
    assert len(series) == 52 and series[-1] == (iso_week(days[-1]["day"]), 1)


def test_long_labels_wrap_and_end_in_an_ellipsis_with_the_whole_name_on_hover() -> None:
    lines = wrap_label(LONG, 32)
    assert len(lines) == 2 and all(len(line) <= 32 for line in lines) and lines[1].endswith("…")
    assert wrap_label("OVOP", 32) == ["OVOP"]
    svg = bar_chart([(LONG, 3), ("OVOP", 1)], "Program")
    assert f"<title>{LONG}: 3</title>" in svg
    spans = re.findall(r"<tspan[^>]*>([^<]*)</tspan>", svg)
    assert spans[:2] == lines and spans[2] == "OVOP"


def test_week_labels_keep_the_year_and_do_not_overlap() -> None:
    weeks = [(f"2024-W{n:02d}", n % 3) for n in range(1, 53)]
    svg = column_chart(weeks, "Liputan per minggu")
    labels = re.findall(r'<text class="period" x="([\d.]+)"[^>]*>([^<]+)</text>', svg)
    assert labels[-1][1] == "2024-W52" and all(re.fullmatch(r"\d{4}-W\d{2}", text) for _, text in labels)
    xs = [float(x) for x, _ in labels]
    half = len("2024-W01") * 5.6 / 2
    assert all(b - a >= 2 * half for a, b in zip(xs, xs[1:], strict=False))  # centred labels that do not overlap
    assert xs[0] - half >= 0 and xs[-1] + half <= 560  # nor run off the chart
    assert 'class="period" x="' in svg and 'text-anchor="end"' not in svg
    assert svg.count("<title>") == 52  # every week, labelled or not, has its label on hover


def test_dates_are_shown_as_dates() -> None:
    assert shown_date("2024-09-03T10:15:00+07:00") == {"first_day": "2024-09-03", "first_seen_shown": "3 Sep 2024"}
    assert shown_date("2024-08-28")["first_seen_shown"] == "28 Agu 2024"
    assert shown_date(None)["first_seen_shown"] == ""


def test_snippet_highlights_are_marks_and_the_text_stays_escaped() -> None:
    cell = str(render_cell("… perajin <mark>batik</mark> di <script>alert(1)</script> …", "snippet"))
    assert "<mark>batik</mark>" in cell and "&lt;script&gt;" in cell and "<script>" not in cell
    odd = str(render_cell("teks berisi <mark> tanpa penutup", "snippet"))
    assert "<mark>" not in odd and "&lt;mark&gt;" in odd
    assert render_cell("tanpa sorotan", "snippet") is None


def test_search_json_carries_marks_not_control_characters(crawled) -> None:
    name = crawled.db_path.stem
    ds = Datasette([str(crawled.db_path)], metadata=metadata_for(crawled.db_path))

    async def fetch() -> list[dict[str, str]]:
        response = await ds.client.get(f"/{name}/search_articles.json?q=batik&_shape=array")
        return response.json()

    rows = asyncio.run(fetch())
    assert rows and all("<mark>" in row["snippet"] for row in rows)
    assert not any("\x02" in row["snippet"] or "\x03" in row["snippet"] for row in rows)
