"""What a reader of the report sees in the extraction: areas, honours, figures, facts."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bqw.errors import DecodeError
from bqw.extract import extract_text
from bqw.extract.output import to_json
from bqw.extract.read import decode_text


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


def facts_of(result):
    return {(f.subject, f.predicate, f.object) for f in result.facts}


def figures_of(result):
    return {(o.indicator, o.value, o.unit, o.period) for o in result.observations}


def test_abbreviation_and_full_name_are_one_policy():
    result = extract_text("深入实施“百县千镇万村高质量发展工程”。某镇推进“百千万工程”建设。")
    policies = [e for e in result.entities if e.type == "Policy"]
    assert [p.label for p in policies] == ["百千万工程"]
    assert "百县千镇万村高质量发展工程" in policies[0].aliases


def test_list_of_short_names_shares_the_count_head():
    result = extract_text("推动桥东、桥西、河南岸6个中心街道组团发展。")
    assert {"桥东街道", "桥西街道", "河南岸街道"} <= labels(result, "Subdistrict")


def test_every_honour_after_one_award_verb():
    result = extract_text(
        "田增村先后荣获湛江市第六届“先锋杯”改革创新大赛一等奖(党建赋能类)、湛江市首届“网络村晚”十大乡村振兴典型村。"
    )
    honours = labels(result, "Honor")
    assert "湛江市第六届先锋杯改革创新大赛一等奖" in honours
    assert "湛江市首届网络村晚十大乡村振兴典型村" in honours
    assert ("田增村", "awarded", "湛江市首届网络村晚十大乡村振兴典型村") in facts_of(result)


def test_a_period_carries_through_its_paragraph_and_not_beyond():
    text = "一季度全区经济增势强劲。全区实现地方生产总值83.15亿元，增长3.5%。\n另有规上企业47家。"
    figures = {o.indicator: o for o in extract_text(text, name="2023-05-report.txt").observations}
    assert figures["地方生产总值"].period == "2023-01/2023-03"
    assert figures["地方生产总值"].growth_pct == 3.5
    assert figures["规上企业"].period is None


def test_one_indicator_for_two_figures_joined_by_from_to():
    result = extract_text("红丰村农村集体经济收入从2021年11万元增至2023年64万元。")
    assert figures_of(result) >= {
        ("农村集体经济收入", "11", "万元", "2021-01/2021-12"),
        ("农村集体经济收入", "64", "万元", "2023-01/2023-12"),
    }


def test_the_measured_thing_after_a_figure_names_it():
    result = extract_text("盘活那利村70多亩鱼塘资源。举办121场特色活动。")
    names = {o.indicator for o in result.observations}
    assert {"鱼塘资源", "特色活动"} <= names


def test_project_investment_is_a_fact_with_the_amount_as_written():
    result = extract_text("持续推进老旧小区改造项目，投入1.1亿元，改造37个小区。")
    assert ("老旧小区改造项目", "investment", "1.1亿元") in facts_of(result) or (
        "老旧小区改造",
        "investment",
        "1.1亿元",
    ) in facts_of(result)


def test_rhetoric_in_quotes_is_not_a_policy():
    result = extract_text("提升村庄“颜值”，实行“全民招商”，探索“飞地经济”的合作模式。")
    assert {"全民招商", "飞地经济"} <= labels(result, "Policy")
    assert "颜值" not in labels(result, "Policy")


def test_short_and_full_name_of_one_area_are_one_entity_but_homonyms_stay_apart():
    result = extract_text("湛江市委召开会议。湛江赤坎区与开平赤坎镇是两个地方，赤坎镇有华侨古镇。")
    cities = [e for e in result.entities if e.type == "City"]
    assert [c.label for c in cities] == ["湛江市"]
    assert "赤坎区" in labels(result, "County") and "赤坎镇" in labels(result, "Town")


def test_quoted_brands_and_epithets_are_not_policies():
    result = extract_text("“凤山红灯笼”等30余个特色品种缀满枝头，罗定素有“七山二水一分田”之称，全面推行“河长制”。")
    assert labels(result, "Policy") == {"河长制"}


def test_mojibake_is_refused_not_extracted():
    garbled = ("全区社会消费品零售总额增长百千万工程高质量发展" * 3).encode("utf-8").decode("gb18030", "replace")
    with pytest.raises(DecodeError):
        decode_text(garbled.encode("gb18030", "replace"))


def test_where_a_village_lies_is_a_fact():
    result = extract_text("那利村位于下桥镇西南部，离镇区约6公里。创建迈埚二桥村“鸳鸯树·祈福园”。")
    facts = facts_of(result)
    assert ("那利村", "partOf", "下桥镇") in facts
    assert ("鸳鸯树·祈福园", "locatedIn", "迈埚二桥村") in facts


def test_listed_names_resolve_to_subdistricts_through_the_division_table():
    result = extract_text("推动小金口、水口、三栋、马安4个镇(街道)组团发展。")
    assert {"小金口街道", "水口街道"} <= labels(result, "Subdistrict")


def test_one_honour_per_level_and_respectively():
    result = extract_text("调顺村、文章村分别入选全国、全省“四季村晚”示范展示点。")
    assert ("调顺村", "awarded", "全国四季村晚示范展示点") in facts_of(result)
    assert ("文章村", "awarded", "全省四季村晚示范展示点") in facts_of(result)
