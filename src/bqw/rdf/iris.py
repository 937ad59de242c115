"""The one place that mints IRIs: documents, graphs, evidence and entities.

Entity IRIs come from a normalised name and type, so the same entity gets the same IRI
from every report and every run. Names that mean different things in different places
are *scoped* (see :class:`Scoper` and the README's "Many reports, one graph"). Each
entity's IRI comes from one *identity rule*, recorded on the entity in its report graph
(``bqw:identityRule``); the same IRI from several reports is a merge made by that rule:

- ``SameDivisionCode``: an administrative area whose official code the report's context
  settles (:mod:`bqw.rdf.places`) is ``id/division/<code>``;
- ``SameGlobalName``: policies, honours, indicators (with a small synonym table,
  :data:`INDICATOR_SYNONYMS`), the province and prefecture-level cities are global:
  ``id/<Type>/<name>``;
- ``SameNameInParent``: other areas are ``id/<Type>/<name>/in/<scope>``, scoped by the
  area the report places them in (a ``partOf``/``locatedIn`` fact), else the reporting area;
- ``AgencyOfArea``: agencies named by level (``市委``, ``区政府``) take the reporting
  area's division at that level as scope;
- ``SameNameInArea``: projects, organisations, places and events are scoped like areas;
- ``WithinReport``: a redacted name (``*村``), or a name with no area to scope it, says
  nothing outside its report: its scope is the report;
- ``SplitByRule``: a user's ``[[split]]`` rule (:mod:`bqw.rdf.resolution`) scopes the
  entity by report or by a given division.

>>> minter = Minter("https://example.org/")
>>> str(minter.entity("Policy", "“百千万工程”"))
'https://example.org/id/Policy/百千万工程'
>>> str(minter.entity("Village", "石角村", minter.scope_of_division("440802007")))
'https://example.org/id/Village/石角村/in/division/440802007'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING
from urllib.parse import unquote

from rdflib import URIRef

from bqw.model import AREA_TYPES, Entity, Extraction
from bqw.rdf.places import Placement, is_redacted, place
from bqw.rdf.resolution import Rules

__all__ = ["Minter", "Scoper", "indicator_name", "is_redacted", "normalise_name", "segment"]

if TYPE_CHECKING:
    from bqw.extract import divisions

DEFAULT_BASE = "https://w3id.org/bqw/"
GLOBAL_TYPES = frozenset({"Policy", "Honor", "Indicator", "Province", "City"})
SCOPED_BY_REPORT_AREA = frozenset({"Organization", "Project", "Place", "Event"})
DIVISION_TYPES = frozenset({"Province", "City", "County", "Town", "Subdistrict", "Village", "Community"})
# Names of one indicator in different reports' wording → the name it is identified by.
# 地方/一般 only say whose budget it is; GDP is 地区生产总值 in the statistical yearbooks.
INDICATOR_SYNONYMS: dict[str, str] = {
    "公共预算收入": "一般公共预算收入",
    "地方公共预算收入": "一般公共预算收入",
    "地方一般公共预算收入": "一般公共预算收入",
    "一般预算收入": "一般公共预算收入",
    "地方生产总值": "地区生产总值",
    "生产总值": "地区生产总值",
    "GDP": "地区生产总值",
    "规模以上工业增加值": "规上工业增加值",
    "社会消费品零售额": "社会消费品零售总额",
}
# Marks stripped from names before minting, as the annotation guide compares labels.
_QUOTES = re.compile(r"[\s“”\"'‘’《》「」『』〈〉]")
# Characters kept as they are in an IRI path segment; everything else is %-encoded.
_SAFE_ASCII = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~*+!$&'(),;=:@")
# Level prefix of an agency name → the division levels it belongs to, nearest first.
_LEVEL_PREFIXES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("省", ("Province",)),
    ("市", ("County-city", "City")),
    ("区", ("County",)),
    ("县", ("County",)),
    ("镇", ("Town",)),
    ("乡", ("Town",)),
    ("街道", ("Subdistrict",)),
    ("村", ("Village",)),
)


def _gazetteer() -> divisions.Gazetteer:
    # Imported on first use: Minter alone (web, analytics) should not load the extractor.
    from bqw.extract import divisions as table

    return table.load()


@cache
def _only_province() -> str | None:
    """The code of the division table's province, if it holds exactly one."""
    codes = [d.code for d in _gazetteer().by_code.values() if d.level == "Province"]
    return codes[0] if len(codes) == 1 else None


def normalise_name(name: str) -> str:
    """The name used for identity: NFKC-folded, quotation marks and white space removed.

    >>> normalise_name(" “百千万工程” ")
    '百千万工程'
    """
    return _QUOTES.sub("", unicodedata.normalize("NFKC", name))


def indicator_name(name: str) -> str:
    """The name an indicator is identified by.

    >>> indicator_name("地方一般公共预算收入"), indicator_name("固定资产投资")
    ('一般公共预算收入', '固定资产投资')
    """
    key = normalise_name(name)
    return INDICATOR_SYNONYMS.get(key, key)


def segment(text: str) -> str:
    """``text`` as one IRI path segment: Chinese stays readable, reserved ASCII is %-encoded.

    >>> segment("a b/c村")
    'a%20b%2Fc村'
    >>> segment("千年商埠、善美*")
    '千年商埠、善美*'
    """
    out = []
    for ch in text:
        # RFC 3987 allows non-ASCII characters except controls, spaces and private use.
        if ch in _SAFE_ASCII or (ord(ch) > 0x7F and unicodedata.category(ch)[0] not in "ZC"):
            out.append(ch)
        else:
            out.extend(f"%{byte:02X}" for byte in ch.encode("utf-8"))
    return "".join(out)


class Minter:
    """Builds every IRI under one base.

    Args:
        base: the IRI prefix, ending in ``/`` or ``#`` (default :data:`DEFAULT_BASE`).
    """

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        if not base.endswith(("/", "#")):
            base += "/"
        self.base = base

    def document(self, name: str) -> URIRef:
        """The report itself, named after its source file."""
        return URIRef(f"{self.base}report/{segment(name)}")

    def report_graph(self, name: str) -> URIRef:
        """The named graph holding everything one report says."""
        return URIRef(f"{self.base}graph/report/{segment(name)}")

    def shared_graph(self) -> URIRef:
        """The graph of knowledge no single report owns: the official area hierarchy."""
        return URIRef(f"{self.base}graph/shared")

    def ontology_graph(self) -> URIRef:
        """The graph holding a copy of ``ontology/bqw.ttl``."""
        return URIRef(f"{self.base}graph/ontology")

    def report_name(self, graph: str) -> str | None:
        """The report name of a report graph IRI, or None for any other IRI."""
        prefix = f"{self.base}graph/report/"
        if not graph.startswith(prefix):
            return None
        return unquote(graph[len(prefix) :])

    def part(self, document: URIRef, kind: str, key: str | int) -> URIRef:
        """A piece of evidence inside a report: ``<document>/<kind>/<key>``."""
        return URIRef(f"{document}/{kind}/{segment(str(key))}")

    def division(self, code: str) -> URIRef:
        """An administrative area with an official division code."""
        return URIRef(f"{self.base}id/division/{segment(code)}")

    def division_code(self, iri: str) -> str | None:
        """The division code of a division IRI, None for any other IRI."""
        prefix = f"{self.base}id/division/"
        return unquote(iri[len(prefix) :]) if iri.startswith(prefix) else None

    def scope_of_division(self, code: str) -> str:
        return f"division/{segment(code)}"

    def scope_of_report(self, name: str) -> str:
        return f"report/{segment(name)}"

    def scope_of(self, iri: URIRef) -> str:
        """An entity IRI used as the scope of another name."""
        return str(iri)[len(f"{self.base}id/") :]

    def entity(self, type_: str, name: str, scope: str | None = None) -> URIRef:
        """The IRI of a named entity of ``type_``, global when ``scope`` is None."""
        path = f"{self.base}id/{segment(type_)}/{segment(normalise_name(name))}"
        return URIRef(f"{path}/in/{scope}" if scope else path)


class Scoper:
    """Applies the identity rules to the entities of one report.

    Args:
        extraction: the report.
        minter: where IRIs come from.
        rules: the user's split rules (none by default).
        placements: division codes in context (computed from ``extraction`` when None).
    """

    def __init__(
        self,
        extraction: Extraction,
        minter: Minter,
        rules: Rules | None = None,
        placements: dict[str, Placement] | None = None,
    ) -> None:
        self.minter = minter
        self.doc = extraction.document
        self.rules = rules or Rules()
        self.by_label = {e.label: e for e in extraction.entities}
        # An entity's container: the first area the report says it lies in or is part of.
        self.container: dict[str, str] = {}
        for fact in extraction.facts:
            if fact.literal or fact.predicate not in ("partOf", "locatedIn"):
                continue
            target = self.by_label.get(fact.object)
            if target is not None and target.type in AREA_TYPES and fact.subject != fact.object:
                self.container.setdefault(fact.subject, fact.object)
        self.gazetteer = _gazetteer()
        self.placements = placements if placements is not None else place(extraction, self.gazetteer)
        self._iris: dict[str, URIRef] = {}
        self._rules: dict[str, str] = {}

    def iri(self, entity: Entity) -> URIRef:
        """The IRI of ``entity``; the same name and type always give the same answer."""
        found = self._iris.get(entity.label)
        if found is None:
            found, rule = self._mint_with_rule(entity, frozenset())
            self._iris[entity.label] = found
            self._rules[entity.label] = rule
        return found

    def iris(self, entities: Iterable[Entity]) -> dict[str, URIRef]:
        """IRIs by label."""
        return {e.label: self.iri(e) for e in entities}

    def rule(self, entity: Entity) -> str:
        """The name of the identity rule that gave ``entity`` its IRI (a ``bqw:IdentityRule``)."""
        self.iri(entity)
        return self._rules[entity.label]

    def code(self, entity: Entity) -> str | None:
        """The division code the report's context settles for ``entity``, if any."""
        placement = self.placements.get(entity.label)
        return placement.code if placement is not None else None

    def candidates(self, entity: Entity) -> tuple[str, ...]:
        """The division codes ``entity`` may denote where its context does not settle one."""
        placement = self.placements.get(entity.label)
        return placement.candidates if placement is not None else ()

    def _mint(self, entity: Entity, seen: frozenset[str]) -> URIRef:
        return self._mint_with_rule(entity, seen)[0]

    def _mint_with_rule(self, entity: Entity, seen: frozenset[str]) -> tuple[URIRef, str]:
        minter = self.minter
        split = self.rules.split_scope(entity.type, entity.label, self.doc.name)
        if split is not None:
            scope = minter.scope_of_report(self.doc.name) if split == "report" else minter.scope_of_division(split)
            return minter.entity(entity.type, entity.label, scope), "SplitByRule"
        if is_redacted(entity.label):
            return minter.entity(entity.type, entity.label, minter.scope_of_report(self.doc.name)), "WithinReport"
        code = self.code(entity)
        if code and entity.type in DIVISION_TYPES:
            return minter.division(code), "SameDivisionCode"
        if entity.type == "Indicator":
            return minter.entity("Indicator", indicator_name(entity.label)), "SameGlobalName"
        if entity.type in GLOBAL_TYPES:
            return minter.entity(entity.type, entity.label), "SameGlobalName"
        scope, rule = self._scope(entity, seen | {entity.label})
        if rule is None:
            rule = "SameNameInParent" if entity.type in AREA_TYPES else "SameNameInArea"
        return minter.entity(entity.type, entity.label, scope), rule

    def _scope(self, entity: Entity, seen: frozenset[str]) -> tuple[str | None, str | None]:
        """The scope of a scoped name, and the rule when it is not the type's usual one."""
        if entity.type == "Organization":
            level_scope = self._level_scope(entity.label)
            if level_scope:
                return level_scope, "AgencyOfArea"
        container = self.container.get(entity.label)
        if container and container not in seen:
            return self.minter.scope_of(self._mint(self.by_label[container], seen)), None
        report_area = self.by_label.get(self.doc.area or "")
        if report_area is None:
            return self.minter.scope_of_report(self.doc.name), "WithinReport"
        if report_area.label in seen:
            # The reporting area itself, placed nowhere by the report: its name is its identity.
            return None, None
        return self.minter.scope_of(self._mint(report_area, seen)), None

    def _level_scope(self, label: str) -> str | None:
        """``市委`` in a report on a town of 湛江市 → the scope of 湛江市 (by division code)."""
        report_area = self.by_label.get(self.doc.area or "")
        for prefix, levels in _LEVEL_PREFIXES:
            if not label.startswith(prefix):
                continue
            if levels == ("Province",):
                # Every report is about Guangdong, the one province of the division table.
                province = _only_province()
                return self.minter.scope_of_division(province) if province else None
            code = self.code(report_area) if report_area is not None else None
            if code is None or code not in self.gazetteer.by_code:
                return None
            division = self.gazetteer.by_code[code]
            chain = [division, *self.gazetteer.ancestors(division)]
            for level in levels:
                for candidate in chain:
                    # A county-level city (开平市) is the 市 of its own reports.
                    if level == "County-city" and candidate.level == "County" and candidate.name.endswith("市"):
                        return self.minter.scope_of_division(candidate.code)
                    if candidate.level == level:
                        return self.minter.scope_of_division(candidate.code)
            return None
        return None
