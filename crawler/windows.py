"""Date windows of a backfill: dates in URLs and sitemap names, which entries fall in a window, halving a window."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

from extract.dates import parse_date_value

Period = tuple[date, date]  # first and last day, both included

DAY = re.compile(r"(?<!\d)((?:19|20)\d\d)[/_-]?(0[1-9]|1[0-2])[/_-]?(0[1-9]|[12]\d|3[01])(?!\d)")
MONTH = re.compile(r"(?<!\d)((?:19|20)\d\d)[/_-](0[1-9]|1[0-2])(?![\d])")


def _month(year: int, month: int) -> Period:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _from_query(query: str) -> Period | None:
    """?yyyy=2024&mm=05(&dd=17), ?year=2024&month=5, ?date=2024-05-17: the archive forms Indonesian CMSs use."""
    params = {k.lower(): v[0] for k, v in parse_qs(query).items()}
    year = params.get("yyyy") or params.get("year") or params.get("y")
    month = params.get("mm") or params.get("month") or params.get("m")
    day = params.get("dd") or params.get("day") or params.get("d")
    try:
        if year and month and day:
            moment = date(int(year), int(month), int(day))
            return moment, moment
        if year and month:
            return _month(int(year), int(month))
    except ValueError:
        return None
    dated = params.get("date") or params.get("tanggal")
    found = DAY.search(dated or "")
    return _day(found) if found else None


def _day(found: re.Match[str]) -> Period | None:
    try:
        moment = date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
    except ValueError:
        return None
    return moment, moment


def url_period(url: str) -> Period | None:
    """The day or month a URL is dated with (/2024/05/17/, sitemap-2024-05.xml, ?yyyy=2024&mm=05), if any."""
    parts = urlsplit(url)
    found = DAY.search(parts.path)
    if found:
        return _day(found)
    found_month = MONTH.search(parts.path)
    if found_month:
        return _month(int(found_month.group(1)), int(found_month.group(2)))
    return _from_query(parts.query)


def lastmod_day(value: str | None) -> date | None:
    iso = parse_date_value(value) if value else None
    try:
        return date.fromisoformat(iso[:10]) if iso else None
    except ValueError:
        return None


def in_window(url: str, lastmod: str | None, since: date, until: date) -> bool:
    """Whether a listed page (or child sitemap) can hold articles published between since and until.

    A date in the URL decides; else a lastmod before `since` rules it out (a page is modified at or after its
    publication, so nothing in it is newer than its lastmod); else it is kept."""
    period = url_period(url)
    if period:
        return period[0] <= until and period[1] >= since
    modified = lastmod_day(lastmod)
    return not (modified and modified < since)


def older_than(url: str, since: date) -> bool:
    """A URL dated entirely before `since` (a listing page of only such links ends a backfill's pagination)."""
    period = url_period(url)
    return bool(period and period[1] < since)


def split(start: date, end: date) -> list[Period] | None:
    """Halves of the window [start, end) (end excluded, as Google's before:), or None for a single day."""
    days = (end - start).days
    if days <= 1:
        return None
    middle = start + timedelta(days=days // 2)
    return [(start, middle), (middle, end)]


def search_operators(start: date, end: date) -> str:
    """Google News date operators of the window [start, end)."""
    return f"after:{start.isoformat()} before:{end.isoformat()}"
