"""Who may access a campaign.

Plain ids in, a yes/no out: the Odoo side reads partners and labels
(``res.partner.category``) and passes their ids here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

AUDIENCE_ALL = "all"
AUDIENCE_SELECTED = "selected"
AUDIENCES = (AUDIENCE_ALL, AUDIENCE_SELECTED)

__all__ = [
    "AUDIENCES",
    "AUDIENCE_ALL",
    "AUDIENCE_SELECTED",
    "category_closure",
    "is_partner_allowed",
]


def category_closure(category_ids: Iterable, parent_of: Mapping) -> frozenset:
    """``category_ids`` plus all their ancestors.

    ``parent_of`` maps a label id to its parent id (or None). Walking stops at
    labels already seen, so corrupt data with a parent cycle cannot loop forever.
    """
    seen: set = set()
    for category_id in category_ids:
        current = category_id
        while current is not None and current not in seen:
            seen.add(current)
            current = parent_of.get(current)
    return frozenset(seen)


def is_partner_allowed(
    *,
    audience: str,
    partner_ids_chain: Iterable,
    partner_category_ids: Iterable,
    parent_of: Mapping,
    selected_category_ids: Iterable,
    selected_partner_ids: Iterable,
    excluded_partner_ids: Iterable,
) -> bool:
    """Whether a signed-in customer may see and order from a campaign.

    ``partner_ids_chain`` is the contact and its parents up to the commercial
    partner, so a contact inherits its company's grant (and its exclusion).
    ``partner_category_ids`` are the labels of every partner in that chain.
    Selecting a parent label grants its child labels. Exclusion always wins.
    The public user is the caller's business.
    """
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience: {audience!r}")
    chain = set(partner_ids_chain)
    if chain & set(excluded_partner_ids):
        return False
    if audience == AUDIENCE_ALL:
        return True
    if chain & set(selected_partner_ids):
        return True
    labels = category_closure(partner_category_ids, parent_of)
    return bool(labels & set(selected_category_ids))
