"""Event-region predictions for an evaluation file (dev.jsonl records), in the shape score_regions.py reads."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def _records(gold: Path) -> Iterator[tuple[str, Path, str | None]]:
    for line_no, line in enumerate(gold.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            yield record["doc_id"], gold.parent / record["text_file"], record.get("published")
        except (json.JSONDecodeError, KeyError) as exc:
            raise ValueError(f"{gold}:{line_no}: needs doc_id and text_file ({type(exc).__name__}: {exc})") from None


def predict_regions(gold: Path) -> Iterator[dict[str, Any]]:
    """One {"doc_id", "regions"} line per record, from the full fact pipeline (as `pantau facts` runs it)."""
    from extract.facts.api import extract_many

    records = list(_records(gold))
    for text_file in (r[1] for r in records):
        if not text_file.is_file():
            raise ValueError(f"{gold}: text_file {text_file} not found")
    items = ((path.read_text(encoding="utf-8"), published) for _, path, published in records)
    for (doc_id, _, _), facts in zip(records, extract_many(items), strict=True):
        yield {"doc_id": doc_id, "regions": facts["regions"]}
