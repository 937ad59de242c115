"""Mutated real reports: the extractor never raises, keeps every span inside the text and on
its name, and gives the same output twice."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bqw.extract import extract_text
from bqw.extract.output import to_json

REPORTS = sorted((Path(__file__).resolve().parents[2] / "data" / "reports").glob("*.txt"))
TEXTS = [p.read_text(encoding="utf-8") for p in REPORTS]
QUOTES = "“”\"'‘’「」『』《》〈〉"


def folded(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if ch not in QUOTES and not ch.isspace()).replace("*", "")


@st.composite
def mutated_reports(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(TEXTS))
    for _ in range(draw(st.integers(0, 8))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["insert", "delete", "duplicate", "redact"]))
        if kind == "insert":
            text = text[:at] + draw(st.text(max_size=12)) + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(0, 40)) :]
        elif kind == "duplicate":
            text = text[:at] + text[at : at + draw(st.integers(0, 200))] * 2 + text[at + 200 :]
        else:
            text = text[:at] + "*" * draw(st.integers(1, 3)) + text[at + 1 :]
    return text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_reports())
def test_mutated_reports_extract_with_honest_spans(text: str) -> None:
    result = extract_text(text)
    assert to_json(result) == to_json(extract_text(text))
    for entity in result.entities:
        label = folded(entity.label)
        for start, end in entity.mentions:
            assert 0 <= start < end <= len(text)
            piece = folded(text[start:end])
            assert piece in label or label in piece, (entity.label, text[start:end])
        for start, end in entity.references:
            assert 0 <= start < end <= len(text)
    for fact in result.facts:
        assert 0 <= fact.evidence[0] <= fact.evidence[1] <= len(text)
    for obs in result.observations:
        assert 0 <= obs.evidence[0] <= obs.evidence[1] <= len(text)
        if obs.masked:
            assert obs.value_normalized is None
