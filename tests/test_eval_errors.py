"""`pantau eval --errors TYPE` lists each miss and spurious item of that type with its sentence."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from crawler.cli import main

TEXT = ("Kepala Dinas Perindustrian Kota Salatiga Wulan Pratiwi membuka Pelatihan Anyaman Eceng Gondok pada "
        "Rabu (4/9/2024). Sebanyak 25 perajin ikut serta.")


def _gold(tmp_path: Path, **facts: list) -> Path:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    record = {"doc_id": "a", "input": "a.txt", "published": "2024-09-05",
              **{k: facts.get(k, []) for k in ("officials", "programs", "dates", "figures")}}
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return path


def test_missed_and_spurious_items_come_with_their_sentence(tmp_path: Path) -> None:
    gold = _gold(tmp_path, figures=[{"text": "25 perajin", "value": 25, "unit": "perajin"},
                                    {"text": "Rabu", "value": 7, "unit": "hari"}])
    result = CliRunner().invoke(main, ["eval", str(gold), "--errors", "figures", "--errors", "dates"])
    assert result.exit_code == 0, result.output
    figures = result.output.split("# figures")[1].split("# dates")[0]
    assert "missed" in figures and '"value": 7' in figures and "  spurious " not in figures
    dates = result.output.split("# dates")[1]
    assert "  spurious " in dates and "| Kepala Dinas Perindustrian Kota Salatiga" in dates


def test_a_wrong_position_is_listed_as_such(tmp_path: Path) -> None:
    gold = _gold(tmp_path, officials=[{"name": "Wulan Pratiwi", "position": "Sekretaris Daerah"}])
    result = CliRunner().invoke(main, ["eval", str(gold), "--errors", "officials"])
    assert "position Wulan Pratiwi: predicted 'Kepala Dinas Perindustrian Kota Salatiga', gold 'Sekretaris Daerah'" in (
        result.output)


def test_an_unknown_type_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["eval", str(_gold(tmp_path)), "--errors", "program"])
    assert result.exit_code == 2 and "'program': expected one of" in result.output
