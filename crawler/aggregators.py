"""Aggregator links (Google News) resolved to the publishers' article URLs."""

from __future__ import annotations

import base64
import binascii
import re

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
