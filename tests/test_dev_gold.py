"""The development gold set (tests/gold, written and annotated for Pantau) stays above the issue's floors."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.evaluation.facts import evaluate_gold

GOLD = Path(__file__).parent / "gold" / "dev.jsonl"
FLOORS = {"officials.full": 0.90, "programs": 0.75, "dates": 0.90, "figures": 0.90}


@pytest.fixture(scope="module")
def totals():
    return evaluate_gold(GOLD)[1]


@pytest.mark.parametrize(("kind", "floor"), FLOORS.items())
def test_dev_gold_floor(totals, kind: str, floor: float) -> None:
    assert totals[kind].gold > 0
    assert totals[kind].f1 >= floor, f"{kind} F1 {totals[kind].f1:.3f} < {floor}"
