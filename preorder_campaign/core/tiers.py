"""Tiered discount on a pre-order total.

The balance is measured on untaxed amounts at pricelist price *before* the tier
discount, so applying the discount can never push an order back below its tier.

The caller sums the balance (the Odoo side does it in SQL, one grouped SUM); this
module says which tier it reaches (``tier_for_balance``) and what each line gets
(``line_discount``).

Float handling: a tier counts as reached when ``min_amount <= balance + EPSILON``,
so 99.99999999 of noise reaches a 100.0 tier. Nothing here rounds to the currency;
the Odoo side does that.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

#: Tolerance on money comparisons, far below any currency rounding.
EPSILON = 1e-6

__all__ = [
    "EPSILON",
    "Tier",
    "TierResult",
    "best_tier",
    "line_discount",
    "next_tier",
    "tier_for_balance",
]


@dataclass(frozen=True)
class Tier:
    """One rung of the ladder: reach ``min_amount`` to get ``discount_percent``."""

    name: str
    min_amount: float  # target balance, untaxed
    discount_percent: float  # 0 < p <= 100

    def __post_init__(self) -> None:
        # Rejected at construction so a bad tier never reaches a computation.
        if not math.isfinite(self.min_amount) or self.min_amount < 0:
            raise ValueError(f"tier {self.name!r}: min_amount must be >= 0")
        if not math.isfinite(self.discount_percent) or not 0 < self.discount_percent <= 100:
            raise ValueError(f"tier {self.name!r}: discount_percent must be in ]0, 100]")


@dataclass(frozen=True)
class TierResult:
    """Where a balance stands on the ladder."""

    balance: float  # never below 0
    tier: Tier | None  # best tier reached
    next_tier: Tier | None  # cheapest better tier not reached yet
    amount_to_next: float  # 0.0 when there is no next tier
    discount_percent: float  # percent of the lines that earn a discount (line_discount)


def _check_tiers(tiers: Iterable[Tier]) -> list[Tier]:
    tiers = list(tiers)
    for tier in tiers:
        if not isinstance(tier, Tier):
            raise TypeError(f"not a Tier: {tier!r}")
    return tiers


def _is_reached(tier: Tier, balance: float) -> bool:
    return balance > EPSILON and tier.min_amount <= balance + EPSILON


def best_tier(tiers: Iterable[Tier], balance: float) -> Tier | None:
    """Highest percent among the tiers reached (ties: the higher ``min_amount``).

    An empty order (balance <= 0) reaches no tier at all, not even one whose
    ``min_amount`` is 0: there is nothing to discount and "you got X%" on an empty
    cart would be misleading. From the first cent, a 0-threshold tier applies.
    """
    tiers = _check_tiers(tiers)
    reached = [t for t in tiers if _is_reached(t, balance)]
    if not reached:
        return None
    # The name only breaks exact duplicates, to stay deterministic.
    return max(reached, key=lambda t: (t.discount_percent, t.min_amount, t.name))


def next_tier(tiers: Iterable[Tier], balance: float) -> Tier | None:
    """Cheapest tier not reached yet that beats the current percent.

    "Cheapest" means lowest ``min_amount``; ties go to the higher percent. With an
    empty order, a 0-threshold tier is the next one (``amount_to_next`` is 0.0).
    """
    tiers = _check_tiers(tiers)
    current = best_tier(tiers, balance)
    current_percent = current.discount_percent if current else 0.0
    candidates = [
        t for t in tiers if t.discount_percent > current_percent and not _is_reached(t, balance)
    ]
    if not candidates:
        return None
    return min(candidates, key=lambda t: (t.min_amount, -t.discount_percent, t.name))


def tier_for_balance(
    tiers: Iterable[Tier],
    balance: float,
    override_percent: float | None = None,
) -> TierResult:
    """Tier reached by a balance, the percent it gives and what is left to the next one.

    ``balance`` is the untaxed total before the tier discount of an order, or of the
    orders of a customer group (the "group target"); the caller sums it. It never
    counts below 0, even when refund lines outweigh the rest.

    ``override_percent`` is a salesperson's manual percent: it replaces the tier
    percent in ``discount_percent``, while ``tier``, ``next_tier`` and
    ``amount_to_next`` still describe the balance. 0 is allowed.
    """
    tiers = _check_tiers(tiers)
    if override_percent is not None and not (
        math.isfinite(override_percent) and 0 <= override_percent <= 100
    ):
        raise ValueError("override_percent must be in [0, 100]")
    if not math.isfinite(balance):
        raise ValueError("the balance must be a finite number")

    balance = max(0.0, float(balance))
    tier = best_tier(tiers, balance)
    upcoming = next_tier(tiers, balance)
    amount_to_next = max(0.0, upcoming.min_amount - balance) if upcoming else 0.0
    if override_percent is not None:
        percent = float(override_percent)
    else:
        percent = tier.discount_percent if tier else 0.0
    return TierResult(
        balance=balance,
        tier=tier,
        next_tier=upcoming,
        amount_to_next=amount_to_next,
        discount_percent=percent,
    )


def line_discount(percent: float, excluded: bool) -> float:
    """The one line rule: a line excluded from the tier discount gets 0 %, every
    other line the order's percent (``TierResult.discount_percent``).

    Excluded lines still count toward the balance. Negative lines (refunds) are
    discounted too, so a refund is valued at the price of the sale it reverses.
    """
    return 0.0 if excluded else percent
