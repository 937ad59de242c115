"""General rules for names and figures, each on a sentence written for the test (no report's names)."""

import pytest

from bqw.extract import extract_text


def labels(result, type_):
    return {e.label for e in result.entities if e.type == type_}


def indicators(text):
    return {o.indicator for o in extract_text(text).observations}


def test_a_redacted_name_is_not_a_redacted_figure():
    result = extract_text("加快推进水系治理，完成*片区管网配套工程项目立项。")
    assert all(o.value != "*" for o in result.observations)
    assert "*片区" in labels(result, "Zone")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("目前已在整个粤东地区辐射带动农户800多户。", "辐射带动农户"),
        ("所有行政村集体经济年收入均达到12万元以上。", "行政村集体经济年收入"),
        ("沿江连线打造标志性点位12个。", "标志性点位"),
        ("利用村庄闲置地建成300平方米“口袋公园”。", "口袋公园"),
        ("龙头企业金穗米业产能达8万吨/年。", "产能"),
    ],
)
def test_the_indicator_is_what_was_measured_not_where_or_by_whom(text, expected):
    assert expected in indicators(text)


def test_a_description_with_a_demonstrative_names_no_indicator():
    assert not any(i.startswith("这") for i in indicators("这里是一片占地300余亩的茶园。"))


def test_a_subdistricts_community_services_are_no_community():
    result = extract_text("推进东湖街道社区卫生服务中心标准化建设。")
    assert not any(label.endswith("街道社区") for label in labels(result, "Community"))


def test_sites_listed_before_a_count_of_projects_are_projects():
    result = extract_text("已完成新城第一人民医院、滨江大道、文体服务中心（城市客厅）等项目建设。")
    assert {"新城第一人民医院", "滨江大道", "文体服务中心"} <= labels(result, "Project")
    result = extract_text("其中云岭智慧产业园等12个投资过亿元的项目稳步推进。")
    assert "云岭智慧产业园" in labels(result, "Project")


def test_a_business_introduced_by_what_it_is():
    result = extract_text("龙头企业“金穗源”成功培育为高新技术企业。龙头企业金穗米业产能达8万吨/年。")
    assert {"金穗源", "金穗米业"} <= labels(result, "Organization")


@pytest.mark.parametrize(
    "text",
    [
        "以“保老街再现古镇风貌，建新区融合产业发展”为总体思路。",
        "紧扣“城区现代服务后花园”的愿景目标。",
        "全市首家区级党群服务中心正式投入使用。",
        "以“品牌+合作社+基地+农户”模式带动增收。",
    ],
)
def test_slogans_aims_and_formulas_name_no_place_or_body(text):
    result = extract_text(text)
    assert not labels(result, "Place") | labels(result, "Zone") | labels(result, "Organization")


def test_a_holidays_date_in_quotes_is_no_policy():
    assert "五·一" not in labels(extract_text("举办“五·一”系列文旅活动。"), "Policy")


def test_local_party_committee_without_a_name_is_no_organisation():
    assert "当地党委" not in labels(extract_text("果农的奋斗有当地党委和政府的支持。"), "Organization")


def test_the_opening_words_of_a_project_are_not_a_place_of_their_own():
    result = extract_text("配合推进白沙湾红树林湿地公园项目。")
    assert "白沙湾红树林湿地公园项目" in labels(result, "Project")
    assert "白沙湾红树林湿地" not in labels(result, "Place")


def test_two_meetings_held_as_one_are_one_event_named_from_the_first():
    result = extract_text("5月9日，2025年全市农村工作会议暨深入实施“强村富民”推进会召开。")
    assert "2025年全市农村工作会议暨深入实施强村富民推进会" in labels(result, "Event")


def test_a_rank_without_a_figure_is_an_observation_of_its_own():
    result = extract_text("今年以来，全区治安形势持续向好，社会大局和谐稳定。全区群众满意度测评排名全市第一。")
    assert [(o.indicator, o.value, o.rank) for o in result.observations] == [("群众满意度测评", None, "排名全市第一")]


def test_a_kind_of_project_is_not_a_project():
    result = extract_text("通过示范精品项目以点带面；完成园区首单落地项目土地出让。")
    assert not labels(result, "Project")


def test_a_project_name_does_not_run_on_through_a_verb():
    result = extract_text("培育典型村12个，东岭镇典型村片区培育项目成功入库省级项目储备。")
    assert "东岭镇典型村片区培育项目" in labels(result, "Project")
    assert not any("入库" in label for label in labels(result, "Project"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“两区一带”规划面积扩展至3.5万亩。", "规划面积"),
        ("统筹扶持发展集体经济项目资金共80万元。", "扶持发展集体经济项目资金"),
    ],
)
def test_link_and_coordinating_verbs_are_not_part_of_the_indicator(text, expected):
    assert expected in indicators(text)


def test_a_plan_word_followed_by_a_measure_names_no_plan():
    result = extract_text("“两区一带”规划面积扩展至3.5万亩。")
    assert not any(label.endswith("规划") for label in labels(result, "Policy"))


def test_a_clause_that_runs_on_after_a_figure_names_nothing():
    result = extract_text("向县农业农村局争取资金12.5万元改造肉鸡养殖场改善生产环境。")
    assert [(o.indicator, o.value) for o in result.observations] == [("争取资金", "12.5")]


def test_a_figure_inside_a_name_after_and_is_not_an_indicator():
    assert not any(i.endswith("和") for i in indicators("*西路和12个背街小巷升级改造工程扎实推进。"))


def test_an_activity_that_runs_on_into_a_scene_is_no_event():
    assert "*大活动" not in labels(extract_text("以*大活动场景、121场特色活动宣传推介。"), "Event")


def test_a_name_opening_with_a_stop_character_word_keeps_it():
    assert "沿江亲水碧道" in labels(extract_text("地处江河畔的石岭镇\n沿江亲水碧道宛如一条绸带\n"), "Place")


def test_a_generic_industrial_park_is_no_zone():
    result = extract_text("六大集群蓄力 工业园区扩容提质\n")
    assert not labels(result, "Zone") and not labels(result, "Project")


def test_the_area_named_in_the_clause_implements_the_programme():
    text = (
        "今年以来，各县区推出一系列措施。\n\n罗湖\n\n深圳市罗湖区是中心城区。罗湖实施集群化发展行动，推动街道组团发展。"
    )
    result = extract_text(text)
    facts = {(f.subject, f.predicate, f.object) for f in result.facts}
    assert ("罗湖区", "implements", "集群化发展行动") in facts


def test_here_is_the_reporting_area_when_it_wins_an_honour():
    text = (
        "石岭镇推进“百千万工程”。\n"
        "石岭镇荔枝种植面积高达2万亩。这里不仅培育出多个特色品种，更荣获“全省荔枝产业示范镇”称号。"
    )
    facts = {(f.subject, f.predicate, f.object) for f in extract_text(text).facts}
    assert ("石岭镇", "awarded", "全省荔枝产业示范镇") in facts


def test_a_policy_put_into_practice_by_nobody_named_is_no_fact_unless_it_is_the_central_programme():
    text = (
        "关于石岭镇推进“百千万工程”的报告\n"
        "“百千万工程”启动以来，石岭镇全面部署。\n"
        "全面贯彻落实省委“1234”具体部署，紧抓发展这一核心。\n"
        "深入实施“百千万工程”，推动经济持续向好。\n"
    )
    facts = {(f.subject, f.predicate, f.object) for f in extract_text(text).facts if f.predicate == "implements"}
    assert ("石岭镇", "implements", "百千万工程") in facts
    assert not any(o.startswith("1234") for _, _, o in facts)
