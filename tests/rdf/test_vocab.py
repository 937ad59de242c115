"""The closed vocabulary: generated from ontology/bqw.ttl, in step with it, and complete."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef

from bqw.model import ENTITY_TYPES, PREDICATES
from bqw.rdf.vocab import BQW

ROOT = Path(__file__).resolve().parents[2]
ONTOLOGY = ROOT / "ontology" / "bqw.ttl"
NS = "https://w3id.org/bqw/ontology#"


def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_vocab", ROOT / "scripts" / "gen_vocab.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY)


def terms(graph: Graph) -> set[URIRef]:
    return {s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef) and s.startswith(NS)}


def test_generated_vocab_matches_the_turtle() -> None:
    expected = generator().render(ONTOLOGY)
    actual = (ROOT / "src" / "bqw" / "rdf" / "vocab.py").read_text(encoding="utf-8")
    assert actual == expected, "src/bqw/rdf/vocab.py is stale: run python scripts/gen_vocab.py"


def test_misspelt_term_is_an_error_not_a_new_iri() -> None:
    with pytest.raises(AttributeError):
        _ = BQW.Vilage


def test_every_entity_type_is_a_class_with_the_same_local_name(ontology: Graph) -> None:
    for name in ENTITY_TYPES:
        assert (URIRef(NS + name), RDF.type, OWL.Class) in ontology, name
        assert (URIRef(NS + name), RDFS.subClassOf, None) in ontology, name


def test_every_fact_predicate_is_a_property(ontology: Graph) -> None:
    for name in PREDICATES:
        assert (URIRef(NS + name), RDF.type, OWL.ObjectProperty) in ontology, name


def test_every_term_has_chinese_and_english_labels_and_comments(ontology: Graph) -> None:
    for term in terms(ontology):
        for prop in (RDFS.label, RDFS.comment):
            languages = {o.language for o in ontology.objects(term, prop) if isinstance(o, Literal)}
            assert {"zh", "en"} <= languages, f"{term} lacks a zh or en {prop}"


@pytest.mark.parametrize(
    ("term", "parent"),
    [
        ("Organization", "http://www.w3.org/ns/org#Organization"),
        ("Observation", "http://purl.org/linked-data/cube#Observation"),
        ("Document", "http://www.w3.org/ns/prov#Entity"),
        ("Indicator", "http://www.w3.org/2004/02/skos/core#Concept"),
        ("Place", "https://schema.org/Place"),
        ("Event", "https://schema.org/Event"),
    ],
)
def test_classes_align_with_w3c_and_schema_org_vocabularies(ontology: Graph, term: str, parent: str) -> None:
    assert (URIRef(NS + term), RDFS.subClassOf, URIRef(parent)) in ontology


def test_provenance_properties_specialise_prov(ontology: Graph) -> None:
    prov = "http://www.w3.org/ns/prov#"
    assert (BQW.inSentence, RDFS.subPropertyOf, URIRef(prov + "wasQuotedFrom")) in ontology
    assert (BQW.inDocument, RDFS.subPropertyOf, URIRef(prov + "wasDerivedFrom")) in ontology
