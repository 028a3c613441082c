"""Which configured direct source accepts a URL, and the share of a URL sample the sources reach."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

from pantau_configs.models import Source, SourcesConfig

from extract.canonical import canonicalize_url
from extract.facts.rules import jsonl_entries

NO_SOURCE = "no source for host"
PATTERN_REJECTS = "pattern rejects"


@dataclass
class Match:
    url: str
    canonical: str
    source: str | None
    reason: str | None = None

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)


class SourceMatcher:
    """Matches URLs against the enabled direct sources (aggregators never count)."""

    def __init__(self, config: SourcesConfig) -> None:
        self.sources = [s for s in config.enabled() if not s.quirks.aggregator]
        self.by_domain: dict[str, list[int]] = {}  # domain -> indexes of the sources holding it, in config order
        for index, source in enumerate(self.sources):
            for domain in source.domains:
                self.by_domain.setdefault(domain.lower(), []).append(index)

    def holding(self, host: str) -> list[Source]:
        """The sources whose domains hold the host (it or any parent domain), regional and government entries
        before national ones sharing the domain, else in config order."""
        labels = host.split(".")
        found = {i for n in range(len(labels)) for i in self.by_domain.get(".".join(labels[n:]), [])}
        ordered = [self.sources[i] for i in sorted(found)]
        return sorted(ordered, key=lambda s: s.province in (None, "national"))

    @cached_property
    def patterns(self) -> dict[str, re.Pattern[str]]:
        return {s.name: re.compile(s.article_pattern) for s in self.sources}

    def which(self, url: str) -> Match:
        canonical = canonicalize_url(url)
        host = (urlsplit(canonical).hostname or "").lower()
        candidates = self.holding(host)
        if not candidates:
            return Match(url, canonical, None, NO_SOURCE)
        accepted = next((s.name for s in candidates if self.patterns[s.name].search(canonical)), None)
        return Match(url, canonical, accepted, None if accepted else PATTERN_REJECTS)


@dataclass
class Share:
    category: str
    reached: int
    total: int

    @property
    def share(self) -> float:
        return self.reached / self.total if self.total else 0.0


def read_sample(path: Path) -> list[dict[str, str]]:
    """A JSON-lines URL sample: each line needs `url`; `category` groups the report (else "all")."""
    rows = []
    for number, row in jsonl_entries(path):
        if not isinstance(row, dict) or not isinstance(row.get("url"), str):
            raise ValueError(f"{path}:{number}: field 'url' is missing")
        rows.append(row)
    return rows


def coverage(matcher: SourceMatcher, rows: Iterable[dict[str, str]]) -> tuple[list[Share], Share, list[Match]]:
    """Per-category and overall share of the sample's URLs that a direct source accepts, and the misses."""
    counts: dict[str, list[int]] = {}
    misses = []
    for row in rows:
        match = matcher.which(row["url"])
        tally = counts.setdefault(str(row.get("category") or "all"), [0, 0])
        tally[0] += match.source is not None
        tally[1] += 1
        if match.source is None:
            misses.append(match)
    shares = [Share(name, reached, total) for name, (reached, total) in sorted(counts.items())]
    overall = Share("overall", sum(s.reached for s in shares), sum(s.total for s in shares))
    return shares, overall, misses
