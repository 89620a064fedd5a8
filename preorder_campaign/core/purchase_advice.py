"""From pre-ordered quantities to purchase lines.

The Odoo side reads ``product.supplierinfo`` rows into ``SupplierPrice`` values and
aggregates pre-ordered quantities into ``Demand`` values; this module picks a
vendor, rounds the quantity to what the vendor sells and finds the unit price.

Float handling: quantities compare with ``EPSILON`` of tolerance (a min_qty of 10
is reached by 9.9999999). Rounding to a packaging multiple tolerates a millionth
of a multiple of noise (``MULTIPLE_TOLERANCE``) and rebuilds the result from the
decimal repr of the multiple, so 3 multiples of 0.1 give 0.3, not
0.30000000000000004. Money is not rounded here; the Odoo side rounds to currency.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

EPSILON = 1e-6
MULTIPLE_TOLERANCE = 1e-6

REASON_NONE = ""
REASON_MIN_QTY = "min_qty"
REASON_MULTIPLE = "multiple"
REASON_BOTH = "min_qty+multiple"

__all__ = [
    "AdviceLine",
    "Demand",
    "PriceBreak",
    "SupplierPrice",
    "aggregate_demand",
    "build_advice",
    "deduct_ordered",
    "next_price_break",
    "price_for_quantity",
    "round_purchase_quantity",
    "select_vendor",
    "split_over_drops",
    "vendor_breaks",
    "vendor_quote",
]


@dataclass(frozen=True)
class SupplierPrice:
    """One ``product.supplierinfo`` row, as plain values."""

    id: int
    vendor_id: int
    min_qty: float
    price: float
    sequence: int = 10
    date_start: date | None = None
    date_end: date | None = None
    company_id: int | None = None  # None = all companies
    product_id: int | None = None  # variant-specific row; None = any variant
    product_code: str | None = None
    delay: int = 0
    # The vendor sells in packs of this many product units (0 = no packaging).
    multiple: float = 0.0


@dataclass(frozen=True)
class Demand:
    product_id: int
    confirmed_qty: float
    unconfirmed_qty: float


@dataclass(frozen=True)
class AdviceLine:
    product_id: int
    vendor_id: int | None  # None = no vendor found; reported, never dropped
    demand: float
    quantity: float  # rounded to min_qty / packaging multiple
    rounding_reason: str  # '' | 'min_qty' | 'multiple' | 'min_qty+multiple'
    unit_price: float
    subtotal: float
    supplier_price_id: int | None
    product_code: str | None
    delay: int
    # The chosen vendor's next price break for the demand (None: no cheaper break).
    next_break: PriceBreak | None = None


@dataclass(frozen=True)
class RoundedPurchase:
    """What buying a demand from the chosen vendor row means: the quantity rounded
    to its minimum and packs, and the next price break from there."""

    chosen: SupplierPrice
    quantity: float
    next_break: PriceBreak | None


def aggregate_demand(rows: Iterable[tuple[int, float, bool]]) -> dict[int, Demand]:
    """Sum ``(product_id, qty, confirmed)`` rows per product.

    ``math.fsum`` makes the totals independent of row order. Zero rows are
    skipped, and so are products whose totals are both zero. Keys are sorted.
    """
    confirmed: dict[int, list[float]] = {}
    unconfirmed: dict[int, list[float]] = {}
    for product_id, qty, is_confirmed in rows:
        if abs(qty) <= EPSILON:
            continue
        confirmed.setdefault(product_id, [])
        unconfirmed.setdefault(product_id, [])
        (confirmed if is_confirmed else unconfirmed)[product_id].append(qty)
    result = {}
    for product_id in sorted(confirmed):
        demand = Demand(
            product_id=product_id,
            confirmed_qty=math.fsum(confirmed[product_id]),
            unconfirmed_qty=math.fsum(unconfirmed[product_id]),
        )
        if abs(demand.confirmed_qty) > EPSILON or abs(demand.unconfirmed_qty) > EPSILON:
            result[product_id] = demand
    return result


def _is_valid(row: SupplierPrice, product_id: int, on_date: date | None, company_id) -> bool:
    """Company, date and variant filters of Odoo's ``_select_seller``.

    ``on_date=None`` disables the date filter.
    """
    if row.company_id not in (None, company_id):
        return False
    if row.product_id not in (None, product_id):
        return False
    if on_date is not None:
        if row.date_start is not None and row.date_start > on_date:
            return False
        if row.date_end is not None and row.date_end < on_date:
            return False
    return True


def _reached(row: SupplierPrice, quantity: float) -> bool:
    return row.min_qty <= quantity + EPSILON


def select_vendor(
    prices: Iterable[SupplierPrice],
    *,
    product_id: int,
    quantity: float,
    on_date: date | None,
    company_id: int | None,
) -> SupplierPrice | None:
    """The supplier row to buy ``quantity`` from, as Odoo's ``_select_seller`` picks it.

    Valid rows are ordered like Odoo's ``_prepare_sellers``: (sequence, -min_qty,
    price, id); the first row whose min_qty is reached wins. If none is reached,
    the row of the best sequence with the smallest min_qty is returned anyway (the
    caller rounds the quantity up to its min_qty), so that a product with a vendor
    is never reported as vendor-less.
    """
    valid = sorted(
        (row for row in prices if _is_valid(row, product_id, on_date, company_id)),
        key=lambda row: (row.sequence, -row.min_qty, row.price, row.id),
    )
    for row in valid:
        if _reached(row, quantity):
            return row
    if not valid:
        return None
    return min(valid, key=lambda row: (row.sequence, row.min_qty, row.price, row.id))


def vendor_quote(
    prices: Iterable[SupplierPrice],
    *,
    vendor_id: int,
    product_id: int,
    quantity: float,
    on_date: date | None,
    company_id: int | None,
) -> SupplierPrice | None:
    """The vendor's row that prices ``quantity`` bought as is (no rounding).

    The price break reached by ``quantity``; below every break, the row
    ``select_vendor`` falls back to among the vendor's rows (best sequence,
    smallest min_qty): the purchase plan shows that price for quantities the
    advice will round up. None: the vendor has no valid row."""
    row = price_for_quantity(
        prices,
        vendor_id=vendor_id,
        product_id=product_id,
        quantity=quantity,
        on_date=on_date,
        company_id=company_id,
    )
    if row is not None:
        return row
    return select_vendor(
        (price for price in prices if price.vendor_id == vendor_id),
        product_id=product_id,
        quantity=quantity,
        on_date=on_date,
        company_id=company_id,
    )


def deduct_ordered(
    demands: Iterable[Demand] | Mapping[int, Demand], ordered: Mapping[int, float]
) -> list[Demand]:
    """Demands minus what confirmed purchase orders already buy, per product.

    The ordered quantity covers the confirmed demand first, then the
    unconfirmed one; nothing goes below zero. So the advice buys only what is
    still missing, with or without the unconfirmed pre-orders."""
    if isinstance(demands, Mapping):
        demands = demands.values()
    result = []
    for item in demands:
        rest = max(0.0, ordered.get(item.product_id, 0.0))
        covered = min(rest, max(0.0, item.confirmed_qty))
        rest -= covered
        result.append(
            Demand(
                product_id=item.product_id,
                confirmed_qty=item.confirmed_qty - covered,
                unconfirmed_qty=max(0.0, item.unconfirmed_qty - rest),
            )
        )
    return result


def round_purchase_quantity(demand: float, *, min_qty: float = 0.0, multiple: float = 0.0) -> float:
    """Smallest q >= demand and >= min_qty that is a whole number of ``multiple``
    (when ``multiple > 0``). ``demand <= 0`` gives 0.0: nothing to buy.

    Float-safe: within ``MULTIPLE_TOLERANCE`` of a multiple counts as that
    multiple, and the result may be below ``demand`` by float noise only.
    """
    if demand <= 0:
        return 0.0
    target = max(demand, min_qty)
    if multiple <= 0:
        return float(target)
    # At least one multiple: a positive demand is never rounded down to nothing.
    count = max(1, math.ceil(target / multiple - MULTIPLE_TOLERANCE))
    return float(count * Decimal(repr(float(multiple))))


def split_over_drops(
    drop_demands: Iterable[tuple[int, float]], quantity: float, *, multiple: float = 0.0
) -> list[tuple[int, float]]:
    """Share a product's purchase ``quantity`` (the campaign's total, rounded to the
    vendor's minimum and packs) over its delivery drops: ``drop_demands`` is
    ``[(drop_id, demand)]`` in delivery order. Each drop gets its demand rounded up
    to whole packs of ``multiple``; what the vendor minimum adds beyond that goes
    to the first drop (the goods arrive first). Drops without demand get nothing.
    The sum is at least ``quantity``: whole packs per drop may add up to more.
    """
    drop_demands = list(drop_demands)
    shares = [
        (drop_id, round_purchase_quantity(demand, multiple=multiple))
        for drop_id, demand in drop_demands
    ]
    extra = quantity - sum(share for _drop_id, share in shares)
    if extra > EPSILON and shares:
        # The first drop with a demand, else the first drop.
        index = next((i for i, (_d, share) in enumerate(shares) if share > EPSILON), 0)
        drop_id, share = shares[index]
        shares[index] = (drop_id, share + extra)
    return shares


def price_for_quantity(
    prices: Iterable[SupplierPrice],
    *,
    vendor_id: int,
    product_id: int,
    quantity: float,
    on_date: date | None,
    company_id: int | None,
) -> SupplierPrice | None:
    """The vendor's price break reached by ``quantity``: the valid row with the
    highest min_qty <= quantity (ties: lowest sequence, then lowest price)."""
    reached = [
        row
        for row in prices
        if row.vendor_id == vendor_id
        and _is_valid(row, product_id, on_date, company_id)
        and _reached(row, quantity)
    ]
    if not reached:
        return None
    return min(reached, key=lambda row: (-row.min_qty, row.sequence, row.price, row.id))


def _rounding_reason(demand: float, quantity: float, min_qty: float) -> str:
    raised_by_min = min_qty > demand + EPSILON
    raised_by_multiple = quantity > max(demand, min_qty) + EPSILON
    if raised_by_min and raised_by_multiple:
        return REASON_BOTH
    if raised_by_min:
        return REASON_MIN_QTY
    if raised_by_multiple:
        return REASON_MULTIPLE
    return REASON_NONE


def build_advice(
    demands: Iterable[Demand] | Mapping[int, Demand],
    prices_by_product: Mapping[int, list[SupplierPrice]],
    *,
    include_unconfirmed: bool,
    on_date: date | None,
    company_id: int | None,
    multiples: Mapping[int, float] | None = None,
) -> list[AdviceLine]:
    """One purchase advice line per product with a positive demand.

    The vendor is chosen at the demanded quantity, the quantity is rounded to
    that row's min_qty and the product's packaging multiple, and the unit price
    is the break reached by the *rounded* quantity (it may be cheaper). The
    chosen row's own ``multiple`` (the vendor sells in packs) wins over the
    product's entry in ``multiples``. A
    product without any valid vendor row is kept with ``vendor_id=None``.
    ``demands`` may be a list of ``Demand`` or the dict from
    ``aggregate_demand``. Sorted by (no vendor last, vendor_id, product_id).
    """
    if isinstance(demands, Mapping):
        demands = demands.values()
    multiples = multiples or {}
    lines = []
    seen = set()
    for item in demands:
        if item.product_id in seen:
            raise ValueError(f"duplicate demand for product {item.product_id}")
        seen.add(item.product_id)
        demand = item.confirmed_qty + (item.unconfirmed_qty if include_unconfirmed else 0.0)
        if demand <= EPSILON:
            continue
        lines.append(
            _advice_line(
                item.product_id,
                demand,
                prices_by_product.get(item.product_id, []),
                on_date=on_date,
                company_id=company_id,
                multiple=multiples.get(item.product_id, 0.0),
            )
        )
    lines.sort(key=lambda line: (line.vendor_id is None, line.vendor_id or 0, line.product_id))
    return lines


def rounded_purchase(
    prices: Iterable[SupplierPrice],
    *,
    product_id: int,
    demand: float,
    on_date: date | None,
    company_id: int | None,
    multiple: float = 0.0,
) -> RoundedPurchase | None:
    """The vendor row chosen for ``demand``, the quantity bought (rounded to that
    row's minimum and to its packs, else to ``multiple``) and the vendor's next price
    break for it: the units missing counted from ``demand``, the price reached by the
    rounded quantity. The one figure the advice and the purchase plan show. None:
    no valid vendor row."""
    prices = list(prices)
    chosen = select_vendor(
        prices, product_id=product_id, quantity=demand, on_date=on_date, company_id=company_id
    )
    if chosen is None:
        return None
    multiple = chosen.multiple if chosen.multiple > 0 else multiple
    quantity = round_purchase_quantity(demand, min_qty=chosen.min_qty, multiple=multiple)
    breaks = vendor_breaks(
        prices,
        vendor_id=chosen.vendor_id,
        product_id=product_id,
        on_date=on_date,
        company_id=company_id,
    )
    return RoundedPurchase(
        chosen=chosen,
        quantity=quantity,
        next_break=next_price_break(demand, breaks, bought_qty=quantity),
    )


def _advice_line(
    product_id: int,
    demand: float,
    prices: list[SupplierPrice],
    *,
    on_date: date | None,
    company_id: int | None,
    multiple: float,
) -> AdviceLine:
    purchase = rounded_purchase(
        prices,
        product_id=product_id,
        demand=demand,
        on_date=on_date,
        company_id=company_id,
        multiple=multiple,
    )
    if purchase is None:
        return AdviceLine(
            product_id=product_id,
            vendor_id=None,
            demand=demand,
            quantity=demand,
            rounding_reason=REASON_NONE,
            unit_price=0.0,
            subtotal=0.0,
            supplier_price_id=None,
            product_code=None,
            delay=0,
        )
    chosen, quantity = purchase.chosen, purchase.quantity
    row = price_for_quantity(
        prices,
        vendor_id=chosen.vendor_id,
        product_id=product_id,
        quantity=quantity,
        on_date=on_date,
        company_id=company_id,
    )
    row = row or chosen  # unreachable in practice: the rounded qty reaches chosen.min_qty
    return AdviceLine(
        product_id=product_id,
        vendor_id=chosen.vendor_id,
        demand=demand,
        quantity=quantity,
        rounding_reason=_rounding_reason(demand, quantity, chosen.min_qty),
        unit_price=row.price,
        subtotal=quantity * row.price,
        supplier_price_id=row.id,
        product_code=row.product_code,
        delay=row.delay,
        next_break=purchase.next_break,
    )


# -- Price breaks ----------------------------------------------------------------------


@dataclass(frozen=True)
class PriceBreak:
    """The next break for a quantity.

    ``saving`` is what the whole quantity at the break (``min_qty`` units) costs
    less at the break's price than at the price reached now. Below the vendor's
    minimum the next break is the minimum itself (``below_minimum``): its units
    are bought anyway (the advice rounds up to it), so it saves nothing but is
    worth selling; then ``current_price`` is the minimum's price.
    """

    min_qty: float
    price: float
    missing_qty: float
    current_price: float
    saving: float
    below_minimum: bool


def _price_at(breaks: list[tuple[float, float]], quantity: float) -> float | None:
    """Price of the highest break reached by ``quantity`` (``breaks`` sorted)."""
    price = None
    for min_qty, break_price in breaks:
        if min_qty <= quantity + EPSILON:
            price = break_price
    return price


def next_price_break(
    quantity: float,
    breaks: Mapping[float, float],
    *,
    minimum: float | None = None,
    bought_qty: float | None = None,
) -> PriceBreak | None:
    """The next break of ``breaks`` for a needed ``quantity``, or None when there is none.

    ``minimum`` is the vendor's minimum (default and floor: the smallest break).
    ``bought_qty`` is what is actually bought (the quantity rounded to the minimum
    or packs, default ``quantity``): the price reached is the one of that
    quantity, as on the purchase line, while the units missing are counted from
    ``quantity``. The next break is the first one above the bought quantity with a
    lower price (a higher minimum at the same price is no break).
    """
    rows = sorted(breaks.items())
    if not rows:
        return None
    minimum = max(minimum or 0.0, rows[0][0])
    if quantity + EPSILON < minimum:
        price = _price_at(rows, minimum)
        return PriceBreak(
            min_qty=minimum,
            price=price,
            missing_qty=minimum - quantity,
            current_price=price,
            saving=0.0,
            below_minimum=True,
        )
    reached = max(quantity, bought_qty if bought_qty is not None else quantity)
    current = _price_at(rows, reached)
    for min_qty, price in rows:
        if min_qty > reached + EPSILON and price < current - EPSILON:
            return PriceBreak(
                min_qty=min_qty,
                price=price,
                missing_qty=min_qty - quantity,
                current_price=current,
                saving=min_qty * (current - price),
                below_minimum=False,
            )
    return None


def vendor_breaks(
    prices: Iterable[SupplierPrice],
    *,
    vendor_id: int,
    product_id: int,
    on_date: date | None,
    company_id: int | None,
) -> dict[float, float]:
    """``{min_qty: price}`` of the vendor's valid rows for a product, with the row
    ``purchase_advice.price_for_quantity`` takes when several share a minimum
    (lowest sequence, then lowest price)."""
    best: dict[float, SupplierPrice] = {}
    for row in prices:
        if row.vendor_id != vendor_id or not _is_valid(row, product_id, on_date, company_id):
            continue
        kept = best.get(row.min_qty)
        if kept is None or (row.sequence, row.price, row.id) < (kept.sequence, kept.price, kept.id):
            best[row.min_qty] = row
    return {min_qty: row.price for min_qty, row in best.items()}
