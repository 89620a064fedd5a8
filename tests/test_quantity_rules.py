import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from preorder_core.quantity_rules import (
    ABOVE_MAX,
    BELOW_MIN,
    NOT_MULTIPLE,
    allowed_examples,
    check_rule_quantity,
    first_allowed,
    fit_to_rule,
    is_multiple,
)


@pytest.mark.parametrize(
    "quantity, rule, code",
    [
        (3, (6, 0, 0), BELOW_MIN),
        (6, (6, 0, 0), None),
        (25, (0, 24, 0), ABOVE_MAX),
        (24, (0, 24, 0), None),
        (7, (0, 0, 6), NOT_MULTIPLE),
        (12, (0, 0, 6), None),
        (3, (6, 24, 6), BELOW_MIN),  # the minimum is named first
        (30, (6, 24, 6), ABOVE_MAX),
        (13, (6, 24, 6), NOT_MULTIPLE),
        (1.5, (0, 0, 0.5), None),
        (1.25, (0, 0, 0.5), NOT_MULTIPLE),
        (0.1 * 30, (0, 0, 0.5), None),  # 3.0000000000000004
        (0.1 + 0.2, (0, 0, 0.1), None),  # 0.30000000000000004
        (5.999999999999, (6, 0, 0), None),
        (24.0000000000001, (0, 24, 0), None),
        (1, (0, 0, 0), None),
    ],
)
def test_rule_checks(quantity, rule, code):
    assert check_rule_quantity(quantity, *rule) == code


@pytest.mark.parametrize("rule", [(6, 0, 0), (0, 24, 0), (0, 0, 6), (7, 10, 6), (100, 1, 3)])
def test_zero_is_always_allowed(rule):
    assert check_rule_quantity(0, *rule) is None
    assert check_rule_quantity(0.0, *rule) is None


@pytest.mark.parametrize(
    "rule, first, examples",
    [
        ((0, 0, 6), 6, [6, 12, 18]),
        ((10, 0, 6), 12, [12, 18, 24]),
        ((6, 12, 6), 6, [6, 12]),
        ((7, 10, 6), None, []),
        ((6, 0, 0), 6, []),
        ((0, 0, 0), None, []),
        ((0, 0, 0.5), 0.5, [0.5, 1.0, 1.5]),
        ((0, 0, 0.1), 0.1, [0.1, 0.2, 0.3]),
    ],
)
def test_first_allowed_and_examples(rule, first, examples):
    assert first_allowed(*rule) == first
    assert allowed_examples(*rule) == examples


multiples = st.sampled_from([0.001, 0.1, 0.25, 0.5, 1, 2, 3, 6, 12, 24])


@given(multiple=multiples, count=st.integers(min_value=1, max_value=10000))
def test_whole_number_of_multiples_is_a_multiple(multiple, count):
    assert is_multiple(count * multiple, multiple)


@given(
    multiple=multiples,
    low=st.integers(min_value=0, max_value=50),
    span=st.integers(min_value=0, max_value=50),
    step=st.integers(min_value=0, max_value=50),
)
def test_multiple_within_bounds_is_accepted(multiple, low, span, step):
    """A multiple of ``multiple`` within [min, max] is always accepted."""
    min_qty = low * multiple
    max_qty = (low + span) * multiple
    quantity = (low + min(step, span)) * multiple
    assume(quantity > 0)
    assert check_rule_quantity(quantity, min_qty, max_qty, multiple) is None


@given(
    quantity=st.floats(min_value=0.001, max_value=100000, allow_nan=False),
    min_qty=st.floats(min_value=0, max_value=1000),
    max_qty=st.floats(min_value=0, max_value=1000),
    multiple=st.sampled_from([0, 0.5, 1, 6]),
)
def test_accepted_quantities_respect_every_set_bound(quantity, min_qty, max_qty, multiple):
    if check_rule_quantity(quantity, min_qty, max_qty, multiple) is None:
        assert quantity >= min_qty - 1e-6 * max(1, quantity)
        assert not max_qty or quantity <= max_qty + 1e-6 * max(1, quantity)
        assert is_multiple(quantity, multiple)


@given(
    min_qty=st.integers(min_value=0, max_value=100),
    span=st.integers(min_value=0, max_value=100),
    multiple=st.sampled_from([0, 1, 2, 3, 6, 0.5]),
)
def test_examples_are_accepted(min_qty, span, multiple):
    max_qty = min_qty + span if span else 0
    for value in allowed_examples(min_qty, max_qty, multiple):
        assert check_rule_quantity(value, min_qty, max_qty, multiple) is None
    first = first_allowed(min_qty, max_qty, multiple)
    if first is not None:
        assert check_rule_quantity(first, min_qty, max_qty, multiple) is None


def test_fit_to_rule_examples():
    assert fit_to_rule(4, min_qty=6, multiple_qty=6) == 6
    assert fit_to_rule(7, multiple_qty=6) == 12
    assert fit_to_rule(30, max_qty=24, multiple_qty=6) == 24
    assert fit_to_rule(30, max_qty=26, multiple_qty=4) == 24
    assert fit_to_rule(5) == 5
    assert fit_to_rule(0, min_qty=6) == 0
    assert fit_to_rule(3, min_qty=7, max_qty=10, multiple_qty=6) is None


@given(
    quantity=st.floats(min_value=0.001, max_value=100000, allow_nan=False),
    min_qty=st.integers(min_value=0, max_value=100),
    span=st.integers(min_value=0, max_value=100),
    multiple=st.sampled_from([0, 1, 2, 3, 6, 0.5]),
)
def test_fitted_quantity_is_accepted_and_near(quantity, min_qty, span, multiple):
    max_qty = min_qty + span if span else 0
    fitted = fit_to_rule(quantity, min_qty, max_qty, multiple)
    if fitted is None:
        assert first_allowed(min_qty, max_qty, multiple) is None
        return
    assert fitted > 0
    assert check_rule_quantity(fitted, min_qty, max_qty, multiple) is None
    # Never more than one pack above what was proposed, unless the minimum asks for it.
    if fitted > quantity + 1e-6 * max(1, quantity):
        assert fitted <= max(
            quantity + (multiple or 0), first_allowed(min_qty, max_qty, multiple)
        ) + 1e-6 * max(1, fitted)
