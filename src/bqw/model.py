"""Typed data passed between the layers: what the extractor found in one report.

Spans are ``(start, end)`` Python string offsets into the text the user gave (after
decoding), end exclusive. Nothing here imports rdflib or the web layer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Span = tuple[int, int]

ENTITY_TYPES: tuple[str, ...] = (
    "Province",
    "City",
    "County",
    "Town",
    "Subdistrict",
    "Village",
    "Community",
    "Zone",
    "Project",
    "Policy",
    "Organization",
    "Place",
    "Event",
    "Honor",
    "Indicator",
)
AREA_TYPES: frozenset[str] = frozenset(
    {"Province", "City", "County", "Town", "Subdistrict", "Village", "Community", "Zone"}
)
PREDICATES: tuple[str, ...] = ("awarded", "locatedIn", "partOf", "implements", "organizedBy", "investment")


@dataclass(frozen=True)
class Sentence:
    """A sentence of the report, with the section and item that hold it."""

    index: int
    span: Span
    section: int | None = None
    item: int | None = None


@dataclass(frozen=True)
class Section:
    """A numbered part (``一、…``) or an item inside one (``一是``, ``（一）``, ``1.``)."""

    index: int
    span: Span
    heading: str
    level: int
    parent: int | None = None


@dataclass(frozen=True)
class Entity:
    """One real-world thing the report names, with every place it is named."""

    type: str
    label: str
    aliases: tuple[str, ...] = ()
    mentions: tuple[Span, ...] = ()
    code: str | None = None
    # Spans that refer to the entity without naming it: 全区, 我镇 for the reporting area.
    references: tuple[Span, ...] = ()


@dataclass(frozen=True)
class Fact:
    """``[subject, predicate, object]`` between entity labels, or an amount as the object."""

    subject: str
    predicate: str
    object: str
    evidence: Span
    literal: bool = False


@dataclass(frozen=True)
class Observation:
    """A figure: the value as written, and what it measures."""

    indicator: str
    area: str | None
    value: str | None
    unit: str | None
    masked: bool
    value_normalized: float | None
    growth_pct: float | None
    growth_masked: bool
    period: str | None
    rank: str | None
    evidence: Span
    base_unit: str | None = None


@dataclass(frozen=True)
class DocumentInfo:
    """What the report is: its name, title, reporting area and year."""

    name: str
    title: str | None
    area: str | None
    area_type: str | None
    year: int | None
    sha256: str
    length: int
    format: str


@dataclass(frozen=True)
class Extraction:
    """Everything found in one report."""

    document: DocumentInfo
    text: str
    sections: tuple[Section, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    entities: tuple[Entity, ...] = ()
    facts: tuple[Fact, ...] = ()
    observations: tuple[Observation, ...] = field(default_factory=tuple)
