"""The one place that mints IRIs: documents, graphs, evidence and entities.

Entity IRIs come from a normalised name and type, so the same entity gets the same IRI
from every report and every run. Names that mean different things in different places
are *scoped* (see :class:`Scoper` and the README's "IRIs" section):

- an administrative area with an official division code is ``id/division/<code>``;
- policies, honours, indicators, the province and prefecture-level cities are global:
  ``id/<Type>/<name>``;
- other areas, organisations, projects, places and events are scoped by their area:
  ``id/<Type>/<name>/in/<scope>``, where the scope is the area the report places them in
  (a ``partOf``/``locatedIn`` fact), else the reporting area; agencies named by level
  (``市委``, ``区政府``) take the reporting area's ancestor at that level;
- a redacted name (``*村``) says nothing outside its report: its scope is the report.

>>> minter = Minter("https://example.org/")
>>> str(minter.entity("Policy", "“百千万工程”"))
'https://example.org/id/Policy/百千万工程'
>>> str(minter.entity("Village", "文章村", minter.scope_of_division("440802007")))
'https://example.org/id/Village/文章村/in/division/440802007'
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

if TYPE_CHECKING:
    from bqw.extract import divisions

DEFAULT_BASE = "https://w3id.org/bqw/"
GLOBAL_TYPES = frozenset({"Policy", "Honor", "Indicator", "Province", "City"})
SCOPED_BY_REPORT_AREA = frozenset({"Organization", "Project", "Place", "Event"})
DIVISION_TYPES = frozenset({"Province", "City", "County", "Town", "Subdistrict", "Village", "Community"})
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


def is_redacted(name: str) -> bool:
    """A name with a ``*`` redaction: it cannot be told apart from other redacted names."""
    return "*" in unicodedata.normalize("NFKC", name)


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
    """Applies the scoping rule to the entities of one report.

    Args:
        extraction: the report.
        minter: where IRIs come from.
    """

    def __init__(self, extraction: Extraction, minter: Minter) -> None:
        self.minter = minter
        self.doc = extraction.document
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
        self._iris: dict[str, URIRef] = {}

    def iri(self, entity: Entity) -> URIRef:
        """The IRI of ``entity``; the same name and type always give the same answer."""
        found = self._iris.get(entity.label)
        if found is None:
            found = self._mint(entity, frozenset())
            self._iris[entity.label] = found
        return found

    def iris(self, entities: Iterable[Entity]) -> dict[str, URIRef]:
        """IRIs by label."""
        return {e.label: self.iri(e) for e in entities}

    def _mint(self, entity: Entity, seen: frozenset[str]) -> URIRef:
        minter = self.minter
        if is_redacted(entity.label):
            return minter.entity(entity.type, entity.label, minter.scope_of_report(self.doc.name))
        code = entity.code or self._unique_code(entity)
        if code and entity.type in DIVISION_TYPES:
            return minter.division(code)
        if entity.type in GLOBAL_TYPES:
            return minter.entity(entity.type, entity.label)
        return minter.entity(entity.type, entity.label, self._scope(entity, seen | {entity.label}))

    def _unique_code(self, entity: Entity) -> str | None:
        """The code of a province, city or county the extractor left uncoded, if its name is unique."""
        if entity.type not in ("Province", "City", "County"):
            return None
        matches = [d for d in self.gazetteer.by_name.get(normalise_name(entity.label), ()) if d.level == entity.type]
        return matches[0].code if len(matches) == 1 else None

    def _scope(self, entity: Entity, seen: frozenset[str]) -> str | None:
        if entity.type == "Organization":
            level_scope = self._level_scope(entity.label)
            if level_scope:
                return level_scope
        container = self.container.get(entity.label)
        if container and container not in seen:
            return self.minter.scope_of(self._mint(self.by_label[container], seen))
        report_area = self.by_label.get(self.doc.area or "")
        if report_area is None:
            return self.minter.scope_of_report(self.doc.name)
        if report_area.label in seen:
            # The reporting area itself, placed nowhere by the report: its name is its identity.
            return None
        return self.minter.scope_of(self._mint(report_area, seen))

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
            if report_area is None or report_area.code not in self.gazetteer.by_code:
                return None
            division = self.gazetteer.by_code[report_area.code]
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
