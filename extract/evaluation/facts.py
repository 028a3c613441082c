"""Score extracted facts against a gold JSONL file as ../shared/gold/GUIDELINES.md describes."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extract.facts.names import normalise_name
from extract.facts.rules import jsonl_entries

ABBREVIATIONS = {
    "dirjen": "direktur jenderal", "menperin": "menteri perindustrian", "kadis": "kepala dinas",
    "kasubdit": "kepala subdirektorat", "sekda": "sekretaris daerah", "ikm": "industri kecil dan menengah",
    "ikma": "industri kecil menengah dan aneka", "kabid": "kepala bidang", "kasi": "kepala seksi",
    "kadisperindag": "kepala dinas perindustrian dan perdagangan",
    "disperindag": "dinas perindustrian dan perdagangan",
    "wabup": "wakil bupati", "wawali": "wakil wali kota", "walikota": "wali kota", "sekjen": "sekretaris jenderal",
    "kemenperin": "kementerian perindustrian", "ditjen": "direktorat jenderal", "plt": "pelaksana tugas",
    "kaban": "kepala badan", "kakanwil": "kepala kantor wilayah", "wagub": "wakil gubernur",
    "dirut": "direktur utama", "ketum": "ketua umum", "mendag": "menteri perdagangan",
    "menkop": "menteri koperasi", "kapolda": "kepala polisi daerah",
}
WORD = re.compile(r"[a-z0-9]+")
TYPES = ("officials.name", "officials.full", "programs", "dates", "figures")


def position_words(position: str) -> list[str]:
    words = WORD.findall(position.lower())
    return [part for word in words for part in ABBREVIATIONS.get(word, word).split()]


def positions_agree(predicted: str | None, gold: str | None) -> bool:
    if not predicted or not gold:
        return False
    a, b = position_words(predicted), position_words(gold)
    sa, sb = set(a), set(b)
    if sa and sb and len(sa & sb) / len(sa | sb) >= 0.6:
        return True
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    if len(shorter) < 2:
        return False
    return any(longer[i : i + len(shorter)] == shorter for i in range(len(longer) - len(shorter) + 1))


def dice(a: str, b: str) -> float:
    sa, sb = set(WORD.findall(a.lower())), set(WORD.findall(b.lower()))
    return 2 * len(sa & sb) / (len(sa) + len(sb)) if sa and sb else 0.0


def units_agree(predicted: str | None, gold: str | None) -> bool:
    p, g = (predicted or "").strip().lower(), (gold or "").strip().lower()
    if g in ("idr", "usd", "percent") or p in ("idr", "usd", "percent"):
        return p == g
    return bool(p and g) and p.split()[0].split("/")[0] == g.split()[0].split("/")[0]


def _official_name(pred: dict[str, Any], gold: dict[str, Any]) -> bool:
    return normalise_name(pred.get("name") or "") == normalise_name(gold.get("name") or "") != ""


def _official_full(pred: dict[str, Any], gold: dict[str, Any]) -> bool:
    positions = [gold.get("position"), *(gold.get("position_aliases") or [])]
    return _official_name(pred, gold) and any(positions_agree(pred.get("position"), p) for p in positions)


def _program(pred: dict[str, Any], gold: dict[str, Any]) -> bool:
    names = [gold.get("name") or "", *(gold.get("aliases") or [])]
    return any(dice(pred.get("name") or "", n) >= 0.8 for n in names)


def _date(pred: dict[str, Any], gold: dict[str, Any]) -> bool:
    return str(pred.get("start")) == str(gold.get("start")) and str(pred.get("end")) == str(gold.get("end"))


def _figure(pred: dict[str, Any], gold: dict[str, Any]) -> bool:
    try:
        values = math.isclose(float(pred.get("value")), float(gold.get("value")), rel_tol=1e-9)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return values and units_agree(pred.get("unit"), gold.get("unit"))


MATCHERS: dict[str, tuple[str, Callable[[dict[str, Any], dict[str, Any]], bool]]] = {
    "officials.name": ("officials", _official_name), "officials.full": ("officials", _official_full),
    "programs": ("programs", _program), "dates": ("dates", _date), "figures": ("figures", _figure),
}


def greedy_matches(predicted: list[dict[str, Any]], gold: list[dict[str, Any]],
                   match: Callable[[dict[str, Any], dict[str, Any]], bool]) -> list[tuple[int, int]]:
    """One-to-one pairs (prediction index, gold index), taking gold items in order."""
    used: set[int] = set()
    pairs = []
    for g_index, g in enumerate(gold):
        for p_index, p in enumerate(predicted):
            if p_index not in used and match(p, g):
                used.add(p_index)
                pairs.append((p_index, g_index))
                break
    return pairs


@dataclass
class Score:
    true_positive: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.true_positive / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positive / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class DocumentResult:
    doc_id: str
    scores: dict[str, Score]
    missed: dict[str, list[Any]] = field(default_factory=dict)
    spurious: dict[str, list[Any]] = field(default_factory=dict)
    text: str = ""


def score_document(doc_id: str, predicted: dict[str, Any], gold: dict[str, Any]) -> DocumentResult:
    result = DocumentResult(doc_id, {})
    for kind, (key, match) in MATCHERS.items():
        preds, golds = list(predicted.get(key) or []), list(gold.get(key) or [])
        pairs = greedy_matches(preds, golds, match)
        result.scores[kind] = Score(len(pairs), len(preds), len(golds))
        matched_p, matched_g = {p for p, _ in pairs}, {g for _, g in pairs}
        result.missed[kind] = [g for i, g in enumerate(golds) if i not in matched_g]
        result.spurious[kind] = [p for i, p in enumerate(preds) if i not in matched_p]
    return result


def total(results: Iterable[DocumentResult]) -> dict[str, Score]:
    sums = {kind: Score() for kind in TYPES}
    for result in results:
        for kind, score in result.scores.items():
            sums[kind].true_positive += score.true_positive
            sums[kind].predicted += score.predicted
            sums[kind].gold += score.gold
    return sums


def load_gold(path: Path | str) -> list[dict[str, Any]]:
    """Gold documents with `input_path` resolved against the gold file's folder."""
    path = Path(path)
    documents = []
    for line_no, doc in jsonl_entries(path):
        source = doc.get("text_file") if str(doc.get("input", "")).startswith("http") else doc.get("input")
        if not source:
            raise ValueError(f"{path}:{line_no}: no 'input' (or 'text_file' for a URL input)")
        doc["input_path"] = (path.parent / source).resolve()
        documents.append(doc)
    return documents


def predictions_for(doc: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """Run the extractor on one gold document's input: (facts, the text they were found in)."""
    from extract.facts.api import extract_facts, read_input

    text, page_published = read_input(Path(doc["input_path"]), doc.get("url"))
    return extract_facts(text, doc.get("published") or page_published), text


def evaluate_gold(path: Path | str) -> tuple[list[DocumentResult], dict[str, Score]]:
    """Score the extractor on every document of a gold file."""
    results = []
    for doc in load_gold(path):
        predicted, text = predictions_for(doc)
        result = score_document(doc.get("doc_id") or str(doc["input_path"]), predicted, doc)
        result.text = text
        results.append(result)
    return results, total(results)


def format_scores(totals: dict[str, Score]) -> str:
    lines = [f"{'type':<16}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'pred':>6}{'gold':>6}"]
    for kind, score in totals.items():
        lines.append(f"{kind:<16}{score.precision:>7.3f}{score.recall:>7.3f}{score.f1:>7.3f}"
                     f"{score.true_positive:>6}{score.predicted:>6}{score.gold:>6}")
    return "\n".join(lines)


def describe_errors(results: list[DocumentResult], kind: str) -> str:
    """Missed and spurious items of one type per document, each with the sentence it is in, for tuning rules.

    For officials.full a person found under the right name but with another position is listed once, as
    `position`, with both positions."""
    if kind not in TYPES:
        raise ValueError(f"unknown fact type {kind!r}: expected one of {', '.join(TYPES)}")
    out = [f"# {kind}: missed and spurious items"]
    for result in results:
        missed, spurious = list(result.missed.get(kind, [])), list(result.spurious.get(kind, []))
        lines = []
        if kind == "officials.full":
            for gold in list(missed):
                pred = next((p for p in spurious if _official_name(p, gold)), None)
                if pred is not None:
                    missed.remove(gold)
                    spurious.remove(pred)
                    lines.append(f"  position {pred.get('name')}: predicted {pred.get('position')!r}, "
                                 f"gold {gold.get('position')!r}\n           | {_sentence_of(pred, result.text)}")
        lines += [f"  missed   {_short(item)}\n           | {_sentence_of(item, result.text)}" for item in missed]
        lines += [f"  spurious {_short(item)}\n           | {_sentence_of(item, result.text)}" for item in spurious]
        if lines:
            out += [f"## {result.doc_id}", *lines]
    return "\n".join(out)


def _sentence_of(item: dict[str, Any], text: str) -> str:
    """The sentence a predicted item came from, or where a gold item's text (or name) is written."""
    sentence = item.get("sentence") or next((m.get("sentence") for m in item.get("mentions") or [] if m.get("sentence")),
                                            None)
    if sentence:
        return " ".join(str(sentence).split())
    for needle in [item.get("text"), item.get("name"), *(item.get("aliases") or [])]:
        if needle and (at := _find_loosely(text, str(needle))) is not None:
            return _sentence_around(text, at)
    return "(not found in the text)"


def _find_loosely(text: str, needle: str) -> int | None:
    """Offset of needle in text, case and spacing ignored (brackets in gold names may be left out of the text)."""
    words = [re.escape(w) for w in re.findall(r"\w+", needle)]
    match = re.search(r"\W*".join(words), text, re.IGNORECASE) if words else None
    return match.start() if match else None


def _sentence_around(text: str, at: int) -> str:
    start = max(text.rfind(". ", 0, at) + 1, text.rfind("\n", 0, at) + 1, 0)
    ends = [e for e in (text.find(". ", at), text.find("\n", at)) if e >= 0]
    end = min(ends) + 1 if ends else len(text)
    return " ".join(text[start:end].split())[:400]


def _short(item: Any) -> str:
    keys = ("name", "position", "organization", "text", "start", "end", "value", "unit")
    return json.dumps({k: item[k] for k in keys if isinstance(item, dict) and k in item}, ensure_ascii=False)
