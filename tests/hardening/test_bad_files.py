"""Broken inputs: each gets one line on stderr naming the file, exit status 2, and the
store stays byte-for-byte as it was."""

from __future__ import annotations

import hashlib
import io
import re
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfWriter

BQW = [sys.executable, "-m", "bqw.cli"]
REPORT = "2023年,赤坎镇红溪村入选广东省乡村治理示范村。1-5月，全镇固定资产投资3.5亿元，增长2%。\n"


def docx(document_xml: bytes | str, name: str = "word/document.xml") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, document_xml)
    return buffer.getvalue()


def zip_bomb() -> bytes:
    """A .docx whose document part inflates to 210 MB of spaces (a few hundred KB on disk)."""
    buffer = io.BytesIO()
    chunk = b" " * (1 << 20)
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open("word/document.xml", "w", force_zip64=True) as part,
    ):
        for _ in range(210):
            part.write(chunk)
    return buffer.getvalue()


def blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


GOOD_DOCX = docx(
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    f"<w:p><w:r><w:t>{REPORT}</w:t></w:r></w:p></w:body></w:document>"
)
UTF8 = REPORT.encode("utf-8")

# name → (bytes maker, a pattern the error must match)
BROKEN: dict[str, tuple[Callable[[], bytes], str]] = {
    "empty.txt": (lambda: b"", "empty"),
    "blank.txt": (lambda: b" \n\t\r\n   ", "empty"),
    "binary.txt": (lambda: bytes(range(256)) * 64, "binary"),
    "nul-bytes.txt": (lambda: UTF8 + b"\x00\x00" + UTF8, "binary"),
    "latin1.txt": (lambda: ("café résumé naïve " * 40).encode("latin-1") + b"\xff\xfe\xfd" * 10, "UTF-8"),
    "mixed-encodings.txt": (lambda: UTF8 * 3 + REPORT.encode("gb18030") * 3, "UTF-8"),
    "utf8-read-as-gbk.txt": (
        lambda: (REPORT * 3).encode("utf-8").decode("gb18030", errors="replace").encode("gb18030", "replace"),
        "mis-decoded|neither UTF-8",
    ),
    "one-huge-line.txt": (lambda: ("百千万工程" * 2_100_000).encode("utf-8"), "single line"),
    "only-script.html": (lambda: b"<html><head><script>alert(1)</script></head><body> </body></html>", "text"),
    "image.png": (lambda: b"\x89PNG\r\n\x1a\n" + bytes(64), "unsupported"),
    "spreadsheet.xlsx": (lambda: GOOD_DOCX, "unsupported"),
    "no-extension": (lambda: UTF8, "unsupported"),
    "not-a-zip.docx": (lambda: b"PK\x03\x04 this is not a zip archive", "docx"),
    "truncated.docx": (lambda: GOOD_DOCX[: len(GOOD_DOCX) // 2], "docx"),
    "zip-without-document.docx": (lambda: docx(b"<x/>", name="word/other.xml"), "docx"),
    "broken-xml.docx": (lambda: docx(b"<w:document><w:body><w:p>unclosed"), "XML"),
    "zip-bomb.docx": (zip_bomb, "inflates"),
    "garbage.pdf": (lambda: b"%PDF-1.4\n garbage garbage", "PDF"),
    "truncated.pdf": (lambda: blank_pdf()[:200], "PDF"),
    "scanned.pdf": (blank_pdf, "text layer"),
    "empty.docx": (lambda: b"", "empty"),
    "empty-document.docx": (
        lambda: docx('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'),
        "text",
    ),
}


def digest(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def bqw(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*BQW, *map(str, args)], capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("store")
    good = folder / "good.txt"
    good.write_text(REPORT, encoding="utf-8")
    result = bqw("ingest", good, "--store", folder / "st")
    assert result.returncode == 0, result.stderr
    return folder / "st"


def test_there_are_at_least_twenty_kinds_of_broken_input() -> None:
    assert len(BROKEN) >= 20


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_file_is_refused_in_one_line_and_the_store_is_untouched(name: str, store: Path, tmp_path: Path) -> None:
    make, reason = BROKEN[name]
    path = tmp_path / name
    path.write_bytes(make())
    before = digest(store)
    result = bqw("ingest", path, "--store", store)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert name in lines[0] and re.search(reason, lines[0], re.IGNORECASE), lines[0]
    assert digest(store) == before


def test_extract_reports_each_broken_file_and_still_extracts_the_good_one(tmp_path: Path) -> None:
    for name, (make, _) in BROKEN.items():
        (tmp_path / name).write_bytes(make())
    (tmp_path / "good.txt").write_text(REPORT, encoding="utf-8")
    files = [tmp_path / name for name in sorted(BROKEN)] + [tmp_path / "good.txt"]
    out = tmp_path / "out"
    result = bqw("extract", *files, "--out", out)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == len(BROKEN)
    assert [p.name for p in out.iterdir()] == ["good.json"]


def test_a_hundred_megabyte_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "huge.txt"
    with big.open("wb") as handle:
        handle.truncate(100 * 1024 * 1024)  # sparse: nothing to read, only its size
    started = time.perf_counter()
    result = bqw("extract", big)
    assert result.returncode == 2
    assert "huge.txt" in result.stderr and "limit" in result.stderr
    assert time.perf_counter() - started < 30
