"""Official division codes in context: which 12-digit code, if any, each area of a report names.

A name alone often fits several divisions (红溪村 is a village of 开平赤坎镇 and of 英德).
The report says which one through its other areas: the reporting county, the town named
before a village, the city in the title. So every candidate code of a name is scored by
how many *other* areas of the same report it sits next to in the official hierarchy:

- one is an ancestor of the other, below the province (a city ⊃ its district ⊃ a subdistrict), or
- both lie in the same county (two villages of one district).

Each other area votes with weight ``1/len(its candidates)``, so an unambiguous name counts
fully and an ambiguous one a little; a ``partOf`` fact stated by the report counts double.
A county named anywhere in the text, even by its short name (海丰白虾 → 海丰县), is a weak
hint (0.5), for reports whose areas the recogniser only partly found.

A ``partOf`` fact is also a constraint: 赤坎镇石头村 may only be a 石头村 inside 赤坎镇; when
the table has none there, the name has no match (the 石头村 of another town of 开平市 is not
it), and it stays scoped by the town that contains it.

A name is linked when one candidate scores best with a positive score, or when it has one
candidate only and nothing in the report contradicts it (a province or city; a county by
its full name; the reporting area; any area when the report offers no other context).
Otherwise it stays unlinked and its candidates are recorded. A redacted name (``*村``) is
never linked. Zones (片区) are not divisions and get no code.

Pure: no RDF, no I/O beyond the packaged division table.

>>> from bqw.extract import extract_text
>>> found = place(extract_text("开平市赤坎镇红溪村入选示范村。", name="t.txt"))
>>> found["红溪村"].code
'440783109225'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from bqw.extract import divisions
from bqw.model import Entity, Extraction

# Entity type → division levels its name may match (街道 and 镇 swap when an area is reorganised).
COMPATIBLE_LEVELS: dict[str, frozenset[str]] = {
    "Province": frozenset({"Province"}),
    "City": frozenset({"City"}),
    "County": frozenset({"County"}),
    "Town": frozenset({"Town", "Subdistrict"}),
    "Subdistrict": frozenset({"Subdistrict", "Town"}),
    "Village": frozenset({"Village", "Community"}),
    "Community": frozenset({"Community", "Village"}),
}
# Code lengths of the levels: province 2, city 4, county 6, town 9, village 12.
_CITY, _COUNTY = 4, 6
_FACT_WEIGHT = 2.0
_TEXT_HINT = 0.5


@dataclass(frozen=True)
class Placement:
    """Where one area name sits in the official hierarchy.

    Attributes:
        code: the division code, when the context settles it.
        candidates: the codes still possible when it does not (empty when linked).
        reason: ``context``, ``only-candidate``, ``ambiguous``, ``no-match`` or ``redacted``.
    """

    code: str | None
    candidates: tuple[str, ...] = ()
    reason: str = "no-match"


# x/X stand for hidden characters when they are not part of a Latin word (XX村, x区; not G325线).
_MASK = re.compile(r"\*|(?<![A-Za-z])[xX]{1,3}(?![A-Za-z])")


def is_redacted(name: str) -> bool:
    """A name with a redaction (``*村``, ``XX区``): it cannot be told apart from other redacted names.

    >>> is_redacted("XX村"), is_redacted("*区"), is_redacted("G325线")
    (True, True, False)
    """
    return bool(_MASK.search(unicodedata.normalize("NFKC", name)))


def related(a: str, b: str) -> bool:
    """Whether two division codes are near each other: one holds the other below the province,
    or both lie in one county.

    >>> related("4408", "440802007"), related("440802007201", "440802008207"), related("44", "440802")
    (True, True, False)
    >>> related("440802", "440783109")
    False
    """
    if a == b:
        return False
    if a.startswith(b) or b.startswith(a):
        return min(len(a), len(b)) >= _CITY
    return len(a) >= _COUNTY and len(b) >= _COUNTY and a[:_COUNTY] == b[:_COUNTY]


def candidates(entity: Entity, gazetteer: divisions.Gazetteer) -> tuple[tuple[str, ...], bool]:
    """The codes an area name may denote, and whether they come from a short name (赤坎 for 赤坎区)."""
    levels = COMPATIBLE_LEVELS.get(entity.type)
    if levels is None or is_redacted(entity.label):
        return (), False
    name = unicodedata.normalize("NFKC", entity.label).strip()
    full = tuple(d.code for d in gazetteer.by_name.get(name, ()) if d.level in levels)
    if full:
        return full, False
    short = tuple(d.code for d in gazetteer.by_short.get(name, ()) if d.level in levels)
    return short, bool(short)


def place(extraction: Extraction, gazetteer: divisions.Gazetteer | None = None) -> dict[str, Placement]:
    """The placement of every area of ``extraction``, by entity label."""
    gaz = gazetteer or divisions.load()
    areas = [e for e in extraction.entities if e.type in COMPATIBLE_LEVELS or e.type == "Zone"]
    found = {e.label: candidates(e, gaz) for e in areas}
    containers = _containers(extraction)
    partof = {(f.subject, f.object) for f in extraction.facts if f.predicate == "partOf" and not f.literal}
    hints = _text_hints(extraction.text, gaz, (c for codes, _ in found.values() for c in codes))
    # Context exists when some area other than the province is unambiguous.
    anchored = {label for label, (codes, _) in found.items() if len(codes) == 1 and len(codes[0]) >= _CITY}
    out: dict[str, Placement] = {}
    for entity in areas:
        codes, short = found[entity.label]
        if is_redacted(entity.label):
            out[entity.label] = Placement(None, (), "redacted")
            continue
        codes = _inside_containers(entity.label, codes, found, partof)
        if not codes:
            out[entity.label] = Placement(None, (), "no-match")
            continue
        scores = {code: _score(code, entity.label, found, containers) + hints.get(code, 0.0) for code in codes}
        best = max(scores.values())
        top = tuple(sorted(code for code, score in scores.items() if score == best))
        if best > 0 and len(top) == 1:
            out[entity.label] = Placement(top[0], (), "context")
        elif len(codes) == 1 and _stands_alone(entity, codes[0], short, extraction, anchored - {entity.label}):
            out[entity.label] = Placement(codes[0], (), "only-candidate")
        else:
            out[entity.label] = Placement(None, top if best > 0 else tuple(sorted(codes)), "ambiguous")
    return out


def _containers(extraction: Extraction) -> dict[str, set[str]]:
    """Labels of the areas the report says each entity is part of or located in."""
    out: dict[str, set[str]] = {}
    for fact in extraction.facts:
        if not fact.literal and fact.predicate in ("partOf", "locatedIn") and fact.subject != fact.object:
            out.setdefault(fact.subject, set()).add(fact.object)
    return out


def _inside_containers(
    label: str, codes: tuple[str, ...], found: dict[str, tuple[tuple[str, ...], bool]], partof: set[tuple[str, str]]
) -> tuple[str, ...]:
    """The codes that lie inside every area the report says holds ``label`` (``partOf``) and the table knows."""
    for subject, container in partof:
        outer = found.get(container, ((), False))[0] if subject == label else ()
        if outer:
            codes = tuple(c for c in codes if any(c.startswith(o) and len(c) > len(o) for o in outer))
    return codes


def _score(
    code: str, label: str, found: dict[str, tuple[tuple[str, ...], bool]], containers: dict[str, set[str]]
) -> float:
    score = 0.0
    inside = containers.get(label, set())
    for other, (codes, _) in found.items():
        if other == label or not codes:
            continue
        if any(related(code, c) for c in codes):
            weight = 1.0 / len(codes)
            score += weight * (_FACT_WEIGHT if other in inside else 1.0)
    return score


def _text_hints(text: str, gaz: divisions.Gazetteer, codes: Iterable[str]) -> dict[str, float]:
    """A small bonus for candidates below a county the text names, even in passing (海丰白虾).

    Only counties: a city's name says too little (湛江 holds a hundred 街道社区-like names).
    """
    hints: dict[str, float] = {}
    for code in set(codes):
        if len(code) <= _COUNTY:
            continue
        county = gaz.by_code.get(code[:_COUNTY])
        if county is None:
            continue
        short = divisions.short_name(county.name, county.level)
        if county.name in text or (short and short in text):
            hints[code] = _TEXT_HINT
    return hints


def _stands_alone(entity: Entity, code: str, short: bool, extraction: Extraction, anchored: set[str]) -> bool:
    """Whether a name with one official match may be linked although no other area supports it."""
    level = len(code)
    if level <= _CITY:
        return True  # provinces and prefecture-level cities are unique and global
    if level == _COUNTY and not short:
        return True  # a county's full name is distinctive across the province
    if entity.label == extraction.document.area and not short:
        return True
    # A village or town unique in Guangdong, in a report that places itself nowhere else.
    return not anchored and not short
