"""Cut a text into plain and highlighted pieces from character offsets.

Templates render each :class:`Piece` with autoescaping (``<mark>{{ piece.text }}</mark>``),
so nothing from a document is ever pasted into HTML as markup.

>>> [(p.text, p.kind) for p in pieces("红丰村获评示范村", [Span(0, 3, "Village")])]
[('红丰村', 'Village'), ('获评示范村', None)]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    """A highlighted stretch ``[start, end)`` of a text, its kind and where it links."""

    start: int
    end: int
    kind: str
    href: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class Piece:
    """A run of text; ``kind`` is None for plain text."""

    text: str
    kind: str | None = None
    href: str | None = None
    title: str | None = None

    def as_json(self) -> dict[str, str | None]:
        """The piece as a JSON object (for ``.json`` twins)."""
        return {"text": self.text, "kind": self.kind, "href": self.href, "title": self.title}


def pieces(text: str, spans: Iterable[Span]) -> list[Piece]:
    """``text`` cut at the spans that fit inside it and do not overlap an earlier, longer one.

    Spans are taken by start, longer first; a span crossing one already taken is skipped,
    so the pieces never nest and always join back into ``text``.
    """
    chosen: list[Span] = []
    end_of_last = 0
    for span in sorted(spans, key=lambda s: (s.start, -(s.end - s.start), s.kind)):
        if span.start < end_of_last or span.start < 0 or span.end > len(text) or span.end <= span.start:
            continue
        chosen.append(span)
        end_of_last = span.end
    out: list[Piece] = []
    cursor = 0
    for span in chosen:
        if span.start > cursor:
            out.append(Piece(text[cursor : span.start]))
        out.append(Piece(text[span.start : span.end], span.kind, span.href, span.title))
        cursor = span.end
    if cursor < len(text):
        out.append(Piece(text[cursor:]))
    return out
