"""Described programmes in our own sentences: the phrase after a programme head, bounded by the clause."""

from __future__ import annotations

import pytest

from extract.facts.api import extract_facts

PUBLISHED = "2024-05-14"

PROGRAMS = [
    ("Dinas Koperasi menggelar pelatihan pengemasan keripik dan desain label bagi perajin muda di Wonosari.",
     ["pelatihan pengemasan keripik dan desain label bagi perajin muda"]),
    ("Balai itu membuka Bimbingan Teknis (Bimtek) penyamakan kulit ramah lingkungan, Senin (13/5/2024). "
     "Bimtek diikuti 30 orang.", ["Bimbingan Teknis (Bimtek) penyamakan kulit ramah lingkungan"]),
    ("Kementerian memberikan fasilitasi sertifikasi merek gratis untuk 500 usaha kecil.",
     ["fasilitasi sertifikasi merek gratis"]),
    ("Sebanyak 14 kelompok menerima bantuan mesin penepung jagung dari pemerintah provinsi.",
     ["bantuan mesin penepung jagung"]),
    ("Dinas menggelar Bimbingan Teknis Pengolahan Rotan, Purun, dan Eceng Gondok di Desa Sukamaju.",
     ["Bimbingan Teknis Pengolahan Rotan, Purun, dan Eceng Gondok"]),
    ("Peningkatan mutu kemasan produk pangan olahan merupakan program unggulan dinas tahun ini.",
     ["Peningkatan mutu kemasan produk pangan olahan"]),
    ("Mulai tahun ini kabupaten itu mendapat DAK Nonfisik untuk pelatihan perajin.", ["DAK Nonfisik"]),
    # A kind of activity the text calls a programme is named by its target group alone.
    ("Anggota dewan itu berterima kasih atas program bimtek IKM yang digelar di daerah pemilihannya.",
     ["program bimtek IKM"]),
    ("Pemkab menyiapkan program pelatihan UMKM di setiap kecamatan tahun depan.", ["program pelatihan UMKM"]),
    # Not programmes: a generic head, a theme, a predicate describing a named one, listed parts.
    ("Pelatihan itu digelar selama tiga hari dan diikuti 25 orang.", []),
    ("Dinas kembali menggelar pelatihan IKM di aula kecamatan pekan ini.", []),
    ("Pameran bertema \"Pelestarian Kriya Bambu\" dibuka hari ini.", []),
    ("Peserta mendapat pelatihan manajemen usaha dan pendampingan teknis selama enam bulan.", []),
    ("Rangkaiannya meliputi kurasi, fasilitasi sarana produksi, pendampingan desain, hingga promosi.", []),
    ("Setiap peserta juga menerima bantuan alat pengering gabah senilai Rp 2 juta.", []),
    ("Dinas menyalurkan bantuan mesin jahit lewat program Santripreneur tahun ini.", ["Santripreneur"]),
]


@pytest.mark.parametrize(("sentence", "names"), PROGRAMS, ids=[s[:40] for s, _ in PROGRAMS])
def test_described_programmes(sentence: str, names: list[str]) -> None:
    assert [p["name"] for p in extract_facts(sentence, PUBLISHED)["programs"]] == names


def test_a_later_mention_of_the_same_training_joins_it() -> None:
    text = ("Dinas Perindustrian menggelar pelatihan pembuatan gula semut dan sirup aren bagi petani. "
            "Menurut panitia, pelatihan sirup aren itu baru pertama kali digelar.")
    programs = extract_facts(text, PUBLISHED)["programs"]
    assert len(programs) == 1 and programs[0]["aliases"] == ["pelatihan sirup aren"]


def test_an_award_for_a_known_programme_is_a_programme_of_its_own() -> None:
    text = "Kemenperin menyerahkan penghargaan OVOP kepada 12 IKM. OVOP sudah berjalan sejak 2007."
    names = [(p["name"], p["canonical_id"]) for p in extract_facts(text, PUBLISHED)["programs"]]
    assert names == [("penghargaan OVOP", "penghargaan-ovop"), ("OVOP", "ovop")]


def test_names_joined_by_atau_are_one_programme() -> None:
    text = "Presiden membuka Pameran Kriya Internasional ke-5 atau Kriya Fair 2024 di Surabaya."
    programs = extract_facts(text, PUBLISHED)["programs"]
    assert len(programs) == 1


def test_a_missing_space_after_a_period_does_not_glue_a_name_to_the_next_sentence() -> None:
    text = "Kemenperin terus menjalankan program OVOP.Menurut Rina, peminatnya naik tiap tahun."
    assert [p["name"] for p in extract_facts(text, PUBLISHED)["programs"]] == ["OVOP"]


def test_restructuring_named_by_its_equipment_alone_is_the_known_programme() -> None:
    """The scheme's name is "Restrukturisasi Mesin dan/atau Peralatan": outlets shorten it either way."""
    for sentence in ("Dinas memberikan restrukturisasi peralatan bagi IKM logam.",
                     "Tahun ini Restrukturisasi Mesin Peralatan dibuka untuk 40 IKM."):
        ids = [p.get("canonical_id") for p in extract_facts(sentence, PUBLISHED)["programs"]]
        assert ids == ["restrukturisasi-mesin"], (sentence, ids)


@pytest.mark.parametrize(("sentence", "ids"), [
    ("Dinas mengikutkan perajin dalam ajang Inacraft dan IFEX tahun ini.", ["inacraft", "ifex"]),
    ("Menteri menyerahkan penghargaan Upakarti dan IGDS Tahun 2023 kepada 12 perajin.", ["upakarti", "igds"]),
    ("Menteri menyerahkan penghargaan Upakarti Tahun 2023 kepada 12 perajin.", ["upakarti"]),
    # one name when its parts are not two known programmes
    ("Pemkot menggelar Festival Kuliner dan Kriya Nusantara di alun-alun.", ["festival-kuliner-dan-kriya-nusantara"]),
])
def test_two_known_programmes_joined_by_a_conjunction_are_two(sentence: str, ids: list[str]) -> None:
    assert [p.get("canonical_id") for p in extract_facts(sentence, PUBLISHED)["programs"]] == ids
