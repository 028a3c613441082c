"""Write one article's extracted facts, replacing its previous ones atomically, with full provenance."""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from extract.facts.names import normalise_name
from store.rows import insert_row, insert_rows, update_row
from store.writes import utc_now

ENTITY_KINDS = {"organizations": "organization", "locations": "location", "businesses": "business"}


@dataclass
class Touched:
    """Officials and programmes whose mentions changed: what an incremental refresh recounts."""

    officials: set[int] = field(default_factory=set)
    programs: set[int] = field(default_factory=set)

    def update(self, other: Touched) -> None:
        self.officials |= other.officials
        self.programs |= other.programs


def _provenance(item: dict[str, Any], version: str) -> dict[str, Any]:
    return {"sentence": item.get("sentence"), "char_start": item.get("char_start"), "char_end": item.get("char_end"),
            "rule": item.get("rule"), "extractor_version": version}


def delete_facts(db: sqlite_utils.Database, article_id: int) -> Touched:
    """Remove an article's facts; return the officials and programmes whose mention counts this changes."""
    touched = Touched(
        {i for (i,) in db.execute("SELECT official_id FROM official_mentions WHERE article_id = ?", [article_id])},
        {i for (i,) in db.execute("SELECT program_id FROM program_mentions WHERE article_id = ?", [article_id])})
    for table in ("official_mentions", "program_mentions", "quotes", "facts", "entities", "article_regions"):
        db.execute(f"DELETE FROM {table} WHERE article_id = ?", [article_id])
    return touched


def _official_id(db: sqlite_utils.Database, official: dict[str, Any], now: str) -> int:
    key = normalise_name(official["name"])
    row = db.execute("SELECT id, position FROM officials WHERE key = ?", [key]).fetchone()
    if row is None:
        return insert_row(db, "officials", {
            "key": key, "name": official["name"], "position": official["position"],
            "position_normalized": official["position_normalized"], "organization": official["organization"],
            "mentions": 0, "first_seen": now, "last_seen": now})
    longer = len(official["position"] or "") > len(row[1] or "")
    update_row(db, "officials", row[0], {"last_seen": now, **({"position": official["position"], "position_normalized":
                                                                official["position_normalized"]} if longer else {})})
    return int(row[0])


def _program_id(db: sqlite_utils.Database, programme: dict[str, Any], known_ids: AbstractSet[str], now: str) -> int:
    canonical = programme["canonical_id"]
    known = canonical in known_ids
    # a known programme is stored under its gazetteer name, whatever the first article called it
    name = (programme.get("canonical_name") if known else None) or programme["name"]
    row = db.execute("SELECT id, name FROM programs WHERE canonical_id = ?", [canonical]).fetchone()
    if row is None:
        return insert_row(db, "programs", {"canonical_id": canonical, "name": name, "known": int(known), "mentions": 0,
                                           "first_seen": now})
    if known and programme.get("canonical_name"):
        if row[1] != name:
            update_row(db, "programs", row[0], {"name": name})
    elif len(programme["name"]) > len(row[1]):
        update_row(db, "programs", row[0], {"name": programme["name"]})
    return int(row[0])


def _programme_by_sentence(programmes: list[dict[str, Any]], ids: list[int]) -> dict[str, int]:
    return {m["sentence"]: program_id for programme, program_id in zip(programmes, ids, strict=True)
            for m in programme["mentions"]}


def write_facts(db: sqlite_utils.Database, article_id: int, facts: dict[str, Any],
                known_programs: AbstractSet[str], new_article: bool = False) -> Touched:
    """Replace an article's facts (call inside the article's transaction); return the officials and programmes
    whose mention counts changed. A new article has no facts to delete, and each table gets one insert."""
    version, now = facts["extractor_version"], utc_now()
    touched = Touched() if new_article else delete_facts(db, article_id)
    official_ids = {}
    mention_rows = []
    for official in facts["officials"]:
        official_id = official_ids[official["name"]] = _official_id(db, official, now)
        mention_rows += [{"official_id": official_id, "article_id": article_id, "name": official["name"],
                          "position": official["position"], "organization": official["organization"],
                          "text": m["text"], **_provenance(m, version)} for m in official["mentions"]]
    insert_rows(db, "official_mentions", mention_rows)
    insert_rows(db, "quotes", [
        {"official_id": official_ids.get(q["speaker"]) if q.get("official", True) else None,  # a participant is not
         "article_id": article_id, "quote": q["quote"], "verb": q["verb"],                  # an official
         **_provenance({**q, "char_start": q["start"], "char_end": q["end"]}, version)} for q in facts["quotes"]])
    program_ids = [_program_id(db, p, known_programs, now) for p in facts["programs"]]
    insert_rows(db, "program_mentions", [
        {"program_id": program_id, "article_id": article_id, "text": m["text"], **_provenance(m, version)}
        for programme, program_id in zip(facts["programs"], program_ids, strict=True) for m in programme["mentions"]])
    in_sentence = _programme_by_sentence(facts["programs"], program_ids)
    rows = [{"article_id": article_id, "kind": "date", "text": d["text"], "start_date": d["start"],
             "end_date": d["end"], "program_id": in_sentence.get(d["sentence"]), **_provenance(d, version)}
            for d in facts["dates"]]
    rows += [{"article_id": article_id, "kind": "figure", "text": f["text"], "value": f["value"], "unit": f["unit"],
              "figure_type": f.get("type"), "program_id": in_sentence.get(f["sentence"]), **_provenance(f, version)}
             for f in facts["figures"]]
    insert_rows(db, "facts", rows)
    insert_rows(db, "entities", [
        {"article_id": article_id, "kind": kind, "name": e["name"], "text": e["text"], **_provenance(e, version)}
        for key, kind in ENTITY_KINDS.items() for e in facts[key]])
    write_regions(db, article_id, facts.get("regions") or [], version)
    update_row(db, "articles", article_id, {"extractor_version": version})
    touched.officials.update(official_ids.values())
    touched.programs.update(program_ids)
    return touched


def write_regions(db: sqlite_utils.Database, article_id: int, regions: list[dict[str, Any]], version: str) -> None:
    """The article's event places (its old ones were deleted with its other facts)."""
    from extract.facts.regions import REGIONS_VERSION

    insert_rows(db, "article_regions", [
        {"article_id": article_id, "code": r["code"], "name": r["name"], "level": r["level"],
         "province": r["province"], "province_code": r["province_code"], "text": r["text"],
         "sentence": r["sentence"], "char_start": r["start"], "char_end": r["end"], "rule": r["rule"],
         "extractor_version": f"{version}+{REGIONS_VERSION}"} for r in regions])


COUNT_SQL = {
    "officials": "UPDATE officials SET mentions = (SELECT count(DISTINCT article_id) FROM official_mentions "
                 "WHERE official_id = officials.id)",
    "programs": "UPDATE programs SET mentions = (SELECT count(DISTINCT article_id) FROM program_mentions "
                "WHERE program_id = programs.id)",
}


def refresh_counts(db: sqlite_utils.Database, touched: Touched | None = None) -> None:
    """Mention counts on officials and programmes: all of them, or only those `touched` (a run's changes)."""
    with db.atomic():
        for table, sql in COUNT_SQL.items():
            if touched is None:
                db.execute(sql)
                continue
            ids = sorted(getattr(touched, table))
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                db.execute(f"{sql} WHERE id IN ({','.join('?' * len(chunk))})", chunk)
