"""A WARC response record's bytes as warcio writes them, built directly for the common all-ASCII case.

warcio builds a record through header objects, digesters and streams: about 50 µs of the crawl's own CPU a page,
more than the page's compression. The record written here is the one warcio writes, byte for byte (its header
order, digests, line ends and closing blank lines; tests/test_archive.py compares them with the record id and date
fixed); a page with a non-ASCII header or URL, which warcio percent-encodes by its own rules, is left to warcio.
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
                    ) -> bytes | None:
    """The uncompressed record of one HTTP response (`fields`: extra WARC headers, written first, as warcio writes
    a record's own headers dict); None when the URL, a header or a field is not ASCII."""
    try:
        http = (f"HTTP/1.1 {status} OK\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n").encode("ascii")
        block = http + body
        warc = [*fields, ("WARC-Type", "response"), ("WARC-Record-ID", record or record_id()),
                ("WARC-Target-URI", url), ("WARC-Date", date or warc_date()), ("WARC-Payload-Digest", _digest(body)),
                ("WARC-Block-Digest", _digest(block)), ("Content-Type", HTTP_CONTENT_TYPE),
                ("Content-Length", str(len(block)))]
        head = ("WARC/1.0\r\n" + "".join(f"{k}: {v}\r\n" for k, v in warc) + "\r\n").encode("ascii")
    except UnicodeEncodeError:
        return None
    return head + block + b"\r\n\r\n"
