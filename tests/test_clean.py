"""Cleaning one page: text without boilerplate, title without site suffix, dates, canonical URL, encoding."""

from pathlib import Path

import pytest

from extract.boilerplate import drop_boilerplate_lines, is_boilerplate
from extract.clean import NotAnArticle, choose_canonical, clean_html, clean_title
from extract.dates import parse_date_value
from extract.encoding import decode_html, repair_mojibake
from extract.lang import detect_language

PAGE = Path(__file__).parent / "pages" / "site" / "berita" / "1.html"
FETCHED = "https://kabarpesisir.example/read/2024/10/08/5521/perajin?utm_source=wa"


@pytest.fixture(scope="module")
def article():
    return clean_html(PAGE.read_bytes(), FETCHED)


def test_text_is_the_article_and_nothing_else(article) -> None:
    assert article.text.startswith("Sebanyak 40 perajin gerabah")  # the "BANTUL -" dateline is cut
    assert "teknik glasir yang aman bagi makanan." in article.text
    for junk in ("Baca Juga", "ADVERTISEMENT", "SCROLL TO CONTINUE", "Bagikan", "Mantap", "Redaksi", "(wls/adn)",
                 "Beranda"):
        assert junk not in article.text


def test_metadata(article) -> None:
    assert article.title == "Perajin Gerabah Kasongan Ikuti Pelatihan Glasir"
    assert article.published == "2024-10-08T14:20:00+07:00"
    assert article.author == "Wulan Sari"
    assert article.url == "https://kabarpesisir.example/read/2024/10/08/5521/perajin-gerabah-kasongan-ikuti-pelatihan-glasir"
    assert article.fetched_url == FETCHED
    assert article.lang == "id"  # although the page says lang="en"
    assert len(article.content_hash) == 64


def test_index_page_is_not_an_article() -> None:
    with pytest.raises(NotAnArticle):
        clean_html(b"<html><body><ul><li><a href='/a'>Satu</a></li></ul></body></html>", "https://x.example/")
    with pytest.raises(NotAnArticle):
        clean_html(b"   ", "https://x.example/")


@pytest.mark.parametrize(
    ("title", "site", "expected"),
    [
        ("Judul Berita Hari Ini - Kabar Pesisir", "Kabar Pesisir", "Judul Berita Hari Ini"),
        ("Judul Berita Hari Ini | Kompas.com", None, "Judul Berita Hari Ini"),
        ("Warta Kota: Judul Berita Hari Ini", "Warta Kota", "Judul Berita Hari Ini"),
        ("Menperin: IKM Harus Go Digital", None, "Menperin: IKM Harus Go Digital"),
    ],
)
def test_clean_title(title: str, site: str | None, expected: str) -> None:
    assert clean_title(title, site) == expected


@pytest.mark.parametrize(
    ("line", "boilerplate"),
    [
        ("Baca Juga: Harga Cabai Naik", True),
        ("BACA JUGA - Harga Cabai Naik", True),
        ("Simak juga: video berikut", True),
        ("ADVERTISEMENT", True),
        ("SCROLL TO CONTINUE WITH CONTENT", True),
        ("Editor: Rudi Hartono", True),
        ("(kjt/rdn)", True),
        ("Halaman selanjutnya", True),
        ("Bagikan: Facebook Twitter WhatsApp", True),
        ("Simak Video Pilihan Ini:", True),
        ("[Gambas:Video CNBC]", True),
        ("Lihat Semua Komentar (0)", True),
        ("Berikan komentar Anda menggunakan akun Okezone.", True),
        ("Sumber: BeritaSatu.com", True),
        ("Pilihan Editor: Industri Kosmetik Tumbuh", True),
        ("Laporan Wartawan Tribunnews.com, Yanuar Prakoso", True),
        ("Selasa, 24 September 2024 - 14:00 WIB", True),
        ("Perajin menata produk di stan pameran. FOTO/Dok. Kemenperin", True),
        ("Pengunjung melihat produk anyaman. Photo : VIVA/M Yudha P", True),
        ("Sumber: Dinas Perindustrian Kota Solo", False),
        ("Simak penjelasan Kepala Dinas berikut ini tentang program itu.", False),
        ("Komentar warga soal pasar baru itu beragam, kata dia.", False),
        ("Foto produk yang bagus membantu penjualan, kata pelatih itu.", False),
        ("Pembaca juga dapat mengikuti pelatihan ini secara daring.", False),
        ("Editor video itu, kata dia, bekerja selama tiga bulan untuk menyelesaikan film dokumenter.", False),
    ],
)
def test_boilerplate_lines(line: str, boilerplate: bool) -> None:
    assert is_boilerplate(line) is boilerplate


@pytest.mark.parametrize("code", ["(ant/bay)", "(mcr23/jpnn)", "(Ketut Winata/balipost)", "(Z-10)"])
def test_trailing_editor_code_is_cut(code: str) -> None:
    text = f"Paragraf satu.\nParagraf dua selesai. {code}"
    assert drop_boilerplate_lines(text) == "Paragraf satu.\nParagraf dua selesai."


def test_a_closing_bracket_of_prose_is_kept() -> None:
    text = "Paragraf satu.\nPeserta berasal dari lima kabupaten (Klaten, Sragen dan Boyolali)."
    assert drop_boilerplate_lines(text) == text


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2024-09-03T10:15:00+07:00", "2024-09-03T10:15:00+07:00"),
        ("2024-09-03T03:15:00Z", "2024-09-03T03:15:00+00:00"),
        ("2024-09-03 10:15:00 +0700", "2024-09-03T10:15:00+07:00"),
        ("2024-09-03", "2024-09-03"),
        ("2015-06-16T14-05-11", "2015-06-16T14:05:11"),
        ("kemarin sore", None),
        ("2024-13-45", None),
    ],
)
def test_parse_date_value(value: str, iso: str | None) -> None:
    assert parse_date_value(value) == iso


def test_windows_1252_declared_utf8_decodes_cleanly() -> None:
    body = '<meta charset="utf-8"><p>Kopi “Gayo” – café</p>'.encode("cp1252")
    text = decode_html(body, "utf-8")
    assert "“Gayo” – café" in text and "Â" not in text and "â€" not in text


def test_double_encoded_utf8_is_repaired() -> None:
    assert repair_mojibake("Kopi â€œGayoâ€\x9d cafÃ©") == "Kopi “Gayo” café"
    assert repair_mojibake("Harga naik 5% — stabil") == "Harga naik 5% — stabil"


def test_canonical_from_other_site_is_ignored() -> None:
    assert choose_canonical("https://a.example/berita/1?utm_source=x", "https://b.example/berita/1") == \
        "https://a.example/berita/1"
    assert choose_canonical("https://a.example/berita/1", "https://a.example/") == "https://a.example/berita/1"


def test_language_from_text() -> None:
    assert detect_language("Kementerian Perindustrian terus mendorong para pelaku usaha untuk naik kelas dan ini") == "id"
    assert detect_language("The ministry said that the programme will be expanded to the regions this year") == "en"
    assert detect_language("12 34") is None


def test_outlet_date_quirk_when_metadata_has_none() -> None:
    from pantau_configs.models import Quirks

    page = ("<html><body><article><h1>Perajin Rotan Cirebon Ekspor ke Belanda</h1><span class='tgl'>05/03/2024 13:40"
            "</span><p>" + "Perajin rotan di Cirebon kembali mengirim kursi dan meja ke Belanda bulan ini. " * 4 +
            "</p></article></body></html>").encode()
    plain = clean_html(page, "https://x.example/berita/9")
    assert plain.published != "2024-03-05T13:40:00"  # the generic search finds the day at most
    quirky = clean_html(page, "https://x.example/berita/9", quirks=Quirks(date_css="span.tgl", date_format="%d/%m/%Y %H:%M"))
    assert quirky.published == "2024-03-05T13:40:00"


def test_every_parsed_element_is_an_html_element_with_its_methods() -> None:
    """parse_html picks element classes in C: forms and inputs are plain HtmlElements, comments stay comments."""
    import lxml.html

    from extract.clean import parse_html

    tree = parse_html('<html><body><!-- iklan --><form action="/cari"><input name="q" value="batik">'
                      '<select><option>Solo</option></select></form><p>Perajin <b>batik</b> Solo.</p></body></html>')
    assert tree is not None
    elements = list(tree.iter())
    assert all(isinstance(e, (lxml.html.HtmlElement, lxml.html.HtmlComment)) for e in elements)
    assert any(isinstance(e, lxml.html.HtmlComment) for e in elements)
    paragraph = tree.find(".//p")
    assert paragraph is not None and paragraph.text_content() == "Perajin batik Solo."
    tree.find(".//form").drop_tree()
    assert tree.find(".//input") is None and tree.text_content().strip() == "Perajin batik Solo."


def test_an_articles_row_is_its_fields_with_the_tags_copied_and_the_content_hash() -> None:
    """as_dict skips dataclasses.asdict's deep copy of every value: the row still equals it, and holds its own tags."""
    from dataclasses import asdict

    from extract.clean import CleanedArticle

    article = CleanedArticle("http://127.0.0.1/a", "http://127.0.0.1/a?x=1", "Pelatihan IKM batik di Solo",
                             "Dinas melatih 30 perajin batik.", "2024-05-03", "Budi", "Kabar", "Ringkas", "id",
                             ["batik", "IKM"], None, "SOLO")
    row = article.as_dict()
    assert row == {**asdict(article), "content_hash": article.content_hash}
    assert list(row) == [*asdict(article), "content_hash"]
    row["tags"].append("lain")
    assert article.tags == ["batik", "IKM"]
