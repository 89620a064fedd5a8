from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from preorder_core import code_prefix, previous_campaign


def test_prefix_is_the_series_before_the_season():
    assert code_prefix("SPRING-2027") == "SPRING"
    assert code_prefix("spring 2026 b") == "SPRING"
    assert code_prefix("GARDEN27") == "GARDEN"
    assert code_prefix("AUTUMN_2026") == "AUTUMN"
    assert code_prefix("B2B-SPRING-27") == "B"
    assert code_prefix("OUTLET") == "OUTLET"


def test_no_series_without_leading_letters():
    assert code_prefix("2027-SPRING") == ""
    assert code_prefix("  ") == ""
    assert code_prefix(None) == ""
    assert code_prefix("--7") == ""


def test_previous_is_the_latest_of_the_series_before_the_deadline():
    candidates = [
        (1, "SPRING-2025", date(2025, 3, 1)),
        (2, "SPRING-2026", date(2026, 3, 1)),
        (3, "SPRINGFIELD-2026", date(2026, 6, 1)),  # another series
        (4, "AUTUMN-2026", date(2026, 10, 1)),
        (5, "SPRING-2028", date(2028, 3, 1)),  # after the campaign itself
    ]
    assert previous_campaign("SPRING-2027", date(2027, 3, 1), candidates) == 2
    assert previous_campaign("SPRING-2026", date(2026, 3, 1), candidates, exclude=2) == 1
    assert previous_campaign("spring27", None, candidates) == 5
    assert previous_campaign("SUMMER-2027", date(2027, 3, 1), candidates) is None
    assert previous_campaign("2027", date(2027, 3, 1), candidates) is None


def test_equal_deadlines_go_to_the_latest_created():
    candidates = [(7, "X-1", date(2026, 1, 1)), (9, "X-2", date(2026, 1, 1))]
    assert previous_campaign("X-3", date(2027, 1, 1), candidates) == 9


codes = st.text(alphabet="AB-_ 0129", max_size=8)
days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 1, 1))


@given(code=codes, end=days, candidates=st.lists(st.tuples(st.integers(0, 50), codes, days)))
def test_previous_is_of_the_series_and_earlier_and_latest(code, end, candidates):
    chosen = previous_campaign(code, end, candidates)
    eligible = [
        (cend, cid)
        for cid, ccode, cend in candidates
        if code_prefix(code) and code_prefix(ccode) == code_prefix(code) and cend < end
    ]
    if not eligible:
        assert chosen is None
    else:
        assert chosen == max(eligible)[1]


@given(code=codes)
def test_prefix_has_no_digit_and_no_trailing_separator(code):
    prefix = code_prefix(code)
    assert not any(char.isdigit() for char in prefix)
    assert prefix == prefix.rstrip(" \t-_/.#:")
    assert code.strip().upper().startswith(prefix)
