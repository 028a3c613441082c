"""Score quote attribution against labelled quotes (a YAML file of articles, each quote with its speaker)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from extract.facts.names import normalise_name


@dataclass
class QuoteScore:
    """Precision over quotes credited to someone, recall over labelled quotes that have a speaker."""

    correct: int = 0
    credited: int = 0
    labelled: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.correct / self.credited if self.credited else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.labelled if self.labelled else 0.0


def load_labelled(path: Path) -> list[dict[str, Any]]:
    """The articles of a labelled quotes file; a malformed entry fails with the file and the entry's number."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    articles = data.get("articles") if isinstance(data, dict) else None
    if not isinstance(articles, list):
        raise ValueError(f"{path}: expected a mapping with an 'articles' list")
    for number, article in enumerate(articles, start=1):
        if not isinstance(article, dict) or not isinstance(article.get("text"), str) or not isinstance(
                article.get("quotes"), list) or any(not isinstance(q, dict) or "quote" not in q or "speaker" not in q
                                                    for q in article["quotes"]):
            raise ValueError(f"{path}: article #{number}: needs 'text' and 'quotes' (each with 'quote' and 'speaker')")
    return articles


def score_quotes(path: Path) -> QuoteScore:
    from extract.facts.api import extract_facts

    score = QuoteScore()
    for number, article in enumerate(load_labelled(path), start=1):
        predicted = extract_facts(article["text"], article.get("published"))["quotes"]
        for gold in article["quotes"]:
            found = next((q for q in predicted if str(gold["quote"]) in q["quote"]), None)
            said_by = found["speaker"] if found else None
            if gold["speaker"]:
                score.labelled += 1
            if said_by:
                score.credited += 1
            if said_by and gold["speaker"] and normalise_name(said_by) == normalise_name(str(gold["speaker"])):
                score.correct += 1
            elif said_by or gold["speaker"]:
                score.errors.append(f"#{number} {gold['quote']!r}: labelled {gold['speaker']!r}, credited {said_by!r}")
    return score
