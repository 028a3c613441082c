"""`pantau sources suggest`: domains aggregators keep leading to with no direct source, as ready-to-paste entries
(a feed or sitemap from robots.txt or the home page, and an article_pattern inferred from the stored URLs)."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import yaml
from pantau_configs.models import Source, SourcesConfig
from parsel import Selector

from crawler.settings import USER_AGENT
from store.schema import open_db

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml")
MAX_BYTES = 2 * 1024 * 1024
MAX_ALTERNATIVES = 6  # distinct words at one place of the path before it becomes "any segment"


@dataclass
class Suggestion:
    """One domain to add as a direct source, with what was found for its entry."""

    domain: str
    articles: int
    via: list[str]
    base_url: str
    pattern: str
    matched: int
    feeds: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    title: str = ""
    yaml: str = ""


def _host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def _held(host: str, sources: list[Source]) -> bool:
    return any(host == d or host.endswith("." + d) for s in sources if not s.quirks.aggregator for d in s.domains)


def aggregated_domains(db_path: Path, config: SourcesConfig, minimum: int) -> dict[str, list[tuple[str, str]]]:
    """{domain: [(url, via)]} of stored (so relevant) articles an aggregator led to, on domains no direct source
    holds, for domains with at least `minimum` of them."""
    db = open_db(db_path)
    try:
        rows = db.execute("SELECT url, via FROM articles WHERE via IS NOT NULL ORDER BY url").fetchall()
    finally:
        db.close()
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for url, via in rows:
        host = _host(url)
        if host and not _held(host, config.sources):
            found[host].append((url, via))
    return {host: urls for host, urls in sorted(found.items(), key=lambda kv: (-len(kv[1]), kv[0]))
            if len(urls) >= minimum}


def _segment(values: list[str]) -> str:
    """A regex for one place of the path, from the values the stored URLs have there."""
    if all(v.isdigit() for v in values):  # a year, month or day keeps its width; an id grows
        lengths = {len(v) for v in values}
        dated = all(len(v) <= 2 or re.fullmatch(r"(19|20)\d\d", v) for v in values)
        return rf"\d{{{lengths.pop()}}}" if len(lengths) == 1 and dated else r"\d+"
    if all(re.match(r"\d{4,}[-_]", v) for v in values):  # an id before the slug (a headline's number is shorter)
        return r"\d+[-_][^/]+"
    if all(re.search(r"[-_]\d+(\.html?)?$", v) for v in values):
        return r"[^/]*[-_]\d+(?:\.html?)?"
    distinct = sorted(set(values))
    slug_like = any("-" in v or len(v) > 24 for v in distinct)
    if not slug_like and len(distinct) <= MAX_ALTERNATIVES:
        return re.escape(distinct[0]) if len(distinct) == 1 else "(?:" + "|".join(map(re.escape, distinct)) + ")"
    suffixes = {Path(v).suffix for v in values}
    return r"[^/]+" + (re.escape(suffixes.pop()) if len(suffixes) == 1 and "" not in suffixes else "")


def infer_pattern(urls: list[str]) -> str:
    """An article_pattern for the stored URLs of one site: one branch per path shape (number of segments)."""
    shapes: dict[int, list[list[str]]] = defaultdict(list)
    netlocs = Counter(urlsplit(u).netloc.lower() for u in urls)
    for url in urls:
        segments = [s for s in urlsplit(url).path.split("/") if s]
        shapes[len(segments)].append(segments)
    branches = []
    for _, paths in sorted(shapes.items()):
        if not paths[0]:
            continue
        branches.append("/" + "/".join(_segment([p[i] for p in paths]) for i in range(len(paths[0]))))
    netloc = netlocs.most_common(1)[0][0]
    netloc = netloc[4:] if netloc.startswith("www.") else netloc
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return rf"^https?://(?:www\.)?{re.escape(netloc)}{body}/?(?:\?.*)?$"


def _fetch(url: str, timeout: float = 10.0) -> bytes | None:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) only
            return bytes(response.read(MAX_BYTES))
    except (urllib.error.URLError, OSError, ValueError):
        return None


def discover_start_points(base_url: str) -> tuple[list[str], list[str], str]:
    """(feeds, sitemaps, site title): sitemaps named in robots.txt, feeds the home page links as alternates."""
    robots_text = (_fetch(urljoin(base_url, "/robots.txt")) or b"").decode("utf-8", "replace")
    sitemaps = [line.split(":", 1)[1].strip() for line in robots_text.splitlines()
                if line.lower().startswith("sitemap:") and line.split(":", 1)[1].strip()]
    robots = RobotFileParser()
    robots.parse(robots_text.splitlines())
    home_url = urljoin(base_url, "/")
    home = _fetch(home_url) if robots.can_fetch(USER_AGENT, home_url) else None
    feeds, title = [], ""
    if home:
        page = Selector(text=home.decode("utf-8", "replace"))
        for link in page.css('link[rel~="alternate"]'):
            if (link.attrib.get("type") or "").split(";")[0].strip().lower() in FEED_TYPES and link.attrib.get("href"):
                feeds.append(urljoin(home_url, link.attrib["href"].strip()))
        title = (page.css('meta[property="og:site_name"]::attr(content)').get() or page.css("title::text").get()
                 or "").strip()
    return list(dict.fromkeys(feeds)), list(dict.fromkeys(sitemaps)), title


def entry_yaml(suggestion: Suggestion) -> str:
    """The ready-to-paste sources.yaml entry, with a comment on what it rests on."""
    entry: dict[str, object] = {"name": re.sub(r"[^a-z0-9]+", "-", suggestion.domain).strip("-"),
                                "title": suggestion.title or suggestion.domain, "domains": [suggestion.domain]}
    if "kind" in Source.model_fields:  # the fields configs/sources.yaml gives every source, when this version has them
        entry["kind"] = "regional"
    if "province" in Source.model_fields:
        entry["province"] = "national"
    entry["article_pattern"] = suggestion.pattern
    if suggestion.feeds:
        entry["feeds"] = suggestion.feeds
    if suggestion.sitemaps:
        entry["sitemaps"] = suggestion.sitemaps
    if not (suggestion.feeds or suggestion.sitemaps):
        entry["listings"] = [{"url": urljoin(suggestion.base_url, "/")}]
    text = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=200)
    comment = (f"# {suggestion.domain}: {suggestion.articles} relevant articles through {', '.join(suggestion.via)}; "
               f"the pattern matches {suggestion.matched} of {suggestion.articles} stored URLs"
               + ("" if suggestion.feeds or suggestion.sitemaps else "; no feed or sitemap found, the home page "
                  "is its listing") + ("; check kind and province" if "province" in entry else ""))
    return "\n".join(["  " + comment, *("  " + line for line in text.splitlines())])


def suggest_sources(db_path: Path, config: SourcesConfig, minimum: int = 3) -> list[Suggestion]:
    """One suggestion per domain with at least `minimum` relevant aggregated articles and no direct source."""
    suggestions = []
    for domain, rows in aggregated_domains(db_path, config, minimum).items():
        urls = [url for url, _ in rows]
        parts = urlsplit(urls[0])
        base_url = f"{parts.scheme}://{parts.netloc}"
        pattern = infer_pattern(urls)
        compiled = re.compile(pattern)
        feeds, sitemaps, title = discover_start_points(base_url)
        suggestion = Suggestion(domain, len(urls), sorted({via for _, via in rows}), base_url, pattern,
                                sum(bool(compiled.search(u)) for u in urls), feeds, sitemaps, title)
        suggestion.yaml = entry_yaml(suggestion)
        suggestions.append(suggestion)
    return suggestions
