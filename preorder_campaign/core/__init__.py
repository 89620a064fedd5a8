"""Framework-free core of the Pre-Order campaigns module.

Pure functions on plain values (no ``odoo`` import), so the rules can be unit
tested with pytest and reused by the Odoo models. Everything returns codes and
data, never translated strings: the Odoo side translates.
"""

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
from .tiers import Tier, TierLine, TierResult, best_tier, compute_tiers, next_tier

__all__ = [
    "MAX_QUANTITY",
    "AdviceLine",
    "DeliveryProblem",
    "Demand",
    "QuantityError",
    "QuantityProblem",
    "SupplierPrice",
    "Tier",
    "TierLine",
    "TierResult",
    "aggregate_demand",
    "best_tier",
    "build_advice",
    "category_closure",
    "check_delivery_date",
    "compute_tiers",
    "deduct_ordered",
    "first_allowed_date",
    "is_partner_allowed",
    "next_tier",
    "parse_quantity",
    "price_for_quantity",
    "round_purchase_quantity",
    "select_vendor",
    "vendor_quote",
]
