"""Framework-free core of the Pre-Order campaigns module.

Pure functions on plain values (no ``odoo`` import), so the rules can be unit
tested with pytest and reused by the Odoo models. Everything returns codes and
data, never translated strings: the Odoo side translates.
"""

from .allocation import METHODS as ALLOCATION_METHODS
from .allocation import allocate, exact_shares
from .audience import category_closure, is_partner_allowed
from .comparison import code_prefix, previous_campaign
from .delivery import DeliveryProblem, check_delivery_date, first_allowed_date
from .early_booking import combine_discounts, is_early, locked_in_percent
from .purchase_advice import (
    AdviceLine,
    Demand,
    PriceBreak,
    RoundedPurchase,
    SupplierPrice,
    aggregate_demand,
    build_advice,
    deduct_ordered,
    next_price_break,
    price_for_quantity,
    round_purchase_quantity,
    rounded_purchase,
    select_vendor,
    split_over_drops,
    vendor_breaks,
    vendor_quote,
)
from .quantities import MAX_QUANTITY, QuantityError, QuantityProblem, parse_quantity
from .quantity_rules import allowed_examples, check_rule_quantity, first_allowed
from .save_conflicts import is_stale, same_quantity, stale_quantities
from .tiers import Tier, TierResult, best_tier, line_discount, next_tier, tier_for_balance

__all__ = [
    "ALLOCATION_METHODS",
    "MAX_QUANTITY",
    "AdviceLine",
    "DeliveryProblem",
    "Demand",
    "PriceBreak",
    "QuantityError",
    "QuantityProblem",
    "SupplierPrice",
    "Tier",
    "TierResult",
    "aggregate_demand",
    "allocate",
    "allowed_examples",
    "best_tier",
    "build_advice",
    "category_closure",
    "check_delivery_date",
    "check_rule_quantity",
    "code_prefix",
    "combine_discounts",
    "deduct_ordered",
    "exact_shares",
    "first_allowed",
    "first_allowed_date",
    "is_early",
    "is_partner_allowed",
    "is_stale",
    "line_discount",
    "locked_in_percent",
    "next_price_break",
    "next_tier",
    "parse_quantity",
    "previous_campaign",
    "price_for_quantity",
    "round_purchase_quantity",
    "same_quantity",
    "select_vendor",
    "split_over_drops",
    "stale_quantities",
    "tier_for_balance",
    "vendor_breaks",
    "vendor_quote",
]
