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
    reserved_qty = fields.Float(
        string="Reserved for Customers",
        digits="Product Unit",
        readonly=True,
        help="An own shop: how much of its quantity its customers reserved in the shop.",
    )
    is_capped = fields.Boolean(string="Capped", readonly=True)
    cap_remaining = fields.Float(
        string="Still Available",
        digits="Product Unit",
        readonly=True,
        help="What all customers together may still order of this capped product.",
    )
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
    suggested_qty = fields.Float(
        string="Suggested",
        digits="Product Unit",
        readonly=True,
        help="From the source chosen when opening the grid; ordered only when used.",
    )
    rule_label = fields.Char(
        string="Quantity Rule",
        readonly=True,
        help="The campaign's minimum, maximum and multiple for this product.",
    )
    quantity = fields.Float(digits="Product Unit")
    rule_warning = fields.Char(
        string="Warning",
        readonly=True,
        help="The quantity rule the quantity saved breaks (a salesperson may make an exception).",
    )
    subtotal = fields.Monetary(compute="_compute_subtotal")
    is_matrix = fields.Boolean(
        readonly=True,
        help="The product's variants can be entered in a matrix of their attribute values.",
    )

    @api.depends("price", "quantity")
    def _compute_subtotal(self):
        for line in self:
            line.subtotal = line.price * line.quantity

    def write(self, vals):
        # Every quantity saved in the grid goes through the pre-order, validated there.
        if "quantity" not in vals:
            return super().write(vals)
        lines_by_grid = defaultdict(lambda: self.browse())
        for line in self:
            lines_by_grid[line.grid_id] |= line
        warnings = {}
        for grid, lines in lines_by_grid.items():
            saved = grid._save_quantities({line.product_id: vals["quantity"] for line in lines})
            warnings[grid] = {
                product_id: line["warning"] for product_id, line in saved["lines"].items()
            }
        result = super().write(vals)
        # The rule the saved quantity breaks, one write per distinct text.
        lines_by_warning = defaultdict(lambda: self.browse())
        for line in self:
            lines_by_warning[warnings[line.grid_id].get(line.product_id.id) or False] |= line
        for warning, lines in lines_by_warning.items():
            super(PreorderOrderGridLine, lines).write({"rule_warning": warning})
        self.filtered("is_capped")._refresh_cap_remaining()
        return result

    def _refresh_cap_remaining(self):
        """What is still available of the lines' capped products, after a save: the
        other customers' orders count too (one grouped query per grid)."""
        for grid in self.grid_id:
            lines = self.filtered(lambda line, grid=grid: line.grid_id == grid)
            remaining = grid.campaign_id._preorder_get_cap_remaining(lines.product_id)
            for line in lines:
                super(PreorderOrderGridLine, line).write(
                    {"cap_remaining": remaining.get(line.product_id.id, 0.0)}
                )

    def _show_saved(self, saved_lines):
        """Show what a save stored (``{product id: {"quantity", "warning"}}``) without
        saving again."""
        for line in self:
            saved = saved_lines[line.product_id.id]
            super(PreorderOrderGridLine, line).write(
                {"quantity": saved["quantity"], "rule_warning": saved.get("warning") or False}
            )
        self.filtered("is_capped")._refresh_cap_remaining()

    def action_open_matrix(self):
        """Odoo's variant matrix of the row's product, to enter all its variants."""
        self.ensure_one()
        return self.grid_id._get_matrix_action(self.product_id.product_tmpl_id)

    def action_use_suggestion(self):
        """Order the row's suggested quantity (through the pre-order, like typing it)."""
        for line in self.filtered("suggested_qty"):
            line.quantity = line.suggested_qty
        return True

    def action_use_all_suggestions(self):
        grid = self.env["preorder.order.grid"].browse(self.env.context.get("preorder_grid_id"))
        return grid.exists()._use_suggestions()

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
