"""Validation of a quantity typed by a customer, before it reaches the ORM.

Accepted inputs: ``int`` and ``float`` (not ``bool``), and strings holding a plain
decimal number such as ``'12'``, ``'12.5'``, ``' 3 '`` or ``'+4'``. Exponent
notation (``'1e3'``), ``'nan'``, ``'inf'``, thousands separators, decimal commas
and non-ASCII digits are refused: nobody types them on purpose, and locale
parsing belongs to the web form. Non-finite numbers (NaN, +/-inf) count as
``not_a_number``.

Float handling: a value within ``INTEGER_TOLERANCE`` of an integer counts as
that integer (``0.1 * 30`` from JavaScript is 3). Rounding to the UoM uses
``Decimal`` on the shortest repr of the float, i.e. on what the customer typed,
so ``2.675`` rounds half-up to ``2.68`` and not to ``2.67``. Comparisons with
``maximum`` and ``cap`` allow ``EPSILON`` of float noise.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

MAX_QUANTITY = 100000  # a sane maximum per line
INTEGER_TOLERANCE = 1e-9
EPSILON = 1e-9

NOT_A_NUMBER = "not_a_number"
NEGATIVE = "negative"
TOO_LARGE = "too_large"
FRACTIONAL = "fractional"
ABOVE_CAP = "above_cap"

_PLAIN_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")

__all__ = [
    "ABOVE_CAP",
    "FRACTIONAL",
    "MAX_QUANTITY",
    "NEGATIVE",
    "NOT_A_NUMBER",
    "TOO_LARGE",
    "QuantityError",
    "QuantityProblem",
    "parse_quantity",
]


@dataclass(frozen=True)
class QuantityProblem:
    """Why a quantity is refused; the Odoo side turns ``code`` into a message."""

    code: str  # 'not_a_number' | 'negative' | 'too_large' | 'fractional' | 'above_cap'


class QuantityError(ValueError):
    """Raised by ``parse_quantity``; ``problem`` tells why."""

    def __init__(self, problem: QuantityProblem) -> None:
        super().__init__(problem.code)
        self.problem = problem


def _fail(code: str) -> QuantityError:
    return QuantityError(QuantityProblem(code))


def _to_decimal(raw: object) -> Decimal:
    """Exact decimal value of an accepted input (see the module docstring)."""
    if isinstance(raw, bool):  # bool is an int subclass: reject it first
        raise _fail(NOT_A_NUMBER)
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise _fail(NOT_A_NUMBER)
        return Decimal(repr(raw))
    if isinstance(raw, str):
        text = raw.strip()
        if not _PLAIN_DECIMAL.fullmatch(text):
            raise _fail(NOT_A_NUMBER)
        return Decimal(text)
    raise _fail(NOT_A_NUMBER)


def _round_half_up(value: Decimal, rounding: float) -> Decimal:
    step = Decimal(repr(float(rounding)))
    return (value / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step


def parse_quantity(
    raw: object,
    *,
    allow_fractional: bool,
    rounding: float = 1.0,
    maximum: float = MAX_QUANTITY,
    cap: float | None = None,
) -> float:
    """The quantity as a float, or ``QuantityError`` with the first problem found.

    Checks, in order: not a number, negative, larger than ``maximum``, fractional
    (only when ``allow_fractional`` is False; ``rounding`` is then ignored),
    above ``cap`` (the outlet stock left). When fractional quantities are allowed
    the value is rounded half-up to ``rounding`` (the UoM rounding) before the
    size checks, so these apply to the quantity that will be stored (a positive
    value that rounds to 0 gives 0.0). 0 is always valid: it means "remove the line".
    """
    if allow_fractional and not (math.isfinite(rounding) and rounding > 0):
        raise ValueError("rounding must be a positive number")
    value = _to_decimal(raw)
    if value < 0:
        raise _fail(NEGATIVE)
    # Also checked before rounding: huge values would overflow the Decimal context.
    if float(value) > maximum + EPSILON:
        raise _fail(TOO_LARGE)

    if allow_fractional:
        quantity = float(_round_half_up(value, rounding))
    else:
        nearest = value.to_integral_value(rounding=ROUND_HALF_UP)
        if abs(value - nearest) > Decimal(repr(INTEGER_TOLERANCE)):
            raise _fail(FRACTIONAL)
        quantity = float(nearest)

    if quantity == 0:
        quantity = 0.0  # no '-0.0' from an input like '-0'
    if quantity > maximum + EPSILON:
        raise _fail(TOO_LARGE)
    if cap is not None and quantity > 0 and quantity > cap + EPSILON:
        raise _fail(ABOVE_CAP)
    return quantity
