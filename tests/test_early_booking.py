import math
from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from preorder_core import combine_discounts, is_early, line_discount, locked_in_percent

percents = st.floats(min_value=0, max_value=100, allow_nan=False)
moments = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2040, 1, 1))
EARLY = datetime(2027, 3, 1, 12, 0)


def test_combines_like_odoo_successive_discounts():
    # 10 % tier, then 2 % on what is left: 100 -> 90 -> 88.2, i.e. 11.8 %.
    assert combine_discounts(10, 2) == pytest.approx(11.8)
    assert combine_discounts(50, 50) == pytest.approx(75.0)
    assert combine_discounts() == 0.0


@given(percents, percents)
def test_combination_is_symmetric_and_bounded(a, b):
    combined = combine_discounts(a, b)
    assert combined == pytest.approx(combine_discounts(b, a))
    assert max(a, b) - 1e-9 <= combined <= 100.0
    assert combined <= a + b + 1e-9  # never more than adding them up


@given(percents)
def test_zero_changes_nothing_and_hundred_is_free(a):
    assert combine_discounts(a, 0) == pytest.approx(a)
    assert combine_discounts(a, 100) == 100.0


@given(st.floats(min_value=1, max_value=1e6, allow_nan=False), percents, percents)
def test_net_price_is_the_successive_discounts(price, a, b):
    net = price * (1 - combine_discounts(a, b) / 100)
    assert math.isclose(net, price * (1 - a / 100) * (1 - b / 100), rel_tol=1e-9, abs_tol=1e-6)


@given(percents, percents, st.booleans())
def test_excluded_lines_get_nothing(tier, early, excluded):
    combined = line_discount(combine_discounts(tier, early), excluded)
    assert combined == (0.0 if excluded else combine_discounts(tier, early))


@pytest.mark.parametrize("bad", [-0.01, 100.01, math.nan, math.inf, "2"])
def test_bad_percents_are_refused(bad):
    with pytest.raises(ValueError):
        combine_discounts(bad)
    with pytest.raises(ValueError):
        locked_in_percent(bad, EARLY, EARLY)


def test_the_date_itself_is_still_early():
    assert is_early(EARLY, EARLY)
    assert not is_early(EARLY + timedelta(seconds=1), EARLY)
    assert not is_early(EARLY, None)


@given(moments, percents)
def test_locked_in_only_at_or_before_the_date(moment, percent):
    locked = locked_in_percent(percent, moment, EARLY)
    assert locked == (percent if moment <= EARLY else 0.0)
    assert locked_in_percent(percent, moment, None) == 0.0
