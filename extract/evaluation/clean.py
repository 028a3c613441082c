"""Measure cleaning on saved pages with ground truth: word F1 of the text, title, date and author matches."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

WORD = re.compile(r"\w+", re.UNICODE)
SCORED_QUALITIES = ("paragraphs", "joined")


def words(text: str) -> Counter[str]:
    return Counter(w.lower() for w in WORD.findall(text or ""))


def word_scores(predicted: str, truth: str) -> tuple[float, float, float]:
    """Bag-of-words precision, recall and F1 (paragraph breaks and punctuation ignored)."""
    p, t = words(predicted), words(truth)
    overlap = sum((p & t).values())
    precision = overlap / sum(p.values()) if p else 0.0
    recall = overlap / sum(t.values()) if t else 0.0
    return precision, recall, (2 * precision * recall / (precision + recall) if overlap else 0.0)


def _norm(text: str | None) -> str:
    return " ".join((text or "").replace("\u00a0", " ").split()).strip().lower()


@dataclass
class PageScore:
    file: str
    outlet: str
    quality: str | None
    precision: float | None
    recall: float | None
    f1: float | None
    title_ok: bool
    date_ok: bool
    author_ok: bool | None
    error: str | None = None


def _plain_trafilatura(html: bytes, url: str) -> dict[str, Any]:
    from trafilatura import bare_extraction
    from trafilatura.settings import Document

    doc = bare_extraction(html.decode("utf-8", errors="replace"), url=url, with_metadata=True)
    if not isinstance(doc, Document):
        return {"title": "", "text": "", "published": None, "author": None}
    return {"title": doc.title or "", "text": doc.text or "", "published": doc.date, "author": doc.author}


QuirksFor = Callable[[str], Any]  # URL -> the outlet's Quirks, or None (the generic path)


def _pantau(html: bytes, url: str, quirks_for: QuirksFor | None = None) -> dict[str, Any]:
    from extract.clean import clean_html

    return clean_html(html, url, quirks=quirks_for(url) if quirks_for else None).as_dict()


def score_page(truth: dict[str, Any], corpus: Path, cleaner: str = "pantau",
               quirks_for: QuirksFor | None = None) -> PageScore:
    html = (corpus / truth["file"]).read_bytes()
    try:
        url = truth["url"]
        result = _pantau(html, url, quirks_for) if cleaner == "pantau" else _plain_trafilatura(html, url)
        error = None
    except Exception as exc:  # a failure is a zero score, reported
        result, error = {"title": "", "text": "", "published": None, "author": None}, f"{type(exc).__name__}: {exc}"
    precision = recall = f1 = None
    if truth.get("text") and truth.get("text_quality") in (*SCORED_QUALITIES, "weak"):
        precision, recall, f1 = word_scores(result["text"], truth["text"])
    expected_day = (truth.get("published") or "")[:10]
    author_ok = None if truth.get("author") is None else _norm(result.get("author")) == _norm(truth["author"])
    return PageScore(truth["file"], truth["outlet"], truth.get("text_quality"), precision, recall, f1,
                     _norm(result["title"]) == _norm(truth["title"]),
                     bool(expected_day) and (result.get("published") or "")[:10] == expected_day, author_ok, error)


def load_truth(path: Path) -> tuple[Path, list[dict[str, Any]]]:
    """(corpus root, truth rows) from a corpus folder, its html/ folder, or a truth.jsonl file."""
    if path.is_dir():
        path = path / "html" / "truth.jsonl" if (path / "html" / "truth.jsonl").exists() else path / "truth.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return path.parent.parent, rows


def evaluate_cleaning(path: Path, cleaner: str = "pantau", lang: str = "id",
                      quirks_for: QuirksFor | None = None) -> list[PageScore]:
    """Score every page of one language; `quirks_for` gives each URL its outlet's quirks (None: generic path)."""
    corpus, rows = load_truth(path)
    return [score_page(row, corpus, cleaner, quirks_for) for row in rows if row.get("lang") == lang]


@dataclass
class Summary:
    pages: int
    scored: int
    mean_f1: float
    min_f1: float
    titles: int
    dates: int
    authors: int
    author_pages: int


def summarise(scores: list[PageScore]) -> Summary:
    scored = [s.f1 for s in scores if s.quality in SCORED_QUALITIES and s.f1 is not None]
    with_text = [s for s in scores if s.quality in SCORED_QUALITIES]
    authors = [s for s in scores if s.author_ok is not None]
    return Summary(len(scores), len(scored), sum(scored) / len(scored) if scored else 0.0, min(scored, default=0.0),
                   sum(s.title_ok for s in with_text), sum(s.date_ok for s in scores),
                   sum(bool(s.author_ok) for s in authors), len(authors))


def format_table(scores: list[PageScore], baseline: list[PageScore] | None = None) -> str:
    base = {s.file: s for s in baseline or []}
    lines = [f"{'page':<58}{'quality':>10}{'F1':>7}{'base':>7}{'title':>7}{'date':>6}{'author':>8}"]
    for s in scores:
        b = base.get(s.file)
        f1 = f"{s.f1:.3f}" if s.f1 is not None else "-"
        bf1 = f"{b.f1:.3f}" if b and b.f1 is not None else "-"
        author = "-" if s.author_ok is None else ("ok" if s.author_ok else "no")
        lines.append(f"{s.file.removeprefix('html/'):<58}{s.quality or '-':>10}{f1:>7}{bf1:>7}"
                     f"{'ok' if s.title_ok else 'no':>7}{'ok' if s.date_ok else 'no':>6}{author:>8}"
                     + (f"  {s.error}" if s.error else ""))
    for label, summary in (("pantau", summarise(scores)), ("plain trafilatura", summarise(baseline or []))):
        if summary.pages:
            lines.append(f"{label}: mean F1 {summary.mean_f1:.3f} (min {summary.min_f1:.3f}) over {summary.scored} "
                         f"pages with paragraph/joined truth; titles {summary.titles}/{summary.scored}; dates "
                         f"{summary.dates}/{summary.pages}; authors {summary.authors}/{summary.author_pages}")
    return "\n".join(lines)
