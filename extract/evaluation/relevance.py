"""Measure the relevance decision on folders of positive and negative articles (plain texts or HTML pages)."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pantau_configs.models import TopicsConfig

from extract.relevance_decision import Decision, assess

SUFFIXES = (".txt", ".html", ".htm")


@dataclass
class Outcome:
    path: Path
    expected: bool
    kind: str
    decision: Decision


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)

    def counts(self) -> dict[str, Counter[str]]:
        """Per kind: how many kept and rejected."""
        table: dict[str, Counter[str]] = {}
        for o in self.outcomes:
            table.setdefault(o.kind, Counter())["kept" if o.decision.relevant else "rejected"] += 1
        return table

    def mistakes(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.decision.relevant != o.expected]

    def kept(self, expected: bool) -> tuple[int, int]:
        group = [o for o in self.outcomes if o.expected == expected]
        return sum(o.decision.relevant for o in group), len(group)


def read_article(path: Path) -> tuple[str, str, str | None]:
    """(title, text, published) of a page, or of a text whose first non-empty line is its title."""
    if path.suffix.lower() in (".html", ".htm"):
        from extract.clean import clean_html

        article = clean_html(path.read_bytes(), path.resolve().as_uri())
        return article.title or "", article.text, article.published
    lines = [line.strip() for line in path.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]
    if not lines:
        raise ValueError(f"{path}: empty file")
    return lines[0], "\n".join(lines[1:]), None


def article_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise ValueError(f"{folder}: not a folder")
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES)
    if not files:
        raise ValueError(f"{folder}: no .txt or .html files")
    return files


def labels_near(folder: Path) -> dict[str, str]:
    """Kinds of the look-alikes when the folder's parent has a JSONL with `id` and `kind` per article."""
    kinds: dict[str, str] = {}
    for path in sorted(folder.parent.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                entry: Any = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(entry, dict) and "id" in entry and "kind" in entry:
                kinds[str(entry["id"])] = str(entry["kind"])
    return kinds


def evaluate(positives: Path, negatives: Path, topics: TopicsConfig) -> Report:
    report = Report()
    kinds = labels_near(negatives)
    for folder, expected in ((positives, True), (negatives, False)):
        for path in article_files(folder):
            title, text, published = read_article(path)
            decision, _, _ = assess(title, text, published, topics)
            kind = "positive" if expected else kinds.get(path.stem, "negative")
            report.outcomes.append(Outcome(path, expected, kind, decision))
    return report


def _mistake_line(outcome: Outcome) -> str:
    reasons = outcome.decision.reasons
    verdict = "kept" if outcome.decision.relevant else "rejected"
    said = reasons["because"] or reasons["evidence"]
    return (f"  {outcome.path.name} ({outcome.kind}) {verdict}: {reasons['decided_by']}; "
            f"evidence: {', '.join(said) or '-'}; against: {', '.join(reasons['against']) or '-'}; "
            f"terms {reasons['terms']}")


def format_report(report: Report) -> str:
    """The kept/rejected table per kind, each mistake with its reasons, and the totals."""
    lines = [f"{'kind':<20}{'kept':>6}{'rejected':>10}"]
    for kind, counts in report.counts().items():
        lines.append(f"{kind:<20}{counts['kept']:>6}{counts['rejected']:>10}")
    mistakes = report.mistakes()
    lines.append(f"mistakes: {len(mistakes)}")
    lines += [_mistake_line(o) for o in mistakes]
    pos_kept, pos_total = report.kept(True)
    neg_kept, neg_total = report.kept(False)
    lines.append(f"positives kept {pos_kept}/{pos_total}, look-alikes kept {neg_kept}/{neg_total}")
    return "\n".join(lines)
