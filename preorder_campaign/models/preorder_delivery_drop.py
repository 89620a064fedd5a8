from datetime import datetime, time

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class PreorderDeliveryDrop(models.Model):
    """One delivery of a campaign (contract): customers split their pre-order over
    the campaign's drops, each drop its own quotation delivered on the drop's date,
    optionally at its own prices and with an earlier order deadline."""

    _name = "preorder.delivery.drop"
    _inherit = ["preorder.cached.setting"]
    _description = "Pre-Order Delivery Drop"
    _order = "campaign_id, sequence, date, id"
    _check_company_auto = True

    campaign_id = fields.Many2one(
        comodel_name="preorder.campaign",
        string="Campaign",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(related="campaign_id.company_id", store=True)
    currency_id = fields.Many2one(related="campaign_id.currency_id")
    sequence = fields.Integer(default=10)
    name = fields.Char(
        required=True,
        translate=True,
        help="Shown to customers above the drop's quantity column, e.g. “March delivery”.",
    )
    date = fields.Date(
        string="Delivery Date",
        required=True,
        help="The desired delivery date of the drop's orders.",
    )
    order_deadline = fields.Datetime(
        help="Until this moment customers can change the drop's quantities; empty: the "
        "campaign's deadline. It must come before the campaign's deadline.",
    )
    pricelist_id = fields.Many2one(
        comodel_name="product.pricelist",
        string="Pricelist",
        check_company=True,
        help="When set, the drop's orders use this pricelist instead of the campaign's.",
    )
    ordered_amount = fields.Monetary(
        string="Ordered",
        compute="_compute_ordered",
        help="Untaxed amount of the drop's orders that are not cancelled, in the "
        "campaign's currency.",
    )
    ordered_qty = fields.Float(
        string="Quantity",
        digits="Product Unit",
        compute="_compute_ordered",
        help="Quantity of the drop's orders that are not cancelled.",
    )
    order_count = fields.Integer(string="Orders", compute="_compute_ordered")

    @api.constrains("order_deadline", "campaign_id")
    def _check_order_deadline(self):
        for drop in self:
            deadline = drop.campaign_id.date_end
            if drop.order_deadline and deadline and drop.order_deadline >= deadline:
                raise ValidationError(
                    _(
                        "The order deadline of delivery %(drop)s must come before the "
                        "deadline of campaign %(campaign)s.",
                        drop=drop.name,
                        campaign=drop.campaign_id.name,
                    )
                )

    @api.constrains("campaign_id")
    def _check_campaign_orders(self):
        """A campaign's quotations all have a drop once it has drops: one entered
        without would be seen by no grid column and counted in no drop."""
        undropped = (
            self.env["sale.order"]
            .sudo()
            .search_fetch(
                [
                    ("preorder_campaign_id", "in", self.campaign_id.ids),
                    ("preorder_drop_id", "=", False),
                    ("state", "in", ("draft", "sent")),
                ],
                ["name", "preorder_campaign_id"],
                limit=1,
            )
        )
        if undropped:
            raise ValidationError(
                _(
                    "Campaign %(campaign)s has quotations without a delivery drop (such as "
                    "%(order)s): set their Delivery Drop before adding drops, or add the "
                    "drops before the first pre-order.",
                    campaign=undropped.preorder_campaign_id.name,
                    order=undropped.name,
                )
            )

    @api.depends("campaign_id")
    def _compute_ordered(self):
        """Per drop, in one grouped query: the campaign figures shown to every reader
        of the campaign (sudo, like the campaign's counters)."""
        self.ordered_amount = self.ordered_qty = self.order_count = 0
        drops = self.filtered("id")
        if not drops:
            return
        groups = (
            self.env["sale.order.line"]
            .sudo()
            ._read_group(
                [
                    ("order_id.preorder_drop_id", "in", drops.ids),
                    ("order_id.state", "!=", "cancel"),
                    ("is_preorder_line", "=", True),
                ],
                ["order_id.preorder_drop_id", "currency_id"],
                ["price_subtotal:sum", "product_uom_qty:sum", "order_id:count_distinct"],
            )
        )
        today = fields.Date.context_today(self)
        by_id = {drop.id: drop for drop in drops}
        for drop_sudo, currency, amount, quantity, count in groups:
            drop = by_id[drop_sudo.id]
            drop.ordered_amount += currency._convert(
                amount, drop.currency_id, drop.company_id, today
            )
            drop.ordered_qty += quantity
            drop.order_count += count

    @api.ondelete(at_uninstall=False)
    def _unlink_except_with_orders(self):
        # A quotation is delivered with its drop: no order may lose it.
        ordered = (
            self.env["sale.order"]
            .sudo()
            .search_fetch([("preorder_drop_id", "in", self.ids)], ["preorder_drop_id"], limit=1)
        )
        if ordered:
            raise UserError(
                _(
                    "Delivery %(drop)s has orders: it cannot be deleted. Change its date "
                    "instead, or move its quotations to another delivery first.",
                    drop=ordered.preorder_drop_id.name,
                )
            )

    def write(self, vals):
        result = super().write(vals)
        if "date" in vals:
            # The quotations still being entered or reviewed follow the drop's date.
            for drop in self:
                drop._preorder_get_open_orders().commitment_date = drop._preorder_get_commitment()
        return result

    def _preorder_get_open_orders(self):
        """The drops' quotations (draft or sent)."""
        return (
            self.env["sale.order"]
            .sudo()
            .search([("preorder_drop_id", "in", self.ids), ("state", "in", ("draft", "sent"))])
        )

    def _preorder_get_commitment(self):
        """The ``commitment_date`` of the drop's orders: noon UTC of its date, the same
        calendar day in every timezone from UTC-11 to UTC+11."""
        self.ensure_one()
        return datetime.combine(self.date, time(12, 0))
