from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from preorder_core import DeliveryProblem, check_delivery_date, first_allowed_date

TODAY = date(2025, 3, 10)
EARLIEST = date(2025, 4, 1)

dates = st.dates(min_value=date(2025, 1, 1), max_value=date(2025, 12, 31))
gaps = st.integers(min_value=-3, max_value=30)


def check(desired, *, earliest=None, other_dates=(), min_days_between=0, today=None):
    return check_delivery_date(
        desired,
        earliest=earliest,
        other_dates=other_dates,
        min_days_between=min_days_between,
        today=today,
    )


def test_fine_date():
    assert check(date(2025, 4, 20), earliest=EARLIEST, today=TODAY) is None


def test_in_past():
    assert check(TODAY - timedelta(days=1), today=TODAY) == DeliveryProblem("in_past")
    assert check(TODAY, today=TODAY) is None


def test_before_earliest_reports_earliest():
    problem = check(date(2025, 3, 31), earliest=EARLIEST, today=TODAY)
    assert problem == DeliveryProblem("before_earliest", EARLIEST)
    assert check(EARLIEST, earliest=EARLIEST) is None


def test_too_close_reports_closest_other_date():
    others = [date(2025, 5, 1), date(2025, 5, 9), date(2025, 6, 1)]
    problem = check(date(2025, 5, 7), other_dates=others, min_days_between=7)
    assert problem == DeliveryProblem("too_close", date(2025, 5, 9))


def test_exactly_min_days_apart_is_fine():
    other = date(2025, 5, 1)
    assert check(other + timedelta(days=7), other_dates=[other], min_days_between=7) is None
    assert check(other - timedelta(days=7), other_dates=[other], min_days_between=7) is None
    assert check(other + timedelta(days=6), other_dates=[other], min_days_between=7)


def test_same_day_is_too_close():
    other = date(2025, 5, 1)
    assert check(other, other_dates=[other], min_days_between=1).code == "too_close"


def test_min_days_zero_or_negative_disables_spacing():
    other = date(2025, 5, 1)
    assert check(other, other_dates=[other], min_days_between=0) is None
    assert check(other, other_dates=[other], min_days_between=-5) is None


def test_ignores_missing_other_dates():
    assert check(date(2025, 5, 1), other_dates=[None], min_days_between=7) is None


@given(dates, dates, gaps)
def test_too_close_is_symmetric(a, b, min_days):
    verdict_a = check(a, other_dates=[b], min_days_between=min_days)
    verdict_b = check(b, other_dates=[a], min_days_between=min_days)
    assert (verdict_a is None) == (verdict_b is None)
    if verdict_a is not None:
        assert (verdict_a.other_date, verdict_b.other_date) == (b, a)


def test_first_allowed_date_defaults():
    assert (
        first_allowed_date(earliest=None, other_dates=[], min_days_between=7, today=TODAY) == TODAY
    )
    assert (
        first_allowed_date(earliest=EARLIEST, other_dates=[], min_days_between=7, today=TODAY)
        == EARLIEST
    )
    late_today = date(2025, 4, 15)
    assert (
        first_allowed_date(earliest=EARLIEST, other_dates=[], min_days_between=7, today=late_today)
        == late_today
    )


def test_first_allowed_date_skips_past_a_chain_of_deliveries():
    others = [date(2025, 4, 1), date(2025, 4, 6), date(2025, 4, 20)]
    # 4/1 blocks up to 4/4, 4/6 blocks 4/3..4/9, 4/20 blocks 4/17..4/23
    found = first_allowed_date(
        earliest=EARLIEST, other_dates=others, min_days_between=4, today=TODAY
    )
    assert found == date(2025, 4, 10)


@given(
    earliest=st.one_of(st.none(), dates),
    others=st.lists(st.one_of(st.none(), dates), max_size=6),
    min_days=gaps,
    today=dates,
)
def test_first_allowed_date_is_the_smallest_that_passes(earliest, others, min_days, today):
    found = first_allowed_date(
        earliest=earliest, other_dates=others, min_days_between=min_days, today=today
    )
    start = today if earliest is None else max(earliest, today)
    assert found >= start
    kwargs = {
        "earliest": earliest,
        "other_dates": others,
        "min_days_between": min_days,
        "today": today,
    }
    assert check_delivery_date(found, **kwargs) is None
    if found > start:
        assert check_delivery_date(found - timedelta(days=1), **kwargs) is not None
