"""Figures over time, and what changed between two reports of one area.

An indicator has one IRI everywhere (identity by normalised name, :mod:`bqw.rdf.iris`)
and a coded area one IRI per division code, so the figures that any report gives for the
same indicator and area form a *series*. Rows are ordered by the period a figure covers
(ISO intervals sort by their end, then start), then by the report's own period and issue
date, so a figure without a period still sits where its report does.

Every query binds its parameters (SEP-0007 substitution); nothing is pasted into SPARQL.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import asdict, dataclass
from typing import Any

from bqw.errors import NotFound
from bqw.store.base import Store, Term
from bqw.store.terms import iri, to_json

_PREFIXES = """
PREFIX bqw: <https://w3id.org/bqw/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
_SERIES = (
    _PREFIXES
    + """
SELECT ?indicator ?area ?obs ?report ?period ?value ?written ?unit ?growth ?masked ?issued ?reportPeriod ?text
WHERE {
  GRAPH ?g {
    ?obs bqw:indicator ?indicator ; bqw:area ?area ; bqw:inDocument ?doc .
    ?doc dcterms:source ?report .
    OPTIONAL { ?obs bqw:period ?period }
    OPTIONAL { ?obs bqw:numericValue ?value }
    OPTIONAL { ?obs bqw:valueAsWritten ?written }
    OPTIONAL { ?obs bqw:unitAsWritten ?unit }
    OPTIONAL { ?obs bqw:growth ?growth }
    OPTIONAL { ?obs bqw:masked ?masked }
    OPTIONAL { ?doc dcterms:issued ?issued }
    OPTIONAL { ?doc bqw:reportPeriod ?reportPeriod }
    OPTIONAL { ?obs bqw:inSentence/bqw:text ?text }
  }
}
"""
)
_REPORTS = (
    _PREFIXES
    + """
SELECT ?g ?doc ?name ?area ?issued ?reportPeriod WHERE {
  GRAPH ?g {
    ?doc a bqw:Document ; dcterms:source ?name .
    OPTIONAL { ?doc bqw:reportsOn ?area }
    OPTIONAL { ?doc dcterms:issued ?issued }
    OPTIONAL { ?doc bqw:reportPeriod ?reportPeriod }
  }
}
"""
)
_PROJECTS = (
    _PREFIXES
    + """
SELECT ?g ?project ?label ?text WHERE {
  GRAPH ?g {
    ?project a bqw:Project ; rdfs:label ?label .
    OPTIONAL { ?mention bqw:refersTo ?project ; bqw:inSentence/bqw:text ?text }
  }
}
"""
)
_FIGURES = (
    _PREFIXES
    + """
SELECT ?g ?indicator ?area ?period ?value ?written ?unit ?growth WHERE {
  GRAPH ?g {
    ?obs bqw:indicator ?indicator ; bqw:area ?area .
    OPTIONAL { ?obs bqw:period ?period }
    OPTIONAL { ?obs bqw:numericValue ?value }
    OPTIONAL { ?obs bqw:valueAsWritten ?written }
    OPTIONAL { ?obs bqw:unitAsWritten ?unit }
    OPTIONAL { ?obs bqw:growth ?growth }
  }
}
"""
)
_LABEL = _PREFIXES + "SELECT ?entity ?label WHERE { ?entity rdfs:label ?label }"
# Words that say a project is done (建成, 竣工, 投产 …) in the sentence that names it.
_FINISHED = re.compile("建成|竣工|完工|投产|投用|投入使用|完成建设|全面完成|顺利完成")


@dataclass(frozen=True)
class SeriesRow:
    """One figure of a series.

    Attributes:
        period: the ISO interval the figure covers, when the report says.
        value: the exact value in base units (yuan, count …) as a decimal string; None when redacted.
        written: the number as written (``83.15``), with its unit as written (``亿元``).
        growth: year-on-year growth in percent, when given.
        report: the report's file name; ``issued`` and ``report_period`` its dates.
        sentence: the sentence the figure comes from.
    """

    indicator: str
    area: str
    period: str | None
    value: str | None
    written: str | None
    unit: str | None
    growth: str | None
    masked: bool
    report: str
    issued: str | None
    report_period: str | None
    sentence: str | None
    observation: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _value(row: dict[str, Term], name: str) -> str | None:
    term = row.get(name)
    return None if term is None else str(to_json(term)["value"])


def period_key(period: str | None) -> tuple[str, str]:
    """Sort key of an ISO interval: its end, then its start (2023-01/2023-03 before 2023-01/2023-12).

    >>> sorted(["2024-01/2024-12", "2023-01/2023-03", "2021-01/2022-12"], key=period_key)
    ['2021-01/2022-12', '2023-01/2023-03', '2024-01/2024-12']
    """
    if not period:
        return ("", "")
    parts = period.split("/")
    return (parts[-1], parts[0])


def series(store: Store, indicator_iri: str, area_iri: str) -> list[SeriesRow]:
    """Every figure any report gives for ``indicator_iri`` in ``area_iri``, ordered by period.

    Raises:
        bqw.errors.QuerySyntaxError: an argument is not an IRI.
    """
    bindings = {"indicator": iri(indicator_iri), "area": iri(area_iri)}
    rows = []
    seen: set[str] = set()
    for row in store.select(_SERIES, bindings):
        obs = _value(row, "obs") or ""
        if obs in seen:
            continue  # an observation's sentence is one; OPTIONAL joins never repeat it, but be safe
        seen.add(obs)
        rows.append(
            SeriesRow(
                indicator=indicator_iri,
                area=area_iri,
                period=_value(row, "period"),
                value=_value(row, "value"),
                written=_value(row, "written"),
                unit=_value(row, "unit"),
                growth=_value(row, "growth"),
                masked=_value(row, "masked") == "true",
                report=_value(row, "report") or "",
                issued=_value(row, "issued"),
                report_period=_value(row, "reportPeriod"),
                sentence=_value(row, "text"),
                observation=obs,
            )
        )
    return sorted(
        rows,
        key=lambda r: (
            period_key(r.period or r.report_period),
            period_key(r.report_period),
            r.issued or "",
            r.report,
            r.observation,
        ),
    )


@dataclass(frozen=True)
class Report:
    """A report in the store, as its document node describes it."""

    name: str
    graph: str
    document: str
    area: str | None
    issued: str | None
    period: str | None


def reports(store: Store) -> list[Report]:
    """The reports in the store, ordered by period, then issue date, then name."""
    out = [
        Report(
            name=_value(row, "name") or "",
            graph=_value(row, "g") or "",
            document=_value(row, "doc") or "",
            area=_value(row, "area"),
            issued=_value(row, "issued"),
            period=_value(row, "reportPeriod"),
        )
        for row in store.select(_REPORTS)
    ]
    return sorted(out, key=lambda r: (period_key(r.period), r.issued or "", r.name))


def find_report(store: Store, key: str) -> Report:
    """The report named by file name, document IRI or graph IRI.

    Raises:
        bqw.errors.NotFound: no such report in the store.
    """
    for report in reports(store):
        if key in (report.name, report.document, report.graph):
            return report
    raise NotFound(f"no report {key!r} in the store")


def _labels(store: Store) -> dict[str, str]:
    labels: dict[str, str] = {}
    for row in store.select(_LABEL):
        entity, label = _value(row, "entity") or "", _value(row, "label") or ""
        if entity not in labels or (len(label), label) < (len(labels[entity]), labels[entity]):
            labels[entity] = label
    return labels


def changes(store: Store, a: str, b: str) -> dict[str, Any]:
    """What changed from report ``a`` to report ``b`` (normally the same area, ``b`` later).

    Returns:
        ``a`` and ``b`` (name, area, period, issued), ``same_area``, ``new_projects`` (named in
        ``b`` only), ``finished_projects`` (named in ``b`` with a word of completion such as
        建成/竣工/投产), ``dropped_projects`` (named in ``a`` only), and ``moved_figures``: each
        indicator and area both give, with the latest figure of each report.

    Raises:
        bqw.errors.NotFound: a report is not in the store.
    """
    first, second = find_report(store, a), find_report(store, b)
    labels = _labels(store)
    projects: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row in store.select(_PROJECTS):
        graph = _value(row, "g")
        if graph not in (first.graph, second.graph):
            continue
        texts = projects[graph][_value(row, "project") or ""]
        text = _value(row, "text")
        if text:
            texts.append(text)
    before, after = projects[first.graph], projects[second.graph]

    def described(entities: list[str]) -> list[dict[str, str]]:
        return [{"iri": e, "label": labels.get(e, e)} for e in sorted(entities, key=lambda e: labels.get(e, e))]

    finished = [p for p, texts in after.items() if any(_FINISHED.search(t) for t in texts)]
    return {
        "a": _report_dict(first, labels),
        "b": _report_dict(second, labels),
        "same_area": first.area is not None and first.area == second.area,
        "new_projects": described([p for p in after if p not in before]),
        "finished_projects": described(finished),
        "dropped_projects": described([p for p in before if p not in after]),
        "moved_figures": _moved(store, first, second, labels),
    }


def _report_dict(report: Report, labels: dict[str, str]) -> dict[str, Any]:
    return {
        "name": report.name,
        "area": report.area,
        "area_label": labels.get(report.area or ""),
        "period": report.period,
        "issued": report.issued,
    }


def _moved(store: Store, first: Report, second: Report, labels: dict[str, str]) -> list[dict[str, Any]]:
    """Indicators and areas both reports give, with each report's latest figure."""
    latest: dict[str, dict[tuple[str, str], dict[str, str | None]]] = {first.graph: {}, second.graph: {}}
    for row in store.select(_FIGURES):
        graph = _value(row, "g") or ""
        if graph not in latest:
            continue
        key = (_value(row, "indicator") or "", _value(row, "area") or "")
        figure = {k: _value(row, k) for k in ("period", "value", "written", "unit", "growth")}
        held = latest[graph].get(key)
        if held is None or period_key(figure["period"]) > period_key(held["period"]):
            latest[graph][key] = figure
    out = []
    for key in sorted(set(latest[first.graph]) & set(latest[second.graph])):
        old, new = latest[first.graph][key], latest[second.graph][key]
        out.append(
            {
                "indicator": key[0],
                "indicator_label": labels.get(key[0], key[0]),
                "area": key[1],
                "area_label": labels.get(key[1], key[1]),
                "a": old,
                "b": new,
                "changed": (old["value"], old["period"]) != (new["value"], new["period"]),
            }
        )
    return out
