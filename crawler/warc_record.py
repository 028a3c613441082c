"""A WARC response record's bytes as warcio writes them, built directly for the common all-ASCII case.

warcio builds a record through header objects, digesters and streams: about 50 µs of the crawl's own CPU a page,
more than the page's compression. The record written here is the one warcio writes, byte for byte (its header
order, digests, line ends and closing blank lines; tests/test_archive.py compares them with the record id and date
fixed); a page with a non-ASCII HTTP header, which warcio percent-encodes by its own rules, is left to warcio.
parse_response reads such a record back the way warcio's ArchiveIterator does, for the plain response records the
crawl writes, and leaves any other to warcio.
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from datetime import UTC, datetime

HTTP_CONTENT_TYPE = "application/http; msgtype=response"


def _digest(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")  # noqa: S324 - WARC's digest


def warc_date() -> str:
    """Now, as warcio dates a WARC/1.0 record (whole seconds, UTC)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def record_id() -> str:
    return f"<urn:uuid:{uuid.uuid4()}>"


def response_record(url: str, status: int, headers: list[tuple[str, str]], body: bytes,
                    fields: list[tuple[str, str]], record: str | None = None, date: str | None = None,
                    http_encoding: str = "ascii") -> bytes | None:
    """The uncompressed record of one HTTP response (`fields`: extra WARC headers, written first, as warcio writes
    a record's own headers dict; WARC headers in UTF-8, as warcio writes them); None when an HTTP header does not
    fit `http_encoding` (warcio then percent-encodes it by its own rules)."""
    try:
        http = f"HTTP/1.1 {status} OK\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n"
        block = http.encode(http_encoding) + body
    except UnicodeEncodeError:
        return None
    warc = [*fields, ("WARC-Type", "response"), ("WARC-Record-ID", record or record_id()),
            ("WARC-Target-URI", url), ("WARC-Date", date or warc_date()), ("WARC-Payload-Digest", _digest(body)),
            ("WARC-Block-Digest", _digest(block)), ("Content-Type", HTTP_CONTENT_TYPE),
            ("Content-Length", str(len(block)))]
    head = ("WARC/1.0\r\n" + "".join(f"{k}: {v}\r\n" for k, v in warc) + "\r\n").encode("utf-8")
    return head + block + b"\r\n\r\n"


def _fields(lines: list[bytes]) -> list[tuple[str, str]] | None:
    """Header lines as warcio reads them ("Name: value", the line's trailing and the value's leading blanks
    dropped); None for anything it reads by other rules (a continuation line, a line without a colon, a byte
    beyond ASCII)."""
    found = []
    for raw in lines:
        if not raw.isascii() or raw[:1] in (b" ", b"\t"):
            return None
        name, colon, value = raw.decode("ascii").rstrip().partition(":")
        if not colon:
            return None
        found.append((name.rstrip(" \t"), value.lstrip()))
    return found


def parse_response(data: bytes) -> tuple[dict[str, str], int, list[tuple[str, str]], bytes] | None:
    """A plain response record as warcio reads it: (WARC headers by lower-cased name, HTTP status, HTTP headers,
    body); None for anything else (another record type, a body warcio would decode, an unusual header)."""
    head, blank, rest = data.partition(b"\r\n\r\n")
    if not blank or not head.startswith(b"WARC/1.") or head.count(b"\n") != head.count(b"\r\n"):
        return None
    lines = head.split(b"\r\n")
    warc = _fields(lines[1:])
    if warc is None:
        return None
    fields: dict[str, str] = {}
    for name, value in warc:
        fields.setdefault(name.lower(), value)
    length = fields.get("content-length", "")
    if fields.get("warc-type") != "response" or not length.isdigit() or len(rest) < int(length):
        return None
    http_head, blank, body = rest[:int(length)].partition(b"\r\n\r\n")
    if not blank or http_head.count(b"\n") != http_head.count(b"\r\n"):
        return None
    status_line, *header_lines = http_head.split(b"\r\n")
    parts = status_line.rstrip().split(b" ")
    headers = _fields(header_lines)
    if headers is None or len(parts) < 2 or not parts[0].startswith(b"HTTP/") or not parts[1].isdigit() or any(
            name.lower() in ("content-encoding", "transfer-encoding") for name, _ in headers):
        return None
    return fields, int(parts[1]), headers, body
