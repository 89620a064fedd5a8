import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from preorder_core import Tier, TierLine, best_tier, compute_tiers, next_tier

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
line_st = st.builds(TierLine, key=st.none(), amount=amounts, eligible=st.booleans())


def keyed(lines):
    """Give generated lines unique keys."""
    return [TierLine(i, line.amount, line.eligible) for i, line in enumerate(lines)]


lines_st = st.lists(line_st, max_size=8).map(keyed)


def test_below_first_tier():
    result = compute_tiers([TierLine(1, 999.0, True)], LADDER)
    assert result.tier is None
    assert result.next_tier == BRONZE
    assert result.amount_to_next == pytest.approx(1.0)
    assert result.discount_percent == 0.0
    assert result.line_discounts == {1: 0.0}
    assert result.discount_amount == 0.0


def test_tier_reached_exactly_and_with_float_noise():
    assert best_tier(LADDER, 2500.0) == SILVER
    assert best_tier(LADDER, 2499.9999999) == SILVER
    assert best_tier(LADDER, 2499.99) == BRONZE


def test_lines_and_amount_to_next():
    lines = [TierLine("a", 2000.0, True), TierLine("b", 1000.0, False)]
    result = compute_tiers(lines, LADDER)
    assert result.balance == 3000.0
    assert result.tier == SILVER
    assert result.next_tier == GOLD
    assert result.amount_to_next == pytest.approx(2000.0)
    assert result.line_discounts == {"a": 10.0, "b": 0.0}
    assert result.discount_amount == pytest.approx(200.0)


def test_top_tier_has_no_next():
    result = compute_tiers([TierLine(1, 9000.0, True)], LADDER)
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


def test_group_target_counts_extra_balance():
    result = compute_tiers([TierLine(1, 1500.0, True)], LADDER, extra_balance=1000.0)
    assert result.balance == 2500.0
    assert result.tier == SILVER
    assert result.discount_amount == pytest.approx(150.0)


def test_override_percent_applies_to_eligible_lines_only():
    lines = [TierLine(1, 1500.0, True), TierLine(2, 500.0, False)]
    result = compute_tiers(lines, LADDER, override_percent=30.0)
    assert result.tier == BRONZE  # still reported from the balance
    assert result.next_tier == SILVER
    assert result.discount_percent == 30.0
    assert result.line_discounts == {1: 30.0, 2: 0.0}
    assert result.discount_amount == pytest.approx(450.0)


def test_override_zero_removes_the_discount():
    result = compute_tiers([TierLine(1, 6000.0, True)], LADDER, override_percent=0.0)
    assert result.tier == GOLD
    assert result.discount_amount == 0.0


@pytest.mark.parametrize("percent", [-1.0, 100.5, math.nan])
def test_invalid_override_rejected(percent):
    with pytest.raises(ValueError):
        compute_tiers([], LADDER, override_percent=percent)


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
    result = compute_tiers([], [welcome, BRONZE])
    assert result.tier is None
    assert result.discount_percent == 0.0
    assert result.next_tier == welcome
    assert result.amount_to_next == 0.0
    # from the first cent, it applies
    assert compute_tiers([TierLine(1, 0.01, True)], [welcome]).tier == welcome


def test_no_tiers_at_all():
    result = compute_tiers([TierLine(1, 100.0, True)], [])
    assert (result.tier, result.next_tier, result.discount_percent) == (None, None, 0.0)


def test_balance_never_below_zero():
    result = compute_tiers([TierLine(1, -500.0, True), TierLine(2, 100.0, True)], LADDER)
    assert result.balance == 0.0
    assert result.tier is None


def test_refund_line_discounted_like_the_sale():
    lines = [TierLine(1, 3000.0, True), TierLine(2, -200.0, True)]
    result = compute_tiers(lines, LADDER)
    assert result.balance == 2800.0
    assert result.line_discounts == {1: 10.0, 2: 10.0}
    assert result.discount_amount == pytest.approx(280.0)


def test_duplicate_keys_and_non_finite_amounts_rejected():
    with pytest.raises(ValueError):
        compute_tiers([TierLine(1, 10.0, True), TierLine(1, 20.0, True)], LADDER)
    with pytest.raises(ValueError):
        compute_tiers([TierLine(1, math.nan, True)], LADDER)


@given(tiers_st, amounts, amounts)
def test_larger_balance_never_gives_smaller_percent(tiers, a, b):
    low, high = sorted((a, b))
    p_low = compute_tiers([TierLine(1, low, True)], tiers).discount_percent
    p_high = compute_tiers([TierLine(1, high, True)], tiers).discount_percent
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
    result = compute_tiers([TierLine(1, balance, True)], tiers)
    if result.next_tier is None:
        assert result.amount_to_next == 0.0
        assert all(t.discount_percent <= result.discount_percent for t in tiers)
    else:
        assert result.next_tier.discount_percent > result.discount_percent
        topped_up = compute_tiers(
            [TierLine(1, balance, True), TierLine(2, result.amount_to_next + 1e-3, True)], tiers
        )
        assert topped_up.discount_percent >= result.next_tier.discount_percent


@given(lines_st, tiers_st, st.one_of(st.none(), st.floats(0, 100)))
def test_ineligible_lines_never_discounted(lines, tiers, override):
    result = compute_tiers(lines, tiers, override_percent=override)
    for line in lines:
        if not line.eligible:
            assert result.line_discounts[line.key] == 0.0
    assert set(result.line_discounts) == {line.key for line in lines}


@given(lines_st, tiers_st, st.data())
def test_removing_a_line_never_raises_percent(lines, tiers, data):
    if not lines:
        return
    index = data.draw(st.integers(0, len(lines) - 1))
    fewer = lines[:index] + lines[index + 1 :]
    assert (
        compute_tiers(fewer, tiers).discount_percent <= compute_tiers(lines, tiers).discount_percent
    )


@given(lines_st, tiers_st, st.one_of(st.none(), st.floats(0, 100)))
def test_discounting_never_grows_the_total(lines, tiers, override):
    result = compute_tiers(lines, tiers, override_percent=override)
    before = math.fsum(line.amount for line in lines)
    after = math.fsum(line.amount * (1 - result.line_discounts[line.key] / 100) for line in lines)
    assert after <= before + 1e-6
    assert result.discount_amount >= 0
    assert math.isclose(before - after, result.discount_amount, rel_tol=1e-9, abs_tol=1e-6)


@given(lines_st, tiers_st, st.randoms(use_true_random=False))
def test_line_order_does_not_matter(lines, tiers, rnd):
    shuffled = list(lines)
    rnd.shuffle(shuffled)
    assert compute_tiers(shuffled, tiers) == compute_tiers(lines, tiers)
