from odoo import _, api, fields, models
from odoo.fields import Command


class PreorderPurchaseAdvice(models.TransientModel):
    _name = "preorder.purchase.advice"
    _description = "Pre-Order Purchase Advice"
    _check_company_auto = True

    campaign_id = fields.Many2one(
        comodel_name="preorder.campaign",
        required=True,
        check_company=True,
        domain="[('state', 'in', ('open', 'closed', 'done'))]",
    )
    company_id = fields.Many2one(related="campaign_id.company_id", store=True)
    campaign_state = fields.Selection(related="campaign_id.state", string="Campaign Status")
    split_by_drop = fields.Boolean(string="Purchase per Drop", compute="_compute_split_by_drop")
    include_unconfirmed = fields.Boolean(
        string="Count Unconfirmed Pre-Orders",
        help="Also buy what is on pre-orders that are not confirmed yet "
        "(draft and sent quotations). Otherwise only confirmed pre-orders count.",
    )
    line_ids = fields.One2many(
        comodel_name="preorder.purchase.advice.line",
        inverse_name="advice_id",
        string="Lines",
        compute="_compute_line_ids",
        store=True,
        readonly=False,
    )
    missing_vendor_count = fields.Integer(compute="_compute_missing_vendor_count")

    @api.depends("campaign_id", "include_unconfirmed")
    def _compute_line_ids(self):
        for advice in self:
            commands = [Command.clear()]
            if advice.campaign_id:
                commands += [
                    Command.create(values)
                    for values in advice.campaign_id._prepare_purchase_advice(
                        include_unconfirmed=advice.include_unconfirmed
                    )
                ]
            advice.line_ids = commands

    @api.depends("campaign_id.has_drops", "campaign_id.purchase_split_by_drop")
    def _compute_split_by_drop(self):
        for advice in self:
            advice.split_by_drop = bool(advice.campaign_id) and (
                advice.campaign_id._purchase_splits_by_drop()
            )

    @api.depends("line_ids.vendor_id")
    def _compute_missing_vendor_count(self):
        for advice in self:
            advice.missing_vendor_count = len(
                advice.line_ids.filtered(lambda line: not line.vendor_id)
            )

    def action_refresh(self):
        """Recompute the advice (e.g. after adding a vendor price) and stay."""
        self.ensure_one()
        self._compute_line_ids()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": _("Purchase Advice"),
        }

    def action_create_rfqs(self):
        """Create or update one RFQ per vendor (and drop) from the (edited) lines."""
        self.ensure_one()
        orders = self.campaign_id._sync_purchase_orders(
            [line._prepare_advice_values() for line in self.line_ids]
        )
        return self._get_created_orders_action(orders)

    def _get_created_orders_action(self, orders):
        """What the user sees after creating the orders: the RFQs made or updated."""
        self.ensure_one()
        action = self.campaign_id.action_view_purchase_orders()
        action["domain"] = [("id", "in", orders.ids)]
        action["display_name"] = _("RFQs of %(campaign)s", campaign=self.campaign_id.name)
        return action
