"""Relevance from evidence: cue rules, other meanings of IKM, and the decision on articles of our own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pantau_configs.models import load_topics
from pantau_configs.paths import DEFAULT_TOPICS

from extract import relevance_cues as cues_module
from extract.evaluation.relevance import read_article
from extract.relevance_cues import RELEVANCE_DIR, Settings, lead_end, load_cues, other_meaning
from extract.relevance_decision import assess, decide

FIXTURES = Path(__file__).parent / "fixtures" / "relevance"
TOPICS = load_topics(DEFAULT_TOPICS)
CUE_RULES = [json.loads(line) for line in (RELEVANCE_DIR / "cues.jsonl").read_text(encoding="utf-8").splitlines()
             if line.strip()]
COMPILED = {cue.id: cue for cue in load_cues()}

# What decides each fixture: every rule that keeps an article, and the look-alike kind (or the want of evidence)
# that rejects each negative.
EXPECTED = {
    "p01_ditjen_ikma_bimtek": "actor",
    "p02_disperindag_latih_penenun": "office_act",
    "p03_kur_with_ikm_programme": "programme",
    "p04_kemenperin_latih_perajin": "ministry_act",
    "p05_pameran_kerajinan_dekranasda": "programme",
    "p06_disperinaker_bimtek_ikm": "sector",
    "p07_feature_body_evidence": "body",
    "n01_umkm_kemenkop_pelatihan": "look-alike: umkm",
    "n02_umkm_kur_bank": "look-alike: umkm",
    "n03_big_industry_smelter": "look-alike: big_industry",
    "n04_big_industry_pmi": "look-alike: big_industry",
    "n05_trade_pasar_murah": "look-alike: trade",
    "n06_trade_ekspor_mendag": "look-alike: trade",
    "n07_tourism_festival_kriya": "look-alike: tourism",
    "n08_labour_blk": "look-alike: labour",
    "n09_regional_apbd_bansos": "look-alike: regional_gov",
    "n10_other_indeks_kepuasan": "no IKM evidence",
    "n11_other_ikatan_keluarga": "no IKM evidence",
}
FILES = sorted([*FIXTURES.glob("positives/*.txt"), *FIXTURES.glob("negatives/*.txt")])


def test_cue_ids_are_unique_and_each_has_two_sentences() -> None:
    ids = [rule["id"] for rule in CUE_RULES]
    assert len(ids) == len(set(ids))
    assert all(rule.get("positive") and rule.get("negative") and rule.get("description") for rule in CUE_RULES)


@pytest.mark.parametrize("rule", CUE_RULES, ids=[r["id"] for r in CUE_RULES])
def test_cue_fires_on_its_positive_sentence_only(rule: dict) -> None:
    regex = COMPILED[rule["id"]].regex
    assert regex.search(rule["positive"]), rule["positive"]
    assert not regex.search(rule["negative"]), rule["negative"]


def test_known_ikm_programmes_become_cues_from_the_gazetteer() -> None:
    ovop = COMPILED["programme.ovop"].regex
    assert ovop.search("Penghargaan OVOP diberikan kepada sentra tenun.")
    assert ovop.search("program satu desa satu produk di Lombok")
    assert not ovop.search("Ovop")  # an acronym alias matches as written
    assert "programme.kur" not in COMPILED  # KUR is another ministry's programme


def test_a_bad_cue_file_names_the_file_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "cues.jsonl"
    path.write_text('{"id": "x.one", "kind": "sector", "pattern": "IKM"}\n'
                    '{"id": "x.two", "kind": "weather", "pattern": "hujan"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"cues.jsonl:2: cue 'x.two': field 'kind'"):
        load_cues(path)


@pytest.mark.parametrize("text, meaning", [
    ("Survei Indeks Kepuasan Masyarakat (IKM) di kantor itu naik.", "Indeks Kepuasan Masyarakat"),
    ("Acara Ikatan Keluarga Minang (IKM) Bekasi berlangsung meriah.", "Ikatan Keluarga Minang"),
    ("Fakultas Ilmu Kesehatan Masyarakat (IKM) membuka prodi baru.", "Ilmu Kesehatan Masyarakat"),
    ("Pelaku Industri Kecil dan Menengah (IKM) mengikuti pameran.", None),
    ("Sebanyak 30 industri kecil menengah ( IKM ) dilatih.", None),
    ("Sebanyak 30 IKM dilatih tanpa kepanjangan.", None),
])
def test_other_meanings_of_ikm_are_recognised(text: str, meaning: str | None) -> None:
    assert other_meaning(text) == meaning


def test_lead_is_the_opening_substantial_paragraphs() -> None:
    config = Settings(lead_paragraphs=2, lead_min_paragraph_chars=20, lead_max_chars=1000, body_min_evidence=2,
                      ikm_programmes=())
    text = "Foto: dok\n" + "a" * 30 + "\n" + "b" * 30 + "\n" + "c" * 30
    assert text[:lead_end(text, config)].rstrip("\n").endswith("b" * 30)
    assert lead_end("x" * 5000, config) == 1000


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_each_fixture_is_decided_by_the_expected_rule(path: Path) -> None:
    title, text, _ = read_article(path)
    decision, _, _ = assess(title, text, None, TOPICS)
    assert decision.reasons["decided_by"] == EXPECTED[path.stem], decision.reasons
    assert decision.relevant == (path.parent.name == "positives")
    assert bool(decision.reasons["because"]) == decision.relevant


def test_other_meaning_removes_ikm_from_the_term_score_and_says_why() -> None:
    title, text, _ = read_article(FIXTURES / "negatives" / "n10_other_indeks_kepuasan.txt")
    decision = decide(title, text, TOPICS)
    assert "IKM" not in decision.matched
    assert "IKM means Indeks Kepuasan Masyarakat" in decision.reasons["against"]


def test_facts_programmes_count_as_evidence() -> None:
    text = "Para pembuat gula semut di desa itu mengikuti kelas baru pekan ini.\nKelas berlangsung tiga hari."
    facts = {"programs": [{"canonical_id": "ovop", "name": "OVOP",
                           "mentions": [{"char_start": 10, "char_end": 14}]}], "officials": []}
    without, with_facts = decide("Kelas gula semut", text, TOPICS), decide("Kelas gula semut", text, TOPICS, facts)
    assert not without.relevant
    assert with_facts.relevant and with_facts.reasons["decided_by"] == "programme"


def test_facts_are_extracted_only_when_an_ikm_cue_is_present() -> None:
    decision, facts, error = assess("Timnas menang 2-0", "Pertandingan berlangsung seru di stadion.", None, TOPICS)
    assert facts is None and error is None and not decision.relevant
    assert decision.reasons["decided_by"] == "no IKM evidence" and not decision.reasons["borderline"]
    decision, facts, _ = assess(*read_article(FIXTURES / "positives" / "p01_ditjen_ikma_bimtek.txt")[:2], None, TOPICS)
    assert decision.relevant and facts is not None and "programs" in facts


def test_a_lookalike_with_ikm_evidence_is_borderline() -> None:
    title = "Disperindag gelar pasar murah dan pelatihan IKM"
    text = ("Disperindag menggelar pasar murah untuk menekan inflasi bahan pokok, sembako dan minyak goreng.\n"
            "Harga cabai dan harga beras dipantau setiap hari oleh pedagang dan distributor.")
    decision = decide(title, text, TOPICS)
    assert not decision.relevant and decision.reasons["borderline"]
    assert decision.reasons["decided_by"] == "look-alike: trade"


def _expansions_by_scanning(text: str) -> list[tuple[int, int, str]]:
    """The reference: EXPANDED run over each window before an "(IKM)", as _expansions did before it read back."""
    found, searched_to = [], 0
    for bracket in cues_module.IKM_IN_BRACKETS.finditer(text):
        start = max(searched_to, bracket.start() - cues_module.EXPANSION_WINDOW)
        found += [(m.start(), m.end(), m.group(1)) for m in cues_module.EXPANDED.finditer(text, start, bracket.end())
                  if m.end() == bracket.end()]
        searched_to = bracket.end()
    return found


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Indeks", "Kepuasan", "Masyarakat", "industri", "kecil", "e-Smart", "IKM", "(IKM)",
                                 "( IKM )", "(IKM).", ",", " ", "  ", "-", ".", "\n", "dan", "x" * 120]),
                min_size=1, max_size=30).map(" ".join))
@example("Pengukuran Indeks Kepuasan Masyarakat (IKM) dan industri kecil dan menengah (IKM) di desa (IKM)")
def test_expansions_read_back_from_the_bracket_as_a_scan_finds_them(text: str) -> None:
    found = [(m.start(), m.end(), m.group(1)) for m in cues_module._expansions(text)]
    assert found == _expansions_by_scanning(text)
