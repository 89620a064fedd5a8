from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .preorder_order_grid import MAX_DROP_COLUMNS

DROP_QTY_FIELDS = [f"drop{index}_qty" for index in range(1, MAX_DROP_COLUMNS + 1)]


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
    # A campaign with delivery drops: one quantity (and price) per drop, shown as
    # columns titled with the drops' names (see _get_view); each saves into its drop.
    drop1_qty = fields.Float(string="Drop 1", digits="Product Unit")
    drop1_price = fields.Monetary(string="Drop 1 Price", readonly=True)
    drop2_qty = fields.Float(string="Drop 2", digits="Product Unit")
    drop2_price = fields.Monetary(string="Drop 2 Price", readonly=True)
    drop3_qty = fields.Float(string="Drop 3", digits="Product Unit")
    drop3_price = fields.Monetary(string="Drop 3 Price", readonly=True)
    subtotal = fields.Monetary(compute="_compute_subtotal")
    is_matrix = fields.Boolean(
        readonly=True,
        help="The product's variants can be entered in a matrix of their attribute values.",
    )

    @api.depends("price", "quantity", *DROP_QTY_FIELDS)
    def _compute_subtotal(self):
        for line in self:
            if line.grid_id._get_drop_columns():
                # Every drop at its own price
                line.subtotal = sum(
                    line[f"drop{index}_price"] * line[f"drop{index}_qty"]
                    for index in range(1, MAX_DROP_COLUMNS + 1)
                )
            else:
                line.subtotal = line.price * line.quantity

    @api.model
    def _get_view(self, view_id=None, view_type="form", **options):
        """The list shows one quantity column per drop of the grid's campaign, titled
        with its name (``preorder_drop_columns`` of the grid's action context),
        instead of the one drop's quantity."""
        arch, view = super()._get_view(view_id, view_type, **options)
        names = self.env.context.get("preorder_drop_columns")
        if view_type != "list" or not isinstance(names, list):
            return arch, view
        names = [str(name) for name in names[:MAX_DROP_COLUMNS]]
        for index, field_name in enumerate(DROP_QTY_FIELDS):
            for node in arch.xpath(f"//field[@name='{field_name}']"):
                if index < len(names):
                    node.set("string", names[index])
                    node.set("column_invisible", "False")
        if names:
            for node in arch.xpath("//field[@name='quantity']"):
                node.set("column_invisible", "True")
        return arch, view

    @api.model
    def _get_view_cache_key(self, view_id=None, view_type="form", **options):
        # _get_view depends on the drops' names
        key = super()._get_view_cache_key(view_id, view_type, **options)
        names = self.env.context.get("preorder_drop_columns")
        return key + (tuple(map(str, names)) if isinstance(names, list) else None,)

    def write(self, vals):
        # Every quantity saved in the grid goes through the pre-order, validated there.
        drop_fields = [name for name in DROP_QTY_FIELDS if name in vals]
        if drop_fields:
            vals = dict(vals)
            self._save_drop_columns({name: vals.pop(name) for name in drop_fields})
            if not vals:
                return True
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
            # The grid's drop has a column too: it shows the same quantity
            column = grid._get_drop_column_field(grid.drop_id)
            if column:
                super(PreorderOrderGridLine, lines).write({column: vals["quantity"]})
        result = super().write(vals)
        # The rule the saved quantity breaks, one write per distinct text.
        lines_by_warning = defaultdict(lambda: self.browse())
        for line in self:
            lines_by_warning[warnings[line.grid_id].get(line.product_id.id) or False] |= line
        for warning, lines in lines_by_warning.items():
            super(PreorderOrderGridLine, lines).write({"rule_warning": warning})
        self.filtered("is_capped")._refresh_cap_remaining()
        return result

    def _save_drop_columns(self, quantities_by_field):
        """Save the drop columns' quantities (``{"drop2_qty": 4}``): one save per grid
        and drop, through the same door as the single quantity."""
        for grid in self.grid_id:
            lines = self.filtered(lambda line, grid=grid: line.grid_id == grid)
            columns = grid._get_drop_columns()
            for field_name, quantity in quantities_by_field.items():
                index = DROP_QTY_FIELDS.index(field_name)
                if index >= len(columns):
                    raise UserError(_("This delivery drop is not a column of the grid."))
                drop = columns[index]
                saved = grid._save_quantities(
                    {line.product_id: quantity for line in lines}, drop=drop
                )
                values = {field_name: quantity}
                if drop == grid.drop_id:
                    values["quantity"] = quantity
                warnings = {pid: line["warning"] for pid, line in saved["lines"].items()}
                for warning, warned in lines.grouped(
                    lambda line, warnings=warnings: warnings.get(line.product_id.id)
                ).items():
                    super(PreorderOrderGridLine, warned).write(
                        {**values, "rule_warning": warning or False}
                    )
        self.filtered("is_capped")._refresh_cap_remaining()

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
            values = {"quantity": saved["quantity"], "rule_warning": saved.get("warning") or False}
            column = line.grid_id._get_drop_column_field(line.grid_id.drop_id)
            if column:
                values[column] = saved["quantity"]
            super(PreorderOrderGridLine, line).write(values)
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
