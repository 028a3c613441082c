"""Per-run WARC archives: every fetched article response is written once and re-read for cleaning."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawler.warc_record import parse_response, response_record

SOURCE_HEADER = "WARC-Pantau-Source"
ARTICLE_HEADER = "WARC-Pantau-Article"  # first page's URL, for articles split over several pages
PART_HEADER = "WARC-Pantau-Part"
VIA_HEADER = "WARC-Pantau-Via"  # the aggregator whose link led to the page, if one did
DROPPED_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}
GZIP_LEVEL = 3


@dataclass(frozen=True)
class ArchivedPage:
    """One response as stored in (and read back from) a WARC file."""

    url: str
    source: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    warc_file: str = ""
    offset: int = -1
    article: str = ""
    part: int = 1
    via: str = ""
    listed: str = ""  # backfill: the URL as a window listed it (not archived; marks it fetched)
    more: bool = False  # the crawl requested a further page of the same article (not stored in the archive)

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)

    @property
    def charset(self) -> str | None:
        content_type = self.header("Content-Type") or ""
        for part in content_type.split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset":
                return value.strip("\"' ") or None
        return None


class WarcArchive:
    """Append-only writer of one run's gzip-per-record WARC file."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fh: BinaryIO = open(self.path, "ab")  # noqa: SIM115 - closed in close()
        self._writer = WARCWriter(BytesIO(), gzip=False)

    def write(self, page: ArchivedPage) -> int:
        """Write one response record; return its byte offset in the file."""
        headers = [(k, v) for k, v in page.headers if k.lower() not in DROPPED_HEADERS]
        fields = [(SOURCE_HEADER, page.source), (ARTICLE_HEADER, page.article or page.url),
                  (PART_HEADER, str(page.part)), *([(VIA_HEADER, page.via)] if page.via else [])]
        plain = response_record(page.url, page.status, headers, page.body, fields)
        if plain is None:  # a non-ASCII HTTP header: warcio's own encoding rules
            try:
                plain = self._warcio_record(page, headers, dict(fields))
            except UnicodeEncodeError:  # warcio percent-encodes only some headers: the others as they came
                plain = response_record(page.url, page.status, headers, page.body, fields, http_encoding="latin-1")
            if plain is None:  # a character beyond Latin-1, which no response's headers decode to
                plain = response_record(page.url, page.status, headers, page.body, fields, http_encoding="utf-8")
        assert plain is not None
        offset = self._fh.tell()
        # One gzip member per record, as warcio writes them, but at level 3: warcio's level 9 took 3-4 ms of CPU
        # for a 200 KB page (more than all of Pantau's pre-cleaning) to save a few percent of the archive.
        self._fh.write(gzip.compress(plain, compresslevel=GZIP_LEVEL))
        self._fh.flush()
        return offset

    def _warcio_record(self, page: ArchivedPage, headers: list[tuple[str, str]], fields: dict[str, str]) -> bytes:
        http_headers = StatusAndHeaders(f"{page.status} OK", headers, protocol="HTTP/1.1")
        record = self._writer.create_warc_record(page.url, "response", payload=BytesIO(page.body),
                                                 http_headers=http_headers, warc_headers_dict=fields)
        plain = BytesIO()
        WARCWriter(plain, gzip=False).write_record(record)
        return plain.getvalue()

    def close(self) -> None:
        self._fh.close()


def _to_page(record: object, warc_file: str, offset: int) -> ArchivedPage:
    http = record.http_headers  # type: ignore[attr-defined]
    return ArchivedPage(
        url=record.rec_headers.get_header("WARC-Target-URI"),  # type: ignore[attr-defined]
        source=record.rec_headers.get_header(SOURCE_HEADER) or "",  # type: ignore[attr-defined]
        status=int(http.get_statuscode() or 0),
        headers=list(http.headers),
        body=record.content_stream().read(),  # type: ignore[attr-defined]
        warc_file=warc_file,
        offset=offset,
        article=record.rec_headers.get_header(ARTICLE_HEADER) or "",  # type: ignore[attr-defined]
        part=int(record.rec_headers.get_header(PART_HEADER) or 1),  # type: ignore[attr-defined]
        via=record.rec_headers.get_header(VIA_HEADER) or "",  # type: ignore[attr-defined]
    )


def iter_pages(path: Path | str) -> Iterator[ArchivedPage]:
    """Every response record of a WARC file, with its offset; a truncated tail is ignored."""
    with open(path, "rb") as fh:
        records = ArchiveIterator(fh)
        try:
            for record in records:
                if record.rec_type == "response":
                    offset = records.offset
                    yield _to_page(record, str(path), offset)
        except (EOFError, OSError, ValueError):
            return


@dataclass(frozen=True)
class IndexEntry:
    """Where one response record is, and which article (and page of it) it holds."""

    offset: int
    url: str
    article: str
    part: int


def index_pages(path: Path | str) -> list[IndexEntry]:
    """Offsets and article keys of every response record, without reading the bodies."""
    entries = []
    with open(path, "rb") as fh:
        records = ArchiveIterator(fh)
        try:
            for record in records:
                if record.rec_type == "response":
                    url = record.rec_headers.get_header("WARC-Target-URI")
                    entries.append(IndexEntry(records.offset, url, record.rec_headers.get_header(ARTICLE_HEADER) or url,
                                              int(record.rec_headers.get_header(PART_HEADER) or 1)))
        except (EOFError, OSError, ValueError):
            pass
    return entries


def read_page(path: Path | str, offset: int) -> ArchivedPage:
    """The response record at one offset (for re-extraction without reading the whole file): its gzip member read
    and parsed here when it is a plain response (warcio's readers took 54 µs a short page), else by warcio."""
    with open(path, "rb") as fh:
        fh.seek(offset)
        page = _plain_page(_gzip_member(fh), str(path), offset)
        if page is not None:
            return page
        fh.seek(offset)
        record = next(iter(ArchiveIterator(fh)))
        return _to_page(record, str(path), offset)


def _gzip_member(fh: BinaryIO, chunk: int = 16384) -> bytes | None:
    """The gzip member starting where the file is (one record, as WarcArchive writes them), or None."""
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    parts = []
    try:
        while not decompressor.eof:
            data = fh.read(chunk)
            if not data:
                return None
            parts.append(decompressor.decompress(data))
    except zlib.error:
        return None
    return b"".join(parts)


def _plain_page(data: bytes | None, warc_file: str, offset: int) -> ArchivedPage | None:
    parsed = parse_response(data) if data is not None else None
    if parsed is None:
        return None
    fields, status, headers, body = parsed
    return ArchivedPage(url=fields.get("warc-target-uri", ""), source=fields.get(SOURCE_HEADER.lower(), ""),
                        status=status, headers=headers, body=body, warc_file=warc_file, offset=offset,
                        article=fields.get(ARTICLE_HEADER.lower(), ""),
                        part=int(fields.get(PART_HEADER.lower()) or 1), via=fields.get(VIA_HEADER.lower(), ""))
