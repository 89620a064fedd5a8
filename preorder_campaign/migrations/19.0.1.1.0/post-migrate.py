"""19.0.1.1.0: shipping, service and reward lines are no pre-order lines any more
(``sale.order.line._preorder_is_preorder_line``). Recompute the stored flags of the
lines of pre-orders, then the tiers of the open quotations, which no longer count them."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    lines = (
        env["sale.order.line"]
        .with_context(active_test=False)
        .search([("order_id.preorder_campaign_id", "!=", False)])
    )
    for name in ("is_preorder_line", "preorder_base_amount", "preorder_discount_excluded"):
        env.add_to_compute(lines._fields[name], lines)
    env.flush_all()
    campaigns = env["preorder.campaign"].with_context(active_test=False).search([])
    campaigns._preorder_update_open_order_tiers()
