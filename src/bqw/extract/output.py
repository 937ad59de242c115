"""The JSON shape of "Extractor output" in the annotation guide, and a table for people."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from bqw.model import Extraction


def to_dict(result: Extraction) -> dict[str, Any]:
    """The extractor output object: document, structure, entities, facts, observations."""
    doc = result.document
    return {
        "document": {
            "name": doc.name,
            "title": doc.title,
            "area": doc.area,
            "area_type": doc.area_type,
            "year": doc.year,
            "sha256": doc.sha256,
            "length": doc.length,
            "format": doc.format,
        },
        "sections": [
            {"index": s.index, "span": list(s.span), "heading": s.heading, "level": s.level, "parent": s.parent}
            for s in result.sections
        ],
        "sentences": [
            {"index": s.index, "span": list(s.span), "section": s.section, "item": s.item} for s in result.sentences
        ],
        "entities": [
            {
                "type": e.type,
                "label": e.label,
                "aliases": list(e.aliases),
                "mentions": [list(m) for m in e.mentions],
                "references": [list(r) for r in e.references],
                **({"code": e.code} if e.code else {}),
            }
            for e in result.entities
        ],
        "facts": [
            {
                "s": f.subject,
                "p": f.predicate,
                "o": f.object,
                "evidence": list(f.evidence),
                **({"literal": True} if f.literal else {}),
            }
            for f in result.facts
        ],
        "observations": [
            {
                "indicator": o.indicator,
                "area": o.area,
                "value": o.value,
                "unit": o.unit,
                "masked": o.masked,
                "value_normalized": o.value_normalized,
                "base_unit": o.base_unit,
                "growth_pct": o.growth_pct,
                "growth_masked": o.growth_masked,
                "period": o.period,
                "rank": o.rank,
                "evidence": list(o.evidence),
                "text": result.text[o.evidence[0] : o.evidence[1]],
            }
            for o in result.observations
        ],
    }


def to_json(result: Extraction) -> str:
    """Deterministic JSON text (key order fixed by construction, no floats reformatted)."""
    return json.dumps(to_dict(result), ensure_ascii=False, indent=1) + "\n"


def to_table(result: Extraction) -> str:
    """A short readable summary: document, counts by type, entities, facts, figures."""
    doc = result.document
    lines = [f"{doc.name}: {doc.title or '(no title)'} · area {doc.area or '?'} · year {doc.year or '?'}"]
    counts = Counter(e.type for e in result.entities)
    lines.append(
        f"{len(result.sentences)} sentences, {len(result.entities)} entities, "
        f"{len(result.facts)} facts, {len(result.observations)} observations"
    )
    lines.append("  " + ", ".join(f"{t} {n}" for t, n in sorted(counts.items())))
    lines.append("")
    for e in sorted(result.entities, key=lambda e: (e.type, e.label)):
        alias = f"  (= {', '.join(e.aliases)})" if e.aliases else ""
        lines.append(f"  {e.type:<13} {e.label}{alias}  ×{len(e.mentions)}")
    if result.facts:
        lines.append("")
        lines.extend(f"  {f.subject} —{f.predicate}→ {f.object}" for f in result.facts)
    if result.observations:
        lines.append("")
        for o in result.observations:
            value = f"{o.value or ''}{o.unit or ''}"
            extra = " ".join(
                x
                for x in (f"{o.growth_pct:+g}%" if o.growth_pct is not None else "", o.period or "", o.rank or "")
                if x
            )
            lines.append(f"  {o.indicator} [{o.area or '?'}] {value} {extra}".rstrip())
    return "\n".join(lines) + "\n"
