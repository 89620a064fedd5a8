from collections import defaultdict

from odoo import api, fields, models


class PreorderOrderGridLine(models.TransientModel):
    _name = "preorder.order.grid.line"
    _description = "Pre-Order Entry Grid Line"
    _order = "categ_id, product_id"

    grid_id = fields.Many2one(
        comodel_name="preorder.order.grid",
        required=True,
        index=True,
        ondelete="cascade",
    )
    product_id = fields.Many2one(comodel_name="product.product", required=True, readonly=True)
    default_code = fields.Char(related="product_id.default_code", string="Reference")
    barcode = fields.Char(related="product_id.barcode")
    categ_id = fields.Many2one(related="product_id.categ_id", string="Category", store=True)
    brand_id = fields.Many2one(related="product_id.product_brand_id", string="Brand", store=True)
    uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    currency_id = fields.Many2one(related="grid_id.currency_id")
    price = fields.Monetary(string="Unit Price", readonly=True)
    previous_qty = fields.Float(string="Bought Before", digits="Product Unit", readonly=True)
    peer_average = fields.Float(digits="Product Unit", readonly=True)
    peer_hidden = fields.Boolean(string="Others' Average Withheld", readonly=True)
    peer_average_display = fields.Char(
        string="Others' Average",
        readonly=True,
        help="The average quantity per ordering contact of the other customers who "
        "pre-ordered this product in the campaign. Withheld until the campaign's minimum "
        "number of other customers ordered it, so that no competitor's own quantity shows.",
    )
    quantity = fields.Float(digits="Product Unit")
    subtotal = fields.Monetary(compute="_compute_subtotal")

    @api.depends("price", "quantity")
    def _compute_subtotal(self):
        for line in self:
            line.subtotal = line.price * line.quantity

    def write(self, vals):
        # Every quantity saved in the grid goes through the pre-order, validated there.
        if "quantity" in vals:
            lines_by_grid = defaultdict(lambda: self.browse())
            for line in self:
                lines_by_grid[line.grid_id] |= line
            for grid, lines in lines_by_grid.items():
                grid._save_quantities({line.product_id: vals["quantity"] for line in lines})
        return super().write(vals)

    def action_open_order(self):
        grid = self.env["preorder.order.grid"].browse(self.env.context.get("preorder_grid_id"))
        order = grid.exists().order_id
        if not order:
            return False
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": order.id,
            "view_mode": "form",
        }

    def action_open_import(self):
        """Import a file into this grid's pre-order, or export it (``preorder.order.import``)."""
        grid = self.env["preorder.order.grid"].browse(self.env.context.get("preorder_grid_id"))
        grid = grid.exists()
        if not grid:
            return False
        return grid.action_open_import()
