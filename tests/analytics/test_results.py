"""Measures written back as triples: queryable by SPARQL, declared in the ontology, one graph per run."""

from __future__ import annotations

import rdflib
from rdflib import OWL, RDF, RDFS, URIRef

from bqw.analytics import measures, results
from bqw.analytics.projection import project
from bqw.analytics.vocabulary import BQW, MEASURE_PROPERTIES
from bqw.rdf.ontology import ontology_file
from bqw.store.embedded import EmbeddedStore

from .tiny import ID

TOP_BY_BETWEENNESS = """PREFIX bqw: <https://w3id.org/bqw/ontology#>
SELECT ?g ?entity ?rank WHERE { GRAPH ?g { ?entity bqw:betweenness ?rank } } ORDER BY DESC(?rank) LIMIT 1"""


def test_written_measures_can_be_sorted_with_sparql(tiny_store: EmbeddedStore) -> None:
    graph = project(tiny_store)
    written = results.write(tiny_store, measures.compute(graph))
    assert written == 5 * graph.number_of_nodes()
    rows = list(tiny_store.select(TOP_BY_BETWEENNESS, {"g": f"<{results.analytics_graph()}>"}))
    # county – town – village – project – policy: the village is the middle of the path.
    assert rows[0]["entity"] == f"<{ID}village>"
    assert rows[0]["rank"].endswith("^^<http://www.w3.org/2001/XMLSchema#double>")
    community = next(iter(tiny_store.select(f"SELECT ?c WHERE {{ <{ID}village> <{BQW}community> ?c }}")))["c"]
    assert community.endswith("^^<http://www.w3.org/2001/XMLSchema#integer>")


def test_writing_again_replaces_the_previous_run(tiny_store: EmbeddedStore) -> None:
    graph = project(tiny_store)
    results.write(tiny_store, measures.compute(graph))
    results.write(tiny_store, measures.compute(graph, ["degree"]))
    # Bound variables must be projected (SEP-0007 substitution), hence ?g in the SELECT.
    count = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    row = next(iter(tiny_store.select(count, {"g": f"<{results.analytics_graph()}>"})))
    assert row["n"].startswith(f'"{graph.number_of_nodes()}"')


def test_refresh_projects_and_writes_the_whole_store(tiny_store: EmbeddedStore) -> None:
    assert results.refresh(tiny_store, measures=["pagerank", "components"]) == 12
    assert tiny_store.has_graph(results.analytics_graph())


def test_every_written_property_is_declared_with_zh_and_en_labels() -> None:
    declared = rdflib.Graph().parse(ontology_file("analytics.ttl"))
    for local, datatype in MEASURE_PROPERTIES.values():
        prop = URIRef(BQW + local)
        assert (prop, RDF.type, OWL.DatatypeProperty) in declared
        assert declared.value(prop, RDFS.range) == URIRef(f"http://www.w3.org/2001/XMLSchema#{datatype}")
        for predicate in (RDFS.label, RDFS.comment):
            languages = {o.language for o in declared.objects(prop, predicate)}
            assert languages == {"zh", "en"}
    # Nothing in analytics.ttl clashes with a term of the main ontology.
    main = rdflib.Graph().parse(ontology_file("bqw.ttl"))
    assert not {s for s in declared.subjects(RDF.type, None) if str(s).startswith(BQW)} & set(main.subjects())
