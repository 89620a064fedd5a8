"""Early-booking reward: an extra percent for pre-orders finalized in time.

A campaign may promise an extra discount to customers who finalize their pre-order at
or before an early-booking date. The order keeps the percent it locked in; the line
discount then combines it with the tier percent the way Odoo combines successive
discounts (a 10 % tier and a 2 % reward give 11.8 %, not 12 %): the reward applies to
the price already reduced by the tier.

Nothing here rounds to the discount precision; the Odoo side does that.
"""

from __future__ import annotations

import math
from datetime import datetime

__all__ = ["combine_discounts", "is_early", "locked_in_percent"]


def _check_percent(percent: float) -> float:
    if not (isinstance(percent, int | float) and math.isfinite(percent) and 0 <= percent <= 100):
        raise ValueError(f"a discount percent must be in [0, 100], got {percent!r}")
    return float(percent)


def combine_discounts(*percents: float) -> float:
    """One discount worth the successive ``percents``: ``1 - (1 - a)(1 - b)...``.

    Order does not matter, 0 % changes nothing and 100 % gives 100 %. The result is
    never below the largest percent and never above 100.
    """
    remaining = 1.0
    for percent in percents:
        remaining *= 1.0 - _check_percent(percent) / 100.0
    # Clamp float noise: (1 - 0.3)(1 - 0.1) may print as 36.99999999999999.
    return min(100.0, max(0.0, (1.0 - remaining) * 100.0))


def is_early(moment: datetime, early_booking_date: datetime | None) -> bool:
    """Whether finalizing at ``moment`` earns the reward: at or before the date."""
    return early_booking_date is not None and moment <= early_booking_date


def locked_in_percent(
    percent: float, moment: datetime, early_booking_date: datetime | None
) -> float:
    """The percent an order finalized at ``moment`` locks in: the campaign's reward when
    it is early, else 0."""
    percent = _check_percent(percent)
    return percent if is_early(moment, early_booking_date) else 0.0
