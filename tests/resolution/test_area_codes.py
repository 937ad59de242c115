"""Official division codes in context: homonyms stay apart, shared places are one node."""

from __future__ import annotations

from bqw.extract import extract_file, extract_text
from bqw.rdf.iris import Minter, Scoper
from bqw.rdf.places import place
from bqw.store import Store
from bqw.store.terms import iri, literal, to_json

from .conftest import REPORTS

DIVISION = "https://w3id.org/bqw/id/division/"
_ENTITIES_OF = """
PREFIX bqw: <https://w3id.org/bqw/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?entity ?report ?text WHERE {
  GRAPH ?g {
    ?m bqw:refersTo ?entity . ?entity rdfs:label|skos:altLabel ?name .
    ?doc a bqw:Document ; dcterms:source ?report .
  }
  FILTER(STR(?name) = ?text)
}
"""
_AREAS = """
PREFIX bqw: <https://w3id.org/bqw/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?entity ?report ?code ?candidate WHERE {
  GRAPH ?g {
    ?entity a ?class ; bqw:identityRule ?rule .
    ?doc a bqw:Document ; dcterms:source ?report .
    OPTIONAL { ?entity bqw:divisionCode ?code }
    OPTIONAL { ?entity bqw:candidateDivision ?candidate }
  }
  VALUES ?class { bqw:Province bqw:City bqw:County bqw:Town bqw:Subdistrict bqw:Village bqw:Community }
}
"""


def entity_named(store: Store, report: str, text: str) -> set[str]:
    """The entities that ``report`` names ``text`` (as label or alternative label)."""
    rows = store.select(_ENTITIES_OF, {"text": literal(text), "report": literal(report)})
    return {to_json(row["entity"])["value"] for row in rows}


def test_zhanjiang_chikan_district_and_kaiping_chikan_town_stay_apart(store: Store) -> None:
    district = entity_named(store, "2025-04-chikan-district.txt", "赤坎区")
    town = entity_named(store, "2024-chikan-town-kaiping.txt", "赤坎镇")
    assert district == {DIVISION + "440802"}
    assert town == {DIVISION + "440783109"}
    # The Kaiping report's bare 赤坎 (赤坎华侨古镇) is not linked to 湛江's district, only offered as a candidate.
    short = entity_named(store, "2024-chikan-town-kaiping.txt", "赤坎")
    assert short and DIVISION + "440802" not in short


def test_both_chikan_district_reports_share_the_district_node(store: Store) -> None:
    first = entity_named(store, "2023-05-chikan-district.txt", "赤坎区")
    second = entity_named(store, "2025-04-chikan-district.txt", "赤坎区")
    assert first == second == {DIVISION + "440802"}


def test_a_village_named_by_two_reports_on_chikan_is_one_node(store: Store) -> None:
    # 文章村 is named by the 2025 report and by the (redacted) 2023 district report on 赤坎区.
    seed = entity_named(store, "district-report-2023.txt", "文章村")
    later = entity_named(store, "2025-04-chikan-district.txt", "文章村")
    assert seed == later == {DIVISION + "440802008207"}


def test_both_chikeng_town_reports_share_the_town_node(store: Store) -> None:
    first = entity_named(store, "2025-06-chikeng-town-haifeng.txt", "赤坑镇")
    second = entity_named(store, "2026-01-chikeng-town-haifeng.txt", "赤坑镇")
    assert first == second == {DIVISION + "441521108"}  # 海丰县赤坑镇, not 广宁's


def test_a_village_ambiguous_in_guangdong_is_settled_by_the_town_next_to_it(store: Store) -> None:
    # 红溪村 is also a village of 英德 (441881129204); beside 开平赤坎镇 it is 440783109225.
    assert entity_named(store, "2024-chikan-town-kaiping.txt", "红溪村") == {DIVISION + "440783109225"}


def test_every_unambiguous_area_carries_its_code_and_ambiguous_ones_their_candidates(store: Store) -> None:
    rows = list(store.select(_AREAS))
    by_report: dict[tuple[str, str], tuple[set[str], set[str]]] = {}
    for row in rows:
        key = (to_json(row["entity"])["value"], to_json(row["report"])["value"])
        codes, candidates = by_report.setdefault(key, (set(), set()))
        if "code" in row:
            codes.add(to_json(row["code"])["value"])
        if "candidate" in row:
            candidates.add(to_json(row["candidate"])["value"])
    checked = 0
    for path in sorted(REPORTS.glob("*.txt")):
        extraction = extract_file(path)
        placements = place(extraction)
        scoper = Scoper(extraction, Minter())
        for entity in extraction.entities:
            placement = placements.get(entity.label)
            if placement is None or placement.reason in ("no-match", "redacted"):
                continue
            codes, candidates = by_report[(str(scoper.iri(entity)), path.name)]
            if placement.code:
                assert codes == {placement.code} and not candidates, (path.name, entity.label)
            else:
                assert not codes and candidates == {DIVISION + c for c in placement.candidates}, entity.label
            checked += 1
    assert checked >= 60


def test_coded_areas_are_a_large_majority_of_the_matched_areas() -> None:
    linked = ambiguous = 0
    for path in sorted(REPORTS.glob("*.txt")):
        for placement in place(extract_file(path)).values():
            linked += placement.code is not None
            ambiguous += placement.reason == "ambiguous"
    assert linked >= 60 and ambiguous <= 6, (linked, ambiguous)


def test_a_redacted_area_never_gets_a_code(store: Store) -> None:
    query = """
    PREFIX bqw: <https://w3id.org/bqw/ontology#>
    SELECT ?entity ?label WHERE {
      ?m bqw:refersTo ?entity ; bqw:text ?label .
      FILTER(CONTAINS(?label, "*"))
      FILTER EXISTS { ?entity bqw:divisionCode|bqw:candidateDivision ?x }
    }
    """
    assert list(store.select(query)) == []
    assert not any(to_json(row["entity"])["value"].startswith(DIVISION) for row in store.select(query))


def test_a_redacted_name_beside_a_unique_village_stays_unlinked() -> None:
    extraction = extract_text("关于*区“百千万工程”工作情况报告\n一、*区*村与百姓村结对。", name="r.txt")
    placements = place(extraction)
    assert placements["*村"].code is None and placements["*村"].reason == "redacted"


def test_an_official_village_in_another_town_is_not_the_one_the_report_places() -> None:
    # The table's 石头村 of 开平市 lies in another town; 赤坎镇石头村 must not take its code.
    extraction = extract_text("关于赤坎镇“百千万工程”工作情况报告\n一、赤坎镇石头村入选示范村。", name="t.txt")
    assert place(extraction)["石头村"].code is None


def test_report_level_agencies_follow_the_context_code(store: Store) -> None:
    rows = store.select(
        """
        PREFIX bqw: <https://w3id.org/bqw/ontology#>
        SELECT ?entity ?rule WHERE { ?entity bqw:identityRule ?rule }
        """,
        {"rule": iri("https://w3id.org/bqw/ontology#AgencyOfArea")},
    )
    agencies = {to_json(row["entity"])["value"] for row in rows}
    assert agencies and all("/in/division/" in a for a in agencies)
