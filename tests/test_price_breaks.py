import math
from datetime import date

from hypothesis import assume, given
from hypothesis import strategies as st

from preorder_core import (
    Demand,
    PriceBreak,
    SupplierPrice,
    build_advice,
    next_price_break,
    price_for_quantity,
    rounded_purchase,
    vendor_breaks,
)

DAY = date(2025, 6, 1)
COMPANY = 1
ACME, BOLT = 100, 200
WIDGET = 1

BREAKS = {10.0: 100.0, 50.0: 90.0, 100.0: 80.0}


def test_between_breaks():
    assert next_price_break(45, BREAKS) == PriceBreak(
        min_qty=50.0,
        price=90.0,
        missing_qty=5.0,
        current_price=100.0,
        saving=500.0,
        below_minimum=False,
    )


def test_on_a_break_the_next_one_counts():
    result = next_price_break(50, BREAKS)
    assert (result.min_qty, result.missing_qty, result.current_price, result.saving) == (
        100.0,
        50.0,
        90.0,
        1000.0,
    )


def test_at_the_best_break_there_is_none():
    assert next_price_break(100, BREAKS) is None
    assert next_price_break(1000, BREAKS) is None
    assert next_price_break(5, {}) is None


def test_below_the_minimum():
    assert next_price_break(4, BREAKS) == PriceBreak(
        min_qty=10.0,
        price=100.0,
        missing_qty=6.0,
        current_price=100.0,
        saving=0.0,
        below_minimum=True,
    )


def test_a_higher_minimum_at_the_same_price_is_no_break():
    assert next_price_break(5, {1.0: 10.0, 20.0: 10.0}) is None
    assert next_price_break(5, {1.0: 10.0, 20.0: 10.0, 40.0: 9.0}).min_qty == 40.0


def test_explicit_minimum_above_the_first_break():
    result = next_price_break(8, {1.0: 10.0, 20.0: 9.0}, minimum=12)
    assert (result.min_qty, result.missing_qty, result.below_minimum) == (12, 4, True)
    assert next_price_break(12, {1.0: 10.0, 20.0: 9.0}, minimum=12).min_qty == 20.0


def test_rounded_quantity_prices_but_demand_counts_the_missing_units():
    # 45 wanted, bought in packs of 6: 48, which reaches the break at 48.
    result = next_price_break(45, {1.0: 10.0, 48.0: 9.0, 60.0: 8.0}, bought_qty=48)
    assert (result.min_qty, result.missing_qty, result.current_price) == (60.0, 15.0, 9.0)


def test_vendor_breaks_keeps_the_row_price_for_quantity_takes():
    rows = [
        SupplierPrice(1, ACME, 10, 9.0, sequence=5),
        SupplierPrice(2, ACME, 10, 8.0, sequence=1),
        SupplierPrice(3, ACME, 0, 10.0),
        SupplierPrice(4, BOLT, 20, 1.0),
        SupplierPrice(5, ACME, 50, 1.0, date_end=date(2025, 1, 1)),  # expired
        SupplierPrice(6, ACME, 30, 7.0, product_id=99),  # another variant
    ]
    breaks = vendor_breaks(rows, vendor_id=ACME, product_id=WIDGET, on_date=DAY, company_id=COMPANY)
    assert breaks == {0: 10.0, 10: 8.0}


def test_advice_line_carries_the_next_break():
    rows = [SupplierPrice(1, ACME, 1, 10.0), SupplierPrice(2, ACME, 50, 9.0)]
    (line,) = build_advice(
        [Demand(WIDGET, 44.0, 0.0)],
        {WIDGET: rows},
        include_unconfirmed=False,
        on_date=DAY,
        company_id=COMPANY,
    )
    assert line.next_break.missing_qty == 6.0
    assert math.isclose(line.next_break.saving, 50.0)


def test_packs_that_cross_a_break_leave_no_next_break():
    """10 units bought in packs of 6 are 12, which reach the break from 12: the
    advice and the plan (both through rounded_purchase) show no next break."""
    rows = [
        SupplierPrice(1, ACME, 6, 40.0, multiple=6),
        SupplierPrice(2, ACME, 12, 36.0, multiple=6),
    ]
    purchase = rounded_purchase(
        rows, product_id=WIDGET, demand=10.0, on_date=DAY, company_id=COMPANY
    )
    assert (purchase.chosen.id, purchase.quantity, purchase.next_break) == (1, 12.0, None)
    (line,) = build_advice(
        [Demand(WIDGET, 10.0, 0.0)],
        {WIDGET: rows},
        include_unconfirmed=False,
        on_date=DAY,
        company_id=COMPANY,
    )
    assert (line.quantity, line.unit_price, line.next_break) == (12.0, 36.0, None)
    # Unrounded, 10 would be 2 short of the break.
    assert next_price_break(10.0, {6.0: 40.0, 12.0: 36.0}).missing_qty == 2.0


def test_rounded_purchase_without_vendor():
    assert rounded_purchase([], product_id=WIDGET, demand=5, on_date=DAY, company_id=1) is None


# -- properties -------------------------------------------------------------------------

qty_st = st.floats(min_value=0.0, max_value=1e4, allow_nan=False)
breaks_st = st.dictionaries(
    st.integers(0, 500).map(float),
    st.integers(1, 10_000).map(lambda cents: cents / 100),
    min_size=1,
    max_size=6,
)


def price_at(breaks, quantity):
    rows = [SupplierPrice(i, ACME, q, p) for i, (q, p) in enumerate(sorted(breaks.items()))]
    row = price_for_quantity(
        rows, vendor_id=ACME, product_id=WIDGET, quantity=quantity, on_date=DAY, company_id=1
    )
    return row and row.price


@given(qty_st, breaks_st)
def test_next_break_is_reached_cheaper_and_first(quantity, breaks):
    result = next_price_break(quantity, breaks)
    minimum = min(breaks)
    if quantity < minimum - 1e-6:
        assert result.below_minimum and result.saving == 0.0
        assert math.isclose(result.missing_qty, minimum - quantity)
        assert result.price == price_at(breaks, minimum)
        return
    current = price_at(breaks, quantity)
    cheaper_above = [q for q, p in breaks.items() if q > quantity + 1e-6 and p < current - 1e-6]
    if not cheaper_above:
        assert result is None
        return
    assert not result.below_minimum
    assert result.min_qty == min(cheaper_above)
    assert result.missing_qty > 0
    # The missing units reach the break's price.
    assert price_at(breaks, quantity + result.missing_qty) == result.price
    assert result.current_price == current > result.price
    assert math.isclose(result.saving, result.min_qty * (current - result.price))
    assert result.saving > 0


@given(qty_st, breaks_st, st.floats(min_value=0.0, max_value=600.0))
def test_bought_quantity_never_moves_the_break_below_it(quantity, breaks, extra):
    assume(quantity >= min(breaks))
    bought = quantity + extra
    result = next_price_break(quantity, breaks, bought_qty=bought)
    if result is not None:
        assert result.min_qty > bought
        assert result.current_price == price_at(breaks, bought)
        assert math.isclose(result.missing_qty, result.min_qty - quantity)
