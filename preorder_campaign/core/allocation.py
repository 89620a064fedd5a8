"""Fair allocation of a short supply among the pre-orders of one product.

When the vendor confirms or delivers less than the customers pre-ordered, each
pre-order line (a *claim*) gets a proposed quantity:

- ``pro_rata`` (default): a share of the supply proportional to what was ordered;
- ``priority``: claims of a better (lower) rank are served in full first; the
  first rank that no longer fits shares what is left pro rata, later ranks get
  nothing;
- ``first_come``: the same with one rank per claim (its order or line date).

Every method keeps these promises, which ``tests/test_allocation.py`` checks:
the quantities sum to at most the supply; nobody gets more than he ordered;
each quantity is a whole number of ``multiple`` (the sale multiple) or the full
quantity ordered; a pro rata quantity is within one multiple of the exact share.

The arithmetic is in integers of ``rounding`` (the unit's smallest step), so it
is exact and cheap for 100,000 claims.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from itertools import groupby

PRO_RATA = "pro_rata"
PRIORITY = "priority"
FIRST_COME = "first_come"
METHODS = (PRO_RATA, PRIORITY, FIRST_COME)

__all__ = ["FIRST_COME", "METHODS", "PRIORITY", "PRO_RATA", "allocate", "exact_shares"]

# Claim = (key, ordered quantity, rank): the rank sorts (lower first); the keys (line
# ids) are sortable and break ties, so that the result does not depend on the order
# the claims come in.
Claim = tuple[Hashable, float, object]


def _steps(quantity: float, rounding: float) -> int:
    """`quantity` in whole steps of `rounding`, rounded down (float noise forgiven)."""
    return int(quantity / rounding + 1e-9)


def allocate(
    claims: Iterable[Claim],
    supply: float,
    *,
    multiple: float = 1.0,
    rounding: float = 1.0,
    method: str = PRO_RATA,
) -> dict[Hashable, float]:
    """``{key: proposed quantity}`` of every claim (``(key, ordered, rank)``).

    :param supply: the quantity available to share (more than ordered: everyone
        gets his order)
    :param multiple: the sale multiple (a pack); 0 or below `rounding` means none
    :param rounding: the smallest quantity step (the unit's rounding, 1 for units)
    :param method: one of ``METHODS``
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, not {method!r}")
    if not rounding > 0:
        raise ValueError("rounding must be a positive number")
    claims = list(claims)
    keys = [claim[0] for claim in claims]
    # In steps of the rounding, rounded down (float noise forgiven): _steps, inlined.
    ordered = [int(claim[1] / rounding + 1e-9) if claim[1] > 0 else 0 for claim in claims]
    available = max(_steps(supply, rounding), 0) if supply > 0 else 0
    step = max(_steps(multiple, rounding), 1) if multiple and multiple > 0 else 1
    if method == PRO_RATA:
        given = _pro_rata(ordered, keys, range(len(claims)), available, step)
    else:
        if method == FIRST_COME:
            ranks = [(claim[2], claim[0]) for claim in claims]
        else:
            ranks = [claim[2] for claim in claims]
        given = _by_rank(ordered, keys, ranks, available, step)
    if rounding == 1:
        return dict(zip(keys, map(float, given), strict=True))
    return {key: round(quantity * rounding, 9) for key, quantity in zip(keys, given, strict=True)}


def _pro_rata(ordered, keys, indexes, available, step, given=None):
    """Share `available` among the claims at `indexes` in proportion to their order:
    each gets his exact share rounded down to the multiple, then what is left goes
    one multiple at a time (or the rest of an order) to the largest remainders."""
    if given is None:
        given = [0] * len(ordered)
    indexes = list(indexes)
    total = sum(ordered[i] for i in indexes)
    if total <= available:
        for i in indexes:
            given[i] = ordered[i]
        return given
    left = available
    unit = total * step
    remainders = []
    for i in indexes:
        # share = ordered * available / total, in steps of the multiple, rounded down
        # (never above the order: the share is below it when the supply is short)
        numerator = ordered[i] * available
        quantity = numerator // unit * step
        given[i] = quantity
        left -= quantity
        remainder = numerator - quantity * total
        if remainder:
            remainders.append((-remainder, keys[i], i))
    # Largest remainder first; equal remainders by key (the line entered first).
    remainders.sort()
    for _remainder, _key, i in remainders:
        if left <= 0:
            break
        extra = ordered[i] - given[i]
        extra = min(extra, step)
        if extra <= left:
            given[i] += extra
            left -= extra
    return given


def _by_rank(ordered, keys, ranks, available, step):
    """Serve the ranks in order: a rank that fits gets its orders in full, the first
    one that does not shares what is left pro rata; the ranks after it get nothing."""
    given = [0] * len(ordered)
    left = available
    order = sorted(range(len(ordered)), key=ranks.__getitem__)
    for _rank, group in groupby(order, key=ranks.__getitem__):
        indexes = list(group)
        wanted = sum(ordered[i] for i in indexes)
        if wanted <= left:
            for i in indexes:
                given[i] = ordered[i]
            left -= wanted
            continue
        _pro_rata(ordered, keys, indexes, left, step, given)
        break
    return given


def exact_shares(ordered: list[float], supply: float) -> list[float]:
    """The exact pro rata shares, unrounded (what a rounded share is compared with)."""
    total = sum(ordered)
    if total <= supply:
        return list(ordered)
    return [quantity * supply / total for quantity in ordered]
