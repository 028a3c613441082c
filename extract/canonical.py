"""Canonical article URLs: one article, one URL, whatever tracking, AMP or mobile variant linked to it."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING_PARAMS = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|msclkid|yclid|mc_cid|mc_eid|_ga|ref|ref_src|src|source|"
    r"from|campaign|share|shared|amp|amp_js_v|usqp|outputtype|_gl|cx_\w+|tracking|trk)$",
    re.IGNORECASE,
)
# A mobile host mirrors the outlet's main host ("m.x.co.id" -> "www.x.co.id"). An AMP host ("amp.x.co.id") is
# left alone: one AMP host often serves several section hosts (industri., nasional., ...) and its URL does not say
# which, so guessing "www." gives a host the outlet never uses; the page's own canonical link settles the key.
MOBILE_HOST = re.compile(r"^(m|mobile)\.", re.IGNORECASE)
AMP_SEGMENT = re.compile(r"/amp(?=/)|/amp/?$|\.amp(?=$|\.html?$)", re.IGNORECASE)
# Outlets whose AMP form puts "amp" in place of a path segment rather than in front of it (".../amp/2024/..." for
# ".../read/2024/..."): registrable domain -> the segment to restore.
AMP_REPLACES_SEGMENT = {"okezone.com": "read"}
# Second-level labels under which names are registered (x.co.id, x.go.id, x.web.id, x.com.au, ...).
SECOND_LEVEL = frozenset({"co", "go", "or", "ac", "web", "my", "sch", "net", "biz", "mil", "desa", "ponpes", "com", "org",
                          "edu", "gov"})


def _clean_query(query: str) -> str:
    kept = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if not TRACKING_PARAMS.match(k)]
    return urlencode(sorted(kept))


def registrable_domain(host: str) -> str:
    """The name a site registers ("kontan.co.id" for "amp.kontan.co.id", "antaranews.com" for "jabar.antaranews.com")."""
    if re.fullmatch(r"[\d.]+|\[[0-9a-f:]+\]", host):  # an IP address is its own site
        return host
    labels = host.split(".")
    size = 3 if len(labels) >= 3 and labels[-2] in SECOND_LEVEL else 2
    return ".".join(labels[-size:])


def _clean_path(path: str, host: str = "") -> str:
    segment = AMP_REPLACES_SEGMENT.get(registrable_domain(host))
    if segment:
        path = re.sub(r"^/amp(?=/\d{4}/)", "/" + segment, path, flags=re.IGNORECASE)
    path = AMP_SEGMENT.sub("", path) or "/"
    path = re.sub(r"/{2,}", "/", path)
    return path


def canonicalize_url(url: str) -> str:
    """Drop fragments, tracking parameters and AMP/mobile markers; lower-case scheme and host."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower() or "http"
    host = parts.hostname.lower() if parts.hostname else ""
    if MOBILE_HOST.match(host) and host.count(".") >= 2:
        host = MOBILE_HOST.sub("www.", host)
    path = _clean_path(parts.path, host)
    port = parts.port
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    return urlunsplit((scheme, host, path, _clean_query(parts.query), ""))


def fetchable_url(url: str) -> str:
    """The URL to request: tracking parameters and fragment removed, host and path left as linked."""
    parts = urlsplit(url.strip())
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", _clean_query(parts.query), ""))
