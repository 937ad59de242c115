"""Reports into the store: extract → map → SHACL-validate → write, one transaction per report.

Each report lives in its own named graph (``<base>graph/report/<file name>``) that records
the SHA-256 of the text and the mapping version, so ingesting the same text again is a
no-op and a changed text replaces the graph. The digest of the resolution rule file
(``resolution.toml``) is recorded too, so editing the rules makes the next ingest rebuild
every report with them. The write is one atomic
``replace_graph``: a crash or kill leaves the old graph (or none) in place.

The shared area hierarchy is merged into the shared graph just before the report graph is
written. It holds only official division facts, which stay true whichever reports are in
the store, so an interrupted ingest can leave at most a few extra true triples there.

The work is split so that it can run in other processes: :func:`prepare` (map, serialise,
validate with the fast SHACL-Core validator) needs no store and returns a picklable
:class:`Prepared`; :func:`write_prepared` is the store's part.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from bqw.errors import NotFound
from bqw.extract import extract_file
from bqw.model import Extraction
from bqw.rdf.iris import Minter
from bqw.rdf.mapping import MAPPING_VERSION, ReportGraphs, map_extraction, ntriples
from bqw.rdf.ontology import ontology
from bqw.rdf.resolution import Rules
from bqw.rdf.shacl import Violation, validate_fast
from bqw.store.base import Store

_NT = "application/n-triples"
# Bound variables must be projected (SEP-0007 substitution), hence ?g in the SELECT.
_COUNT = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
_CURRENT = """
PREFIX bqw: <https://w3id.org/bqw/ontology#>
ASK { GRAPH ?g { ?document bqw:sha256 ?hash ; bqw:mappingVersion ?version ; bqw:resolutionRules ?rules } }
"""


@dataclass(frozen=True)
class Outcome:
    """What ingesting one report did.

    Attributes:
        name: the report's identity (its file name).
        action: ``"added"``, ``"replaced"``, ``"unchanged"`` or ``"invalid"`` (not written).
        triples: triples in the report graph (0 when unchanged).
        violations: SHACL violations (written anyway only with ``force``).
    """

    name: str
    action: str
    triples: int
    violations: tuple[Violation, ...] = ()


def _literal(value: str) -> str:
    """An N-Triples string literal (for query bindings, never pasted into query text)."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


@dataclass(frozen=True)
class Prepared:
    """One report mapped, serialised and validated: everything the writer needs, and picklable.

    Attributes:
        name: the report's identity (its file name).
        sha256: hash of the report text.
        graph: IRI of the report's named graph.
        report: the report graph as sorted N-Triples lines.
        shared: the shared-graph triples as N-Triples lines (may be empty).
        violations: what the fast SHACL validator found.
    """

    name: str
    sha256: str
    graph: str
    report: tuple[str, ...]
    shared: tuple[str, ...]
    violations: tuple[Violation, ...]


def is_current(store: Store, minter: Minter, extraction: Extraction, rules: Rules | None = None) -> bool:
    """Whether the store already holds this exact text, mapped by the current mapping and rule file."""
    info = extraction.document
    return holds(store, minter, info.name, info.sha256, rules)


def holds(store: Store, minter: Minter, name: str, sha256: str, rules: Rules | None = None) -> bool:
    """Whether the store holds the report ``name`` with text hash ``sha256``, by the current mapping and rules.

    Needs only the hash, so ``bqw ingest`` asks before extracting.
    """
    return store.ask(
        _CURRENT,
        {
            "g": f"<{minter.report_graph(name)}>",
            "hash": _literal(sha256),
            "version": _literal(MAPPING_VERSION),
            "rules": _literal((rules or Rules()).digest()),
        },
    )


def prepare(extraction: Extraction, minter: Minter | None = None, rules: Rules | None = None) -> Prepared:
    """Map, serialise and validate one extraction; touches no store (runs in worker processes)."""
    graphs = map_extraction(extraction, minter or Minter(), rules)
    lines = tuple(ntriples(graphs.triples))
    data = ("\n".join(lines) + "\n").encode("utf-8")
    report = validate_fast(graphs.triples, data)
    shared = tuple(ntriples(graphs.shared)) if len(graphs.shared) else ()
    return Prepared(graphs.name, graphs.sha256, str(graphs.graph), lines, shared, report.violations)


def write_prepared(store: Store, minter: Minter, prepared: Prepared, *, force: bool = False) -> Outcome:
    """Write one prepared report: merge its shared triples, then atomically replace its graph.

    Not written (``"invalid"``) when it has violations, unless ``force``.
    """
    failed = any(v.severity == "Violation" for v in prepared.violations)
    if failed and not force:
        return Outcome(prepared.name, "invalid", len(prepared.report), prepared.violations)
    existed = store.has_graph(prepared.graph)
    if prepared.shared:
        data = "\n".join(prepared.shared).encode("utf-8") + b"\n"
        store.put_graph(str(minter.shared_graph()), data, _NT, replace=False)
    store.replace_graph(prepared.graph, prepared.report)
    return Outcome(prepared.name, "replaced" if existed else "added", len(prepared.report), prepared.violations)


def ensure_ontology(store: Store, minter: Minter) -> None:
    """Keep a copy of the ontology in its own graph, so queries can follow rdfs:subClassOf."""
    graph = str(minter.ontology_graph())
    lines = list(ntriples(ontology()))
    if store.has_graph(graph):
        count = next(iter(store.select(_COUNT, {"g": f"<{graph}>"})), {})
        if count.get("n", "").startswith(f'"{len(lines)}"'):
            return
    store.replace_graph(graph, lines)


def write(store: Store, minter: Minter, graphs: ReportGraphs) -> None:
    """Merge the shared triples, then atomically replace the report graph."""
    if len(graphs.shared):
        data = "\n".join(ntriples(graphs.shared)).encode("utf-8") + b"\n"
        store.put_graph(str(minter.shared_graph()), data, _NT, replace=False)
    store.replace_graph(str(graphs.graph), ntriples(graphs.triples))


def ingest_extraction(
    store: Store,
    extraction: Extraction,
    minter: Minter | None = None,
    *,
    force: bool = False,
    rules: Rules | None = None,
) -> Outcome:
    """Write one extracted report unless the store already holds it.

    Args:
        store: where to write.
        extraction: the report.
        minter: IRIs (default base when None).
        force: write even when SHACL finds violations.
        rules: the user's resolution rules (none when None).
    """
    minter = minter or Minter()
    if is_current(store, minter, extraction, rules):
        return Outcome(extraction.document.name, "unchanged", 0)
    return write_prepared(store, minter, prepare(extraction, minter, rules), force=force)


def ingest_file(
    store: Store, path: Path, minter: Minter | None = None, *, force: bool = False, rules: Rules | None = None
) -> Outcome:
    """Extract and ingest one report file.

    Raises:
        bqw.errors.InputError: the file cannot be read; the store is untouched.
    """
    return ingest_extraction(store, extract_file(path), minter, force=force, rules=rules)


def report_graph_of(minter: Minter, report: str) -> str:
    """The graph IRI for a report given by file name, path or graph IRI."""
    if minter.report_name(report) is not None:
        return report
    return str(minter.report_graph(Path(report).name))


def remove(store: Store, minter: Minter, report: str) -> str:
    """Drop one report's graph; returns its IRI.

    Raises:
        bqw.errors.NotFound: the store holds no such report.
    """
    graph = report_graph_of(minter, report)
    if not store.has_graph(graph):
        raise NotFound(f"no report {report!r} in the store")
    store.drop_graph(graph)
    return graph


def report_graphs(store: Store, minter: Minter) -> list[str]:
    """The IRIs of the report graphs in the store, sorted."""
    return [g for g in store.graphs() if minter.report_name(g) is not None]


def load_graph(store: Store, graph: str) -> Graph:
    """One named graph of the store as an rdflib graph."""
    return Graph().parse(data=store.get_graph(graph, _NT).decode("utf-8"), format="nt")
