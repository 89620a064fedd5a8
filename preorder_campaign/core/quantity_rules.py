"""Quantity rules of a campaign product: a minimum, a maximum, a pack multiple.

A rule is ``(min_qty, max_qty, multiple_qty)`` in the product's unit; 0 means "not
set" for each of them (no minimum, no maximum, any quantity). 0 itself is always
allowed: it removes the line. Comparisons allow ``EPSILON`` of float noise
relative to the size of the numbers, so ``0.1 * 30`` is a multiple of ``0.5``.
"""

from __future__ import annotations

import math

EPSILON = 1e-9

BELOW_MIN = "below_min"
ABOVE_MAX = "above_max"
NOT_MULTIPLE = "not_multiple"

__all__ = [
    "ABOVE_MAX",
    "BELOW_MIN",
    "NOT_MULTIPLE",
    "allowed_examples",
    "check_rule_quantity",
    "first_allowed",
    "fit_to_rule",
    "is_multiple",
]


def _tolerance(*values: float) -> float:
    return EPSILON * max(1.0, *(abs(value) for value in values))


def is_multiple(quantity: float, multiple: float) -> bool:
    """Whether `quantity` is a whole number of `multiple` (any quantity for 0)."""
    if not multiple:
        return True
    count = round(quantity / multiple)
    return abs(quantity - count * multiple) <= _tolerance(quantity, multiple)


def check_rule_quantity(
    quantity: float, min_qty: float = 0.0, max_qty: float = 0.0, multiple_qty: float = 0.0
) -> str | None:
    """The first rule `quantity` breaks (``BELOW_MIN``, ``ABOVE_MAX``,
    ``NOT_MULTIPLE``), or ``None``. 0 is always allowed."""
    if abs(quantity) <= _tolerance(quantity):
        return None
    if min_qty and quantity < min_qty - _tolerance(quantity, min_qty):
        return BELOW_MIN
    if max_qty and quantity > max_qty + _tolerance(quantity, max_qty):
        return ABOVE_MAX
    if not is_multiple(quantity, multiple_qty):
        return NOT_MULTIPLE
    return None


def first_allowed(min_qty: float = 0.0, max_qty: float = 0.0, multiple_qty: float = 0.0):
    """The smallest quantity above 0 the rule accepts, ``None`` when none does (a
    maximum below the first multiple reaching the minimum)."""
    if multiple_qty:
        start = max(min_qty, multiple_qty)
        count = math.ceil(start / multiple_qty - _tolerance(start / multiple_qty))
        value = count * multiple_qty
    else:
        value = min_qty
    if max_qty and value > max_qty + _tolerance(value, max_qty):
        return None
    return value or None


def allowed_examples(
    min_qty: float = 0.0, max_qty: float = 0.0, multiple_qty: float = 0.0, count: int = 3
) -> list[float]:
    """The first `count` quantities a multiple rule accepts (``[6, 12, 18]`` for
    "by 6"), fewer when the maximum comes first; empty without a multiple."""
    first = first_allowed(min_qty, max_qty, multiple_qty)
    if not multiple_qty or first is None:
        return []
    values = []
    for index in range(count):
        value = first + index * multiple_qty
        if max_qty and value > max_qty + _tolerance(value, max_qty):
            break
        values.append(round(value, 6))
    return values


def fit_to_rule(
    quantity: float, min_qty: float = 0.0, max_qty: float = 0.0, multiple_qty: float = 0.0
) -> float | None:
    """The quantity the rule accepts closest to a proposed `quantity` (last season's,
    say): up to the next multiple, at least the minimum, at most the largest allowed
    quantity under the maximum. 0 stays 0; ``None`` when the rule accepts nothing."""
    if quantity <= _tolerance(quantity):
        return 0.0
    value = quantity
    if multiple_qty:
        count = math.ceil(value / multiple_qty - _tolerance(value / multiple_qty))
        value = count * multiple_qty
    if min_qty and value < min_qty - _tolerance(value, min_qty):
        value = first_allowed(min_qty, max_qty, multiple_qty)
        if value is None:
            return None
    if max_qty and value > max_qty + _tolerance(value, max_qty):
        if multiple_qty:
            value = math.floor(max_qty / multiple_qty + _tolerance(max_qty / multiple_qty))
            value *= multiple_qty
        else:
            value = max_qty
        if value <= 0 or check_rule_quantity(value, min_qty, max_qty, multiple_qty):
            return None
    return round(value, 6)
