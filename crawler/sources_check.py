"""Probe every configured start point: reachable, allowed by robots.txt, items found, newest item date."""

from __future__ import annotations

import socket
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib import robotparser
from urllib.parse import urlsplit

from pantau_configs.models import Source, SourcesConfig

from crawler.discovery import Entry, feed_entries, listing_links, sitemap_entries
from crawler.settings import USER_AGENT
from extract.dates import parse_date_value

TIMEOUT = 15


@dataclass
class Probe:
    source: str
    kind: str
    url: str
    status: str
    robots_ok: bool | None = None
    items: int = 0
    newest: str | None = None


def _fetch(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 - http(s) only, validated
        return bytes(response.read(5 * 1024 * 1024))


def _robots_allow(url: str) -> bool | None:
    parts = urlsplit(url)
    robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
    parser = robotparser.RobotFileParser(robots_url)
    try:
        parser.parse(_fetch(robots_url).decode("utf-8", errors="replace").splitlines())
    except (urllib.error.URLError, OSError, ValueError):
        return None
    return parser.can_fetch(USER_AGENT, url)


def _newest(entries: list[Entry]) -> str | None:
    dates = [d for d in (parse_date_value(e.lastmod) for e in entries if e.lastmod) if d]
    return max(dates) if dates else None


def probe(source: Source, kind: str, url: str) -> Probe:
    result = Probe(source.name, kind, url, "ok", robots_ok=_robots_allow(url))
    try:
        body = _fetch(url)
    except urllib.error.HTTPError as exc:
        result.status = f"HTTP {exc.code}"
        return result
    except (urllib.error.URLError, OSError) as exc:
        result.status = f"unreachable: {getattr(exc, 'reason', exc)}"
        return result
    if kind == "feed":
        entries = feed_entries(body, url)
    elif kind == "sitemap":
        entries = sitemap_entries(body)[1]
    else:
        entries = [Entry(link) for link in listing_links(body, url)]
    result.items, result.newest = len(entries), _newest(entries)
    return result


def start_points(config: SourcesConfig) -> list[tuple[Source, str, str]]:
    points = []
    for source in config.enabled():
        points += [(source, "feed", u) for u in source.feeds]
        points += [(source, "sitemap", u) for u in source.sitemaps]
        points += [(source, "listing", listing.url) for listing in source.listings]
    return points


def online(host: str = "www.google.com") -> bool:
    """Whether names resolve at all (a machine without internet fails here at once)."""
    try:
        socket.getaddrinfo(host, 443)
        return True
    except OSError:
        return False


def check_sources(config: SourcesConfig, workers: int = 8) -> list[Probe]:
    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(lambda point: probe(*point), start_points(config)))


def format_probes(probes: list[Probe]) -> str:
    lines = [f"{'source':<16}{'kind':<9}{'status':<24}{'robots':<8}{'items':>6}  {'newest':<26}url"]
    for p in probes:
        robots = "-" if p.robots_ok is None else ("allow" if p.robots_ok else "DENY")
        newest = p.newest or "-"
        lines.append(f"{p.source:<16}{p.kind:<9}{p.status[:23]:<24}{robots:<8}{p.items:>6}  {newest:<26}{p.url}")
    return "\n".join(lines)
