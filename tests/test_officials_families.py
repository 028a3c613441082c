"""Officials in phrasings of our own: staff ranks, lower-case titles, compound Kadis titles, legislators, names that
end at a degree or start at an honorific inside the position."""

from __future__ import annotations

import pytest

from extract.facts.api import extract_facts

CASES = [
    ("Kasubid Promosi Disperindag Kota Kediri Rahmat Santoso memandu peserta.",
     ("Rahmat Santoso", "Kasubid Promosi Disperindag Kota Kediri")),
    ("\"Pendaftaran masih dibuka,\" kata Lestari Wulandari, kepala Dinas Perindustrian Kabupaten Pati.",
     ("Lestari Wulandari", "kepala Dinas Perindustrian Kabupaten Pati")),
    ("Kadisperindagkop Kota Ambon, Johan Latuconsina mengatakan stan sudah penuh.",
     ("Johan Latuconsina", "Kadisperindagkop Kota Ambon")),
    ("Acara dihadiri Anggota DPRD Provinsi Jambi Rudi Hartawan dan Ketua DPRD Kabupaten Kerinci Yusuf Effendi, S.H.",
     ("Rudi Hartawan", "Anggota DPRD Provinsi Jambi")),
    ("Kepala Seksi Industri Logam dan Kimia Marlina Dewi Sartika Disperindag Kaltim membuka acara.",
     ("Marlina Dewi Sartika", "Kepala Seksi Industri Logam dan Kimia")),
    ("Kepala Bidang Industri Disperindag Prov Jateng Ir. Wahyu Budi Santosa, M.Si, mewakili kepala dinas.",
     ("Wahyu Budi Santosa", "Kepala Bidang Industri Disperindag Prov Jateng")),
    ("Pelaksana Harian Kabid Industri Diskoperindag Kota Sorong, Markus Wanma, menutup pelatihan.",
     ("Markus Wanma", "Pelaksana Harian Kabid Industri Diskoperindag Kota Sorong")),
    ("Staf Ahli Menteri Bidang Iklim Usaha Kemenperin Sinta Maharani meninjau pameran.",
     ("Sinta Maharani", "Staf Ahli Menteri Bidang Iklim Usaha")),
    ("Kepala Desa Sukamaju, Robert L.N Lewerissa mengatakan warga siap.",
     ("Robert L.N Lewerissa", "Kepala Desa Sukamaju")),
    # Prefixes chain and keep their period (official.position_prefix).
    ("Pj. Wakil Kepala Dinas Pariwisata Kabupaten Sumba Barat Yohana Lero meninjau sentra tenun.",
     ("Yohana Lero", "Pj. Wakil Kepala Dinas Pariwisata Kabupaten Sumba Barat")),
]


@pytest.mark.parametrize(("sentence", "expected"), CASES, ids=[s[:40] for s, _ in CASES])
def test_official_is_found(sentence: str, expected: tuple[str, str]) -> None:
    found = [(o["name"], o["position"]) for o in extract_facts(sentence, "2024-05-01")["officials"]]
    assert expected in found


def test_a_slogan_closing_a_quotation_is_no_official() -> None:
    text = "\"Semua ini sejalan dengan visi Bupati dan Wakil Bupati, Maju Bersama\", kata panitia."
    assert extract_facts(text, "2024-05-01")["officials"] == []
