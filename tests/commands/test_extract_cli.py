"""``bqw extract`` as a user runs it: real files, real process, exit status and messages."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

BQW = [sys.executable, "-m", "bqw.cli"]
REPORT = "2023年,赤坎镇红溪村入选广东省乡村治理示范村。1-5月，全镇固定资产投资3.5亿元，增长2%。\n"


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*BQW, "extract", *map(str, args)], capture_output=True, text=True, timeout=120)


def docx_bytes(text: str) -> bytes:
    body = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in text.splitlines())
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
        f'wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", xml)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("utf8.txt", REPORT.encode("utf-8")),
        ("bom.txt", b"\xef\xbb\xbf" + REPORT.encode("utf-8")),
        ("gbk.txt", REPORT.encode("gb18030")),
        ("page.html", f"<html><head><script>alert(1)</script></head><body><p>{REPORT}</p></body></html>".encode()),
        ("report.docx", docx_bytes(REPORT)),
    ],
)
def test_each_format_gives_the_same_villages(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    result = run(path)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert "红溪村" in {e["label"] for e in out["entities"]}
    assert any(o["value"] == "3.5" for o in out["observations"])


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("binary.txt", bytes(range(256)) * 4, "binary"),
        ("latin.txt", "café ".encode("latin-1") * 50 + b"\xff\xfe\xfd" * 10, "neither UTF-8 nor GB18030"),
        ("image.png", b"\x89PNG\r\n", "unsupported"),
        ("broken.docx", b"PK\x03\x04 not really a zip", "docx"),
        ("broken.pdf", b"%PDF-1.4 garbage", "PDF"),
    ],
)
def test_bad_input_is_one_line_naming_the_file_and_others_still_run(tmp_path, name, data, reason):
    bad = tmp_path / name
    bad.write_bytes(data)
    good = tmp_path / "good.txt"
    good.write_text(REPORT, encoding="utf-8")
    out = tmp_path / "out"
    result = run(bad, good, "--out", out)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and name in lines[0] and reason.lower() in lines[0].lower()
    assert (out / "good.json").exists() and not (out / f"{bad.stem}.json").exists()


def test_folder_with_out_writes_one_json_per_report(tmp_path, reports):
    out = tmp_path / "out"
    result = run(reports, "--out", out)
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in out.iterdir())
    assert written == sorted(f"{p.stem}.json" for p in reports.glob("*.txt"))


def test_table_format_is_for_people(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(REPORT, encoding="utf-8")
    result = run(path, "--format", "table")
    assert result.returncode == 0 and "Village" in result.stdout and "红溪村" in result.stdout


def test_output_is_byte_identical_across_runs(reports):
    first = run(reports / "district-report-2023.txt")
    second = run(reports / "district-report-2023.txt")
    assert first.stdout == second.stdout and first.stdout
