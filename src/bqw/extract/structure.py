"""The report's skeleton: title, numbered sections, items and sentences.

All spans are offsets in the (same-length) normalised text.
"""

from __future__ import annotations

import re

from bqw.model import Section, Sentence, Span

CN_NUM = "一二三四五六七八九十"
_SECTION = re.compile(rf"^[ \t\u3000]*([{CN_NUM}]+)、")
_ITEM_PATTERNS = (
    re.compile(rf"(?:^|(?<=[。；！？]))[ \t\u3000]*([{CN_NUM}]+是)"),
    re.compile(rf"^[ \t\u3000]*(（[{CN_NUM}]+）)", re.MULTILINE),
    re.compile(r"^[ \t\u3000]*(\d{1,2}[.、](?!\d))", re.MULTILINE),
)
_SENTENCE_END = re.compile(r"[。！？!?；]+[”’」』]?|\n")
_TITLE_MAX = 60


def find_title(text: str) -> Span | None:
    """The first line when it reads like a headline: short, no sentence-ending mark inside."""
    match = re.match(r"[ \t\u3000\n]*([^\n]+)", text)
    if not match:
        return None
    line = match.group(1).rstrip()
    start = match.start(1)
    if not line or len(line) > _TITLE_MAX or _SECTION.match(line) or re.search(r"[。；]", line[:-1]):
        return None
    if line.endswith("。") and "，" in line:
        return None
    if "\n" not in text[start:]:
        return None
    return (start, start + len(line))


def split_sentences(text: str) -> list[Span]:
    """Sentence spans, trimmed of white space, in order."""
    spans: list[Span] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end() if match.group() != "\n" else match.start()
        _append_trimmed(text, start, end, spans)
        start = match.end()
    _append_trimmed(text, start, len(text), spans)
    return spans


def _append_trimmed(text: str, start: int, end: int, spans: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def find_sections(text: str) -> list[Section]:
    """Level-1 sections (``一、``) and level-2 items (``一是``, ``（一）``, ``1.``)."""
    sections: list[Section] = []
    offset = 0
    heads: list[tuple[int, int, str]] = []
    for line in text.splitlines(keepends=True):
        if _SECTION.match(line):
            heads.append((offset, 1, line.strip()))
        offset += len(line)
    for pattern in _ITEM_PATTERNS:
        for match in pattern.finditer(text):
            heads.append((match.start(1), 2, text[match.start(1) : _heading_end(text, match.start(1))]))
    heads.sort()
    parent: int | None = None
    for i, (start, level, heading) in enumerate(heads):
        end = next((s for s, lv, _ in heads[i + 1 :] if lv <= level), len(text))
        if level == 1:
            end = next((s for s, lv, _ in heads[i + 1 :] if lv == 1), len(text))
        index = len(sections)
        if level == 1:
            parent = index
        sections.append(Section(index, (start, end), _short(heading), level, None if level == 1 else parent))
    return sections


def _heading_end(text: str, start: int) -> int:
    match = re.compile(r"[。\n]").search(text, start)
    return match.start() if match else len(text)


def _short(heading: str) -> str:
    heading = heading.strip()
    cut = re.search(r"[。]", heading)
    return heading[: cut.start()] if cut else heading[:80]


def place_sentences(spans: list[Span], sections: list[Section]) -> list[Sentence]:
    """Attach each sentence to the innermost section and item that contain its start."""
    result = []
    for index, (start, end) in enumerate(spans):
        section = item = None
        for sec in sections:
            if sec.span[0] <= start < sec.span[1]:
                if sec.level == 1:
                    section = sec.index
                else:
                    item = sec.index
        result.append(Sentence(index, (start, end), section, item))
    return result
