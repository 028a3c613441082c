"""Score story grouping on a labelled YAML file: pairwise precision and recall."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import yaml

from extract.stories import SAME_STORY, Story, StoryInput, group_stories


def pair_scores(stories: Sequence[Story], labels: dict[int, str]) -> tuple[float, float]:
    """Pairwise precision and recall of a grouping against labelled story keys (article id → key)."""
    predicted = {frozenset((a, b)) for s in stories for a in s.article_ids for b in s.article_ids if a < b}
    by_label: dict[str, list[int]] = {}
    for article_id, key in labels.items():
        by_label.setdefault(key, []).append(article_id)
    expected = {frozenset((a, b)) for ids in by_label.values() for a in ids for b in ids if a < b}
    true = len(predicted & expected)
    precision = true / len(predicted) if predicted else 1.0
    recall = true / len(expected) if expected else 1.0
    return precision, recall


def evaluate_stories(path: Path, threshold: float | None = None) -> tuple[int, int, float, float]:
    """(articles, stories, pair precision, pair recall) for a YAML file of articles with a `story` label."""
    items = yaml.safe_load(path.read_text(encoding="utf-8"))["articles"]
    stories = group_stories([StoryInput(a["id"], a["text"], a.get("published"), a.get("source", "")) for a in items],
                            threshold or SAME_STORY)
    precision, recall = pair_scores(stories, {a["id"]: a["story"] for a in items})
    return len(items), len(stories), precision, recall
