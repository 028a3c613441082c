"""Load and validate the user-edited YAML configs (sources and topics) with errors that name file, entry, field."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal, TypeVar
from urllib.parse import urlsplit

import yaml
from pantau_configs.errors import ConfigError as ConfigError
from pantau_configs.errors import UnknownName as UnknownName
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

SLUG = r"^[a-z0-9][a-z0-9_-]*$"
# The 38 provinces, spelled as in configs/gazetteers/regions.yaml; a source covers one of them or is "national".
PROVINCES = (
    "Aceh", "Bali", "Banten", "Bengkulu", "Daerah Istimewa Yogyakarta", "Daerah Khusus Ibukota Jakarta", "Gorontalo",
    "Jambi", "Jawa Barat", "Jawa Tengah", "Jawa Timur", "Kalimantan Barat", "Kalimantan Selatan", "Kalimantan Tengah",
    "Kalimantan Timur", "Kalimantan Utara", "Kepulauan Bangka Belitung", "Kepulauan Riau", "Lampung", "Maluku Utara",
    "Maluku", "Nusa Tenggara Barat", "Nusa Tenggara Timur", "Papua Barat", "Papua", "Riau", "Sulawesi Barat",
    "Sulawesi Selatan", "Sulawesi Tengah", "Sulawesi Tenggara", "Sulawesi Utara", "Sumatra Barat", "Sumatra Selatan",
    "Sumatra Utara", "Papua Selatan", "Papua Tengah", "Papua Pegunungan", "Papua Barat Daya",
)
NATIONAL = "national"
SourceKind = Literal["national", "regional", "government"]


def _check_regex(value: str | None) -> str | None:
    if value is not None:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"invalid regular expression {value!r}: {exc}") from None
    return value


def _check_http_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"not an http(s) URL: {value!r}")
    return value


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Listing(Strict):
    """A listing/index page whose links lead to articles, optionally paginated."""

    url: str
    link_pattern: str | None = None
    next_css: str | None = None
    max_pages: int = Field(default=1, ge=1, le=1000)

    _url = field_validator("url")(_check_http_url)
    _pattern = field_validator("link_pattern")(_check_regex)


def _check_css(value: str | None) -> str | None:
    if value is not None:
        from parsel.csstranslator import HTMLTranslator

        try:
            HTMLTranslator().css_to_xpath(value)
        except Exception as exc:  # cssselect raises several error types
            raise ValueError(f"invalid CSS selector {value!r}: {exc}") from None
    return value


class Quirks(Strict):
    """What is special about one outlet's pages (all optional)."""

    drop_css: list[str] = []  # blocks to remove before extraction ("div.baca-juga")
    drop_lines: list[str] = []  # regexes of extracted lines to drop
    next_page_css: str | None = None  # link to an article's next page, for outlets that split articles
    max_article_pages: int = Field(default=10, ge=1, le=50)
    aggregator: bool = False  # a news aggregator's feed (Google News): its links lead to publishers' articles
    date_css: str | None = None  # element holding the publication date when the page's metadata has none
    date_format: str | None = None  # strptime format of that element's text ("%d/%m/%Y %H:%M"); else parsed freely

    _date = field_validator("date_css")(_check_css)
    @field_validator("drop_css")
    @classmethod
    def _selectors(cls, values: list[str]) -> list[str]:
        return [v for v in values if _check_css(v)]

    @field_validator("drop_lines")
    @classmethod
    def _patterns(cls, values: list[str]) -> list[str]:
        return [v for v in values if _check_regex(v)]

    _next = field_validator("next_page_css")(_check_css)


class Examples(Strict):
    """Article URLs of the outlet's shape that its pattern must accept, and index pages it must reject."""

    accept: list[str] = Field(min_length=1)
    reject: list[str] = Field(min_length=1)

    @field_validator("accept", "reject")
    @classmethod
    def _urls(cls, urls: list[str]) -> list[str]:
        return [_check_http_url(u) for u in urls]


def _check_province(value: str | None) -> str | None:
    if value is not None and value != NATIONAL and value not in PROVINCES:
        raise ValueError(f"unknown province {value!r}: use a name from configs/gazetteers/regions.yaml or 'national'")
    return value
class Search(Strict):
    """An aggregator's search feed (Google News): one feed per query, the queries generated from the gazetteers."""

    url: str  # the feed address with a {query} placeholder
    recent: str = "when:7d"  # operator added to every query of a nightly run (a backfill adds after:/before:)
    cap: int = Field(default=100, ge=1)  # the most items one feed returns; a backfill window this full is split
    generate: bool = True  # programmes, ministry and Ditjen IKMA names, both spellings, every province with IKM
    queries: list[str] = []  # more queries, besides the generated ones

    @field_validator("url")
    @classmethod
    def _template(cls, value: str) -> str:
        if "{query}" not in value:
            raise ValueError(f"the search url needs a {{query}} placeholder: {value!r}")
        return _check_http_url(value)


class Source(Strict):
    """One outlet: where to start, what its article URLs look like, and its quirks."""

    name: str = Field(pattern=SLUG)
    title: str | None = None
    enabled: bool = True
    domains: list[str] = Field(min_length=1)
    article_pattern: str
    feeds: list[str] = []
    sitemaps: list[str] = []
    listings: list[Listing] = []
    max_pages: int | None = Field(default=None, ge=1)
    quirks: Quirks = Quirks()
    province: str | None = None  # one of PROVINCES, or "national"
    kind: SourceKind | None = None  # national or regional press, or a government site
    examples: Examples | None = None  # checked by tests/test_source_patterns.py
    search: Search | None = None  # an aggregator's generated search feeds (crawler/aggregators.py)

    _pattern = field_validator("article_pattern")(_check_regex)
    _province = field_validator("province")(_check_province)

    @field_validator("feeds", "sitemaps")
    @classmethod
    def _urls(cls, urls: list[str]) -> list[str]:
        return [_check_http_url(u) for u in urls]

    @model_validator(mode="after")
    def _has_start_points(self) -> Source:
        if not (self.feeds or self.sitemaps or self.listings or self.search):
            raise ValueError("a source needs at least one of feeds, sitemaps or listings (or an aggregator's search)")
        return self

    def start_urls(self) -> list[str]:
        search = [self.search.url] if self.search else []  # a template: crawler/aggregators.py expands it per query
        return [*self.feeds, *self.sitemaps, *(listing.url for listing in self.listings), *search]


class SourcesConfig(Strict):
    sources: list[Source] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_names(self) -> SourcesConfig:
        names = [s.name for s in self.sources]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"duplicate source names: {', '.join(dupes)}")
        return self

    def enabled(self) -> list[Source]:
        return [s for s in self.sources if s.enabled]

    def by_name(self, name: str) -> Source:
        return next(s for s in self.sources if s.name == name)

    def quirks_for_url(self, url: str) -> Quirks | None:
        """The quirks of the source whose domains hold the URL's host."""
        host = (urlsplit(url).hostname or "").lower()
        for source in self.sources:
            if any(host == d or host.endswith("." + d) for d in source.domains):
                return source.quirks
        return None


class Term(Strict):
    term: str = Field(min_length=2)
    weight: float = Field(default=1.0, gt=0)


class TopicsConfig(Strict):
    """IKM relevance terms: an article is kept when its score reaches the threshold."""

    threshold: float = Field(default=3.0, ge=0)
    title_multiplier: float = Field(default=2.0, ge=1)
    max_count_per_term: int = Field(default=3, ge=1)
    terms: list[Term] = Field(min_length=1)


class NightlyConfig(Strict):
    """configs/nightly.yaml: what `pantau nightly` crawls, where it writes, and how long it keeps archives."""

    sources: str = "configs/sources.yaml"  # relative paths are taken from the folder `pantau nightly` runs in
    db: str = "data/pantau.db"
    warc_dir: str | None = None  # default: a "warc" folder next to the database
    log_file: str = "data/logs/nightly.log"
    log_max_bytes: int = Field(default=10_000_000, ge=10_000)
    log_backups: int = Field(default=7, ge=0, le=100)
    archive_retention_days: int = Field(default=0, ge=0)  # 0 keeps every archive
    max_pages_per_source: int = Field(default=500, ge=0)  # article pages per source and run; 0 means no limit
    workers: int = Field(default=0, ge=0)  # cleaning processes; 0 means one per core
    retry_after_max: float = Field(default=60.0, ge=0)


Model = TypeVar("Model", bound=BaseModel)


def _read_yaml(path: Path) -> Any:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(path, "file", "-", "file not found") from None
    except IsADirectoryError:
        raise ConfigError(path, "file", "-", "is a directory, not a YAML file") from None
    except OSError as exc:
        raise ConfigError(path, "file", "-", f"cannot be read ({exc.strerror or exc})") from None
    if b"\x00" in data[:4096]:
        raise ConfigError(path, "file", "-", "not a text file (binary data)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(path, "file", "-", f"not UTF-8 text (byte {exc.start})") from None
    try:
        loaded = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        where = " ".join(str(exc).replace('in "<unicode string>", ', "").split())
        raise ConfigError(path, "file", "-", f"not valid YAML: {where}") from None
    if not isinstance(loaded, dict):
        raise ConfigError(path, "file", "-", "empty" if loaded is None else "expected a YAML mapping of settings")
    return loaded


def _entry_name(data: Any, loc: tuple[Any, ...], list_key: str) -> tuple[str, tuple[Any, ...]]:
    """Split a pydantic error location into a readable entry ("source 'kabar' (#2)") and the rest."""
    if len(loc) >= 2 and loc[0] == list_key and isinstance(loc[1], int):
        index = loc[1]
        items = data.get(list_key) if isinstance(data, dict) else None
        item = items[index] if isinstance(items, list) and index < len(items) else None
        label = item.get("name") or item.get("term") if isinstance(item, dict) else None
        kind = list_key.rstrip("s")
        entry = f"{kind} {label!r} (#{index + 1})" if label else f"{kind} #{index + 1}"
        return entry, loc[2:]
    return "top level", loc


def _load(path: Path | str, model: type[Model], list_key: str) -> Model:
    path = Path(path)
    data = _read_yaml(path)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        entry, rest = _entry_name(data, tuple(first["loc"]), list_key)
        field = ".".join(str(part) for part in rest) or "-"
        raise ConfigError(path, entry, field, first["msg"]) from None


def load_sources(path: Path | str) -> SourcesConfig:
    """Read and validate a sources.yaml file."""
    return _load(path, SourcesConfig, "sources")


def load_nightly(path: Path | str) -> NightlyConfig:
    """Read and validate a nightly.yaml file."""
    return _load(path, NightlyConfig, "-")


def load_topics(path: Path | str) -> TopicsConfig:
    """Read and validate a topics.yaml file."""
    return _load(path, TopicsConfig, "terms")
