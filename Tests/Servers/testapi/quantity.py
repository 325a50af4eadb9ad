"""Kubernetes resource quantities (k8s.io/apimachinery resource.Quantity): exact parsing and canonical printing.

Parsing is exact (fractions), so `0.1`, `100m`, `1e9`, `1G` and `1Gi` give the numbers the API server would.
Printing follows Quantity.String() for the two forms the metrics and summary APIs produce: a decimal amount of
nanocores (`250m`, `1500m`, `123456789n`, `2`) and a binary amount of bytes (`2093540Ki`, `1Gi`, `1234567`).
"""

from __future__ import annotations

import re
from fractions import Fraction

_SUFFIXES = {
    "n": Fraction(1, 10 ** 9), "u": Fraction(1, 10 ** 6), "m": Fraction(1, 1000), "": Fraction(1),
    "k": Fraction(10 ** 3), "M": Fraction(10 ** 6), "G": Fraction(10 ** 9), "T": Fraction(10 ** 12),
    "P": Fraction(10 ** 15), "E": Fraction(10 ** 18),
    "Ki": Fraction(2 ** 10), "Mi": Fraction(2 ** 20), "Gi": Fraction(2 ** 30), "Ti": Fraction(2 ** 40),
    "Pi": Fraction(2 ** 50), "Ei": Fraction(2 ** 60),
}
_QUANTITY = re.compile(r"^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(?:[eE]([+-]?[0-9]+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]))?$")

_DECIMAL_STEPS = [("E", 10 ** 27), ("P", 10 ** 24), ("T", 10 ** 21), ("G", 10 ** 18), ("M", 10 ** 15),
                  ("k", 10 ** 12), ("", 10 ** 9), ("m", 10 ** 6), ("u", 10 ** 3), ("n", 1)]
_BINARY_STEPS = [("Ei", 2 ** 60), ("Pi", 2 ** 50), ("Ti", 2 ** 40), ("Gi", 2 ** 30), ("Mi", 2 ** 20), ("Ki", 2 ** 10)]


def parse(text) -> Fraction:
    """The exact value of a quantity given as a string (or a JSON number); ValueError when it is none."""
    if isinstance(text, bool):
        raise ValueError(f"quantities must match the regular expression: {text!r}")
    if isinstance(text, (int, float)):
        return Fraction(text)
    m = _QUANTITY.match(str(text).strip())
    if not m:
        raise ValueError(f"quantities must match the regular expression "
                         f"'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$': {text!r}")
    number, exponent, suffix = m.groups()
    value = Fraction(number)
    if exponent is not None:
        return value * Fraction(10) ** int(exponent)
    return value * _SUFFIXES[suffix or ""]


def cores_to_nanos(value: Fraction) -> int:
    """Nanocores, rounded up like Quantity.ScaledValue(Nano)."""
    nanos = value * 10 ** 9
    return int(-(-nanos.numerator // nanos.denominator))


def to_bytes(value: Fraction) -> int:
    """Whole bytes, rounded up like Quantity.Value()."""
    return int(-(-value.numerator // value.denominator))


def format_nanocores(nanos: int) -> str:
    """Canonical decimal form of an amount of nanocores: the largest suffix that keeps it an integer."""
    return _canonical(nanos, _DECIMAL_STEPS)


def format_bytes(n: int) -> str:
    """Canonical binary form of an amount of bytes: `1Gi`, `2093540Ki`, or the plain number."""
    return _canonical(n, _BINARY_STEPS)


def _canonical(n: int, steps: list[tuple[str, int]]) -> str:
    if n == 0:
        return "0"
    sign = "-" if n < 0 else ""
    a = abs(n)
    suffix, factor = next(((s, f) for s, f in steps if a % f == 0), ("", 1))
    return f"{sign}{a // factor}{suffix}"


def nanocores_of(text) -> int:
    return cores_to_nanos(parse(text))


def bytes_of(text) -> int:
    return to_bytes(parse(text))
