"""The SPARQL 1.1 Service Description (https://www.w3.org/TR/sparql11-service-description/)."""

from __future__ import annotations

from rdflib import BNode, Graph, Namespace, URIRef
from rdflib.namespace import RDF

from bqw.store.base import GRAPH_MEDIA_TYPES, RESULT_MEDIA_TYPES

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")

# W3C's unique IRIs for each format we write.
_FORMAT_IRIS = {
    "application/sparql-results+json": FORMATS["SPARQL_Results_JSON"],
    "application/sparql-results+xml": FORMATS["SPARQL_Results_XML"],
    "text/csv": FORMATS["SPARQL_Results_CSV"],
    "text/tab-separated-values": FORMATS["SPARQL_Results_TSV"],
    "text/turtle": FORMATS["Turtle"],
    "application/n-triples": FORMATS["N-Triples"],
    "application/ld+json": FORMATS["JSON-LD"],
    "application/rdf+xml": FORMATS["RDF_XML"],
}
_RDFLIB_FORMATS = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}


def service_description(endpoint: str, media_type: str, *, allow_update: bool, allow_service: bool) -> bytes:
    """Describe the endpoint at ``endpoint`` as an RDF document of ``media_type``."""
    graph = Graph()
    graph.bind("sd", SD)
    service = BNode()
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, URIRef(endpoint)))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    if allow_update:
        graph.add((service, SD.supportedLanguage, SD.SPARQL11Update))
    # Without default-graph-uri, a query's default graph is the union of all named graphs.
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    if allow_service:
        graph.add((service, SD.feature, SD.BasicFederatedQuery))
    for format_type in (*RESULT_MEDIA_TYPES, *GRAPH_MEDIA_TYPES):
        graph.add((service, SD.resultFormat, _FORMAT_IRIS[format_type]))
    data = graph.serialize(format=_RDFLIB_FORMATS[media_type], encoding="utf-8")
    return bytes(data)
