"""The purchase of a product shared over its delivery drops (split_over_drops)."""

from hypothesis import given
from hypothesis import strategies as st

from preorder_core import (
    round_purchase_quantity,
    split_over_drops,
)
from preorder_core.purchase_advice import EPSILON


def test_each_drop_rounded_to_packs():
    # 7 and 5 in packs of 6: one pack each, 12 over both drops.
    assert split_over_drops([(1, 7), (2, 5)], 12, multiple=6) == [(1, 12.0), (2, 6.0)]


def test_vendor_minimum_goes_to_the_first_drop_with_demand():
    # Minimum 50: the total buys 50, the first drop that needs any carries the extra.
    assert split_over_drops([(1, 0), (2, 10), (3, 20)], 50) == [(1, 0.0), (2, 30.0), (3, 20.0)]


def test_without_packs_or_minimum_each_drop_buys_its_demand():
    assert split_over_drops([(1, 3), (2, 4)], 7) == [(1, 3.0), (2, 4.0)]


def test_no_drops():
    assert split_over_drops([], 10) == []


demands = st.lists(
    st.floats(min_value=0, max_value=1000, allow_nan=False).map(lambda q: round(q, 2)),
    min_size=1,
    max_size=6,
)


@given(
    demands,
    st.sampled_from([0.0, 1.0, 6.0, 12.0, 0.5]),
    st.sampled_from([0.0, 10.0, 100.0, 250.0]),
)
def test_split_properties(drop_demands, multiple, min_qty):
    total = sum(drop_demands)
    quantity = round_purchase_quantity(total, min_qty=min_qty, multiple=multiple)
    shares = split_over_drops(list(enumerate(drop_demands)), quantity, multiple=multiple)
    assert [drop_id for drop_id, _share in shares] == list(range(len(drop_demands)))
    bought = sum(share for _drop_id, share in shares)
    # Never less than the total purchase, nor than any drop's demand.
    assert bought >= quantity - EPSILON
    for (_drop_id, share), demand in zip(shares, drop_demands, strict=True):
        assert share >= demand - EPSILON
        if multiple:
            assert abs(share / multiple - round(share / multiple)) < 1e-6
    # At most one pack more per drop than the total needs.
    assert bought <= quantity + len(drop_demands) * multiple + EPSILON
