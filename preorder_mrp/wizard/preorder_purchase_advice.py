from odoo import _, api, models


class PreorderPurchaseAdvice(models.TransientModel):
    _inherit = "preorder.purchase.advice"

    @api.depends("line_ids.vendor_id", "line_ids.supply_method")
    def _compute_missing_vendor_count(self):
        # A line to manufacture needs no vendor.
        for advice in self:
            advice.missing_vendor_count = len(
                advice.line_ids.filtered(
                    lambda line: line.supply_method != "manufacture" and not line.vendor_id
                )
            )

    def _get_created_orders_action(self, orders):
        """The RFQs, or the manufacturing orders when nothing was bought; when
        both were made, a notice of the manufacturing orders, then the RFQs."""
        action = super()._get_created_orders_action(orders)
        made = self.line_ids.filtered(
            lambda line: line.supply_method == "manufacture" and line.quantity > 0
        )
        if not made:
            return action
        campaign = self.campaign_id
        productions = self.env["mrp.production"].search(
            [
                ("preorder_campaign_id", "=", campaign.id),
                ("is_preorder_advice", "=", True),
                ("state", "=", "draft"),
                ("product_id", "in", made.product_id.ids),
            ]
        )
        if not orders:
            action = campaign.action_view_productions()
            action["domain"] = [("id", "in", productions.ids)]
            return action
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _(
                    "Draft manufacturing orders ready: %(orders)s",
                    orders=", ".join(productions.mapped("name")),
                ),
                "next": action,
            },
        }
