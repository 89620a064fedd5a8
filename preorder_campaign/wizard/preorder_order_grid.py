from odoo import _, api, fields, models
from odoo.exceptions import UserError

# A campaign with up to this many delivery drops shows one quantity column per drop
# (the grid line's drop1_qty, drop2_qty, ...); with more, the grid enters one drop at
# a time (the picked drop_id).
MAX_DROP_COLUMNS = 3


class PreorderOrderGrid(models.TransientModel):
    """A salesperson's entry screen for one customer in one campaign: every product
    of the campaign on an editable list whose saves go through _preorder_set_quantity."""

    _name = "preorder.order.grid"
    _description = "Pre-Order Entry Grid"

    campaign_id = fields.Many2one(
        comodel_name="preorder.campaign",
        required=True,
        domain="[('state', 'in', ('open', 'closed'))]",
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        required=True,
        domain="partner_domain",
    )
    partner_domain = fields.Char(compute="_compute_partner_domain")
    campaign_has_drops = fields.Boolean(related="campaign_id.has_drops")
    # A campaign with delivery drops: the grid enters one drop at a time.
    drop_id = fields.Many2one(
        comodel_name="preorder.delivery.drop",
        string="Delivery Drop",
        compute="_compute_drop_id",
        store=True,
        readonly=False,
        domain="[('campaign_id', '=', campaign_id)]",
        help="The delivery whose quotation the grid shows and changes; with the drops "
        "as columns, the one that suggestions and the variant matrix go to.",
    )
    order_id = fields.Many2one(
        comodel_name="sale.order",
        string="Pre-Order",
        readonly=True,
        help="Created with the first quantity when the customer has no quotation yet.",
    )
    currency_id = fields.Many2one(
        comodel_name="res.currency",
        readonly=True,
        help="The currency of the prices shown: the pricelist's, as on the website.",
    )
    suggestion_source = fields.Selection(
        selection=[("sales", "Recent Purchases"), ("campaign", "A Previous Campaign")],
        string="Suggest Quantities From",
        help="Shown in the grid as suggestions; nothing is ordered until you use them.",
    )
    suggestion_campaign_id = fields.Many2one(
        comodel_name="preorder.campaign",
        string="Previous Campaign",
        domain="[('id', 'in', source_campaign_ids)]",
    )
    source_campaign_ids = fields.Many2many(
        comodel_name="preorder.campaign", compute="_compute_source_campaign_ids"
    )
    line_ids = fields.One2many(
        comodel_name="preorder.order.grid.line",
        inverse_name="grid_id",
        string="Products",
    )

    @api.depends("campaign_id")
    def _compute_partner_domain(self):
        # The customers the salesperson may pick (res.partner's rule), for the form.
        Partner = self.env["res.partner"]
        for grid in self:
            company = grid.campaign_id.company_id or self.env.company
            grid.partner_domain = repr(Partner._preorder_rep_customer_domain(company))

    @api.depends("campaign_id", "partner_id")
    def _compute_source_campaign_ids(self):
        for grid in self:
            if grid.campaign_id and grid.partner_id:
                grid.source_campaign_ids = grid.campaign_id._preorder_get_source_campaigns(
                    grid.partner_id
                )
            else:
                grid.source_campaign_ids = False

    @api.depends("campaign_id")
    def _compute_drop_id(self):
        # The first drop still open, as on the website.
        for grid in self:
            grid.drop_id = grid.campaign_id._preorder_get_drop() if grid.campaign_id else False

    @api.constrains("campaign_id", "partner_id")
    def _check_partner_id(self):
        # Checked on every grid, whoever opens it and however: the form's domain only helps.
        for grid in self:
            grid.partner_id._preorder_check_rep_customer(grid.campaign_id.company_id, self.env.user)

    def action_open_grid(self):
        """Fill the grid with the campaign's products and open it."""
        self.ensure_one()
        campaign, partner = self.campaign_id, self.partner_id
        if campaign.state == "cancel":
            raise UserError(_("The campaign %(name)s was cancelled.", name=campaign.name))
        # Also checks that the partner is invited.
        drop = campaign._preorder_get_drop(self.drop_id)
        self.order_id = campaign._preorder_get_order(partner, drop=drop)
        self.line_ids.unlink()
        rows = campaign._preorder_get_rows(
            partner, campaign._get_products(), order=self.order_id, drop=drop
        )
        self.currency_id = rows[0]["currency_id"] if rows else campaign.currency_id
        suggestions = campaign._preorder_get_suggestions(partner, self._get_suggestion_source())
        values = self._prepare_line_values(rows, suggestions)
        self._add_drop_column_values(values)
        self.env["preorder.order.grid.line"].create(values)
        return self._get_grid_action()

    def _get_drop_columns(self):
        """The drops shown as quantity columns, in the campaign's order: all of them
        when there are at most ``MAX_DROP_COLUMNS``, else none."""
        self.ensure_one()
        drops = self.campaign_id.drop_ids
        return drops if len(drops) <= MAX_DROP_COLUMNS else drops.browse()

    def _get_drop_column_field(self, drop):
        """The grid line's quantity field of `drop`'s column, False without one."""
        columns = self._get_drop_columns()
        return drop in columns and f"drop{list(columns).index(drop) + 1}_qty"

    def _add_drop_column_values(self, values):
        """Each drop column's quantity and price (the drop's order and pricelist, as
        the website's drop columns show them) into the lines' `values`."""
        campaign, partner = self.campaign_id, self.partner_id
        products = self.env["product.product"].browse([value["product_id"] for value in values])
        for index, drop in enumerate(self._get_drop_columns(), start=1):
            order = campaign._preorder_get_order(partner, drop=drop)
            rows = campaign._preorder_get_rows(partner, products, order=order, drop=drop)
            for value, row in zip(values, rows, strict=True):
                value[f"drop{index}_qty"] = row["quantity"]
                value[f"drop{index}_price"] = row["price_unit"]

    def _get_suggestion_source(self):
        """The session's source of suggestions (see ``_preorder_get_suggestions``)."""
        self.ensure_one()
        if self.suggestion_source == "sales":
            return "sales"
        if self.suggestion_source == "campaign":
            return self.campaign_id._preorder_parse_suggestion_source(
                self.partner_id, self.suggestion_campaign_id.id
            )
        return False

    def _use_suggestions(self):
        """Take over every suggestion for the products not ordered yet, in one save."""
        self.ensure_one()
        self.campaign_id._preorder_accept_suggestions(
            self.partner_id, self._get_suggestion_source(), drop=self.drop_id
        )
        # The rows again, as stored (the first quantity may have created the order).
        return self.action_open_grid()

    def _prepare_line_values(self, rows, suggestions=None):
        """One grid line per row of the session (``_preorder_get_rows``): the website
        grid shows the same prices, quantities and hints."""
        campaign = self.campaign_id
        SaleOrder = self.env["sale.order"]
        hidden_reason = campaign._get_peer_average_hidden_reason()
        products = self.env["product.product"].browse([row["product_id"] for row in rows])
        matrix_templates = campaign._preorder_get_matrix_templates(products)
        values = []
        for row, product in zip(rows, products, strict=True):
            if row["peer_hidden"]:
                peer_average_display = hidden_reason
            else:
                peer_average_display = row["peer_average"] and SaleOrder._preorder_format_quantity(
                    row["peer_average"]
                )
            values.append(
                {
                    "grid_id": self.id,
                    "product_id": row["product_id"],
                    "price": row["price_unit"],
                    "quantity": row["quantity"],
                    "reserved_qty": row["reserved_qty"],
                    "is_capped": row["cap_remaining"] is not None,
                    "cap_remaining": row["cap_remaining"] or 0.0,
                    "previous_qty": row["previous_qty"],
                    "peer_average": row["peer_average"],
                    "peer_hidden": row["peer_hidden"],
                    "peer_average_display": peer_average_display or False,
                    "suggested_qty": (suggestions or {}).get(row["product_id"], 0.0),
                    "rule_label": row["rule_label"] or False,
                    "rule_warning": row["warning"] or False,
                    "is_matrix": product.product_tmpl_id in matrix_templates,
                }
            )
        return values

    def _get_grid_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": (
                _(
                    "%(campaign)s: %(partner)s, %(drop)s",
                    campaign=self.campaign_id.name,
                    partner=self.partner_id.display_name,
                    drop=self.drop_id.name,
                )
                if self.drop_id
                else _(
                    "%(campaign)s: %(partner)s",
                    campaign=self.campaign_id.name,
                    partner=self.partner_id.display_name,
                )
            ),
            "res_model": "preorder.order.grid.line",
            "view_mode": "list",
            "views": [
                (self.env.ref("preorder_campaign.preorder_order_grid_line_view_list").id, "list")
            ],
            "search_view_id": [
                self.env.ref("preorder_campaign.preorder_order_grid_line_view_search").id
            ],
            "domain": [("grid_id", "=", self.id)],
            "context": {
                "preorder_grid_id": self.id,
                # The columns' titles (the grid line's list view reads them)
                "preorder_drop_columns": self._get_drop_columns().mapped("name"),
                "preorder_has_suggestions": bool(self.line_ids.filtered("suggested_qty")),
            },
            "target": "current",
        }

    def _save_quantities(self, quantities, drop=None):
        """Save ``{product: qty}`` through the session's one entry point (the first
        quantity creates the pre-order), into `drop` (default: the grid's)."""
        self.ensure_one()
        drop = drop or self.drop_id
        order, result = self.campaign_id._preorder_save(self.partner_id, quantities, drop=drop)
        if order and not self.order_id and drop == self.drop_id:
            self.order_id = order
        return result

    def _get_matrix_action(self, template):
        """Odoo's variant matrix dialog (``product_matrix``) of `template`, filled with
        this grid's quantities; its Confirm comes back to ``action_apply_matrix``."""
        self.ensure_one()
        lines = self.line_ids.filtered(lambda line: line.product_id.product_tmpl_id == template)
        matrix = self.campaign_id._preorder_get_matrix(template, lines.product_id)
        quantity_by_product = {line.product_id: line.quantity for line in lines}
        for row, matrix_row in zip(matrix["rows"], matrix["matrix"], strict=True):
            for variant, cell in zip(row["cells"], matrix_row[1:], strict=True):
                cell["qty"] = quantity_by_product.get(variant, 0.0) if variant else 0.0
        return {
            "type": "ir.actions.client",
            "tag": "preorder_campaign.open_matrix",
            "params": {
                "grid_id": self.id,
                "template_id": template.id,
                "header": matrix["header"],
                "matrix": matrix["matrix"],
            },
        }

    def action_apply_matrix(self, changes):
        """Save the cells the matrix dialog changed (``[{"qty": 4, "ptav_ids": [..]},
        ...]``) in one save; a cell of a variant not offered changes nothing."""
        self.ensure_one()
        if not isinstance(changes, list) or not changes:
            raise UserError(_("Nothing to save."))
        products = self.line_ids.product_id
        quantities = {}
        for change in changes:
            ptav_ids = isinstance(change, dict) and change.get("ptav_ids")
            if not isinstance(ptav_ids, list) or not all(isinstance(i, int) for i in ptav_ids):
                raise UserError(_("Unknown product."))
            variant = self.campaign_id._preorder_get_matrix_variant(ptav_ids, products)
            if not variant:
                raise UserError(_("This variant is not offered in the campaign."))
            quantities[variant] = change.get("qty")
        saved = self._save_quantities(quantities)
        self.line_ids.filtered(lambda line: line.product_id in quantities)._show_saved(
            saved["lines"]
        )
        return True

    def action_open_import(self):
        """The import and export wizard of this grid's customer and campaign; an
        applied import comes back to the grid."""
        self.ensure_one()
        wizard = self.env["preorder.order.import"].create(
            {
                "campaign_id": self.campaign_id.id,
                "partner_id": self.partner_id.id,
                "grid_id": self.id,
            }
        )
        action = wizard._reopen()
        action["context"] = {
            "default_campaign_id": self.campaign_id.id,
            "default_partner_id": self.partner_id.id,
        }
        return action
