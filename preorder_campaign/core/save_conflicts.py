"""Stale changes of a save replayed from a device that was offline.

A device queues a change of a quantity together with its *base*: the stored
quantity the change started from (what the device last knew as saved). When the
batch reaches the server, the stored quantity may have moved meanwhile (another
device, a rep, another tab). The change is then **stale** and is not applied:
the stored quantity wins and the device is told what it is.

A change is stale when the stored quantity differs from its base *and* from the
quantity it asks for. Consequences the callers rely on:

- no base, no conflict: an old client (or a product the device never saw saved)
  saves as before;
- a change asking for what is already stored is never stale, so replaying a batch
  converges instead of conflicting with itself;
- a change whose base is what is stored is applied.

Quantities are in the product's unit; two quantities are the same when they differ
by less than half the unit's ``rounding`` (the values are rounded to it already,
what is left is float noise).
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["is_stale", "same_quantity", "stale_quantities"]


def same_quantity(first: float, second: float, rounding: float = 1.0) -> bool:
    """Whether two quantities of a product with unit `rounding` are the same."""
    if not rounding > 0:
        raise ValueError("rounding must be a positive number")
    return abs(first - second) < rounding / 2


def is_stale(stored: float, base: float | None, requested: float, rounding: float = 1.0) -> bool:
    """Whether changing `base` into `requested` is stale now that `stored` is stored.

    :param base: the stored quantity the change started from; ``None`` when unknown
        (never stale)
    """
    if base is None:
        return False
    return not same_quantity(stored, base, rounding) and not same_quantity(
        stored, requested, rounding
    )


def stale_quantities(
    stored: Mapping[int, float],
    base: Mapping[int, float],
    requested: Mapping[int, float],
    rounding: Mapping[int, float],
) -> dict[int, float]:
    """``{product: stored quantity}`` of the stale changes of a batch.

    :param stored: the quantities stored now; a product missing is stored at 0
    :param base: the bases the device sent; a product missing has none
    :param requested: the quantities the batch asks for
    :param rounding: the unit rounding of each product of `requested` (default 1)
    """
    return {
        product: stored.get(product, 0.0)
        for product, quantity in requested.items()
        if is_stale(
            stored.get(product, 0.0), base.get(product), quantity, rounding.get(product, 1.0)
        )
    }
