from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from preorder_core import allocate
from preorder_core.allocation import FIRST_COME, PRIORITY, PRO_RATA

orders = st.lists(st.integers(min_value=0, max_value=500), min_size=1, max_size=40)
supplies = st.integers(min_value=0, max_value=5000)
multiples = st.sampled_from([1, 2, 5, 6, 12])
methods = st.sampled_from([PRO_RATA, PRIORITY, FIRST_COME])


def claims_of(ordered, ranks=None):
    ranks = ranks or [0] * len(ordered)
    return [(index, qty, rank) for index, (qty, rank) in enumerate(zip(ordered, ranks))]


def test_enough_supply_gives_everyone_his_order():
    result = allocate(claims_of([10, 4, 0]), 100)
    assert result == {0: 10, 1: 4, 2: 0}


def test_pro_rata_example():
    # 60 for 100 ordered: 30 of 50, 18 of 30, 12 of 20.
    assert allocate(claims_of([50, 30, 20]), 60) == {0: 30, 1: 18, 2: 12}


def test_pro_rata_rounds_to_the_multiple_and_gives_the_rest_to_the_largest_remainders():
    # Exact shares 23.3, 16.7, 10 of 50 in packs of 6 (before the rest: 18, 12, 6).
    result = allocate(claims_of([70, 50, 30]), 50, multiple=6)
    assert all(qty % 6 == 0 for qty in result.values())
    assert sum(result.values()) <= 50
    assert result == {0: 24, 1: 18, 2: 6}


def test_priority_serves_the_best_rank_first_then_shares_the_rest():
    result = allocate(claims_of([10, 10, 20, 5], ranks=[1, 0, 1, 2]), 25, method=PRIORITY)
    # Rank 0 in full (10), rank 1 shares 15 for 30 ordered, rank 2 gets nothing.
    assert result == {0: 5, 1: 10, 2: 10, 3: 0}


def test_first_come_respects_dates_and_ties_keep_the_given_order():
    result = allocate(claims_of([10, 10, 10], ranks=["b", "a", "b"]), 15, method=FIRST_COME)
    assert result == {0: 5, 1: 10, 2: 0}


def test_fractional_units_are_exact():
    claims = [(1, 0.3, 0), (2, 0.7, 0)]
    assert allocate(claims, 0.5, multiple=0, rounding=0.001) == {1: 0.15, 2: 0.35}


def test_unknown_method_is_refused():
    with pytest.raises(ValueError):
        allocate(claims_of([1]), 1, method="lottery")


@given(orders, supplies, multiples, methods, st.data())
def test_promises_of_every_method(ordered, supply, multiple, method, data):
    ranks = data.draw(st.lists(st.integers(0, 3), min_size=len(ordered), max_size=len(ordered)))
    result = allocate(claims_of(ordered, ranks), supply, multiple=multiple, method=method)
    assert set(result) == set(range(len(ordered)))
    assert sum(result.values()) <= supply
    for index, qty in result.items():
        assert 0 <= qty <= ordered[index], "nobody above his order"
        assert qty % multiple == 0 or qty == ordered[index], "a multiple or the full order"


@given(orders, supplies, multiples)
def test_pro_rata_within_one_multiple_of_the_exact_share(ordered, supply, multiple):
    result = allocate(claims_of(ordered), supply, multiple=multiple)
    total = sum(ordered)
    for index, qty in result.items():
        share = Fraction(ordered[index] * min(supply, total), max(total, 1))
        assert abs(qty - share) <= multiple


@given(orders, supplies)
def test_pro_rata_without_multiple_hands_out_the_whole_supply(ordered, supply):
    result = allocate(claims_of(ordered), supply)
    assert sum(result.values()) == min(supply, sum(ordered))


@given(orders, supplies, multiples, st.data())
def test_priority_never_serves_a_later_rank_before_an_earlier_one_is_full(
    ordered, supply, multiple, data
):
    ranks = data.draw(st.lists(st.integers(0, 3), min_size=len(ordered), max_size=len(ordered)))
    result = allocate(claims_of(ordered, ranks), supply, multiple=multiple, method=PRIORITY)
    for i, qty_i in result.items():
        for j, qty_j in result.items():
            if ranks[i] < ranks[j] and qty_j > 0:
                assert qty_i == ordered[i]


@given(orders, supplies, multiples, st.data())
def test_first_come_nobody_later_is_served_while_an_earlier_one_is_short(
    ordered, supply, multiple, data
):
    dates = data.draw(st.lists(st.integers(0, 9), min_size=len(ordered), max_size=len(ordered)))
    result = allocate(claims_of(ordered, dates), supply, multiple=multiple, method=FIRST_COME)
    arrival = sorted(range(len(ordered)), key=lambda index: (dates[index], index))
    short = False
    for index in arrival:
        if short:
            assert result[index] == 0
        short = short or result[index] < ordered[index]
