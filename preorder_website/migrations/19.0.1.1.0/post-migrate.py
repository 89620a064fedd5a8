"""19.0.1.1.0: one pre-order in progress per ordering contact and campaign (the
unique index ``sale_order_preorder_one_in_progress``, created once every module is
loaded). A finalized draft is not in progress: recompute the flag, which
``preorder_campaign`` set from the state alone, and name the contacts that still
have two drafts in progress (the index cannot be created until a salesperson sends
or cancels one of them)."""

import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    SaleOrder = env["sale.order"].with_context(active_test=False)
    orders = SaleOrder.search([("preorder_campaign_id", "!=", False), ("state", "=", "draft")])
    env.add_to_compute(SaleOrder._fields["preorder_in_progress"], orders)
    env.flush_all()
    groups = SaleOrder._read_group(
        [("preorder_in_progress", "=", True)],
        ["preorder_campaign_id", "partner_id"],
        ["id:array_agg"],
        having=[("__count", ">", 1)],
    )
    for campaign, partner, order_ids in groups:
        names = ", ".join(SaleOrder.browse(order_ids).mapped("name"))
        _logger.warning(
            "%s has several pre-orders in progress in campaign %s (%s): send or cancel "
            "all but one, then update preorder_website again to create the unique index.",
            partner.display_name,
            campaign.name,
            names,
        )
