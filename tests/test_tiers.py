import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from preorder_core import Tier, best_tier, line_discount, next_tier, tier_for_balance

BRONZE = Tier("bronze", 1000.0, 5.0)
SILVER = Tier("silver", 2500.0, 10.0)
GOLD = Tier("gold", 5000.0, 15.0)
LADDER = [GOLD, BRONZE, SILVER]  # deliberately unsorted

amounts = st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False)
tier_st = st.builds(
    Tier,
    name=st.sampled_from(["a", "b", "c"]),
    min_amount=st.floats(min_value=0, max_value=1e5, allow_nan=False),
    discount_percent=st.floats(min_value=0.01, max_value=100, allow_nan=False),
)
tiers_st = st.lists(tier_st, max_size=6)
overrides_st = st.one_of(st.none(), st.floats(0, 100))
# An order line as the tier sees it: (amount, excluded from the discount).
line_st = st.tuples(amounts, st.booleans())
lines_st = st.lists(line_st, max_size=8)


def balance_of(lines):
    """What the Odoo side sums (in SQL) before asking for the tier."""
    return math.fsum(amount for amount, _excluded in lines)


def test_below_first_tier():
    result = tier_for_balance(LADDER, 999.0)
    assert result.tier is None
    assert result.next_tier == BRONZE
    assert result.amount_to_next == pytest.approx(1.0)
    assert result.discount_percent == 0.0


def test_tier_reached_exactly_and_with_float_noise():
    assert best_tier(LADDER, 2500.0) == SILVER
    assert best_tier(LADDER, 2499.9999999) == SILVER
    assert best_tier(LADDER, 2499.99) == BRONZE


def test_balance_and_amount_to_next():
    result = tier_for_balance(LADDER, 3000.0)
    assert result.balance == 3000.0
    assert result.tier == SILVER
    assert result.next_tier == GOLD
    assert result.amount_to_next == pytest.approx(2000.0)
    assert result.discount_percent == 10.0


def test_line_rule_excluded_lines_get_nothing():
    assert line_discount(10.0, excluded=False) == 10.0
    assert line_discount(10.0, excluded=True) == 0.0
    assert line_discount(0.0, excluded=False) == 0.0


def test_top_tier_has_no_next():
    result = tier_for_balance(LADDER, 9000.0)
    assert result.tier == GOLD
    assert result.next_tier is None
    assert result.amount_to_next == 0.0


def test_best_tier_is_highest_percent_not_highest_threshold():
    odd = Tier("odd", 3000.0, 7.0)  # higher threshold, lower percent than silver
    assert best_tier([BRONZE, SILVER, odd], 4000.0) == SILVER
    # and it is not a "next" tier either: it does not beat what is reached
    assert next_tier([BRONZE, SILVER, odd, GOLD], 2600.0) == GOLD


def test_next_tier_is_cheapest_better_one():
    big = Tier("big", 4000.0, 20.0)
    assert next_tier([BRONZE, SILVER, GOLD, big], 1200.0) == SILVER


def test_same_percent_tie_goes_to_higher_threshold():
    low, high = Tier("low", 100.0, 5.0), Tier("high", 200.0, 5.0)
    assert best_tier([low, high], 500.0) == high


def test_override_percent_replaces_the_tier_percent_only():
    result = tier_for_balance(LADDER, 2000.0, override_percent=30.0)
    assert result.tier == BRONZE  # still reported from the balance
    assert result.next_tier == SILVER
    assert result.discount_percent == 30.0
    assert line_discount(result.discount_percent, excluded=True) == 0.0


def test_override_zero_removes_the_discount():
    result = tier_for_balance(LADDER, 6000.0, override_percent=0.0)
    assert result.tier == GOLD
    assert result.discount_percent == 0.0


@pytest.mark.parametrize("percent", [-1.0, 100.5, math.nan])
def test_invalid_override_rejected(percent):
    with pytest.raises(ValueError):
        tier_for_balance(LADDER, 0.0, override_percent=percent)


@pytest.mark.parametrize(
    "min_amount, percent",
    [(100.0, 0.0), (100.0, -5.0), (100.0, 100.01), (-1.0, 10.0), (math.nan, 10.0), (0, math.inf)],
)
def test_invalid_tiers_rejected(min_amount, percent):
    with pytest.raises(ValueError):
        Tier("bad", min_amount, percent)


def test_full_discount_is_allowed():
    assert Tier("free", 0.0, 100.0).discount_percent == 100.0


def test_empty_order_gets_no_tier_even_from_zero_threshold():
    welcome = Tier("welcome", 0.0, 2.0)
    result = tier_for_balance([welcome, BRONZE], 0.0)
    assert result.tier is None
    assert result.discount_percent == 0.0
    assert result.next_tier == welcome
    assert result.amount_to_next == 0.0
    # from the first cent, it applies
    assert tier_for_balance([welcome], 0.01).tier == welcome


def test_no_tiers_at_all():
    result = tier_for_balance([], 100.0)
    assert (result.tier, result.next_tier, result.discount_percent) == (None, None, 0.0)


def test_balance_never_below_zero():
    result = tier_for_balance(LADDER, -400.0)
    assert result.balance == 0.0
    assert result.tier is None


@pytest.mark.parametrize("balance", [math.nan, math.inf, -math.inf])
def test_non_finite_balance_rejected(balance):
    with pytest.raises(ValueError):
        tier_for_balance(LADDER, balance)


def test_non_tier_rejected():
    with pytest.raises(TypeError):
        tier_for_balance([("gold", 5000.0, 15.0)], 100.0)


@given(tiers_st, amounts, amounts)
def test_larger_balance_never_gives_smaller_percent(tiers, a, b):
    low, high = sorted((a, b))
    p_low = tier_for_balance(tiers, low).discount_percent
    p_high = tier_for_balance(tiers, high).discount_percent
    assert p_high >= p_low


@given(tiers_st, amounts)
def test_best_tier_is_highest_percent_reached(tiers, balance):
    tier = best_tier(tiers, balance)
    # reached = threshold within the documented 1e-6 tolerance; an empty order reaches nothing
    reached = [t for t in tiers if t.min_amount <= balance + 1e-6] if balance > 1e-6 else []
    if not reached:
        assert tier is None
    else:
        assert tier in reached
        assert tier.discount_percent == max(t.discount_percent for t in reached)


@given(tiers_st, amounts)
def test_amount_to_next_reaches_next_tier(tiers, balance):
    result = tier_for_balance(tiers, balance)
    if result.next_tier is None:
        assert result.amount_to_next == 0.0
        assert all(t.discount_percent <= result.discount_percent for t in tiers)
    else:
        assert result.next_tier.discount_percent > result.discount_percent
        topped_up = tier_for_balance(tiers, balance + result.amount_to_next + 1e-3)
        assert topped_up.discount_percent >= result.next_tier.discount_percent


@given(tiers_st, amounts, overrides_st)
def test_override_never_moves_the_ladder(tiers, balance, override):
    plain = tier_for_balance(tiers, balance)
    result = tier_for_balance(tiers, balance, override_percent=override)
    assert (result.balance, result.tier, result.next_tier, result.amount_to_next) == (
        plain.balance,
        plain.tier,
        plain.next_tier,
        plain.amount_to_next,
    )
    expected = plain.discount_percent if override is None else override
    assert result.discount_percent == expected
    assert 0.0 <= result.discount_percent <= 100.0


@given(lines_st, tiers_st, overrides_st)
def test_excluded_lines_never_discounted(lines, tiers, override):
    percent = tier_for_balance(tiers, balance_of(lines), override_percent=override).discount_percent
    for _amount, excluded in lines:
        discount = line_discount(percent, excluded)
        assert discount == (0.0 if excluded else percent)


@given(lines_st, tiers_st, st.data())
def test_removing_a_line_never_raises_percent(lines, tiers, data):
    if not lines:
        return
    index = data.draw(st.integers(0, len(lines) - 1))
    fewer = lines[:index] + lines[index + 1 :]
    assert (
        tier_for_balance(tiers, balance_of(fewer)).discount_percent
        <= tier_for_balance(tiers, balance_of(lines)).discount_percent
    )


@given(lines_st, tiers_st, overrides_st)
def test_discounting_never_grows_the_total(lines, tiers, override):
    percent = tier_for_balance(tiers, balance_of(lines), override_percent=override).discount_percent
    before = balance_of(lines)
    after = math.fsum(
        amount * (1 - line_discount(percent, excluded) / 100) for amount, excluded in lines
    )
    assert after <= before + 1e-6
    assert after >= -1e-6  # no line is discounted beyond its price


@given(lines_st, tiers_st, st.randoms(use_true_random=False))
def test_line_order_does_not_matter(lines, tiers, rnd):
    shuffled = list(lines)
    rnd.shuffle(shuffled)
    assert tier_for_balance(tiers, balance_of(shuffled)) == tier_for_balance(
        tiers, balance_of(lines)
    )
