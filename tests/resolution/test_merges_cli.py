"""``bqw merges`` and the split rule file, as a user runs them: real processes, one store per module."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPORTS

BQW = [sys.executable, "-m", "bqw.cli"]


def bqw(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*BQW, *map(str, args)], capture_output=True, text=True, timeout=300)


def ok(*args: str | Path) -> str:
    result = bqw(*args)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding ``store/``, built from all sample reports with no rule file."""
    root = tmp_path_factory.mktemp("merges")
    ok("ingest", REPORTS, "--store", root / "store")
    return root


def merges(store: Path) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = json.loads(ok("merges", "--store", store, "--format", "json"))["merges"]
    return rows


def test_merges_lists_the_policy_across_at_least_ten_reports(folder: Path) -> None:
    table = ok("merges", "--store", folder / "store")
    line = next(line for line in table.splitlines() if line.startswith("百千万工程 "))
    assert "Policy" in line and "SameGlobalName" in line
    policy = next(row for row in merges(folder / "store") if row["entity"] == "百千万工程")
    assert int(policy["reports"]) >= 10
    assert "merges by rule:" in table and "SameDivisionCode" in table


def test_merges_record_the_rule_per_type(folder: Path) -> None:
    rows = {(row["entity"], row["type"]): row for row in merges(folder / "store")}
    assert rows[("赤坎区", "County")]["rule"] == "SameDivisionCode"
    assert rows[("赤坑镇", "Town")]["rule"] == "SameDivisionCode"
    assert rows[("省委", "Organization")]["rule"] == "AgencyOfArea"
    # 湛江's 赤坎区 and 开平's 赤坎镇 are never one merge.
    assert not any(
        "chikan-district" in r["names"] and "chikan-town-kaiping" in r["names"]
        for r in rows.values()
        if r["type"] in ("County", "Town")
    )


def test_a_split_rule_separates_a_merged_entity_on_reingest(folder: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(folder / "store", store)
    assert any(row["entity"] == "文章村" for row in merges(store))
    (tmp_path / "resolution.toml").write_text(
        '[[split]]\nname = "文章村"\ntype = "Village"\nreports = ["district-report-2023.txt"]\n', encoding="utf-8"
    )
    out = ok("ingest", REPORTS, "--store", store)
    assert "replaced  district-report-2023.txt" in out
    assert not any(row["entity"] == "文章村" for row in merges(store))
    split = json.loads(
        ok(
            "query",
            "PREFIX bqw: <https://w3id.org/bqw/ontology#> SELECT ?e WHERE { ?e bqw:identityRule bqw:SplitByRule }",
            "--format",
            "json",
            "--store",
            store,
        )
    )["results"]["bindings"]
    assert [row["e"]["value"] for row in split] == [
        "https://w3id.org/bqw/id/Village/文章村/in/report/district-report-2023.txt"
    ]
    # The same rules again: nothing to do.
    assert "replaced" not in ok("ingest", REPORTS, "--store", store)


def test_a_broken_rule_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    rules = tmp_path / "bad.toml"
    rules.write_text('[[split]]\nlabel = "文章村"\n', encoding="utf-8")
    result = bqw("ingest", REPORTS / "2025-04-chikan-district.txt", "--rules", rules, "--store", ":memory:")
    assert result.returncode == 2
    assert "unknown key" in result.stderr and len(result.stderr.strip().splitlines()) == 1
