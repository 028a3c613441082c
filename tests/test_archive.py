"""WARC round trip: what the crawl writes is what the cleaning stage reads."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.archive import ArchivedPage, WarcArchive, iter_pages, read_page


def test_roundtrip_with_offsets(tmp_path: Path) -> None:
    path = tmp_path / "run.warc.gz"
    archive = WarcArchive(path)
    pages = [
        ArchivedPage("http://127.0.0.1/a", "warta", 200, [("Content-Type", "text/html; charset=windows-1252")],
                     "Kopi “Gayo”".encode("cp1252")),
        ArchivedPage("http://127.0.0.1/b", "kabar", 200, [("Content-Encoding", "gzip")], b"<p>Batik</p>"),
    ]
    offsets = [archive.write(page) for page in pages]
    archive.close()
    read = list(iter_pages(path))
    assert [(p.url, p.source, p.body, p.offset) for p in read] == [
        (p.url, p.source, p.body, o) for p, o in zip(pages, offsets, strict=True)
    ]
    assert read[0].charset == "windows-1252"
    assert read[1].header("Content-Encoding") is None  # the body is stored decoded
    assert read_page(path, offsets[1]).body == b"<p>Batik</p>"


def test_truncated_archive_yields_the_complete_records(tmp_path: Path) -> None:
    path = tmp_path / "run.warc.gz"
    archive = WarcArchive(path)
    archive.write(ArchivedPage("http://127.0.0.1/a", "warta", 200, [], b"<p>satu</p>"))
    second = archive.write(ArchivedPage("http://127.0.0.1/b", "warta", 200, [], b"<p>dua</p>" * 200))
    archive.close()
    data = path.read_bytes()
    path.write_bytes(data[: second + 20])
    assert [p.url for p in iter_pages(path)] == ["http://127.0.0.1/a"]


def _warcio_record(url: str, status: int, headers: list[tuple[str, str]], body: bytes,
                   fields: list[tuple[str, str]], record: str, date: str) -> bytes:
    """The record warcio writes for the same parts, with its record id and date fixed."""
    from io import BytesIO
    from unittest import mock

    from warcio.recordbuilder import RecordBuilder
    from warcio.statusandheaders import StatusAndHeaders, StatusAndHeadersParser
    from warcio.warcwriter import WARCWriter

    with mock.patch.object(StatusAndHeadersParser, "make_warc_id", staticmethod(lambda id_=None: record)), \
            mock.patch.object(RecordBuilder, "_make_warc_date", classmethod(lambda cls, use_micros=False: date)):
        built = WARCWriter(BytesIO(), gzip=False).create_warc_record(
            url, "response", payload=BytesIO(body), warc_headers_dict=dict(fields),
            http_headers=StatusAndHeaders(f"{status} OK", headers, protocol="HTTP/1.1"))
        out = BytesIO()
        WARCWriter(out, gzip=False).write_record(built)
    return out.getvalue()


@settings(max_examples=200, deadline=None)
@given(path=st.text(alphabet="abc-_/?=&%.09é", max_size=30), status=st.sampled_from([200, 203, 404]),
       headers=st.lists(st.tuples(st.sampled_from(["Server", "Date", "Content-Type", "ETag", "X-Cache"]),
                                  st.text(alphabet="ab ;=\"/:,.1", max_size=20)), max_size=6),
       body=st.binary(max_size=300), via=st.booleans())
def test_our_record_is_the_one_warcio_writes(path: str, status: int, headers: list[tuple[str, str]], body: bytes,
                                             via: bool) -> None:
    from crawler.warc_record import response_record

    url = f"http://127.0.0.1:8000/berita/{path}"
    fields = [("WARC-Pantau-Source", "kabar"), ("WARC-Pantau-Article", url), ("WARC-Pantau-Part", "2"),
              *([("WARC-Pantau-Via", "agregator")] if via else [])]
    record, date = "<urn:uuid:7a49d87a-d98a-400c-acc5-fa179ce2806f>", "2026-12-02T11:04:38Z"
    assert response_record(url, status, headers, body, fields, record, date) == _warcio_record(
        url, status, headers, body, fields, record, date)


def test_a_page_with_a_non_ascii_header_is_written_by_warcios_rules_and_reads_back(tmp_path: Path) -> None:
    from crawler.warc_record import response_record

    page = ArchivedPage("http://127.0.0.1/berita/kopi-gayo-ñ", "warta", 200,
                        [("Content-Type", "text/html"), ("X-Judul", "Kopi “Gayo”")], b"<p>Kopi</p>")
    assert response_record(page.url, 200, page.headers, page.body, []) is None
    archive = WarcArchive(tmp_path / "run.warc.gz")
    offset = archive.write(page)
    archive.close()
    read = read_page(tmp_path / "run.warc.gz", offset)
    assert (read.url, read.body, read.header("Content-Type")) == (page.url, page.body, "text/html")


@settings(max_examples=100, deadline=None)
@given(pages=st.lists(st.tuples(
    st.text(alphabet="abc-/?=é", max_size=20),
    st.lists(st.tuples(st.sampled_from(["Content-Type", "ETag", "X-Judul", "Content-Encoding"]),
                       st.text(alphabet="ab ;=/\"“é", max_size=15)), max_size=4),
    st.binary(max_size=3000), st.integers(1, 3), st.sampled_from(["", "agregator"])), min_size=1, max_size=5))
def test_a_page_read_back_is_what_warcio_reads(tmp_path_factory: pytest.TempPathFactory,
                                               pages: list[tuple[str, list[tuple[str, str]], bytes, int, str]]) -> None:
    """read_page parses a plain response record itself and leaves the rest to warcio: both read the same page."""
    from warcio.archiveiterator import ArchiveIterator

    from crawler.archive import _to_page

    path = tmp_path_factory.mktemp("warc") / "run.warc.gz"
    archive = WarcArchive(path)
    offsets = [archive.write(ArchivedPage(f"http://127.0.0.1/berita/{name}", "kabar", 200, headers, body,
                                          article="http://127.0.0.1/berita/a", part=part, via=via))
               for name, headers, body, part, via in pages]
    archive.close()
    for offset in offsets:
        with open(path, "rb") as fh:
            fh.seek(offset)
            by_warcio = _to_page(next(iter(ArchiveIterator(fh))), str(path), offset)
        assert read_page(path, offset) == by_warcio
