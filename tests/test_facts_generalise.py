"""Invented news sentences in everyday Indonesian phrasing: the extractor generalises past the seed and dev articles."""

from __future__ import annotations

import pytest
import yaml

from extract.facts.api import extract_facts
from extract.facts.lexicon import region_names, split_bracketed
from extract.facts.pipeline import get_nlp
from extract.facts.rules import GAZETTEER_DIR, checked_entries, gazetteer

PUBLISHED = "2023-11-20"

# (sentence, [(name, position, organisation)]) — every official the sentence names, in order.
OFFICIALS = [
    ("Menperin Wahyu Adi Nugroho dan Dirjen IKMA Ratna Sari Dewi meninjau stan perajin rotan.",
     [("Wahyu Adi Nugroho", "Menperin", None), ("Ratna Sari Dewi", "Dirjen IKMA", None)]),
    ("Gubernur Jawa Tengah Bambang Santoso dan Bupati Klaten Endah Lestari membuka pameran lurik.",
     [("Bambang Santoso", "Gubernur Jawa Tengah", None), ("Endah Lestari", "Bupati Klaten", None)]),
    ("Wali Kota Blitar Hendra Gunawan serta Plt. Kepala Dinas Perindustrian Kota Blitar Sri Wahyuni hadir.",
     [("Hendra Gunawan", "Wali Kota Blitar", None),
      ("Sri Wahyuni", "Plt. Kepala Dinas Perindustrian Kota Blitar", None)]),
    ("Direktur Utama PT Sinar Kriya Abadi, Dimas Pratama, mengatakan pesanan naik dua kali lipat.",
     [("Dimas Pratama", "Direktur Utama", "PT Sinar Kriya Abadi")]),
    ("Pemilik UD Karya Mulya, Joko Susilo mengatakan bahan baku bambu mulai langka.",
     [("Joko Susilo", "Pemilik UD Karya Mulya", None)]),
    ("Sekjen Asosiasi Perajin Gerabah Slamet Hariyadi Wibowo menilai harga tanah liat naik.",
     [("Slamet Hariyadi Wibowo", "Sekjen Asosiasi Perajin Gerabah", None)]),
    ("Menteri Perindustrian TB Hasanudin meresmikan sentra tenun di Garut.",
     [("TB Hasanudin", "Menteri Perindustrian", None)]),
    ("Kepala Bidang Industri Moch. Arif Rahman menjelaskan jadwal pelatihan.",
     [("Moch. Arif Rahman", "Kepala Bidang Industri", None)]),
    ("Kepala Dinas Perindustrian dan Perdagangan Kabupaten Sragen Yuni Astuti mengatakan 40 perajin ikut kurasi.",
     [("Yuni Astuti", "Kepala Dinas Perindustrian dan Perdagangan Kabupaten Sragen", None)]),
    ("Hal itu disampaikan Direktur Industri Kecil dan Menengah Pangan Budi Hartono di Bandung.",
     [("Budi Hartono", "Direktur Industri Kecil dan Menengah Pangan", None)]),
    ("Ketua Dekranasda Kabupaten Jepara, Siti Aminah, berharap ukiran Jepara makin dikenal.",
     [("Siti Aminah", "Ketua Dekranasda Kabupaten Jepara", None)]),
    ("Eko Prasetyo selaku Kepala Balai Besar Kerajinan dan Batik membuka bimbingan teknis itu.",
     [("Eko Prasetyo", "Kepala Balai Besar Kerajinan dan Batik", None)]),
    ("\"Kami siapkan mentor desain,\" ungkap Rina Kartika, Kepala Seksi Pengembangan Produk Disperindag Kota Malang.",
     [("Rina Kartika", "Kepala Seksi Pengembangan Produk Disperindag Kota Malang", None)]),
    ("\"Perajin harus naik kelas,\" papar Kepala BBKB Dr. Anton Wijaya, M.Si., di Yogyakarta.",
     [("Anton Wijaya", "Kepala BBKB", None)]),
    ("Menteri Hukum dan HAM Yohanes K Sitompul hadir di acara itu.",
     [("Yohanes K Sitompul", "Menteri Hukum dan HAM", None)]),
    ("Direktur Jenderal IKMA Kemenperin Hartati Ningsih meninjau sentra batik.",
     [("Hartati Ningsih", "Direktur Jenderal IKMA", "Kemenperin")]),
    ("\"Kami buka kelas baru,\" tutur Dewi Anggraini, Koordinator Rumah Kreatif Lembah Hijau.",
     [("Dewi Anggraini", "Koordinator Rumah Kreatif Lembah Hijau", None)]),
    ("Pendiri Batik Sekar Jagad, Larasati Putri, mengatakan motif baru laris.",
     [("Larasati Putri", "Pendiri Batik Sekar Jagad", None)]),
    ("Pengasuh Pondok Pesantren Nurul Huda, KH. Abdul Karim Rosyidi, menerima bantuan oven.",
     [("Abdul Karim Rosyidi", "Pengasuh Pondok Pesantren Nurul Huda", None)]),
    ("Ketua Paguyuban Perajin Keris Desa Sumberejo Haji Samsul Arifin mengatakan pesanan naik.",
     [("Samsul Arifin", "Ketua Paguyuban Perajin Keris Desa Sumberejo", None)]),
    ("Hadir Menkumham Andi Wibisono dan Mensesneg Pratikto, Gubernur Jabar Ahmad Suherman.",
     [("Andi Wibisono", "Menkumham", None), ("Pratikto", "Mensesneg", None),
      ("Ahmad Suherman", "Gubernur Jabar", None)]),
    ("Dia menyebut Wali Kota Surabaya Tri Wulandari dan Nurdin Halim sebagai contoh.",
     [("Tri Wulandari", "Wali Kota Surabaya", None)]),
    # an office named by its portfolios' syllables is part of the position, never the official's name
    ("Kadis Koperindag Situbondo Rahmat Hidayat membuka kelas desain anyaman.",
     [("Rahmat Hidayat", "Kadis Koperindag Situbondo", None)]),
    ("Kepala Dinas Kopdagin Kota Pasuruan, Lilis Suryani, meninjau sentra alas kaki.",
     [("Lilis Suryani", "Kepala Dinas Kopdagin Kota Pasuruan", None)]),
    ("Kabid Perindag menuturkan kelas desain anyaman dibuka lagi bulan depan.", []),
    ("Sekretaris Koperindag menambahkan pendaftaran dibuka sampai Jumat.", []),
    # a person whose name merely holds such syllables is still a person
    ("Superina, Kepala Seksi Industri Kecil, membuka kelas desain anyaman.",
     [("Superina", "Kepala Seksi Industri Kecil", None)]),
]


def officials_of(sentence: str) -> list[tuple[str, str, str | None]]:
    return [(o["name"], o["position"], o["organization"]) for o in extract_facts(sentence, PUBLISHED)["officials"]]


@pytest.mark.parametrize(("sentence", "expected"), OFFICIALS, ids=[s[:40] for s, _ in OFFICIALS])
def test_officials(sentence: str, expected: list) -> None:
    assert officials_of(sentence) == expected


QUOTES = [
    ("Kepala BBKB Anton Wijaya membuka acara. Anton mengatakan, \"Kami akan mendampingi perajin sampai ekspor.\"",
     "Anton Wijaya"),
    ("\"Pasar daring terbuka lebar bagi perajin,\" ujar Wali Kota Madiun, Hendra Kusuma.", "Hendra Kusuma"),
    ("\"Pasar daring terbuka lebar bagi perajin,\" tutur Kepala Disperindag Dr. Ir. Lina Marlina, M.Si., di Bogor.",
     "Lina Marlina"),
    ("Bupati Klaten Endah Lestari hadir. Menurut Endah, \"Lurik Klaten harus dipakai pegawai setiap Kamis.\"",
     "Endah Lestari"),
]


@pytest.mark.parametrize(("text", "speaker"), QUOTES, ids=[t[:40] for t, _ in QUOTES])
def test_quotes_are_attributed(text: str, speaker: str) -> None:
    assert [q["speaker"] for q in extract_facts(text, PUBLISHED)["quotes"]] == [speaker]


def test_degrees_do_not_split_sentences() -> None:
    doc = get_nlp()("\"Siap,\" kata Kepala BBKB Dr. Anton Wijaya, M.Si., di Yogyakarta. Acara lalu ditutup.")
    assert "M.Si." in [t.text for t in doc]
    assert len(list(doc.sents)) == 2


PROGRAMS = [
    ("Para perajin mengikuti kegiatan Kriya Muda Berkarya 2024 di Surakarta.", ["Kriya Muda Berkarya 2024"]),
    ("Mahasiswa Program Studi Teknik Industri Universitas Diponegoro ikut mendampingi.", []),
    ("Kemenperin mendukung Gernas BBI dan Pekan Belanja Kriya Nusantara tahun ini.",
     ["Gerakan Nasional Bangga Buatan Indonesia (Gernas BBI)", "Pekan Belanja Kriya Nusantara"]),
    ("Ia tak sempat hadir dalam acara Pak Budi Santoso kemarin.", []),
]


@pytest.mark.parametrize(("sentence", "expected"), PROGRAMS, ids=[s[:40] for s, _ in PROGRAMS])
def test_programs(sentence: str, expected: list) -> None:
    programs = extract_facts(sentence, PUBLISHED)["programs"]
    assert [p["canonical_name"] for p in programs] == expected


def test_known_programme_gets_the_gazetteer_name() -> None:
    programs = extract_facts("Sebanyak 30 IKM ikut Gernas BBI tahun ini.", PUBLISHED)["programs"]
    assert programs[0]["name"] == "Gernas BBI"
    assert programs[0]["canonical_name"] == "Gerakan Nasional Bangga Buatan Indonesia (Gernas BBI)"


FIGURES = [
    ("Omzet sentra itu mencapai Rp 40 M per tahun.", 40e9, "IDR"),
    ("Investasi sebesar Rp1,5 T masuk ke kawasan industri.", 1.5e12, "IDR"),
    ("Harga selembar kain Rp 350 Mantap kata pembeli.", 350, "IDR"),
]


@pytest.mark.parametrize(("sentence", "value", "unit"), FIGURES, ids=[s[:40] for s, _, _ in FIGURES])
def test_rupiah_scale_letters(sentence: str, value: float, unit: str) -> None:
    figures = extract_facts(sentence, PUBLISHED)["figures"]
    assert [(f["value"], f["unit"]) for f in figures] == [(value, unit)]


DATES = [
    ("Bazar digelar Sabtu-Minggu (2-3/12) di alun-alun.", "2023-12-02", "2023-12-03"),
    ("Temu bisnis berlangsung 12-14/6/2023 di Cirebon.", "2023-06-12", "2023-06-14"),
    ("Pendaftaran dibuka 5 sampai dengan 9 Juni bagi perajin.", "2023-06-05", "2023-06-09"),
    ("Pelatihan digelar Selasa (8/9/2020) hingga Kamis (10/9/2020) di Solo.", "2020-09-08", "2020-09-10"),
]


@pytest.mark.parametrize(("sentence", "start", "end"), DATES, ids=[s[:40] for s, _, _ in DATES])
def test_date_ranges(sentence: str, start: str, end: str) -> None:
    dates = extract_facts(sentence, PUBLISHED)["dates"]
    assert [(d["start"], d["end"]) for d in dates] == [(start, end)]


def test_craft_business_named_without_legal_form() -> None:
    facts = extract_facts("Produk usaha Batik Sekar Arum milik Rahma dijual ke Jepang.", PUBLISHED)
    assert [b["name"] for b in facts["businesses"]] == ["Batik Sekar Arum"]


def test_organisation_names_keep_their_commas() -> None:
    names = {o["abbr"]: o["name"] for o in checked_entries("organizations", "organizations",
                                                           frozenset({"abbr", "name"}))}
    assert names["Ditjen IKMA"] == "Direktorat Jenderal Industri Kecil, Menengah dan Aneka"
    assert names["Diskopindag"] == "Dinas Koperasi, Perindustrian dan Perdagangan"


def test_gazetteer_entries_with_stray_keys_fail_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    import extract.facts.rules as rules

    broken = yaml.safe_load("organizations:\n  - {abbr: X, name: Dinas Kecil, Menengah dan Aneka}\n")
    monkeypatch.setattr(rules, "gazetteer", lambda name: broken)
    with pytest.raises(ValueError, match=r"organizations\.yaml.*Dinas Kecil"):
        rules.checked_entries("organizations", "organizations", frozenset({"abbr", "name"}))


def test_region_aliases_and_spelling() -> None:
    regions = region_names()
    assert split_bracketed("Surakarta (Solo)") == ("Surakarta", "Solo")
    assert regions[("Surakarta",)] == regions[("Solo",)] == "Surakarta"
    assert regions[("Sumbar",)] == regions[("Sumatera", "Barat")] == "Sumatra Barat"
    canonical = set(regions.values())
    assert all(value in canonical and (tuple(value.split()),) != () for value in gazetteer("regions")["short"].values())
    assert (GAZETTEER_DIR / "regions.yaml").exists()
