"""The embedded Oxigraph store meets the store contract."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic

from bqw.errors import InputError, QueryError, QuerySyntaxError, QueryTimeout, UnsupportedFormat
from bqw.store.base import GRAPH_MEDIA_TYPES, RESULT_MEDIA_TYPES
from bqw.store.embedded import EmbeddedStore
from bqw.store.embedded_formats import RDF_FORMATS, RESULT_FORMATS

G1 = "https://w3id.org/bqw/report/1"
G2 = "https://w3id.org/bqw/report/2"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
LINES_1 = [
    f'<https://w3id.org/bqw/v/1> {LABEL} "石角村"@zh .',
    "<https://w3id.org/bqw/v/1> <https://w3id.org/bqw/p> _:b0 .",
    '_:b0 <https://w3id.org/bqw/q> "3"^^<http://www.w3.org/2001/XMLSchema#integer> .',
]
LINES_2 = [f'<https://w3id.org/bqw/v/2> {LABEL} "龙江镇"@zh .']


@pytest.fixture
def store() -> EmbeddedStore:
    store = EmbeddedStore()
    store.replace_graph(G1, LINES_1)
    store.replace_graph(G2, LINES_2)
    return store


def test_select_reads_the_union_of_all_graphs_as_n_triples_terms(store: EmbeddedStore) -> None:
    rows = list(store.select(f"SELECT ?s ?l WHERE {{ ?s {LABEL} ?l }} ORDER BY ?l"))
    assert rows == [
        {"s": "<https://w3id.org/bqw/v/1>", "l": '"石角村"@zh'},
        {"s": "<https://w3id.org/bqw/v/2>", "l": '"龙江镇"@zh'},
    ]


def test_select_binds_parameters_without_formatting(store: EmbeddedStore) -> None:
    # SEP-0007 substitution needs the bound variable in the projection.
    rows = list(store.select(f"SELECT ?s ?l WHERE {{ ?s {LABEL} ?l }}", {"l": '"龙江镇"@zh'}))
    assert rows == [{"s": "<https://w3id.org/bqw/v/2>", "l": '"龙江镇"@zh'}]


def test_a_binding_that_is_not_one_term_is_refused(store: EmbeddedStore) -> None:
    with pytest.raises(QuerySyntaxError):
        list(store.select("SELECT ?s WHERE { ?s ?p ?o }", {"o": '"x" . <urn:a> <urn:b> "y"'}))


def test_ask_binds_parameters(store: EmbeddedStore) -> None:
    assert store.ask("ASK { ?s ?p ?o }", {"o": '"龙江镇"@zh'})
    assert not store.ask("ASK { ?s ?p ?o }", {"o": '"nowhere"'})


def test_a_malformed_query_raises_the_parser_message(store: EmbeddedStore) -> None:
    with pytest.raises(QuerySyntaxError, match="1:"):
        store.query("SELEC * WHERE { ?s ?p ?o }", "application/sparql-results+json")


@pytest.mark.parametrize("media_type", RESULT_MEDIA_TYPES)
def test_select_serialises_in_every_result_format(store: EmbeddedStore, media_type: str) -> None:
    result = store.query(f"SELECT ?s ?l WHERE {{ ?s {LABEL} ?l }}", media_type)
    assert result.kind == "select"
    assert result.media_type == media_type
    assert "石角村" in result.body.decode("utf-8")
    assert not result.truncated


def test_select_json_follows_the_sparql_results_format(store: EmbeddedStore) -> None:
    result = store.query("SELECT ?o WHERE { ?s <https://w3id.org/bqw/q> ?o }", "application/sparql-results+json")
    assert json.loads(result.body) == {
        "head": {"vars": ["o"]},
        "results": {
            "bindings": [
                {"o": {"type": "literal", "value": "3", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}
            ]
        },
    }


@pytest.mark.parametrize("media_type", GRAPH_MEDIA_TYPES)
def test_construct_serialises_in_every_rdf_format(store: EmbeddedStore, media_type: str) -> None:
    result = store.query("CONSTRUCT WHERE { ?s ?p ?o }", media_type)
    assert result.kind == "graph"
    expected = rdflib.Graph().parse(data="\n".join(LINES_1 + LINES_2), format="nt")
    formats = {
        "text/turtle": "turtle",
        "application/n-triples": "nt",
        "application/ld+json": "json-ld",
        "application/rdf+xml": "xml",
    }
    got = rdflib.Graph().parse(data=result.body, format=formats[media_type])
    assert isomorphic(got, expected)


def test_ask_serialises_as_a_boolean(store: EmbeddedStore) -> None:
    result = store.query("ASK { ?s ?p ?o }", "application/sparql-results+json")
    assert json.loads(result.body)["boolean"] is True


def test_a_format_that_does_not_fit_the_query_form_is_refused(store: EmbeddedStore) -> None:
    with pytest.raises(UnsupportedFormat):
        store.query("SELECT * { ?s ?p ?o }", "text/turtle")


def test_the_row_cap_truncates_and_says_so(store: EmbeddedStore) -> None:
    result = store.query("SELECT * { ?s ?p ?o }", "application/sparql-results+json", max_rows=2)
    assert result.truncated
    assert len(json.loads(result.body)["results"]["bindings"]) == 2


def test_a_query_past_its_time_limit_raises_query_timeout(store: EmbeddedStore) -> None:
    slow = "SELECT * { VALUES ?a { 1 2 3 4 5 6 7 8 9 10 } ?s ?p ?o . ?x ?y ?z . ?u ?v ?w }"
    with pytest.raises(QueryTimeout):
        store.query(slow, "text/csv", timeout=0.0)


def test_default_graph_uri_restricts_the_default_graph(store: EmbeddedStore) -> None:
    result = store.query(f"SELECT ?l {{ ?s {LABEL} ?l }}", "application/sparql-results+json", default_graphs=[G2])
    values = [b["l"]["value"] for b in json.loads(result.body)["results"]["bindings"]]
    assert values == ["龙江镇"]


def test_named_graph_uri_limits_the_graphs_seen_by_graph(store: EmbeddedStore) -> None:
    result = store.query(
        "SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }", "application/sparql-results+json", named_graphs=[G1]
    )
    values = [b["g"]["value"] for b in json.loads(result.body)["results"]["bindings"]]
    assert values == [G1]


def test_replace_graph_swaps_the_whole_graph(store: EmbeddedStore) -> None:
    store.replace_graph(G1, LINES_2)
    assert store.ask(f'ASK {{ GRAPH <{G1}> {{ ?s {LABEL} "龙江镇"@zh }} }}')
    assert not store.ask(f'ASK {{ GRAPH <{G1}> {{ ?s {LABEL} "石角村"@zh }} }}')


def test_replace_graph_with_a_bad_line_keeps_the_old_graph(store: EmbeddedStore) -> None:
    with pytest.raises(InputError):
        store.replace_graph(G1, [LINES_2[0], "<broken"])
    assert store.ask(f'ASK {{ GRAPH <{G1}> {{ ?s {LABEL} "石角村"@zh }} }}')


def test_drop_graph_removes_it_and_a_missing_graph_is_fine(store: EmbeddedStore) -> None:
    store.drop_graph(G1)
    store.drop_graph("https://w3id.org/bqw/report/none")
    assert store.graphs() == [G2]


def test_update_runs_in_one_transaction(store: EmbeddedStore) -> None:
    with pytest.raises(QueryError):
        # The second operation fails (CREATE of an existing graph), so the first is undone.
        store.update(f"DROP GRAPH <{G2}> ; CREATE GRAPH <{G1}>")
    assert G2 in store.graphs()


def test_graph_store_operations_round_trip(store: EmbeddedStore) -> None:
    turtle = b'@prefix ex: <http://example.org/> . ex:a ex:b "c" .'
    store.put_graph("http://example.org/g", turtle, "text/turtle")
    store.put_graph(
        "http://example.org/g",
        b'<http://example.org/a> <http://example.org/b> "d" .',
        "application/n-triples",
        replace=False,
    )
    got = rdflib.Graph().parse(data=store.get_graph("http://example.org/g", "application/n-triples"), format="nt")
    assert len(got) == 2
    assert store.has_graph("http://example.org/g")
    with pytest.raises(InputError):
        store.put_graph("http://example.org/g", b"@prefix broken", "text/turtle")
    with pytest.raises(UnsupportedFormat):
        store.put_graph("http://example.org/g", b"", "image/png")


def test_the_default_graph_is_separate_from_named_graphs(store: EmbeddedStore) -> None:
    store.put_graph(None, b"<urn:a> <urn:b> <urn:c> .", "application/n-triples")
    got = rdflib.Graph().parse(data=store.get_graph(None, "application/n-triples"), format="nt")
    assert len(got) == 1


def test_an_on_disk_store_keeps_its_data(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "store")
    store.replace_graph(G1, LINES_1)
    store.close()
    again = EmbeddedStore(tmp_path / "store")
    assert again.graphs() == [G1]
    again.close()


def test_an_on_disk_store_reopens_after_reads_in_separate_processes(tmp_path: Path) -> None:
    # pyoxigraph 0.4 corrupts a store that is flushed after reading and reopened; close() must not.
    location = tmp_path / "store"
    write = (
        "from pathlib import Path; from bqw.store.embedded import EmbeddedStore; "
        f"s = EmbeddedStore(Path({str(location)!r})); "
        f"s.replace_graph({G1!r}, {LINES_1!r}); s.close()"
    )
    read = (
        "from pathlib import Path; from bqw.store.embedded import EmbeddedStore; "
        f"s = EmbeddedStore(Path({str(location)!r})); print(len(list(s.select('SELECT * {{ ?s ?p ?o }}')))); s.close()"
    )
    for code in (write, read, read, write):
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr


def test_every_advertised_media_type_has_a_pyoxigraph_format() -> None:
    assert set(RESULT_FORMATS) == set(RESULT_MEDIA_TYPES)
    assert set(RDF_FORMATS) == set(GRAPH_MEDIA_TYPES)


def test_a_store_held_by_another_process_is_a_clear_store_error(tmp_path: Path) -> None:
    location = tmp_path / "store"
    holder = EmbeddedStore(location)
    code = (
        "import sys; from pathlib import Path; from bqw.errors import StoreError; "
        "from bqw.store.embedded import EmbeddedStore\n"
        f"try:\n    EmbeddedStore(Path({str(location)!r}))\nexcept StoreError as e:\n    print(e); sys.exit(3)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    holder.close()
    assert result.returncode == 3, result.stderr
    assert "bqw serve" in result.stdout
