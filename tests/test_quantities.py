import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from preorder_core import MAX_QUANTITY, QuantityError, QuantityProblem, parse_quantity


def problem(raw, **kwargs):
    kwargs.setdefault("allow_fractional", False)
    with pytest.raises(QuantityError) as info:
        parse_quantity(raw, **kwargs)
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value.problem, QuantityProblem)
    return info.value.problem.code


@pytest.mark.parametrize(
    "raw, code",
    [
        ("abc", "not_a_number"),
        ("", "not_a_number"),
        ("  ", "not_a_number"),
        (None, "not_a_number"),
        ([], "not_a_number"),
        ([3], "not_a_number"),
        ({}, "not_a_number"),
        (True, "not_a_number"),
        (False, "not_a_number"),
        ("1e3", "not_a_number"),  # exponent notation is refused in strings
        ("1E3", "not_a_number"),
        ("12,5", "not_a_number"),
        ("1 000", "not_a_number"),
        ("nan", "not_a_number"),
        ("inf", "not_a_number"),
        ("Infinity", "not_a_number"),
        ("\u0663", "not_a_number"),  # Arabic-Indic digit three
        (b"12", "not_a_number"),
        (math.nan, "not_a_number"),
        (math.inf, "not_a_number"),
        (-math.inf, "not_a_number"),
        (-1, "negative"),
        ("-1", "negative"),
        (-0.5, "negative"),
        (1e9, "too_large"),
        (2**63, "too_large"),
        (10**400, "too_large"),
        ("9" * 400, "too_large"),
        (MAX_QUANTITY + 1, "too_large"),
        (3.7, "fractional"),
        ("3.7", "fractional"),
        (0.5, "fractional"),
    ],
)
def test_bad_inputs(raw, code):
    assert problem(raw) == code


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("12", 12.0),
        (" 3 ", 3.0),
        ("+4", 4.0),
        ("12.0", 12.0),
        ("12.", 12.0),
        (12, 12.0),
        (12.0, 12.0),
        (0, 0.0),
        ("0", 0.0),
        ("-0", 0.0),
        (1e3, 1000.0),  # a float is a number, whatever its spelling
        (0.1 * 30, 3.0),  # float noise from a JavaScript client
        (MAX_QUANTITY, float(MAX_QUANTITY)),
    ],
)
def test_good_integer_inputs(raw, expected):
    result = parse_quantity(raw, allow_fractional=False)
    assert type(result) is float
    assert result == expected
    assert math.copysign(1.0, result) == 1.0


@pytest.mark.parametrize(
    "raw, rounding, expected",
    [
        ("12.5", 0.01, 12.5),
        (".5", 0.01, 0.5),
        ("2.675", 0.01, 2.68),  # half-up on what was typed, not on the binary float
        (2.675, 0.01, 2.68),
        (2.674, 0.01, 2.67),
        ("0.004", 0.01, 0.0),
        ("0.005", 0.01, 0.01),
        (2.5, 1.0, 3.0),
        (3.7, 0.5, 3.5),
        (3.75, 0.5, 4.0),
    ],
)
def test_fractional_rounding(raw, rounding, expected):
    assert parse_quantity(raw, allow_fractional=True, rounding=rounding) == expected


def test_rounding_must_be_positive():
    with pytest.raises(ValueError):
        parse_quantity("1", allow_fractional=True, rounding=0)


def test_cap():
    assert parse_quantity("5", allow_fractional=False, cap=5.0) == 5.0
    assert problem("6", cap=5.0) == "above_cap"
    assert problem("5.01", allow_fractional=True, rounding=0.01, cap=5.0) == "above_cap"
    # the cap is checked on the rounded quantity
    assert parse_quantity("5.004", allow_fractional=True, rounding=0.01, cap=5.0) == 5.0


def test_zero_is_allowed_even_without_stock():
    assert parse_quantity(0, allow_fractional=False, cap=0.0) == 0.0
    assert parse_quantity(0, allow_fractional=False, cap=-2.0) == 0.0
    assert problem(1, cap=0.0) == "above_cap"


def test_custom_maximum():
    assert parse_quantity(50, allow_fractional=False, maximum=50) == 50.0
    assert problem(51, maximum=50) == "too_large"


def test_error_message_is_the_code():
    with pytest.raises(QuantityError, match=r"^negative$"):
        parse_quantity(-3, allow_fractional=True)


@given(st.integers(min_value=0, max_value=MAX_QUANTITY))
def test_integers_round_trip_through_strings(n):
    assert parse_quantity(str(n), allow_fractional=False) == n
    assert parse_quantity(n, allow_fractional=True, rounding=0.01) == n


@given(
    st.floats(min_value=0, max_value=MAX_QUANTITY, allow_nan=False),
    st.sampled_from([0.001, 0.01, 0.1, 0.5, 1.0]),
)
def test_fractional_result_is_a_multiple_of_rounding_and_close(value, rounding):
    result = parse_quantity(value, allow_fractional=True, rounding=rounding)
    steps = result / rounding
    assert math.isclose(steps, round(steps), abs_tol=1e-6)
    assert abs(result - value) <= rounding / 2 + 1e-9
    assert 0 <= result <= MAX_QUANTITY


@given(st.one_of(st.text(max_size=12), st.floats(), st.integers(), st.none(), st.booleans()))
def test_anything_either_parses_or_raises_quantity_error(raw):
    try:
        result = parse_quantity(raw, allow_fractional=True, rounding=0.01, cap=500.0)
    except QuantityError:
        return
    assert math.isfinite(result)
    assert 0 <= result <= 500.0
