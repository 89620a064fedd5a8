from odoo import api, fields, models

from odoo.addons.preorder_campaign.core import purchase_advice


class PreorderPurchaseAdviceLine(models.TransientModel):
    _name = "preorder.purchase.advice.line"
    _description = "Pre-Order Purchase Advice Line"
    _order = "vendor_id, drop_date, product_id, id"

    advice_id = fields.Many2one(
        comodel_name="preorder.purchase.advice", required=True, ondelete="cascade", index=True
    )
    campaign_id = fields.Many2one(related="advice_id.campaign_id")
    product_id = fields.Many2one(comodel_name="product.product", required=True)
    product_tmpl_id = fields.Many2one(related="product_id.product_tmpl_id")
    uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    drop_id = fields.Many2one(
        comodel_name="preorder.delivery.drop",
        string="Drop",
        help="The delivery drop this line buys for: its RFQ is the vendor's RFQ of the "
        "drop, planned for the drop's date.",
    )
    drop_date = fields.Date(string="Drop Date", related="drop_id.date", store=True)
    vendor_id = fields.Many2one(
        comodel_name="res.partner",
        help="Chosen from the product's vendor prices; change it to buy elsewhere.",
    )
    supplierinfo_id = fields.Many2one(comodel_name="product.supplierinfo", string="Vendor Price")
    vendor_product_code = fields.Char(string="Vendor Code")
    demand_qty = fields.Float(
        string="Pre-Ordered",
        digits="Product Unit",
        help="Quantity still to buy: pre-ordered minus what confirmed purchase orders "
        "of the campaign already buy.",
    )
    quantity = fields.Float(string="To Buy", digits="Product Unit", required=True)
    rounding_qty = fields.Float(
        string="Rounded Up By", digits="Product Unit", compute="_compute_rounding_qty"
    )
    rounding_reason = fields.Selection(
        selection=[
            ("min_qty", "Vendor minimum"),
            ("multiple", "Packaging"),
            ("min_qty+multiple", "Vendor minimum and packaging"),
        ],
        string="Rounding",
    )
    purchase_uom_id = fields.Many2one(
        comodel_name="uom.uom",
        string="Vendor Unit",
        help="The unit the vendor sells in; the RFQ line uses it.",
    )
    price_unit = fields.Float(
        string="Unit Price",
        digits="Product Price",
        help="Price per product unit, before the vendor discount.",
    )
    discount = fields.Float(string="Discount (%)", digits="Discount")
    currency_id = fields.Many2one(comodel_name="res.currency")
    price_subtotal = fields.Monetary(string="Subtotal", compute="_compute_price_subtotal")
    delay = fields.Integer(string="Lead Time")
    next_break_missing_qty = fields.Float(
        string="To Next Break",
        digits="Product Unit",
        help="Units the campaign still lacks to reach the vendor's next price break "
        "(or its minimum): worth pushing to the customers.",
    )
    next_break_qty = fields.Float(string="Next Break At", digits="Product Unit")
    next_break_price = fields.Float(
        string="Next Break Price",
        digits="Product Price",
        help="Net price per product unit from the next price break.",
    )
    next_break_saving = fields.Monetary(
        string="Saving at Next Break",
        help="What the whole quantity at the next break costs less than at the price reached now.",
    )
    below_vendor_minimum = fields.Boolean(
        help="The pre-orders do not reach the vendor's minimum: the advice buys the "
        "missing units anyway."
    )
    is_near_break = fields.Boolean(
        string="Near a Price Break",
        help="The units missing are within the campaign's price break threshold.",
    )
    next_break_label = fields.Char(string="Next Break", compute="_compute_next_break_label")

    @api.depends("quantity", "demand_qty")
    def _compute_rounding_qty(self):
        for line in self:
            line.rounding_qty = max(0.0, line.quantity - line.demand_qty)

    @api.depends("quantity", "price_unit", "discount")
    def _compute_price_subtotal(self):
        for line in self:
            line.price_subtotal = line.quantity * line.price_unit * (1 - line.discount / 100)

    @api.depends(
        "next_break_missing_qty", "next_break_saving", "below_vendor_minimum", "currency_id"
    )
    def _compute_next_break_label(self):
        for line in self:
            line.next_break_label = line.advice_id.campaign_id._get_price_break_label(
                line.next_break_missing_qty,
                line.next_break_saving,
                line.below_vendor_minimum,
                line.uom_id,
                line.currency_id,
            )

    @api.onchange("vendor_id", "quantity")
    def _onchange_vendor_id(self):
        """Reprice from the chosen vendor's price break for the quantity."""
        for line in self:
            if line.vendor_id and line.product_id:
                line._apply_vendor_quote()

    def _apply_vendor_quote(self):
        """The chosen vendor's price break for the quantity, with the quote
        values the advice uses (one rule, one unit conversion)."""
        self.ensure_one()
        campaign = self.advice_id.campaign_id
        product = self.product_id
        prices, quotes = campaign._get_supplier_prices(product)
        quantity = self.quantity
        if self.drop_id:
            # The vendor's break counts what the campaign buys of it over all drops.
            quantity = max(quantity, self._get_vendor_total_qty())
        row = purchase_advice.vendor_quote(
            prices[product.id],
            vendor_id=self.vendor_id.id,
            product_id=product.id,
            quantity=quantity,
            on_date=fields.Date.context_today(self),
            company_id=campaign.company_id.id,
        )
        breaks = purchase_advice.vendor_breaks(
            prices[product.id],
            vendor_id=self.vendor_id.id,
            product_id=product.id,
            on_date=fields.Date.context_today(self),
            company_id=campaign.company_id.id,
        )
        self.update(
            campaign._prepare_price_break_values(
                purchase_advice.next_price_break(self.demand_qty, breaks, bought_qty=self.quantity)
            )
        )
        if row:
            self.update(quotes[row.id])
            return
        # A vendor without a price for this product: the cost price, in the
        # product's unit; the buyer may type the agreed price.
        self.update(
            {
                "supplierinfo_id": False,
                "vendor_product_code": False,
                "price_unit": product.standard_price,
                "discount": 0.0,
                "currency_id": campaign.company_id.currency_id.id,
                "purchase_uom_id": product.uom_id.id,
                "delay": 0,
            }
        )

    def _get_vendor_total_qty(self):
        """What the advice buys of the line's product from its vendor, all drops."""
        self.ensure_one()
        return sum(
            line.quantity
            for line in self.advice_id.line_ids
            if line.product_id == self.product_id and line.vendor_id == self.vendor_id
        )

    def _prepare_advice_values(self):
        """The line as ``preorder.campaign._sync_purchase_orders`` input."""
        self.ensure_one()
        return {
            "product_id": self.product_id.id,
            "vendor_id": self.vendor_id.id,
            "supplierinfo_id": self.supplierinfo_id.id,
            "quantity": self.quantity,
            "price_unit": self.price_unit,
            "discount": self.discount,
            "currency_id": self.currency_id.id,
            "purchase_uom_id": self.purchase_uom_id.id,
            "delay": self.delay,
            "drop_id": self.drop_id.id,
        }

    def action_open_product_vendors(self):
        """Open the product on its purchase tab to add a vendor price."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "product.template",
            "res_id": self.product_id.product_tmpl_id.id,
            "view_mode": "form",
            "target": "new",
            "context": {"form_view_initial_mode": "edit"},
        }
