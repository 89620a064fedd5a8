from odoo import _, api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    preorder_order_count = fields.Integer(
        string="Pre-Order Count",
        compute="_compute_preorder_order_count",
        groups="sales_team.group_sale_salesman",
    )

    @api.depends_context("uid")
    def _compute_preorder_order_count(self):
        """Pre-orders of the partner and all its contacts, in one grouped query."""
        self.preorder_order_count = 0
        all_partners = self.with_context(active_test=False).search_fetch(
            [("id", "child_of", self.ids)], ["parent_id"]
        )
        groups = self.env["sale.order"]._read_group(
            [("preorder_campaign_id", "!=", False), ("partner_id", "in", all_partners.ids)],
            ["partner_id"],
            ["__count"],
        )
        self_ids = set(self._ids)
        for partner, count in groups:
            while partner:
                if partner.id in self_ids:
                    partner.preorder_order_count += count
                partner = partner.parent_id

    def action_view_preorders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "preorder_campaign.sale_order_action_preorders"
        )
        action["domain"] = [("partner_id", "child_of", self.ids)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_preorder_open_grid(self):
        """Let a salesperson pick a campaign, then enter this customer's pre-order."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Enter a Pre-Order"),
            "res_model": "preorder.order.grid",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.id},
        }
