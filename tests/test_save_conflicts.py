import pytest
from hypothesis import given
from hypothesis import strategies as st

from preorder_core import is_stale, same_quantity, stale_quantities

# Quantities as the save stores them: multiples of the unit's rounding.
ROUNDINGS = st.sampled_from([1.0, 0.5, 0.01, 0.001])
STEPS = st.integers(min_value=0, max_value=100000)


def quantity(steps, rounding):
    return steps * rounding


@pytest.mark.parametrize(
    "stored, base, requested, stale",
    [
        (5, 5, 8, False),  # nobody changed it since the device saw it: saved
        (7, 5, 8, True),  # somebody else made it 7: the change from 5 is stale
        (8, 5, 8, False),  # already what the device asks (a replay): no conflict
        (7, None, 8, False),  # no base (an old client): saved as before
        (0, 0, 3, False),  # a first quantity
        (3, 0, 0, True),  # removing what the device never saw
        (2.0000000001, 2, 6, False),  # float noise of a unit conversion
    ],
)
def test_examples(stored, base, requested, stale):
    assert is_stale(stored, base, requested) is stale


def test_rounding_decides_what_is_the_same():
    assert same_quantity(1.24, 1.25, rounding=0.01) is False
    assert same_quantity(1.25, 1.25 + 1e-9, rounding=0.01) is True
    assert is_stale(1.25, 1.2, 2.0, rounding=0.01) is True
    assert is_stale(1.25, 1.2, 2.0, rounding=1.0) is False  # 1.2 and 1.25 are one unit
    with pytest.raises(ValueError):
        same_quantity(1, 1, rounding=0)


def test_batch_keeps_the_stored_quantity_of_stale_products_only():
    stored = {1: 5.0, 2: 7.0, 3: 4.0}
    base = {1: 5.0, 2: 5.0, 4: 2.0}
    requested = {1: 6.0, 2: 8.0, 3: 1.0, 4: 3.0}
    # 1: base matches; 2: stale; 3: no base; 4: not stored (0) and base 2: stale
    assert stale_quantities(stored, base, requested, {}) == {2: 7.0, 4: 0.0}


@given(ROUNDINGS, STEPS, st.one_of(st.none(), STEPS), STEPS)
def test_stale_means_stored_differs_from_base_and_request(rounding, stored, base, requested):
    stored_qty, requested_qty = quantity(stored, rounding), quantity(requested, rounding)
    base_qty = None if base is None else quantity(base, rounding)
    assert is_stale(stored_qty, base_qty, requested_qty, rounding) is (
        base is not None and stored not in (base, requested)
    )


@given(ROUNDINGS, STEPS, STEPS, STEPS)
def test_a_replay_converges(rounding, stored, base, requested):
    """Sending the same change again gives the same outcome: once applied, its
    quantity is stored and it never conflicts; once stale, it stays stale (the
    stored quantity was kept) and changes nothing."""
    base_qty, requested_qty = quantity(base, rounding), quantity(requested, rounding)
    first = is_stale(quantity(stored, rounding), base_qty, requested_qty, rounding)
    after = quantity(stored, rounding) if first else requested_qty
    assert is_stale(after, base_qty, requested_qty, rounding) is first


@given(
    ROUNDINGS,
    st.dictionaries(st.integers(1, 50), STEPS, max_size=20),
    st.dictionaries(st.integers(1, 50), STEPS, max_size=20),
    st.dictionaries(st.integers(1, 50), STEPS, min_size=1, max_size=20),
)
def test_batch_is_the_rule_per_product(rounding, stored, base, requested):
    def scaled(values):
        return {key: quantity(value, rounding) for key, value in values.items()}

    stored_qty, base_qty, requested_qty = scaled(stored), scaled(base), scaled(requested)
    conflicts = stale_quantities(
        stored_qty, base_qty, requested_qty, dict.fromkeys(requested, rounding)
    )
    assert set(conflicts) <= set(base) & set(requested), "no base, no conflict"
    for product, requested_value in requested_qty.items():
        stale = is_stale(
            stored_qty.get(product, 0.0), base_qty.get(product), requested_value, rounding
        )
        assert (product in conflicts) is stale
        if stale:
            assert conflicts[product] == stored_qty.get(product, 0.0)
