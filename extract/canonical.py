"""Canonical article URLs: one article, one URL, whatever tracking, AMP or mobile variant linked to it."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING_PARAMS = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|msclkid|yclid|mc_cid|mc_eid|_ga|ref|ref_src|src|source|"
    r"from|campaign|share|shared|amp|amp_js_v|usqp|outputtype|_gl|cx_\w+|tracking|trk)$",
    re.IGNORECASE,
)
MOBILE_HOST = re.compile(r"^(m|amp|mobile)\.", re.IGNORECASE)
AMP_SEGMENT = re.compile(r"/amp(?=/)|/amp/?$|\.amp(?=$|\.html?$)", re.IGNORECASE)


def _clean_query(query: str) -> str:
    kept = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if not TRACKING_PARAMS.match(k)]
    return urlencode(sorted(kept))


def _clean_path(path: str) -> str:
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
    port = parts.port
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    return urlunsplit((scheme, host, _clean_path(parts.path), _clean_query(parts.query), ""))


def fetchable_url(url: str) -> str:
    """The URL to request: tracking parameters and fragment removed, host and path left as linked."""
    parts = urlsplit(url.strip())
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", _clean_query(parts.query), ""))
