"""Figures: exact decimals in base units; redactions keep their text and give only honest bounds."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bqw.rdf.figures import amount, decimal_lexical, figure
from bqw.rdf.vocab import BQW


@pytest.mark.parametrize(
    ("written", "unit", "lower", "upper", "base"),
    [
        ("17*.53", "亿元", "17053000000", "17953000000", BQW.Yuan),
        ("5*", "个", "50", "59", BQW.Count),
        ("2.*4万多", "个", "20400", "29400", BQW.Count),
        ("1x.5", "万亩", "70000035", "130000065", BQW.SquareMetre),  # 亩 = 666.667 m²
    ],
)
def test_digits_only_redaction_gives_bounds_and_no_value(
    written: str, unit: str, lower: str, upper: str, base: str
) -> None:
    fig = figure(written, unit, masked=True)
    assert fig.value is None
    assert (fig.lower, fig.upper) == (Decimal(lower), Decimal(upper))
    assert fig.unit == base
    assert fig.written == written


@pytest.mark.parametrize("written", ["*多", "**", "*.53", "*万"])
def test_redaction_of_the_whole_integer_part_gives_no_bounds(written: str) -> None:
    # Nothing says how many digits such a redaction hides.
    fig = figure(written, "亿元", masked=True)
    assert (fig.value, fig.lower, fig.upper) == (None, None, None)


@pytest.mark.parametrize(
    ("written", "unit", "value"),
    [
        ("1.1", "亿元", "110000000"),
        ("44.97", "万平方", "449700"),
        ("3", "%", "3"),
        ("4200多", "件", "4200"),
    ],
)
def test_unmasked_value_is_exact_in_its_base_unit(written: str, unit: str, value: str) -> None:
    assert figure(written, unit, masked=False).value == Decimal(value)


def test_amount_parses_a_whole_written_amount() -> None:
    fig = amount("1.1亿元")
    assert (fig.written, fig.unit_written, fig.value, fig.unit) == ("1.1", "亿元", Decimal("110000000"), BQW.Yuan)


def test_decimal_lexical_is_canonical() -> None:
    assert decimal_lexical(Decimal("1.7053E+10")) == "17053000000.0"
    assert decimal_lexical(Decimal("0.530")) == "0.53"
