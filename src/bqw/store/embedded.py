"""The embedded store: Oxigraph through pyoxigraph, on disk (RocksDB) or in memory.

Thread safety: a pyoxigraph ``Store`` may be shared by threads and releases the GIL while
it evaluates, so one :class:`EmbeddedStore` serves every request of the web server.

Time limit: pyoxigraph 0.4 cannot cancel a running query. Answers are pulled row by row
and the deadline is checked between rows, so a query that streams (most do) stops soon
after its limit; one that blocks before its first row (a big ORDER BY or GROUP BY) is
abandoned by the caller, see :mod:`bqw.web.sparql`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from bqw.errors import (
    BqwError,
    InputError,
    QueryError,
    QuerySyntaxError,
    QueryTimeout,
    StoreError,
    UnsupportedFormat,
)
from bqw.store.base import QueryResult, Term
from bqw.store.embedded_formats import RDF_FORMATS, rdf_format, result_format, serialise_rows
from bqw.store.label_index import LabelIndex, labels_in

# Reading RDF accepts a few more spellings than we write.
_READ_FORMATS = {
    **RDF_FORMATS,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/xml": ox.RdfFormat.RDF_XML,
    "application/json": ox.RdfFormat.JSON_LD,
    "text/n3": ox.RdfFormat.N3,
}


def parse_term(term: Term) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """Turn one N-Triples term string into a pyoxigraph term.

    The term is parsed as the object of a one-line N-Triples document, so anything that is
    not exactly one well-formed term is refused instead of reaching a query.

    >>> parse_term('"村"@zh')
    <Literal value=村 language=zh>
    """
    try:
        triples = list(ox.parse(f"<urn:bqw:s> <urn:bqw:p> {term} .\n", ox.RdfFormat.N_TRIPLES))
    except SyntaxError as error:
        raise QuerySyntaxError(f"not an N-Triples term: {term!r}") from error
    if len(triples) != 1:
        raise QuerySyntaxError(f"not an N-Triples term: {term!r}")
    obj = triples[0].object
    assert not isinstance(obj, ox.Triple)
    return obj


def _graph_name(graph: str | None) -> ox.NamedNode | ox.DefaultGraph:
    if graph is None:
        return ox.DefaultGraph()
    try:
        return ox.NamedNode(graph)
    except ValueError as error:
        raise QuerySyntaxError(f"not an IRI: {graph!r}") from error


def _graph_pattern(graph: str | None, body: str) -> str:
    """``body`` wrapped in ``GRAPH <g> { }`` unless it is for the default graph."""
    return body if graph is None else f"GRAPH {_graph_name(graph)} {{ {body} }}"


def _take(items: Iterator[Any], max_rows: int | None, deadline: float | None) -> tuple[list[Any], bool]:
    """Pull at most ``max_rows`` items, stopping with QueryTimeout once past ``deadline``."""
    rows: list[Any] = []
    for count, item in enumerate(items):
        if max_rows is not None and count >= max_rows:
            return rows, True
        if deadline is not None and time.monotonic() > deadline:
            raise QueryTimeout("the query ran past its time limit")
        rows.append(item)
    if deadline is not None and time.monotonic() > deadline:
        raise QueryTimeout("the query ran past its time limit")
    return rows, False


# Every label the search reads, per named graph (see bqw.store.label_index.LABEL_PROPERTIES).
_LABELS = """
SELECT ?g ?s ?label WHERE {
  GRAPH ?g { ?s <http://www.w3.org/2000/01/rdf-schema#label>|<http://www.w3.org/2004/02/skos/core#altLabel> ?label }
  FILTER(isLiteral(?label))
}"""


class EmbeddedStore:
    """A :class:`~bqw.store.base.Store` on pyoxigraph; ``path=None`` keeps it in memory.

    >>> store = EmbeddedStore()
    >>> store.replace_graph("https://w3id.org/bqw/report/1", ['<urn:a> <urn:b> "c" .'])
    >>> [row["o"] for row in store.select("SELECT ?o WHERE { ?s ?p ?o }")]
    ['"c"']
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        # The label index (see search_labels) opens on first use: a command that never
        # searches never touches it.
        self._labels: LabelIndex | None = None
        self._labels_stale = False
        # Writes from this process go one at a time, so replace_graph's "is the graph new?"
        # check still holds when its load runs.
        self._writing = threading.RLock()
        # Every write through this object counts; no other process can write (RocksDB lets
        # one process open the files), so an unchanged number means an unchanged store.
        self._generation = 0
        try:
            self._store: ox.Store | None = ox.Store(str(path)) if path is not None else ox.Store()
        except OSError as error:
            hint = ""
            if "lock" in str(error).lower():
                # RocksDB allows one writer process: typically `bqw serve` holds the store.
                hint = " (another bqw process, such as `bqw serve`, has it open; stop it or write through its /store)"
            raise StoreError(f"cannot open the store at {path}: {error}{hint}") from error
        except RuntimeError as error:  # RocksDB reports a damaged store this way
            raise StoreError(f"cannot open the store at {path}: {error}") from error

    @property
    def generation(self) -> int:
        """Changes with every write (see :attr:`bqw.store.base.Store.generation`)."""
        return self._generation

    @property
    def store(self) -> ox.Store:
        """The pyoxigraph store; for the embedded backend's own tests and bulk tools."""
        if self._store is None:
            raise StoreError("the store is closed")
        return self._store

    # -- queries ---------------------------------------------------------------------------

    def _run(self, query: str, **options: Any) -> Any:
        try:
            return self.store.query(query, **options)
        except SyntaxError as error:
            raise QuerySyntaxError(str(error)) from error
        except ValueError as error:
            raise QueryError(str(error)) from error
        except RuntimeError as error:  # evaluation failures, e.g. an unreachable SERVICE
            raise QueryError(str(error)) from error
        except OSError as error:
            raise StoreError(str(error)) from error

    def select(self, query: str, bindings: dict[str, Term] | None = None) -> Iterator[dict[str, Term]]:
        """Run a SELECT with ``bindings`` substituted; rows map variables to N-Triples terms.

        Substitution follows SEP-0007, so a bound variable must be projected (``SELECT *``
        or named in the SELECT clause).
        """
        result = self._run(query, use_default_graph_as_union=True, substitutions=_substitutions(bindings))
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("not a SELECT query")
        names = [variable.value for variable in result.variables]
        failure: BqwError | None = None
        try:
            for solution in result:
                yield {name: str(term) for name, term in zip(names, solution, strict=True) if term is not None}
        except RuntimeError as error:  # evaluation errors surface while iterating
            failure = QueryError(str(error))
        except OSError as error:
            failure = StoreError(str(error))
        # Drop the result here, before raising: see _detached.
        del result
        if failure is not None:
            raise failure

    def ask(self, query: str, bindings: dict[str, Term] | None = None) -> bool:
        """Run an ASK with ``bindings`` substituted."""
        result = self._run(query, use_default_graph_as_union=True, substitutions=_substitutions(bindings))
        if not isinstance(result, ox.QueryBoolean):
            raise QueryError("not an ASK query")
        return bool(result)

    def query(
        self,
        query: str,
        media_type: str,
        *,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
        timeout: float | None = None,
        max_rows: int | None = None,
        base_iri: str | None = None,
    ) -> QueryResult:
        """Run any query and serialise its answer as ``media_type``.

        ``media_type`` must suit the query's form (see :data:`RESULT_MEDIA_TYPES` and
        :data:`GRAPH_MEDIA_TYPES`); ``max_rows`` caps solutions or triples and marks the
        result truncated.
        """
        try:
            return self._query(query, media_type, default_graphs, named_graphs, timeout, max_rows, base_iri)
        except BqwError as error:
            raise _detached(error) from None

    def _query(
        self,
        query: str,
        media_type: str,
        default_graphs: list[str] | None,
        named_graphs: list[str] | None,
        timeout: float | None,
        max_rows: int | None,
        base_iri: str | None,
    ) -> QueryResult:
        deadline = time.monotonic() + timeout if timeout is not None else None
        options: dict[str, Any] = {"base_iri": base_iri}
        if default_graphs is None and named_graphs is None:
            options["use_default_graph_as_union"] = True
        else:
            # The protocol's dataset replaces the store's: unnamed parts are empty.
            options["default_graph"] = [ox.NamedNode(g) for g in default_graphs or []]
            options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs or []]
        result = self._run(query, **options)
        kind = _kind(result)
        if kind == "ask":
            body = result.serialize(format=result_format(media_type))
            _check_deadline(deadline)
            return QueryResult("ask", media_type, body)
        if kind == "select":
            variables = [variable.value for variable in result.variables]
            rows, truncated = self._pull(result, max_rows, deadline)
            return QueryResult("select", media_type, serialise_rows(variables, rows, media_type), truncated)
        triples, truncated = self._pull(result, max_rows, deadline)
        try:
            body = ox.serialize(triples, format=rdf_format(media_type))
        except ValueError as error:
            raise QueryError(str(error)) from error
        return QueryResult("graph", media_type, body, truncated)

    @staticmethod
    def _pull(result: Iterator[Any], max_rows: int | None, deadline: float | None) -> tuple[list[Any], bool]:
        try:
            return _take(result, max_rows, deadline)
        except RuntimeError as error:  # evaluation errors surface while iterating
            raise QueryError(str(error)) from error
        except OSError as error:
            raise StoreError(str(error)) from error

    # -- updates ---------------------------------------------------------------------------

    def update(self, update: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL 1.1 Update; Oxigraph applies the whole request in one transaction."""
        self._labels_stale = True  # an update may touch any label; the index is rebuilt on next search
        try:
            with self._writing:
                try:
                    self.store.update(update, base_iri=base_iri)
                finally:
                    self._generation += 1
        except SyntaxError as error:
            raise QuerySyntaxError(str(error)) from error
        except (ValueError, RuntimeError) as error:
            raise QueryError(str(error)) from error
        except OSError as error:
            raise StoreError(str(error)) from error

    def replace_graph(self, graph: str | None, ntriples: Iterable[str]) -> None:
        """Atomically replace ``graph`` with the N-Triples ``ntriples`` lines.

        A graph the store does not hold yet is loaded by Oxigraph's N-Triples parser in one
        transaction (``Store.load``: all or nothing; a bad line raises InputError and changes
        nothing). Otherwise the lines are parsed first, then the drop and the insert go in
        one SPARQL Update, which is one transaction: a crash midway leaves the old graph.
        """
        lines = list(ntriples)
        stale = self._labels_stale
        with self._writing:
            try:
                if not (graph is not None and lines and self._load_new(graph, lines)):
                    self._write(graph, _parse_ntriples(lines), replace=True)
            finally:
                self._generation += 1
        self._labels_stale = stale
        if self._labels is not None and graph is not None and not stale:
            self._labels.replace_graph(graph, labels_in(lines))

    def _load_new(self, graph: str, lines: list[str]) -> bool:
        """Load ``lines`` into ``graph`` if the store has no such graph; False when it has.

        Skips building and parsing a SPARQL Update: about twice as fast for a new report.
        """
        name = _graph_name(graph)
        assert isinstance(name, ox.NamedNode)
        if self.store.contains_named_graph(name):
            return False
        data = ("\n".join(line.rstrip("\n") for line in lines) + "\n").encode("utf-8")
        try:
            self.store.load(data, ox.RdfFormat.N_TRIPLES, to_graph=name)
        except SyntaxError as error:
            raise InputError(f"malformed N-Triples: {error}") from error
        except OSError as error:
            raise StoreError(str(error)) from error
        return True

    def drop_graph(self, graph: str | None) -> None:
        """Remove ``graph`` (``None``: empty the default graph); a missing graph is fine."""
        target = "DEFAULT" if graph is None else f"GRAPH {_graph_name(graph)}"
        stale = self._labels_stale
        self.update(f"DROP SILENT {target}")
        self._labels_stale = stale or graph is None
        if self._labels is not None and graph is not None:
            self._labels.drop_graph(graph)

    def search_labels(self, needle: str, limit: int = 2000) -> list[tuple[str, str]]:
        """Labels containing ``needle``, from a character n-gram index kept beside the store.

        CONTAINS over every label costs ~100 ms at 1M triples; the index answers in a few
        ms. It is checked against the store (labels per graph) when it opens and rebuilt
        after a SPARQL Update, so writes by other processes are picked up.
        """
        if self._labels is None:
            self._labels = LabelIndex(LabelIndex.beside(self.path) if self.path is not None else None)
            self._labels_stale = not self._labels_match()
        if self._labels_stale:
            self._rebuild_labels()
        return self._labels.search(needle, limit)

    def _label_rows(self) -> dict[str, list[tuple[str, str]]]:
        rows: dict[str, list[tuple[str, str]]] = {}
        for row in self.select(_LABELS):
            rows.setdefault(row["g"][1:-1], []).append((row["s"], row["label"]))
        return rows

    def _labels_match(self) -> bool:
        assert self._labels is not None
        in_store = {graph: sorted(pairs) for graph, pairs in self._label_rows().items()}
        return in_store == self._labels.contents()

    def _rebuild_labels(self) -> None:
        assert self._labels is not None
        self._labels.clear()
        for graph, pairs in self._label_rows().items():
            self._labels.replace_graph(graph, pairs)
        self._labels_stale = False

    def graphs(self) -> list[str]:
        """The IRIs of the named graphs, sorted."""
        return sorted(g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode))

    def has_graph(self, graph: str) -> bool:
        """Whether the named graph exists."""
        return bool(self.store.contains_named_graph(_graph_name(graph)))

    def get_graph(self, graph: str | None, media_type: str) -> bytes:
        """Serialise one graph as ``media_type`` (``None``: the store's default graph)."""
        try:
            return bytes(self.store.dump(format=rdf_format(media_type), from_graph=_graph_name(graph)))
        except OSError as error:
            raise StoreError(str(error)) from error

    def put_graph(self, graph: str | None, data: bytes, media_type: str, *, replace: bool = True) -> None:
        """Parse ``data`` and replace (PUT) or extend (POST) ``graph`` in one transaction."""
        fmt = _READ_FORMATS.get(media_type)
        if fmt is None:
            raise UnsupportedFormat(f"cannot read RDF as {media_type!r}")
        try:
            triples = list(ox.parse(data, fmt, base_iri=graph))
        except SyntaxError as error:
            raise InputError(f"malformed {media_type}: {error}") from error
        self._write(graph, triples, replace=replace)

    def _write(self, graph: str | None, triples: list[Any], *, replace: bool) -> None:
        # Terms printed by pyoxigraph are valid SPARQL terms, so nothing from the caller is
        # pasted into the update unparsed.
        statements = []
        if replace:
            statements.append("DROP SILENT " + ("DEFAULT" if graph is None else f"GRAPH {_graph_name(graph)}"))
        if triples:
            body = "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in triples)
            statements.append(f"INSERT DATA {{ {_graph_pattern(graph, body)} }}")
        elif graph is not None:
            # An empty PUT still creates the graph, as the Graph Store Protocol expects.
            statements.append(f"CREATE SILENT GRAPH {_graph_name(graph)}")
        if statements:
            self.update(" ;\n".join(statements))

    def close(self) -> None:
        """Release the store and its label index; later calls raise StoreError."""
        if self._labels is not None:
            self._labels.close()
            self._labels = None
        self._close_store()

    def _close_store(self) -> None:
        """Release the store (RocksDB closes when the last reference goes); later calls raise StoreError.

        No ``flush()`` here: with pyoxigraph 0.4 a flush before exit can leave SST files
        "ahead of WALs", and the next process cannot open the store. Every write is already
        durable when its transaction commits.
        """
        self._store = None


def _detached(error: BqwError) -> BqwError:
    """``error`` without its traceback and causes.

    pyoxigraph's result iterators are "unsendable": they must be dropped on the thread that
    made them. A traceback keeps the frames that hold them alive, and the web layer lets go
    of exceptions on another thread (the event loop), which would drop them there.
    """
    error.__traceback__ = None
    error.__cause__ = None
    error.__context__ = None
    return error


def _kind(result: Any) -> str:
    if isinstance(result, ox.QueryBoolean):
        return "ask"
    if isinstance(result, ox.QuerySolutions):
        return "select"
    return "graph"


def _check_deadline(deadline: float | None) -> None:
    if deadline is not None and time.monotonic() > deadline:
        raise QueryTimeout("the query ran past its time limit")


def _substitutions(bindings: dict[str, Term] | None) -> dict[ox.Variable, Any] | None:
    if not bindings:
        return None
    return {ox.Variable(name): parse_term(term) for name, term in bindings.items()}


def _parse_ntriples(lines: Iterable[str]) -> list[Any]:
    text = "\n".join(line.rstrip("\n") for line in lines) + "\n"
    try:
        return list(ox.parse(text, ox.RdfFormat.N_TRIPLES))
    except SyntaxError as error:
        raise InputError(f"malformed N-Triples: {error}") from error
