"""IRIs: the same entity gets the same IRI from every report; different things do not share one."""

from __future__ import annotations

from pathlib import Path

from bqw.extract import extract_file, extract_text
from bqw.model import Extraction
from bqw.rdf.iris import Minter, Scoper, normalise_name, segment

REPORT_A = "关于赤坎镇“百千万工程”工作情况报告\n一、赤坎镇石头村入选广东省乡村治理示范村。市委书记到石头村调研。"
REPORT_B = "关于下桥镇“百千万工程”工作情况报告\n一、下桥镇石头村获评美丽宜居村。市委召开会议。"


def iri_of(extraction: Extraction, label: str) -> str:
    entity = next(e for e in extraction.entities if e.label == label)
    return str(Scoper(extraction, Minter()).iri(entity))


def test_policy_is_global_across_reports(reports: Path) -> None:
    first = extract_file(reports / "district-report-2023.txt")
    second = extract_file(reports / "2024-chikan-town-kaiping.txt")
    assert iri_of(first, "百千万工程") == iri_of(second, "百千万工程") == "https://w3id.org/bqw/id/Policy/百千万工程"


def test_villages_with_the_same_name_in_different_towns_get_different_iris() -> None:
    a, b = extract_text(REPORT_A, name="a.txt"), extract_text(REPORT_B, name="b.txt")
    assert iri_of(a, "石头村") != iri_of(b, "石头村")
    assert iri_of(a, "石头村").endswith("/in/division/440783109")  # 赤坎镇, 开平市


def test_same_village_in_the_same_town_gets_one_iri_from_two_reports() -> None:
    a = extract_text(REPORT_A, name="a.txt")
    again = extract_text(REPORT_A.replace("市委书记到石头村调研。", "石头村建成文化广场。"), name="other.txt")
    assert iri_of(a, "石头村") == iri_of(again, "石头村")


def test_agency_named_by_level_is_scoped_by_the_reporting_area_ancestor() -> None:
    a, b = extract_text(REPORT_A, name="a.txt"), extract_text(REPORT_B, name="b.txt")
    # 赤坎镇 lies in the county-level city 开平市 (440783); 下桥镇 in 徐闻县, 湛江市 (4408).
    assert iri_of(a, "市委").endswith("/Organization/市委/in/division/440783")
    assert iri_of(b, "市委").endswith("/Organization/市委/in/division/4408")


def test_redacted_names_are_scoped_to_their_report() -> None:
    text = "关于赤坎镇“百千万工程”工作情况报告\n一、赤坎镇*村入选广东省乡村治理示范村。"
    a, b = extract_text(text, name="a.txt"), extract_text(text, name="b.txt")
    assert iri_of(a, "*村") != iri_of(b, "*村")
    assert "/in/report/a.txt" in iri_of(a, "*村")


def test_iris_are_stable_across_runs(reports: Path) -> None:
    path = reports / "2025-06-dongyuan-county.txt"
    first, second = extract_file(path), extract_file(path)
    assert [iri_of(first, e.label) for e in first.entities] == [iri_of(second, e.label) for e in second.entities]


def test_names_are_normalised_before_minting() -> None:
    assert normalise_name("“百千万工程”") == normalise_name("百千万工程")
    assert Minter().entity("Policy", "《百千万工程》") == Minter().entity("Policy", "百千万工程")


def test_reserved_characters_are_escaped() -> None:
    assert segment("a b/c?d#e") == "a%20b%2Fc%3Fd%23e"
    assert segment("文章村") == "文章村"


def test_report_graph_round_trips_to_its_name() -> None:
    minter = Minter("https://example.org/")
    assert minter.report_name(minter.report_graph("2024 报告.txt")) == "2024 报告.txt"
    assert minter.report_name("https://example.org/graph/shared") is None
