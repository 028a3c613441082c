"""Programmes, organisations and businesses are looked for only at words that can open one, and none is lost by that."""

from __future__ import annotations

import pytest

from extract.facts import entities, programs
from extract.facts.rules import RULES_DIR, jsonl_entries

TEXTS = [
    "Dinas Perindustrian Kabupaten Solo melibatkan 120 IKM batik dalam program e-Smart IKM tahun ini.",
    "Program Restrukturisasi Mesin dan Peralatan IKM serta Gernas BBI dan Hari Belanja Online Nasional digelar.",
    "Kegiatan “Kriya Muda Berkarya” dan Santripreneur Award 2024 dibuka; IFEX 2024 menyusul, kata Rina.",
    "Peserta program penumbuhan wirausaha baru (WUB) dan One Village One Product (OVOP) dari Garut.",
    "Kementerian Perindustrian (Kemenperin) lewat Ditjen IKMA dan Dinas Koperasi dan UKM Jawa Tengah membina CV Maju.",
    "Perajin di sentra Batik Winotosastro milik keluarga dan usaha Tenun Ikat Troso bekerja sama dengan PT Sinar Jaya.",
    *[entry[key] for name in ("programs", "program_phrases", "entities") for _, entry in jsonl_entries(RULES_DIR / f"{name}.jsonl")
      for key in ("positive", "negative") if isinstance(entry.get(key), str)],
]


class Everything:
    """A word set holding every word: the loop then looks at each word, as it did before the shortcut."""

    def __contains__(self, word: object) -> bool:
        return True


@pytest.mark.parametrize("text", TEXTS)
def test_same_mentions_as_looking_at_every_word(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    quick = programs.find_program_mentions(text)
    monkeypatch.setattr(programs, "_opening_words", lambda: (Everything(), Everything()))
    assert programs.find_program_mentions(text) == quick


def test_the_written_texts_find_mentions() -> None:
    assert all(programs.find_program_mentions(text) for text in TEXTS[:4])


@pytest.mark.parametrize("text", TEXTS)
def test_same_organisations_and_businesses_as_looking_at_every_word(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    quick = entities.find_organizations(text), entities.find_businesses(text)
    monkeypatch.setattr(entities, "_organisation_openers", Everything)
    monkeypatch.setattr(entities, "craft_heads", Everything)
    assert (entities.find_organizations(text), entities.find_businesses(text)) == quick


def test_the_written_texts_find_organisations_and_businesses() -> None:
    assert entities.find_organizations(TEXTS[4])
    assert entities.find_businesses(TEXTS[5])
