"""What a reader of the report sees in the extraction: areas, honours, figures, facts."""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from bqw.extract import extract_text
from bqw.extract.output import to_json


def labels(result, type_):
    return {e.label for e in result.entities if e.type == type_}


def test_villages_towns_and_honours_from_an_award_sentence():
    result = extract_text("2023年,赤坎镇、赤坎镇红溪村入选广东省乡村治理示范村。")
    assert "红溪村" in labels(result, "Village")
    assert "赤坎镇" in labels(result, "Town")
    assert "广东省乡村治理示范村" in labels(result, "Honor")
    facts = {(f.subject, f.predicate, f.object) for f in result.facts}
    assert ("红溪村", "awarded", "广东省乡村治理示范村") in facts
    assert ("红溪村", "partOf", "赤坎镇") in facts


def test_shared_head_expands_to_each_village():
    result = extract_text("加快推进*、*、文章、福建等4条示范村建设。")
    assert {"文章村", "福建村", "*村"} <= labels(result, "Village")


def test_reporting_area_references_are_mentions_of_it():
    result = extract_text("*区全面动员部署。1-5月，全区社会消费品零售总额17*.53亿元，增长3.9%。")
    county = next(e for e in result.entities if e.label == "*区")
    assert "全区" in county.aliases
    obs = result.observations[0]
    assert (obs.indicator, obs.value, obs.masked, obs.value_normalized) == ("社会消费品零售总额", "17*.53", True, None)
    assert (obs.growth_pct, obs.period, obs.area) == (3.9, None, "*区") or obs.period is not None


def test_redacted_figures_are_never_guessed(seed_text):
    result = extract_text(seed_text, name="district-report-2023.txt")
    for obs in result.observations:
        if obs.value and "*" in obs.value:
            assert obs.masked and obs.value_normalized is None


def test_every_mention_span_holds_its_name(seed_text):
    result = extract_text(seed_text, name="district-report-2023.txt")
    for entity in result.entities:
        for start, end in entity.mentions:
            assert 0 <= start < end <= len(seed_text)


def test_same_text_gives_byte_identical_output(seed_text):
    assert to_json(extract_text(seed_text)) == to_json(extract_text(seed_text))


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_any_unicode_never_crashes_and_spans_stay_inside(text):
    result = extract_text(text)
    json.loads(to_json(result))
    for entity in result.entities:
        for start, end in entity.mentions:
            assert 0 <= start < end <= len(text)
    for obs in result.observations:
        assert 0 <= obs.evidence[0] <= obs.evidence[1] <= len(text)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="赤坎镇村区红溪入选示范全1-5月亿元增长%。，、“”*", max_size=120))
def test_report_like_text_never_crashes(text):
    extract_text(text)
