"""Decide whether an article is IKM programme news from evidence (programmes, actors, acts) and the term score."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from pantau_configs.models import TopicsConfig

from extract.relevance import score_relevance
from extract.relevance_cues import Cue, Hit, Settings, find_hits, lead_end, load_cues, other_meaning, settings

IKM_SIDE = ("programme", "actor", "sector", "office", "ministry", "patron")
STRONG = ("programme", "actor", "sector")
LOOKALIKES = ("umkm", "big_industry", "trade", "tourism", "labour", "regional_gov")
ACRONYM = re.compile(r"\bIKM\b")
MAX_LISTED = 6


@dataclass(frozen=True)
class Decision:
    """The verdict, the term score it used and the reasons a reader sees (stored as relevance_reasons)."""

    score: float
    matched: dict[str, int]
    relevant: bool
    reasons: dict[str, Any]


def _facts_hits(facts: dict[str, Any] | None, cues: tuple[Cue, ...], config: Settings, lead: int) -> list[Hit]:
    """Programmes and officials' positions from the fact extractor, as evidence hits."""
    if not facts:
        return []
    ikm_cues = [c for c in cues if c.kind in ("sector", "actor")]
    hits = []
    for programme in facts.get("programs", []):
        start = min((m["char_start"] for m in programme.get("mentions", [])), default=10**9)
        name = programme.get("canonical_name") or programme.get("name") or ""
        known = programme.get("canonical_id") in config.ikm_programmes
        if known or any(c.regex.search(name) for c in ikm_cues):
            hits.append(Hit("facts.programme", "programme", name, "lead" if start < lead else "body", start))
    for official in facts.get("officials", []):
        position = official.get("position") or ""
        if any(c.kind == "actor" and c.regex.search(position) for c in cues):
            start = min((m["char_start"] for m in official.get("mentions", [])), default=10**9)
            hits.append(Hit("facts.official", "actor", position, "lead" if start < lead else "body", start))
    return hits


def _ikm_meaning(title: str, text: str, hits: list[Hit]) -> str | None:
    """What IKM means here when it is not industry: a spelled-out other meaning or survey-score use."""
    spelled = other_meaning(f"{title}\n{text}")
    if spelled:
        return spelled
    industry = any(h.cue in ("sector.industri_kecil", "actor.ditjen_ikma") for h in hits)
    survey = next((h.text for h in hits if h.kind == "other_meaning"), None)
    return None if industry else survey


def _drop_acronym(hits: list[Hit]) -> list[Hit]:
    """Hits left when IKM means something else: no IKM acronym counts as evidence."""
    return [h for h in hits if not (h.kind in IKM_SIDE + ("target",) and ACRONYM.search(h.text))]


def _listed(hits: list[Hit]) -> list[str]:
    seen, out = set(), []
    for hit in sorted(hits, key=lambda h: ("title", "lead", "body").index(h.zone)):
        key = (hit.kind, hit.text.lower(), hit.zone)
        if key not in seen:
            seen.add(key)
            out.append(f"{hit.kind}: {hit.text} ({hit.zone})")
    return out[:MAX_LISTED]


def _rule(hits: list[Hit], score: float, topics: TopicsConfig, config: Settings,
          paragraph_of: Callable[[Hit], int]) -> tuple[str | None, list[Hit]]:
    """The first rule that keeps the article and the hits that decided it, else (None, [])."""
    front = [h for h in hits if h.zone != "body"]

    def of(kinds: tuple[str, ...], among: list[Hit] = front) -> list[Hit]:
        return [h for h in among if h.kind in kinds]

    for kind in ("programme", "actor"):
        if of((kind,)):
            return kind, of((kind,))
    # IKM up front is enough unless look-alike cues outnumber it there; even then an IKM programme or actor
    # anywhere in the article keeps it ("KUR for IKM, with Ditjen IKMA's programme" is IKM news).
    if of(("sector",)) and (len(of(LOOKALIKES)) <= len(of(IKM_SIDE)) or of(("programme", "actor"), hits)):
        return "sector", of(("sector", "office", "ministry")) + of(("programme", "actor"), hits)
    acts = of(("act",))
    if of(("office",)) and acts and not of(("trade", "labour", "regional_gov")):
        return "office_act", of(("office", "act"))
    if of(("ministry", "patron")) and acts and of(("target",)) and not of(("big_industry", "labour", "trade")):
        return "ministry_act", of(("ministry", "patron", "act", "target"))
    strong = of(STRONG, hits)
    if (len(strong) >= config.body_min_evidence and score >= topics.threshold
            and len(of(LOOKALIKES, hits)) < len(of(IKM_SIDE, hits))):
        return "body", strong
    paired = _acts_in_paragraphs(hits, paragraph_of)
    if paired and score >= topics.threshold and not of(LOOKALIKES, hits):
        return "body_act", paired
    return None, []


def _acts_in_paragraphs(hits: list[Hit], paragraph_of: Callable[[Hit], int]) -> list[Hit]:
    """Office, ministry or crafts-council hits that share a paragraph with a training or aid act, and those acts."""
    acting = {paragraph_of(h) for h in hits if h.kind in ("office", "ministry", "patron")}
    acting &= {paragraph_of(h) for h in hits if h.kind == "act"}
    return [h for h in hits if h.kind in ("office", "ministry", "patron", "act") and paragraph_of(h) in acting]


def _paragraph_finder(text: str) -> Callable[[Hit], int]:
    """The paragraph of a hit: -1 for the title, else the index of its line in the text."""
    starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
    return lambda hit: -1 if hit.zone == "title" else bisect_right(starts, hit.start) - 1


def decide(title: str, text: str, topics: TopicsConfig, facts: dict[str, Any] | None = None,
           hits: list[Hit] | None = None) -> Decision:
    """Relevance of one article, with the reasons; `facts` (from extract_facts on `text`) adds evidence."""
    config, cues = settings(), load_cues()
    lead = lead_end(text, config)
    hits = find_hits(title, text, cues, lead) if hits is None else list(hits)
    hits += _facts_hits(facts, cues, config, lead)
    meaning = _ikm_meaning(title, text, hits)
    paragraph_of = _paragraph_finder(text)  # hit offsets are into the text as given
    if meaning:
        hits = _drop_acronym(hits)
        title, text = ACRONYM.sub("·", title), ACRONYM.sub("·", text)
    terms = score_relevance(title, text, topics)
    rule, deciding = _rule(hits, terms.score, topics, config, paragraph_of)
    evidence = [h for h in hits if h.kind in IKM_SIDE]
    against = [h for h in hits if h.kind in LOOKALIKES]
    reasons: dict[str, Any] = {
        "decided_by": rule or _rejection(evidence, against),
        "because": (_listed(deciding) + ([f"terms: score {terms.score} >= threshold {topics.threshold}"]
                                         if rule in ("body", "body_act") else [])) if rule else [],
        "evidence": [] if rule else _listed(evidence),
        "against": _listed(against) + ([f"IKM means {meaning}"] if meaning else []),
        "terms": terms.score,
        "matched_terms": dict(sorted(terms.matched.items(), key=lambda kv: -kv[1])[:MAX_LISTED]),
        "borderline": rule is None and (any(h.kind in STRONG + ("office",) for h in evidence)
                                         or terms.score >= topics.threshold),
    }
    return Decision(terms.score, terms.matched, rule is not None, reasons)


def _rejection(evidence: list[Hit], against: list[Hit]) -> str:
    """Why nothing kept it: the look-alike kind seen most, or the want of IKM evidence up front."""
    if against:
        kind, _ = Counter(h.kind for h in against).most_common(1)[0]
        return f"look-alike: {kind}"
    return "no IKM programme or actor in title or lead" if evidence else "no IKM evidence"


def needs_facts(hits: list[Hit]) -> bool:
    """Fact extraction can change the verdict only when some IKM-side cue is present."""
    return any(h.kind in IKM_SIDE for h in hits)


def assess(title: str, text: str, published: str | date | None, topics: TopicsConfig,
           ) -> tuple[Decision, dict[str, Any] | None, str | None]:
    """Decide once, extracting facts once when they may matter: (decision, facts or None, facts error or None)."""
    from extract.facts.api import extract_facts

    config, cues = settings(), load_cues()
    hits = find_hits(title, text, cues, lead_end(text, config))
    facts, error = None, None
    if needs_facts(hits):
        try:
            facts = extract_facts(text, published)
        except Exception as exc:  # the verdict falls back to the cues; the failure is reported
            error = f"{type(exc).__name__}: {exc}"[:500]
    return decide(title, text, topics, facts, hits), facts, error
