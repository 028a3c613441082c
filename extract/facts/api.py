"""Run the fact pipeline over texts and shape the result as the gold guideline's JSON (plus provenance)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from extract.facts.model import Fact
from extract.facts.people import attribute_quotes, group_officials
from extract.facts.pipeline import EXTRACTOR_VERSION, doc_text, get_nlp, sentence_finder
from extract.facts.program_groups import group_programs
from extract.facts.programs import ProgramMention
from extract.facts.regions import find_regions
from extract.sniff import NotText, not_text_reason


def anchor_date(published: str | date | None) -> date | None:
    """The date relative expressions resolve against: "2020" → end of 2020, "2020-09" → mid-month."""
    if published is None or isinstance(published, date):
        return published
    text = str(published).strip()[:10]
    try:
        if len(text) == 4:
            return date(int(text), 12, 31)
        if len(text) == 7:
            return date(int(text[:4]), int(text[5:7]), 15)
        return date.fromisoformat(text)
    except ValueError:
        return None


def _provenance(fact: Fact, sentence_at: Any) -> dict[str, Any]:
    return {"text": fact.text, "char_start": fact.start, "char_end": fact.end, "rule": fact.rule,
            "sentence": sentence_at(fact.start)}


def doc_to_facts(doc: Doc) -> dict[str, Any]:
    """The facts of one processed Doc in the guideline's format, each with its provenance."""
    found: dict[str, list[Fact]] = doc._.facts or {}
    sentence_at = sentence_finder(doc)
    text = doc_text(doc)
    officials = group_officials(found.get("officials", []), text)
    quotes = attribute_quotes(officials, text)
    for official in officials:
        official["mentions"] = [_provenance(m, sentence_at) for m in official["mentions"]]
    mentions = [ProgramMention(f.text, f.start, f.end, f.rule, f.attrs.get("programme_id"), f.attrs.get("aliases") or [],
                               f.attrs.get("alias_of"))
                for f in found.get("programs", [])]
    programs = group_programs(mentions)
    for programme in programs:
        programme["mentions"] = [
            {"text": m.text, "char_start": m.start, "char_end": m.end, "rule": m.rule, "sentence": sentence_at(m.start)}
            for m in programme["mentions"]
        ]
    return {
        "extractor_version": EXTRACTOR_VERSION,
        "officials": officials,
        "quotes": [{**q, "sentence": sentence_at(q["start"])} for q in quotes],
        "programs": programs,
        "dates": [{**f.attrs, **_provenance(f, sentence_at)} for f in found.get("dates", [])],
        "figures": [{**f.attrs, **_provenance(f, sentence_at)} for f in found.get("figures", [])],
        "organizations": [{**f.attrs, **_provenance(f, sentence_at)} for f in found.get("organizations", [])],
        "locations": [{**f.attrs, **_provenance(f, sentence_at)} for f in found.get("locations", [])],
        "businesses": [{**f.attrs, **_provenance(f, sentence_at)} for f in found.get("businesses", [])],
        "regions": find_regions(text, doc._.published),
    }


def _deduplicated_dates(facts: dict[str, Any]) -> dict[str, Any]:
    seen, dates = set(), []
    for item in facts["dates"]:
        if (item["start"], item["end"]) not in seen:
            seen.add((item["start"], item["end"]))
            dates.append(item)
    facts["dates"] = dates
    return facts


def _new_doc(text: str, published: str | date | None) -> Doc:
    doc = get_nlp().make_doc(text)
    doc.user_data["text"] = text
    doc._.published = anchor_date(published)
    return doc


def extract_many(items: Iterable[tuple[str, str | date | None]], batch_size: int = 16) -> Iterator[dict[str, Any]]:
    """Facts for many (text, published) pairs through nlp.pipe."""
    docs = (_new_doc(text, published) for text, published in items)
    for doc in get_nlp().pipe(docs, batch_size=batch_size):
        yield _deduplicated_dates(doc_to_facts(doc))


def extract_facts(text: str, published: str | date | None = None) -> dict[str, Any]:
    """Facts of one text (dates without a year resolve against `published`): the pipeline called on its Doc, as
    nlp.pipe's batching machinery cost 5% of a short article's facts."""
    return _deduplicated_dates(doc_to_facts(get_nlp()(_new_doc(text, published))))


def read_input(path: Path, url: str | None = None) -> tuple[str, str | None]:
    """Text and publication date of a .txt file, or of an .html page after cleaning; NotText when there is none."""
    data = path.read_bytes()
    if path.suffix.lower() in (".html", ".htm"):
        from extract.clean import clean_html

        article = clean_html(data, url or path.resolve().as_uri())
        return f"{article.title}\n\n{article.text}", article.published
    reason = not_text_reason(data)
    if reason:
        raise NotText(f"{path}: {reason}")
    return data.decode("utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"), None
