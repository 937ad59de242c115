import pytest

from bqw.extract.numbers import GROWTH_RE, VALUE_RE, cn_number, find_periods, parse_growth, parse_value


@pytest.mark.parametrize(
    ("written", "value", "unit", "masked", "normalized"),
    [
        ("17*.53亿元", "17*.53", "亿元", True, None),
        ("1.1亿元", "1.1", "亿元", False, 1.1e8),
        ("44.97万平方", "44.97", "万平方", False, 449700.0),
        ("2.*4万多个", "2.*4万多", "个", True, None),
        ("70多个", "70多", "个", False, 70.0),
        ("4599户", "4599", "户", False, 4599.0),
        ("2300多亩", "2300多", "亩", False, 2300 * 666.667),
        ("2公里", "2", "公里", False, 2000.0),
        ("2.2万吨", "2.2", "万吨", False, 2.2e7),
        ("56.6%", "56.6", "%", False, 56.6),
        ("1x.5亿元", "1x.5", "亿元", True, None),
    ],
)
def test_values_keep_what_is_written_and_normalise_to_si(written, value, unit, masked, normalized):
    parsed = parse_value(VALUE_RE.search(written))
    assert (parsed.value, parsed.unit, parsed.masked) == (value, unit, masked)
    if normalized is None:
        assert parsed.normalized is None
    else:
        assert parsed.normalized == pytest.approx(normalized, rel=1e-4)


@pytest.mark.parametrize(
    ("text", "growth", "masked"),
    [("增长3.9%", 3.9, False), ("同比下降2%", -2.0, False), ("增长*.*%", None, True), ("增长1.5倍", 150.0, False)],
)
def test_growth_is_signed_and_redactions_are_not_guessed(text, growth, masked):
    assert parse_growth(GROWTH_RE.search(text)) == (growth, masked)


@pytest.mark.parametrize(
    ("text", "year", "iso"),
    [
        ("1-5月，全区", 2023, "2023-01/2023-05"),
        ("2024年，全县", 2025, "2024-01/2024-12"),
        ("一季度，", 2025, "2025-01/2025-03"),
        ("2021-2022年，", 2023, "2021-01/2022-12"),
        ("2023年以来，", 2024, None),
    ],
)
def test_periods_become_iso_intervals(text, year, iso):
    assert find_periods(text, year)[0].iso == iso


def test_small_chinese_numerals():
    assert [cn_number(t) for t in ("三", "十", "十二", "二十", "两")] == [3, 10, 12, 20, 2]
