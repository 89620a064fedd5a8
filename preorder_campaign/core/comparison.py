"""Which earlier campaign a campaign is compared with.

Campaign codes name a series and a season: ``SPRING-2026``, ``SPRING-2027``,
``GARDEN27``. The *prefix* is the series: the code before its first digit,
without the separators that end it, in capitals. Two campaigns with the same
non-empty prefix belong to one series; the previous campaign of a series is the
one with the latest deadline before this campaign's.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

SEPARATORS = " \t-_/.#:"

__all__ = ["SEPARATORS", "code_prefix", "previous_campaign"]


def code_prefix(code: str | None) -> str:
    """The series of a campaign code: ``'SPRING-2027'`` and ``'spring 2026 b'`` give
    ``'SPRING'``, ``'GARDEN27'`` gives ``'GARDEN'``. A code that starts with a digit
    (``'2027-SPRING'``) or holds no letters has no series: ``''``."""
    text = (code or "").strip()
    for index, char in enumerate(text):
        if char.isdigit():
            text = text[:index]
            break
    return text.rstrip(SEPARATORS).upper()


def previous_campaign(
    code: str | None,
    date_end: Any,
    candidates: Iterable[tuple[Any, str | None, Any]],
    exclude: Any = None,
) -> Any:
    """The id of the campaign to compare with, or None.

    ``candidates`` are ``(id, code, date_end)`` of the campaigns that may serve
    (closed or done, same company: the caller's business). The one chosen has
    the same non-empty prefix as ``code``, ends before ``date_end`` (any when
    ``date_end`` is None, a campaign still being set up) and ends last; equal
    deadlines go to the highest id (the latest created). ``exclude`` is the
    campaign itself.
    """
    prefix = code_prefix(code)
    if not prefix:
        return None
    best = None
    for candidate_id, candidate_code, candidate_end in candidates:
        if candidate_id == exclude or code_prefix(candidate_code) != prefix:
            continue
        if date_end is not None and (candidate_end is None or candidate_end >= date_end):
            continue
        key = (candidate_end, candidate_id)
        if best is None or key > best:
            best = key
    return best[1] if best else None
