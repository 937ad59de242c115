"""Figures for the graph: exact decimals in base units, unit terms, and the bounds of redactions.

A redacted figure is never given a value. Where the redaction hides only digits, the
range it allows is recorded instead (``17*.53亿元`` → 170.53 to 179.53 亿元, in yuan), so
figures can still be compared honestly. Each mask stands for one digit, as in the
annotation guide's examples (``5*个`` → 50 to 59); a number whose whole integer part is
masked (``*.53``, ``**``) gets no bounds, since nothing says how many digits are hidden.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from rdflib import URIRef

from bqw.extract.numbers import VALUE_RE, parse_value
from bqw.rdf.vocab import BQW

BASE_UNITS: dict[str, URIRef] = {
    "yuan": BQW.Yuan,
    "usd": BQW.USDollar,
    "m2": BQW.SquareMetre,
    "m": BQW.Metre,
    "kg": BQW.Kilogram,
    "m3": BQW.CubicMetre,
    "W": BQW.Watt,
    "kWh": BQW.KilowattHour,
    "percent": BQW.Percent,
    "count": BQW.Count,
}
_MASK = "*xX"
_WRITTEN = re.compile(r"(?P<num>[0-9*xX]+(?:\.[0-9*xX]+)?)(?P<mult>[万亿千百十]{0,2})(?P<hedge>多|余)?")


@dataclass(frozen=True)
class Figure:
    """A value as the graph holds it.

    Attributes:
        written: the number as written, redactions kept.
        unit_written: the unit as written (``亿元``).
        masked: the number holds a redaction.
        value: the exact value in ``unit``; None when masked or unreadable.
        lower: smallest value a digits-only redaction allows, in ``unit``.
        upper: largest such value.
        unit: the base unit term, when known.
    """

    written: str
    unit_written: str | None
    masked: bool
    value: Decimal | None
    lower: Decimal | None
    upper: Decimal | None
    unit: URIRef | None


def _factor(mult: str, unit: str | None) -> tuple[Decimal, str | None] | None:
    """The multiplier from the written number to the base unit, and the base unit's name."""
    match = VALUE_RE.fullmatch(f"1{mult}{unit or ''}")
    if match is None:
        return None
    parsed = parse_value(match)
    if parsed.normalized is None:
        return None
    # repr of the extractor's factor (1e8, 666.667) is the decimal it was written as.
    return Decimal(repr(parsed.normalized)), parsed.base_unit


def figure(written: str, unit: str | None, masked: bool, normalized: float | None = None) -> Figure:
    """The graph's view of a written value.

    >>> f = figure("17*.53", "亿元", True)
    >>> (f.value, f.lower, f.upper, f.unit.fragment)
    (None, Decimal('17053000000'), Decimal('17953000000'), 'Yuan')
    >>> figure("1.1", "亿元", False, 110000000.0).value
    Decimal('110000000')
    """
    match = _WRITTEN.fullmatch(written)
    factor = _factor(match.group("mult"), unit) if match else None
    base = BASE_UNITS.get(factor[1]) if factor and factor[1] else None
    if match is None or factor is None:
        value = None if masked or normalized is None else Decimal(repr(normalized))
        return Figure(written, unit, masked, value, None, None, base)
    number = match.group("num")
    if not masked:
        return Figure(written, unit, False, _exact(Decimal(number) * factor[0]), None, None, base)
    if not any(ch.isdigit() for ch in number.split(".")[0]):
        # Only masks before the point (*.53, **): nothing says how many digits they hide.
        return Figure(written, unit, True, None, None, None, base)
    lower = Decimal("".join("0" if ch in _MASK else ch for ch in number)) * factor[0]
    upper = Decimal("".join("9" if ch in _MASK else ch for ch in number)) * factor[0]
    return Figure(written, unit, True, None, _exact(lower), _exact(upper), base)


def amount(text: str) -> Figure:
    """An amount written in one piece, as in an ``investment`` fact (``1.1亿元``)."""
    match = VALUE_RE.fullmatch(text)
    if match is None:
        return Figure(text, None, any(ch in _MASK for ch in text), None, None, None, None)
    parsed = parse_value(match)
    return figure(parsed.value, parsed.unit, parsed.masked, parsed.normalized)


def decimal_lexical(value: Decimal) -> str:
    """The XSD canonical form of a decimal: no exponent, and a point (``2.0``, ``0.53``).

    >>> decimal_lexical(Decimal("1.7053E+10")), decimal_lexical(Decimal("3.90"))
    ('17053000000.0', '3.9')
    """
    normal = value.normalize()
    if normal == normal.to_integral():
        return f"{normal.quantize(Decimal(1)):f}.0"
    return f"{normal:f}"


def _exact(value: Decimal) -> Decimal:
    """Drop trailing zeros without switching to exponent notation."""
    normal = value.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral() else normal
