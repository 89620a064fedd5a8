from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare


class PreorderAllocationWizard(models.TransientModel):
    """Share a short supply among a campaign's pre-orders: the quantity available per
    product (what the vendor confirmed or delivered, else typed), a method, a preview
    of every line's proposed quantity, then apply (``preorder.campaign._preorder_allocate``
    and ``_preorder_apply_allocation``)."""

    _name = "preorder.allocation.wizard"
    _description = "Pre-Order Allocation"

    campaign_id = fields.Many2one(
        comodel_name="preorder.campaign",
        required=True,
        readonly=True,
        ondelete="cascade",
    )
    method = fields.Selection(
        selection=[
            ("pro_rata", "Pro rata to what was ordered"),
            ("priority_tier", "Priority: higher tier first"),
            ("priority_label", "Priority: customers with these labels first"),
            ("first_come", "First come, first served"),
        ],
        required=True,
        default="pro_rata",
        help="Within one priority (and among equal dates) quantities are shared pro rata.",
    )
    category_ids = fields.Many2many(
        comodel_name="res.partner.category",
        string="Priority Labels",
    )
    first_come = fields.Selection(
        selection=[("order_date", "Order date"), ("line_date", "Date the line was entered")],
        string="First Come By",
        required=True,
        default="order_date",
    )
    product_ids = fields.One2many(
        comodel_name="preorder.allocation.wizard.product",
        inverse_name="wizard_id",
        string="Products",
    )
    line_ids = fields.One2many(
        comodel_name="preorder.allocation.wizard.line",
        inverse_name="wizard_id",
        string="Preview",
    )
    previewed = fields.Boolean(readonly=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        campaign = self.env["preorder.campaign"].browse(values.get("campaign_id"))
        if campaign and "product_ids" in fields_list:
            # Every customer's quantities: for whoever may change the campaign.
            campaign.check_access("write")
            values["product_ids"] = [
                fields.Command.create(vals) for vals in self._get_product_defaults(campaign)
            ]
        return values

    @api.model
    def _get_product_defaults(self, campaign):
        """One row per product the campaign's orders hold: what they ordered and what
        is available (the vendor's confirmed or delivered quantity where known, else
        what was ordered, for the user to lower). Products the vendor covers in full
        are left out when the vendor's quantities are known."""
        Line = self.env["sale.order.line"].sudo()
        groups = Line._read_group(
            campaign._preorder_allocation_domain(),
            ["product_id", "product_uom_id"],
            ["product_uom_qty:sum"],
        )
        ordered = {}
        for product, uom, quantity in groups:
            ordered[product] = ordered.get(product, 0.0) + Line._preorder_to_product_qty(
                product, uom, quantity
            )
        products = self.env["product.product"].union(*ordered)
        supply = campaign._preorder_get_allocation_supply(products)
        rows = []
        for product in products.sorted("display_name"):
            available = supply.get(product.id, ordered[product])
            if supply and float_compare(available, ordered[product], precision_digits=6) >= 0:
                continue
            rows.append(
                {
                    "product_id": product.id,
                    "ordered_qty": ordered[product],
                    "available_qty": available,
                }
            )
        return rows

    @api.onchange("method", "category_ids", "first_come", "product_ids")
    def _onchange_settings(self):
        # Other settings: the preview no longer applies.
        self.previewed = False
        self.line_ids = [fields.Command.clear()]

    def _get_available(self):
        self.ensure_one()
        if self.method == "priority_label" and not self.category_ids:
            raise UserError(_("Choose the labels of the customers served first."))
        available = {}
        for row in self.product_ids:
            if row.available_qty < 0:
                raise UserError(
                    _(
                        "%(product)s: the quantity available cannot be negative.",
                        product=row.product_id.display_name,
                    )
                )
            if row.product_id.id in available:
                raise UserError(
                    _("%(product)s is listed twice.", product=row.product_id.display_name)
                )
            available[row.product_id.id] = row.available_qty
        if not available:
            raise UserError(_("Add the products to allocate and the quantity available."))
        return available

    def action_preview(self):
        """Propose every line's quantity; nothing is saved."""
        self.ensure_one()
        self.campaign_id.check_access("write")
        proposed = self.campaign_id._preorder_allocate(
            self._get_available(),
            method=self.method,
            category_ids=self.category_ids.ids,
            first_come=self.first_come,
        )
        lines = self.env["sale.order.line"].sudo().browse(list(proposed))
        values = []
        for line in lines.sorted(lambda line: (line.product_id.display_name, line.id)):
            ordered = line._preorder_get_product_qty()
            # Only the lines that change: a large campaign has thousands of lines.
            if float_compare(proposed[line.id], ordered, precision_digits=6) < 0:
                values.append(
                    {
                        "sale_line_id": line.id,
                        "ordered_qty": ordered,
                        "proposed_qty": proposed[line.id],
                    }
                )
        self.line_ids = [fields.Command.clear()] + [fields.Command.create(vals) for vals in values]
        self.previewed = True
        return self._reopen()

    def action_apply(self):
        """Lower the lines to their proposed quantities, log each change on its order
        and tell each customer."""
        self.ensure_one()
        if not self.previewed:
            raise UserError(_("Preview the allocation first."))
        orders = self.campaign_id._preorder_apply_allocation(
            {line.sale_line_id.id: line.proposed_qty for line in self.line_ids}
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _(
                    "Allocation applied: %(count)s pre-orders changed, their customers told.",
                    count=len(orders),
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "name": _("Allocate a Short Supply"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }
