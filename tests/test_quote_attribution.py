"""Quote attribution on our labelled quotes: officials and participants alike, unresolvable quotes left unattributed."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from crawler.cli import main
from extract.evaluation.quotes import score_quotes
from extract.facts.api import extract_facts

LABELLED = Path(__file__).parent / "fixtures" / "quotes.yaml"


def test_attribution_precision_and_recall_hold() -> None:
    score = score_quotes(LABELLED)
    assert score.labelled >= 15
    assert score.precision >= 0.95, score.errors
    assert score.recall >= 0.9, score.errors


def test_a_participants_quote_is_not_an_officials() -> None:
    text = ("Bupati Sleman Hendra Wijaya membuka bazar. Peserta asal Godean, Tri Utami, ikut berjualan. "
            "\"Dagangan saya habis sebelum siang,\" ujarnya.")
    facts = extract_facts(text, "2024-06-01")
    assert [(q["speaker"], q["official"]) for q in facts["quotes"]] == [("Tri Utami", False)]
    assert all(not o.get("quotes") for o in facts["officials"])


def test_eval_quotes_command(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["eval-quotes", str(LABELLED)])
    assert result.exit_code == 0 and "precision 1.000" in result.output
    broken = tmp_path / "q.yaml"
    broken.write_text("articles:\n  - text: Halo.\n    quotes: [{quote: x}]\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["eval-quotes", str(broken)])
    assert result.exit_code == 1 and "article #1" in result.output
