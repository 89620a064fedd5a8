import pytest
from hypothesis import given
from hypothesis import strategies as st

from preorder_core import category_closure, is_partner_allowed

# Labels: 1 "Retail" > 2 "Shops" > 3 "Outlets"; 4 "Wholesale" stands alone.
PARENT_OF = {1: None, 2: 1, 3: 2, 4: None}
COMPANY, CONTACT = 10, 11  # CONTACT works for COMPANY


def allowed(**overrides):
    kwargs = {
        "audience": "selected",
        "partner_ids_chain": [CONTACT, COMPANY],
        "partner_category_ids": [],
        "parent_of": PARENT_OF,
        "selected_category_ids": [],
        "selected_partner_ids": [],
        "excluded_partner_ids": [],
    }
    kwargs.update(overrides)
    return is_partner_allowed(**kwargs)


def test_closure_adds_ancestors_only():
    assert category_closure([3], PARENT_OF) == {1, 2, 3}
    assert category_closure([2, 4], PARENT_OF) == {1, 2, 4}
    assert category_closure([], PARENT_OF) == frozenset()


def test_closure_of_unknown_label_is_itself():
    assert category_closure([99], PARENT_OF) == {99}


def test_closure_terminates_on_cycles():
    assert category_closure([1], {1: 2, 2: 3, 3: 1}) == {1, 2, 3}
    assert category_closure([5], {5: 5}) == {5}


@given(st.dictionaries(st.integers(0, 8), st.one_of(st.none(), st.integers(0, 8))))
def test_closure_terminates_on_any_parent_map(parent_of):
    closure = category_closure(list(parent_of), parent_of)
    assert set(parent_of) <= closure


def test_selected_partner():
    assert allowed(selected_partner_ids=[CONTACT])
    assert not allowed(selected_partner_ids=[42])


def test_contact_inherits_company_grant():
    assert allowed(selected_partner_ids=[COMPANY])


def test_company_grant_does_not_leak_to_other_partners():
    assert not allowed(partner_ids_chain=[12, 13], selected_partner_ids=[COMPANY])


def test_child_label_granted_when_parent_label_selected():
    assert allowed(partner_category_ids=[3], selected_category_ids=[1])


def test_parent_label_not_granted_when_child_selected():
    assert not allowed(partner_category_ids=[1], selected_category_ids=[3])


def test_unrelated_label_not_granted():
    assert not allowed(partner_category_ids=[4], selected_category_ids=[1])


def test_nothing_selected_means_nobody():
    assert not allowed(partner_category_ids=[1, 2, 3, 4])


@pytest.mark.parametrize(
    "grant",
    [
        {"audience": "all"},
        {"selected_partner_ids": [CONTACT]},
        {"partner_category_ids": [3], "selected_category_ids": [1]},
    ],
)
@pytest.mark.parametrize("excluded", [CONTACT, COMPANY])
def test_exclusion_wins(grant, excluded):
    assert allowed(**grant)
    assert not allowed(excluded_partner_ids=[excluded], **grant)


def test_all_audience_ignores_selection():
    assert allowed(audience="all")
    assert allowed(audience="all", selected_partner_ids=[42], selected_category_ids=[4])


def test_unknown_audience():
    with pytest.raises(ValueError):
        allowed(audience="everyone")


@given(
    chain=st.lists(st.integers(0, 5), min_size=1, max_size=3),
    labels=st.lists(st.integers(0, 4)),
    selected_labels=st.lists(st.integers(0, 4)),
    selected=st.lists(st.integers(0, 5)),
    excluded=st.lists(st.integers(0, 5)),
    audience=st.sampled_from(["all", "selected"]),
)
def test_exclusion_always_wins(chain, labels, selected_labels, selected, excluded, audience):
    result = allowed(
        audience=audience,
        partner_ids_chain=chain,
        partner_category_ids=labels,
        selected_category_ids=selected_labels,
        selected_partner_ids=selected,
        excluded_partner_ids=excluded,
    )
    if set(chain) & set(excluded):
        assert result is False
    elif audience == "all":
        assert result is True
