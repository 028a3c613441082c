"""Table-driven tests for Indonesian numbers, figures and dates."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.facts import figures
from extract.facts.dates import find_dates
from extract.facts.figures import distinct_figures, find_figures
from extract.facts.rules import load_rules
from extract.numbers import number_value, parse_number_words
from extract.required_text import LiteralIndex


@pytest.mark.parametrize(
    ("words", "value"),
    [("empat", 4), ("sepuluh", 10), ("sebelas", 11), ("sembilan belas", 19), ("dua puluh lima", 25),
     ("seratus", 100), ("seratus dua belas", 112), ("dua ratus lima puluh", 250), ("seribu", 1000),
     ("tiga ribu", 3000), ("lima belas ribu", 15000), ("tiga ratus dua puluh ribu", 320000), ("kursi", None)],
)
def test_number_words(words: str, value: int | None) -> None:
    assert parse_number_words(words) == value


@pytest.mark.parametrize(
    ("digits", "scale", "value"),
    [("3,38", None, 3.38), ("831.269", None, 831269), ("1.250.000", None, 1250000), ("1,5", "miliar", 1.5e9),
     ("9,09", "juta", 9090000), ("300", "miliar", 3e11), ("2", "triliun", 2e12), ("750", "ribu", 750000),
     ("dua", "juta", 2e6)],
)
def test_number_values(digits: str, scale: str | None, value: float) -> None:
    assert number_value(digits, scale) == pytest.approx(value, rel=1e-12)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bantuan senilai Rp1,5 miliar disalurkan.", [(1.5e9, "IDR")]),
        ("Nilai ekspor US$ 3,38 milyar.", [(3.38e9, "USD")]),
        ("Ekspor mencapai USD9,09 juta.", [(9.09e6, "USD")]),
        ("Investasi 5 triliun rupiah masuk.", [(5e12, "IDR")]),
        ("Harga Rp750.000 per lembar.", [(750000, "IDR")]),
        ("Pinjaman Rp25 juta sampai 50 juta.", [(25e6, "IDR"), (50e6, "IDR")]),
        ("Pinjaman Rp25-50 juta per usaha.", [(25e6, "IDR"), (50e6, "IDR")]),
        ("Penjualan naik 12,5 persen dan hampir 70%.", [(12.5, "percent"), (70, "percent")]),
        ("Sebanyak 831.269 unit usaha tercatat.", [(831269, "unit usaha")]),
        ("Ada empat IKM dan dua Sentra IKM.", [(4, "ikm"), (2, "sentra")]),
        ("Diikuti 25 orang peserta selama tiga hari.", [(25, "orang")]),
        ("Sekitar 30 pondok pesantren atau ponpes.", [(30, "pondok pesantren")]),
        ("Pada sesi II, tahun 2019, nomor 64, ke-3 kalinya, puluhan perajin, 5 kali lipat.", []),
        ("Hubungi 0812 3456 atau bintang 5 di Pasal 12.", []),
        ("Satu ponpes sekitar Rp500 jutaan.", [(5e8, "IDR")]),
    ],
)
def test_figures(text: str, expected: list[tuple[float, str]]) -> None:
    found = [(f.attrs["value"], f.attrs["unit"]) for f in distinct_figures(find_figures(text), text)]
    assert found == [(pytest.approx(v), u) for v, u in expected]


def test_repeated_figure_counts_once_unless_another() -> None:
    text = "Ada empat IKM OVOP di Garut. Empat IKM lagi tercatat. Ada empat IKM OVOP lainnya di Yogyakarta."
    assert len(distinct_figures(find_figures(text), text)) == 2


PUBLISHED = date(2024, 9, 8)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pameran pada 3-7 September 2024.", [("2024-09-03", "2024-09-07")]),
        ("Digelar 28 September-2 Oktober 2020.", [("2020-09-28", "2020-10-02")]),
        ("Pada 30 Desember 2023 - 2 Januari 2024.", [("2023-12-30", "2024-01-02")]),
        ("Periode Januari – Juli 2024.", [("2024-01", "2024-07")]),
        ("Januari hingga Juni tahun 2020.", [("2020-01", "2020-06")]),
        ("Acara Minggu (8/9) lalu.", [("2024-09-08", "2024-09-08")]),
        ("Acara Selasa (8/9/2020).", [("2020-09-08", "2020-09-08")]),
        ("Acara Senin (30/12).", [("2024-12-30", "2024-12-30")]),
        ("Acara Sabtu (30/12).", [("2023-12-30", "2023-12-30")]),
        ("Sejak tahun 2019 dan Februari lalu.", [("2019", "2019"), ("2024-02", "2024-02")]),
        ("Tahun ini dan tahun depan.", [("2024", "2024"), ("2025", "2025")]),
        ("Pada triwulan III 2019 dan semester II 2023.", [("2019-07", "2019-09"), ("2023-07", "2023-12")]),
        ("Pendaftaran ditutup 15 Oktober mendatang.", [("2024-10-15", "2024-10-15")]),
        ("Akhir tahun 2019 dan periode 2020-2024.", [("2019", "2019"), ("2020", "2024")]),
        ("Sesuai Peraturan Menteri Nomor 64 Tahun 2016 (BPS, 2019).", []),
        ("Kegiatan berlangsung selama tiga hari setiap Senin.", []),
        ("Angkat Potensi\n- 19 November 2020, 16:43 WIB\nIsi berita.", []),
    ],
)
def test_dates(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(f.attrs["start"], f.attrs["end"]) for f in find_dates(text, PUBLISHED)] == expected


def test_yearless_dates_need_an_anchor() -> None:
    assert find_dates("Acara Minggu (8/9) dan tahun ini.", None) == []


FIGURE_PIECES = ["Rp", "Rp5", "5", "1,2", "juta", "miliar", "rupiah", "Rupiah", "RUPIAH", "dolar", "dollar", "US$",
                 "USD", "ribu", "persen", "%", "sebanyak", "40", "dua", "puluh", "unit", "perajin", "IKM", "senilai",
                 "hingga", "-", "ſ", "İ", "(", ")", "."]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(FIGURE_PIECES), min_size=1, max_size=16).map(" ".join))
def test_a_figure_rule_skipped_for_a_text_would_have_found_nothing(text: str) -> None:
    gated = find_figures(text)
    with pytest.MonkeyPatch.context() as patch:  # every rule scanned, as before the needs
        patch.setattr(figures, "_needs", lambda: (LiteralIndex(set()), (None,) * len(load_rules("figures"))))
        assert gated == find_figures(text)


def test_amounts_in_rupiah_words_are_still_found() -> None:
    text = "Bantuan senilai 250 juta rupiah dan 3.000 dolar AS diserahkan."
    assert [(f.attrs["value"], f.attrs["unit"]) for f in find_figures(text)] == [(250_000_000, "IDR"), (3000, "USD")]
