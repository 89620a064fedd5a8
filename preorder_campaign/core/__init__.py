"""Framework-free core of the Pre-Order campaigns module.

Pure functions on plain values (no ``odoo`` import), so the rules can be unit
tested with pytest and reused by the Odoo models. Everything returns codes and
data, never translated strings: the Odoo side translates.
"""

from .allocation import METHODS as ALLOCATION_METHODS
from .allocation import allocate, exact_shares
from .audience import category_closure, is_partner_allowed
from .delivery import DeliveryProblem, check_delivery_date, first_allowed_date
from .purchase_advice import (
    AdviceLine,
    Demand,
    SupplierPrice,
    aggregate_demand,
    build_advice,
    deduct_ordered,
    price_for_quantity,
    round_purchase_quantity,
    select_vendor,
    vendor_quote,
)
from .quantities import MAX_QUANTITY, QuantityError, QuantityProblem, parse_quantity
from .quantity_rules import allowed_examples, check_rule_quantity, first_allowed
from .tiers import Tier, TierResult, best_tier, line_discount, next_tier, tier_for_balance

__all__ = [
    "ALLOCATION_METHODS",
    "MAX_QUANTITY",
    "AdviceLine",
    "DeliveryProblem",
    "Demand",
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
    "deduct_ordered",
    "exact_shares",
    "first_allowed",
    "first_allowed_date",
    "is_partner_allowed",
    "line_discount",
    "next_tier",
    "parse_quantity",
    "price_for_quantity",
    "round_purchase_quantity",
    "select_vendor",
    "tier_for_balance",
    "vendor_quote",
]
