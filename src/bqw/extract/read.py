"""Read a report file into text: .txt (UTF-8 or GB18030), .docx, .pdf, .html.

Each failure raises an :class:`~bqw.errors.InputError` whose message is one line a
person can act on. Offsets in the rest of bqw refer to the text returned here.
"""

from __future__ import annotations

import io
import logging
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

from bqw.errors import (
    BinaryInput,
    DecodeError,
    EmptyInput,
    InputError,
    InputTooLarge,
    NoTextLayer,
    UnsupportedFormat,
)

SUPPORTED_SUFFIXES = (".txt", ".docx", ".pdf", ".html", ".htm")
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
# A .docx is a zip; refuse archives whose document part inflates past this (zip bombs).
MAX_DOCX_XML_BYTES = 200 * 1024 * 1024
# A report is paragraphs; megabytes on one line are a dump, not a report.
MAX_LINE_CHARS = 200_000
WORD_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class SourceText:
    """The decoded text of a report and how it was read."""

    text: str
    format: str
    encoding: str | None = None


def read_document(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceText:
    """Read ``path`` into text, choosing the reader by extension and checking content.

    Raises:
        InputError: the file is missing, empty, binary, undecodable, a scan, or too big.
    """
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnsupportedFormat(
            f"unsupported file type {suffix or '(none)'}; bqw reads {', '.join(SUPPORTED_SUFFIXES)}"
        )
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputTooLarge(f"file is {size} bytes, above the limit of {max_bytes} bytes")
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}") from exc
    if not data.strip():
        raise EmptyInput("file is empty")
    if suffix == ".docx":
        source = SourceText(read_docx(data), "docx")
    elif suffix == ".pdf":
        source = SourceText(read_pdf(data), "pdf")
    else:
        text, encoding = decode_text(data)
        source = SourceText(html_to_text(text) if suffix in (".html", ".htm") else text, suffix[1:], encoding)
    if not source.text.strip():
        raise EmptyInput("no text in file")
    longest = max(len(line) for line in source.text.splitlines())
    if longest > MAX_LINE_CHARS:
        raise InputTooLarge(f"a single line of {longest} characters; a report has paragraphs (limit {MAX_LINE_CHARS})")
    return source


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode report bytes: UTF-8 (with or without BOM) first, then GB18030.

    >>> decode_text("百千万".encode("gb18030"))
    ('百千万', 'gb18030')
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        encodings: tuple[str, ...] = ("utf-8",)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ("utf-16",)
    else:
        encodings = ("utf-8", "gb18030")
    if encodings != ("utf-16",) and looks_binary(data):
        raise BinaryInput("binary content, not text")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "gb18030" and not mostly_cjk_or_ascii(text):
            break
        garbled = misdecoded_line(text)
        if garbled is not None:
            raise DecodeError(f"line {garbled} looks mis-decoded (mixed or wrong encoding)")
        return text, encoding
    raise DecodeError("text is neither UTF-8 nor GB18030")


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters mean this is not a text file."""
    sample = data[:65536]
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 12, 13))
    return controls > len(sample) * 0.01


def mostly_cjk_or_ascii(text: str) -> bool:
    """GB18030 decodes almost any bytes; real text is mostly common CJK, ASCII and punctuation."""
    sample = text[:20000]
    common = sum(
        1
        for ch in sample
        if ch < "\u0080"
        or "\u4e00" <= ch <= "\u9fff"
        or "\u3000" <= ch <= "\u303f"
        or "\uff00" <= ch <= "\uffef"
        or ch in "“”‘’…—·"
    )
    return common >= len(sample) * 0.9


# The commonest characters of written Chinese: real text is about half made of them,
# text decoded with the wrong codec only by chance.
COMMON_HANZI = frozenset(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行"
    "学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些"
    "然前外天政四日那社义事平形相全表间样与关各重新线内数正心反明看原又么利比或但质气第向道命此变条只没结解问意建月"
    "公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接"
    "知较将组见计别手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器"
    "压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示"
    "议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书"
    "布复容须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往历市克何除消构府称太准精值号率族维划选"
    "标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞镇村"
)


def misdecoded_line(text: str, minimum: int = 20, share: float = 0.2) -> int | None:
    """The number of the first line whose Chinese characters are mostly rare ones (mojibake)."""
    for number, line in enumerate(text.splitlines(), start=1):
        hanzi = [ch for ch in line if "\u4e00" <= ch <= "\u9fff"]
        if len(hanzi) >= minimum and sum(ch in COMMON_HANZI for ch in hanzi) < share * len(hanzi):
            return number
    return None


def read_docx(data: bytes) -> str:
    """Paragraph texts of a .docx, one per line."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("word/document.xml")
            if info.file_size > MAX_DOCX_XML_BYTES:
                raise InputTooLarge(f"docx document part inflates to {info.file_size} bytes")
            xml = archive.read(info)
    except (zipfile.BadZipFile, KeyError, EOFError) as exc:
        raise InputError(f"not a readable .docx ({exc})") from exc
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError as exc:
        raise InputError(f"broken .docx XML ({exc})") from exc
    lines = []
    for paragraph in root.iter(f"{WORD_NS}p"):
        parts = []
        for node in paragraph.iter():
            if node.tag == f"{WORD_NS}t" and node.text:
                parts.append(node.text)
            elif node.tag == f"{WORD_NS}tab":
                parts.append("\t")
        lines.append("".join(parts))
    return "\n".join(lines)


def read_pdf(data: bytes) -> str:
    """The text layer of a PDF, page by page."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    # pypdf logs repairs of broken files; the one-line InputError below is what users see.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise InputError(f"not a readable PDF ({exc})") from exc
    text = "\n".join(pages)
    if not text.strip():
        raise NoTextLayer("PDF has no text layer (a scan?); run OCR first")
    return text


class _TextCollector(HTMLParser):
    """Visible text of an HTML page; script and style are dropped, blocks become lines."""

    SKIP = frozenset({"script", "style", "noscript", "template"})
    BLOCKS = frozenset(
        {
            "p",
            "div",
            "br",
            "li",
            "tr",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "section",
            "article",
            "title",
            "td",
            "th",
            "table",
            "ul",
            "ol",
        }
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Visible text of an HTML document, blank lines collapsed."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    lines = (" ".join(line.split()) for line in "".join(collector.parts).splitlines())
    return "\n".join(line for line in lines if line)
