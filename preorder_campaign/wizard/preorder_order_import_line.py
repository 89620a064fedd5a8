from odoo import fields, models


class PreorderOrderImportLine(models.TransientModel):
    """One row of an import's preview: its product, or why it is refused."""

    _name = "preorder.order.import.line"
    _description = "Pre-Order Import Preview Row"
    _order = "status desc, row, id"

    import_id = fields.Many2one(
        comodel_name="preorder.order.import", required=True, index=True, ondelete="cascade"
    )
    row = fields.Integer(readonly=True)
    reference = fields.Char(readonly=True)
    quantity_text = fields.Char(string="Quantity in the File", readonly=True)
    product_id = fields.Many2one(comodel_name="product.product", readonly=True)
    product_quantity = fields.Float(string="Quantity", digits="Product Unit", readonly=True)
    current_quantity = fields.Float(string="Ordered Now", digits="Product Unit", readonly=True)
    is_capped = fields.Boolean(string="Capped", readonly=True)
    cap_remaining = fields.Float(
        string="Still Available",
        digits="Product Unit",
        readonly=True,
        help="What all customers together may still order of this capped product.",
    )
    currency_id = fields.Many2one(related="import_id.currency_id")
    price = fields.Monetary(string="Unit Price", readonly=True)
    subtotal = fields.Monetary(compute="_compute_subtotal")
    status = fields.Selection(
        selection=[("ok", "Recognised"), ("refused", "Refused")], readonly=True
    )
    reason = fields.Char(readonly=True)

    def _compute_subtotal(self):
        for line in self:
            line.subtotal = line.price * line.product_quantity
