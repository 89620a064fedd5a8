"""Rules on the delivery date a customer asks for.

Dates are whole days (``datetime.date``), so no float tolerance is involved.
``other_dates`` are the desired dates of the customer's other pre-orders; the
caller leaves out the order being checked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

IN_PAST = "in_past"
BEFORE_EARLIEST = "before_earliest"
TOO_CLOSE = "too_close"

__all__ = [
    "BEFORE_EARLIEST",
    "IN_PAST",
    "TOO_CLOSE",
    "DeliveryProblem",
    "check_delivery_date",
    "first_allowed_date",
]


@dataclass(frozen=True)
class DeliveryProblem:
    """Why a date is refused; the Odoo side turns ``code`` into a message."""

    code: str  # 'before_earliest' | 'too_close' | 'in_past'
    other_date: date | None = None  # closest other date / the earliest date


def _closest_conflict(desired: date, other_dates: Iterable, min_days_between: int) -> date | None:
    """The other date closest to ``desired`` among those less than
    ``min_days_between`` days away (ties: the earlier one), or None."""
    if min_days_between <= 0:
        return None
    conflicts = [
        other
        for other in other_dates
        if other is not None and abs((desired - other).days) < min_days_between
    ]
    if not conflicts:
        return None
    return min(conflicts, key=lambda other: (abs((desired - other).days), other))


def check_delivery_date(
    desired: date,
    *,
    earliest: date | None,
    other_dates: Iterable,
    min_days_between: int,
    today: date | None = None,
) -> DeliveryProblem | None:
    """First problem with ``desired``, or None when the date is fine.

    Checked in this order: in the past (only when ``today`` is given), before
    the campaign's earliest date, too close to another delivery. "Too close" is
    symmetric: ``abs(days) < min_days_between``; ``min_days_between <= 0``
    disables it.
    """
    if today is not None and desired < today:
        return DeliveryProblem(IN_PAST)
    if earliest is not None and desired < earliest:
        return DeliveryProblem(BEFORE_EARLIEST, earliest)
    conflict = _closest_conflict(desired, other_dates, min_days_between)
    if conflict is not None:
        return DeliveryProblem(TOO_CLOSE, conflict)
    return None


def first_allowed_date(
    *,
    earliest: date | None,
    other_dates: Iterable,
    min_days_between: int,
    today: date,
) -> date:
    """Smallest date >= max(earliest, today) accepted by ``check_delivery_date``.

    When a candidate is too close to another date, every day before
    ``other + min_days_between`` is too close to it as well, so we jump there.
    Each jump moves forward and the other dates are finite, so this ends.
    """
    other_dates = [other for other in other_dates if other is not None]
    candidate = today if earliest is None else max(earliest, today)
    while True:
        conflict = _closest_conflict(candidate, other_dates, min_days_between)
        if conflict is None:
            return candidate
        candidate = conflict + timedelta(days=min_days_between)
