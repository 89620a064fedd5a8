import math
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from preorder_core import (
    AdviceLine,
    Demand,
    SupplierPrice,
    aggregate_demand,
    build_advice,
    deduct_ordered,
    price_for_quantity,
    round_purchase_quantity,
    select_vendor,
    vendor_quote,
)

DAY = date(2025, 6, 1)
COMPANY = 1
ACME, BOLT = 100, 200  # vendors
WIDGET, GADGET, ORPHAN = 1, 2, 3  # products

qty_st = st.floats(min_value=0.001, max_value=1e5, allow_nan=False)
multiple_st = st.sampled_from([0.0, 0.1, 0.25, 0.5, 1.0, 6.0, 12.0])


def sp(id, vendor_id, min_qty, price, **kwargs):
    return SupplierPrice(id=id, vendor_id=vendor_id, min_qty=min_qty, price=price, **kwargs)


def select(prices, quantity, product_id=WIDGET, on_date=DAY, company_id=COMPANY):
    return select_vendor(
        prices, product_id=product_id, quantity=quantity, on_date=on_date, company_id=company_id
    )


def price_of(prices, vendor_id, quantity, product_id=WIDGET):
    return price_for_quantity(
        prices,
        vendor_id=vendor_id,
        product_id=product_id,
        quantity=quantity,
        on_date=DAY,
        company_id=COMPANY,
    )


def advice(demands, prices_by_product, include_unconfirmed=True, **kwargs):
    kwargs.setdefault("on_date", DAY)
    kwargs.setdefault("company_id", COMPANY)
    return build_advice(
        demands, prices_by_product, include_unconfirmed=include_unconfirmed, **kwargs
    )


# -- aggregate_demand ---------------------------------------------------------------------


def test_aggregate_demand_splits_confirmed():
    rows = [(WIDGET, 3.0, True), (WIDGET, 2.0, False), (GADGET, 1.5, True), (WIDGET, 4.0, True)]
    assert aggregate_demand(rows) == {
        WIDGET: Demand(WIDGET, 7.0, 2.0),
        GADGET: Demand(GADGET, 1.5, 0.0),
    }


def test_aggregate_demand_skips_zero():
    assert aggregate_demand([(WIDGET, 0.0, True), (GADGET, 0.0, False)]) == {}
    assert aggregate_demand([]) == {}


rows_st = st.lists(
    st.tuples(
        st.integers(1, 4),
        st.one_of(st.just(0.0), st.floats(min_value=0.001, max_value=1e4)),
        st.booleans(),
    ),
    max_size=15,
)


@given(rows_st, st.randoms(use_true_random=False))
def test_aggregation_independent_of_row_order(rows, rnd):
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    assert aggregate_demand(shuffled) == aggregate_demand(rows)


@given(rows_st)
def test_aggregation_keeps_every_quantity(rows):
    result = aggregate_demand(rows)
    for product_id in {row[0] for row in rows}:
        confirmed = math.fsum(q for p, q, c in rows if p == product_id and c)
        unconfirmed = math.fsum(q for p, q, c in rows if p == product_id and not c)
        demand = result.get(product_id, Demand(product_id, 0.0, 0.0))
        assert demand.confirmed_qty == pytest.approx(confirmed)
        assert demand.unconfirmed_qty == pytest.approx(unconfirmed)


# -- round_purchase_quantity --------------------------------------------------------------


@pytest.mark.parametrize(
    "demand, min_qty, multiple, expected",
    [
        (7, 0, 0, 7),
        (7, 10, 0, 10),
        (7, 0, 6, 12),
        (12, 0, 6, 12),
        (7, 10, 6, 12),
        (13, 10, 6, 18),
        (0.25, 0, 0.1, 0.3),
        (0.1 + 0.2, 0, 0.1, 0.3),  # 0.30000000000000004 is not a fourth multiple
        (0.7, 0, 0.1, 0.7),
        (0, 10, 6, 0),
        (-3, 10, 6, 0),
        (1e-9, 0, 1, 1),
    ],
)
def test_round_purchase_quantity(demand, min_qty, multiple, expected):
    assert round_purchase_quantity(demand, min_qty=min_qty, multiple=multiple) == expected


@given(qty_st, st.floats(min_value=0, max_value=1e4, allow_nan=False), multiple_st)
def test_rounding_is_the_smallest_that_satisfies(demand, min_qty, multiple):
    q = round_purchase_quantity(demand, min_qty=min_qty, multiple=multiple)
    target = max(demand, min_qty)
    # documented tolerance: a millionth of a multiple, plus float noise
    tolerance = 1e-6 * multiple + 1e-9 * max(1.0, target)
    assert q >= demand - tolerance  # never less than demanded
    assert q >= min_qty - tolerance
    if multiple > 0:
        steps = q / multiple
        assert math.isclose(steps, round(steps), abs_tol=1e-6)
        assert q - multiple < target - tolerance  # one multiple less is not enough
    else:
        assert q == target


# -- select_vendor / price_for_quantity ----------------------------------------------------


def test_select_vendor_by_sequence_then_min_qty_then_price():
    prices = [
        sp(1, BOLT, 0, 9.0, sequence=5),
        sp(2, ACME, 0, 8.0, sequence=1),
        sp(3, ACME, 0, 7.0, sequence=1),
    ]
    assert select(prices, 1).id == 3


def test_select_vendor_needs_min_qty_reached():
    prices = [sp(1, ACME, 50, 5.0, sequence=1), sp(2, BOLT, 1, 9.0, sequence=2)]
    assert select(prices, 10).vendor_id == BOLT
    assert select(prices, 50).vendor_id == ACME
    assert select(prices, 49.9999999).vendor_id == ACME  # float noise


def test_select_vendor_falls_back_to_first_valid_row():
    prices = [sp(1, ACME, 100, 5.0, sequence=2), sp(2, BOLT, 50, 6.0, sequence=2)]
    assert select(prices, 10).id == 2


def test_company_filter():
    prices = [sp(1, ACME, 0, 5.0, company_id=2), sp(2, BOLT, 0, 9.0, sequence=20)]
    assert select(prices, 1, company_id=2).vendor_id == ACME
    assert select(prices, 1, company_id=COMPANY).vendor_id == BOLT
    assert select([prices[0]], 1, company_id=COMPANY) is None


def test_date_filter_bounds_are_inclusive():
    row = sp(1, ACME, 0, 5.0, date_start=date(2025, 5, 1), date_end=date(2025, 5, 31))
    assert select([row], 1, on_date=date(2025, 5, 1)) == row
    assert select([row], 1, on_date=date(2025, 5, 31)) == row
    assert select([row], 1, on_date=date(2025, 4, 30)) is None
    assert select([row], 1, on_date=date(2025, 6, 1)) is None
    assert select([row], 1, on_date=None) == row


def test_variant_specific_rows():
    rows = [sp(1, ACME, 0, 5.0, product_id=GADGET), sp(2, BOLT, 0, 9.0, sequence=20)]
    assert select(rows, 1, product_id=GADGET).vendor_id == ACME
    assert select(rows, 1, product_id=WIDGET).vendor_id == BOLT


BREAKS = [
    sp(1, ACME, 0, 10.0),
    sp(2, ACME, 10, 9.0),
    sp(3, ACME, 50, 8.0),
    sp(4, ACME, 50, 7.5, sequence=20),
    sp(5, BOLT, 20, 1.0),
]


@pytest.mark.parametrize(
    "quantity, row_id", [(1, 1), (9.99, 1), (10, 2), (49, 2), (50, 3), (1e4, 3)]
)
def test_price_break_reached(quantity, row_id):
    assert price_of(BREAKS, ACME, quantity).id == row_id


def test_no_price_break_reached():
    assert price_of(BREAKS, BOLT, 19) is None


@given(
    st.lists(
        st.builds(
            sp,
            id=st.integers(1, 10**6),
            vendor_id=st.sampled_from([ACME, BOLT]),
            min_qty=st.sampled_from([0.0, 1.0, 5.0, 10.0, 100.0]),
            price=st.floats(0, 100),
            sequence=st.integers(1, 3),
        ),
        max_size=8,
    ),
    st.floats(min_value=0, max_value=500),
)
def test_price_break_is_highest_min_qty_reached(prices, quantity):
    row = price_of(prices, ACME, quantity)
    reached = [p for p in prices if p.vendor_id == ACME and p.min_qty <= quantity + 1e-6]
    if not reached:
        assert row is None
    else:
        assert row in reached
        assert row.min_qty == max(p.min_qty for p in reached)


# -- build_advice --------------------------------------------------------------------------


def test_build_advice_rounds_and_prices_at_the_rounded_quantity():
    prices = {WIDGET: [sp(1, ACME, 10, 9.0, product_code="W-1", delay=3), sp(2, ACME, 24, 8.0)]}
    [line] = advice([Demand(WIDGET, 20.0, 0.0)], prices, multiples={WIDGET: 12.0})
    assert line == AdviceLine(
        product_id=WIDGET,
        vendor_id=ACME,
        demand=20.0,
        quantity=24.0,
        rounding_reason="multiple",
        unit_price=8.0,  # 24 reaches the cheaper break
        subtotal=192.0,
        supplier_price_id=2,
        product_code=None,
        delay=0,
    )


@pytest.mark.parametrize(
    "demand, multiple, quantity, reason",
    [
        (20.0, 0.0, 20.0, ""),
        (5.0, 0.0, 10.0, "min_qty"),
        (5.0, 4.0, 12.0, "min_qty+multiple"),
        (5.0, 5.0, 10.0, "min_qty"),
        (11.0, 4.0, 12.0, "multiple"),
    ],
)
def test_rounding_reason(demand, multiple, quantity, reason):
    prices = {WIDGET: [sp(1, ACME, 10, 9.0)]}
    [line] = advice([Demand(WIDGET, demand, 0.0)], prices, multiples={WIDGET: multiple})
    assert (line.quantity, line.rounding_reason) == (quantity, reason)
    assert line.subtotal == pytest.approx(quantity * 9.0)


def test_products_without_vendor_are_kept_last():
    prices = {
        WIDGET: [sp(1, BOLT, 0, 2.0)],
        GADGET: [sp(2, ACME, 0, 3.0)],
        ORPHAN: [sp(3, ACME, 0, 1.0, company_id=99)],  # other company only
    }
    demands = [Demand(ORPHAN, 4.0, 0.0), Demand(WIDGET, 1.0, 0.0), Demand(GADGET, 1.0, 0.0)]
    lines = advice(demands, prices)
    assert [(line.vendor_id, line.product_id) for line in lines] == [
        (ACME, GADGET),
        (BOLT, WIDGET),
        (None, ORPHAN),
    ]
    orphan = lines[-1]
    assert (orphan.quantity, orphan.unit_price, orphan.subtotal) == (4.0, 0.0, 0.0)
    assert orphan.supplier_price_id is None


def test_product_missing_from_prices_is_kept():
    [line] = advice([Demand(ORPHAN, 2.0, 1.0)], {})
    assert (line.vendor_id, line.demand, line.quantity) == (None, 3.0, 3.0)


def test_include_unconfirmed():
    prices = {WIDGET: [sp(1, ACME, 0, 2.0)], GADGET: [sp(2, ACME, 0, 2.0)]}
    demands = {WIDGET: Demand(WIDGET, 3.0, 2.0), GADGET: Demand(GADGET, 0.0, 5.0)}
    with_all = advice(demands, prices, include_unconfirmed=True)
    assert [(line.product_id, line.demand) for line in with_all] == [(WIDGET, 5.0), (GADGET, 5.0)]
    confirmed_only = advice(demands, prices, include_unconfirmed=False)
    assert [(line.product_id, line.demand) for line in confirmed_only] == [(WIDGET, 3.0)]


def test_vendor_chosen_by_date_and_company():
    prices = {
        WIDGET: [
            sp(1, ACME, 0, 5.0, sequence=1, date_end=date(2025, 5, 31)),
            sp(2, BOLT, 0, 6.0, sequence=2),
        ]
    }
    [line] = advice([Demand(WIDGET, 1.0, 0.0)], prices)
    assert line.vendor_id == BOLT
    [line] = advice([Demand(WIDGET, 1.0, 0.0)], prices, on_date=date(2025, 5, 1))
    assert line.vendor_id == ACME


def test_duplicate_demand_rejected():
    with pytest.raises(ValueError):
        advice([Demand(WIDGET, 1.0, 0.0), Demand(WIDGET, 2.0, 0.0)], {})


@given(
    st.lists(st.tuples(st.integers(1, 4), qty_st, qty_st), max_size=4, unique_by=lambda t: t[0]),
    st.dictionaries(st.integers(1, 4), multiple_st),
    st.booleans(),
)
def test_advice_never_buys_less_than_demanded(demand_rows, multiples, include_unconfirmed):
    prices = {
        product_id: [sp(product_id * 10, ACME, 5.0, 4.0), sp(product_id * 10 + 1, ACME, 50, 3.0)]
        for product_id in (1, 2, 3)
    }  # product 4 has no vendor
    demands = [Demand(p, c, u) for p, c, u in demand_rows]
    lines = advice(demands, prices, include_unconfirmed=include_unconfirmed, multiples=multiples)
    assert {line.product_id for line in lines} == {p for p, _, _ in demand_rows}
    for line in lines:
        assert line.quantity >= line.demand - 1e-6 * max(1.0, line.demand)
        if line.vendor_id is None:
            assert line.product_id == 4
        else:
            assert line.quantity >= 5.0 - 1e-6
            assert line.unit_price == (3.0 if line.quantity >= 50 - 1e-6 else 4.0)
    keys = [(line.vendor_id is None, line.vendor_id or 0, line.product_id) for line in lines]
    assert keys == sorted(keys)


def test_select_vendor_prefers_the_highest_break_reached_like_odoo():
    # Same sequence: Odoo's _prepare_sellers sorts by -min_qty, so the vendor whose
    # larger break is reached wins over a vendor with a smaller minimum.
    prices = [sp(1, ACME, min_qty=1, price=9.0), sp(2, BOLT, min_qty=10, price=9.5)]
    chosen = select(prices, 20)
    assert chosen.vendor_id == BOLT
    chosen = select(prices, 5)
    assert chosen.vendor_id == ACME


def test_select_vendor_falls_back_to_the_smallest_minimum():
    prices = [sp(1, ACME, min_qty=50, price=9.0), sp(2, BOLT, min_qty=20, price=9.5)]
    chosen = select(prices, 5)
    assert chosen.vendor_id == BOLT


# -- vendor_quote, deduct_ordered, vendor packaging (preorder_purchase) -------------------


def quote(prices, vendor_id, quantity, product_id=WIDGET):
    return vendor_quote(
        prices,
        vendor_id=vendor_id,
        product_id=product_id,
        quantity=quantity,
        on_date=DAY,
        company_id=COMPANY,
    )


def test_vendor_quote_uses_the_break_reached():
    prices = [
        sp(1, ACME, 0, 10.0),
        sp(2, ACME, 10, 8.0),
        sp(3, ACME, 100, 6.0),
        sp(4, BOLT, 0, 1.0),
    ]
    assert quote(prices, ACME, 5).id == 1
    assert quote(prices, ACME, 10).id == 2
    assert quote(prices, ACME, 250).id == 3
    assert quote(prices, BOLT, 250).id == 4


def test_vendor_quote_below_every_break_falls_back_to_the_smallest_minimum():
    prices = [sp(1, ACME, 50, 9.0), sp(2, ACME, 20, 9.5), sp(3, BOLT, 1, 1.0)]
    assert quote(prices, ACME, 5).id == 2
    assert quote(prices, 999, 5) is None


@given(
    st.lists(
        st.tuples(
            st.sampled_from([ACME, BOLT]),
            st.sampled_from([0.0, 5.0, 10.0, 50.0]),
            st.floats(0.5, 50),
            st.integers(1, 3),
        ),
        min_size=1,
        max_size=6,
    ),
    qty_st,
)
def test_vendor_quote_agrees_with_select_vendor_and_price_breaks(rows, quantity):
    prices = [
        sp(i, vendor, min_qty, price, sequence=seq)
        for i, (vendor, min_qty, price, seq) in enumerate(rows, start=1)
    ]
    chosen = select(prices, quantity)
    row = quote(prices, chosen.vendor_id, quantity)
    assert row.vendor_id == chosen.vendor_id
    reached = price_of(prices, chosen.vendor_id, quantity)
    assert row == (reached or row)
    if reached is None:
        assert row.min_qty > quantity + 1e-6


def test_deduct_ordered_covers_confirmed_first():
    demands = [Demand(WIDGET, 10.0, 5.0), Demand(GADGET, 2.0, 3.0), Demand(ORPHAN, 1.0, 0.0)]
    result = deduct_ordered(demands, {WIDGET: 4.0, GADGET: 4.0})
    assert result == [Demand(WIDGET, 6.0, 5.0), Demand(GADGET, 0.0, 1.0), Demand(ORPHAN, 1.0, 0.0)]


@given(qty_st, qty_st, st.floats(0, 2e5), st.booleans())
def test_deduct_ordered_buys_only_what_is_missing(confirmed, unconfirmed, ordered, include):
    [left] = deduct_ordered({WIDGET: Demand(WIDGET, confirmed, unconfirmed)}, {WIDGET: ordered})
    assert left.confirmed_qty >= 0 and left.unconfirmed_qty >= 0
    wanted = confirmed + (unconfirmed if include else 0.0)
    got = left.confirmed_qty + (left.unconfirmed_qty if include else 0.0)
    assert math.isclose(got, max(0.0, wanted - ordered), rel_tol=1e-9, abs_tol=1e-6)


def test_vendor_packaging_multiple_wins_over_the_product_multiple():
    prices = {WIDGET: [sp(1, ACME, 0, 2.0, multiple=6.0)], GADGET: [sp(2, ACME, 0, 2.0)]}
    lines = advice(
        [Demand(WIDGET, 7.0, 0.0), Demand(GADGET, 7.0, 0.0)],
        prices,
        multiples={WIDGET: 4.0, GADGET: 4.0},
    )
    assert [(line.product_id, line.quantity, line.rounding_reason) for line in lines] == [
        (WIDGET, 12.0, "multiple"),
        (GADGET, 8.0, "multiple"),
    ]
