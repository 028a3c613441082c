"""WARC round trip: what the crawl writes is what the cleaning stage reads."""

from pathlib import Path

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
