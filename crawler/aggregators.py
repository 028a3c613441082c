"""Aggregators (Google News): search feeds generated from the configs, links resolved to the publishers' URLs."""

from __future__ import annotations

import base64
import binascii
import re
from pathlib import Path
from urllib.parse import quote_plus, urlsplit

import yaml
from pantau_configs.models import Search
from pantau_configs.paths import CONFIG_DIR

GAZETTEERS = CONFIG_DIR / "gazetteers"

GOOGLE_NEWS_ARTICLE = re.compile(r"^https?://news\.google\.com/(?:rss/)?articles/([A-Za-z0-9_-]+)")
URL_BYTES = re.compile(rb"https?://[\x21-\x7e]+")


def decode_google_news(url: str) -> str | None:
    """The publisher URL carried inside a Google News article link, or None when it is not carried there.

    Google News RSS links ("…/rss/articles/CBMi…") are base64url-encoded protobuf messages; in the long-standing
    format the publisher's URL is a length-prefixed string field inside. Newer opaque tokens carry no URL: those
    are fetched and their redirect followed instead.
    """
    match = GOOGLE_NEWS_ARTICLE.match(url)
    if not match:
        return None
    token = match.group(1)
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (binascii.Error, ValueError):
        return None
    found = URL_BYTES.search(raw)
    if not found:
        return None
    start = found.start()
    length = raw[start - 1] if start else 0
    candidate = raw[start : start + length] if 0 < length <= len(raw) - start else found.group(0)
    try:
        text = candidate.decode("ascii")
    except UnicodeDecodeError:
        return None
    return text if re.fullmatch(r"https?://[^\s\"'<>]+", text) else None


def encode_google_news(publisher_url: str) -> str:
    """A Google-News-style link carrying publisher_url (for tests and demos of the decoder)."""
    data = publisher_url.encode("ascii")
    message = b"\x08\x13\x22" + bytes([len(data)]) + data + b"\xd2\x01\x00"
    return "https://news.google.com/rss/articles/" + base64.urlsafe_b64encode(message).decode().rstrip("=") + "?oc=5"


SPELLINGS = ("industri kecil menengah", "industri kecil dan menengah")
MINISTRY_ABBRS = ("Kemenperin", "Ditjen IKMA")  # organisations.yaml entries whose names and abbreviations are searched


def _quoted(text: str) -> str:
    return '"' + text.replace('"', "") + '"'


def search_queries(search: Search, gazetteers: Path = GAZETTEERS) -> list[str]:
    """The queries of an aggregator's search, one feed each: every gazetteer programme, the ministry and Ditjen IKMA
    names, both spellings of "industri kecil (dan) menengah", each province with IKM, then the configured ones."""
    queries: list[str] = []
    if search.generate:
        programmes = yaml.safe_load((gazetteers / "programs.yaml").read_text(encoding="utf-8"))["programs"]
        organisations = yaml.safe_load((gazetteers / "organizations.yaml").read_text(encoding="utf-8"))["organizations"]
        provinces = yaml.safe_load((gazetteers / "regions.yaml").read_text(encoding="utf-8"))["provinces"]
        for programme in programmes:  # with IKM, unless the name has it: "Dana Alokasi Khusus" alone is mostly roads
            name = re.sub(r"\s*\([^)]*\)$", "", programme["name"])
            queries.append(_quoted(name) + ("" if "IKM" in name else " IKM"))
        for org in organisations:
            if org["abbr"] in MINISTRY_ABBRS:
                # The ministry covers all industry: its names are searched together with IKM; the Ditjen's are IKM.
                context = " IKM" if org["abbr"] == "Kemenperin" else ""
                queries += [_quoted(org["name"]) + context, _quoted(org["abbr"]) + context]
        queries += [_quoted(spelling) for spelling in SPELLINGS]
        queries += [f"IKM {_quoted(province)}" for province in provinces]
    queries += search.queries
    return list(dict.fromkeys(queries))  # each once, in order


def search_feed(search: Search, query: str, operators: str) -> str:
    """The feed address of one query with its date operators ("when:7d", "after:2024-01-01 before:2024-02-01")."""
    return search.url.replace("{query}", quote_plus(f"{query} {operators}".strip()))


def search_feeds(search: Search, operators: str | None = None, gazetteers: Path = GAZETTEERS) -> list[str]:
    """Every query's feed address: the nightly run's recent window unless other operators are given."""
    return [search_feed(search, q, search.recent if operators is None else operators)
            for q in search_queries(search, gazetteers)]


def open_web_name(url: str) -> str:
    """The source name of a page no configured outlet holds: its host without "www." ("portal-lain.example")."""
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host
