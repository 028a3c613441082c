"""Dates and figures in phrasings of our own: budget and edition years, bare (day/month) stamps, 'mulai 2019',
'2022 kemarin', number words in brackets, a bracketed acronym as the unit, number words inside place names."""

from __future__ import annotations

import pytest

from extract.facts.api import extract_facts

PUBLISHED = "2024-03-20"

DATES = [
    ("Bantuan itu dibiayai APBD Tahun Anggaran 2023.", ("2023", "2023")),
    ("Sebanyak 40 IKM ikut Pameran Kriya Pesisir 2022 di Semarang.", ("2022", "2022")),
    ("\"Pelatihannya sangat bermanfaat,\" ujar ketua kelompok (18/3).", ("2024-03-18", "2024-03-18")),
    ("Program itu berjalan mulai 2019 di tiga kabupaten.", ("2019", "2019")),
    ("Usulan sudah dikirim pada 2023 kemarin.", ("2023", "2023")),
]


@pytest.mark.parametrize(("sentence", "span"), DATES, ids=[s[:40] for s, _ in DATES])
def test_dates(sentence: str, span: tuple[str, str]) -> None:
    assert [(d["start"], d["end"]) for d in extract_facts(sentence, PUBLISHED)["dates"]] == [span]


FIGURES = [
    ("Peserta mempelajari 4 (empat) unit kompetensi membatik.", (4, "unit")),
    ("Tahun ini 6 Industri Kecil Menengah (IKM) lolos kurasi.", (6, "ikm")),
]


@pytest.mark.parametrize(("sentence", "figure"), FIGURES, ids=[s[:40] for s, _ in FIGURES])
def test_figures(sentence: str, figure: tuple[float, str]) -> None:
    assert [(f["value"], f["unit"]) for f in extract_facts(sentence, PUBLISHED)["figures"]] == [figure]


def test_number_words_in_a_place_name_are_no_figure() -> None:
    facts = extract_facts("Bupati Lima Puluh Kota Ahmad Rizal menyerahkan lima unit mesin jahit.", PUBLISHED)
    assert [(f["value"], f["unit"]) for f in facts["figures"]] == [(5, "unit")]
