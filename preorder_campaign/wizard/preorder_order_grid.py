from odoo import _, api, fields, models
from odoo.exceptions import UserError


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
    order_id = fields.Many2one(
        comodel_name="sale.order",
        string="Pre-Order",
        readonly=True,
        help="Created with the first quantity when the customer has no quotation yet.",
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

    @api.constrains("campaign_id", "partner_id")
    def _check_partner_id(self):
        # Checked on every grid, whoever opens it and however: the form's domain only helps.
        for grid in self:
            grid.partner_id._preorder_check_rep_customer(grid.campaign_id.company_id, self.env.user)

    def action_open_grid(self):
        """Fill the grid with the campaign's products and open it."""
        self.ensure_one()
        campaign, partner = self.campaign_id, self.partner_id
        if not campaign._is_partner_allowed(partner):
            raise UserError(
                _(
                    "%(partner)s is not invited to campaign %(campaign)s.",
                    partner=partner.display_name,
                    campaign=campaign.name,
                )
            )
        if campaign.state == "cancel":
            raise UserError(_("The campaign %(name)s was cancelled.", name=campaign.name))
        self.order_id = campaign._preorder_get_order(partner)
        self.line_ids.unlink()
        self.env["preorder.order.grid.line"].create(self._prepare_line_values())
        return self._get_grid_action()

    def _prepare_line_values(self):
        """One grid line per campaign product, with price, ordered quantity and hints,
        computed for the whole campaign in a few batched queries."""
        campaign, order = self.campaign_id, self.order_id
        products = campaign._get_products()
        pricelist = campaign._preorder_get_pricelist(self.partner_id, order)
        prices = (
            pricelist._get_products_price(products, quantity=1.0)
            if pricelist
            else {product.id: product.lst_price for product in products}
        )
        ordered = {}
        if order:
            for line in order.order_line.filtered("is_preorder_line"):
                ordered[line.product_id.id] = line._preorder_get_product_qty()
        hints = {}
        if campaign.show_previous_sales or campaign.show_peer_average:
            hints = self.env["sale.order"]._preorder_get_previous_sales_and_peer_average(
                campaign, self.partner_id, products
            )
        SaleOrder = self.env["sale.order"]
        hidden_label = _(
            "Fewer than %(count)s other customers", count=campaign.peer_average_min_customers
        )
        values = []
        for product in products:
            hint = hints.get(product.id, {})
            peer_average = hint.get("peer_average", 0.0)
            if hint.get("peer_hidden"):
                peer_average_display = hidden_label
            else:
                peer_average_display = peer_average and SaleOrder._preorder_format_quantity(
                    peer_average
                )
            values.append(
                {
                    "grid_id": self.id,
                    "product_id": product.id,
                    "price": prices.get(product.id, 0.0),
                    "quantity": ordered.get(product.id, 0.0),
                    "previous_qty": hint.get("previous_qty", 0.0),
                    "peer_average": peer_average,
                    "peer_hidden": hint.get("peer_hidden", False),
                    "peer_average_display": peer_average_display or False,
                }
            )
        return values

    def _get_grid_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _(
                "%(campaign)s: %(partner)s",
                campaign=self.campaign_id.name,
                partner=self.partner_id.display_name,
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
            "context": {"preorder_grid_id": self.id},
            "target": "current",
        }

    def _save_quantities(self, quantities):
        """Write ``{product: qty}`` through the pre-order; the first quantity creates it."""
        self.ensure_one()
        order = self.order_id
        if not order:
            if not any(quantities.values()):
                return {}
            order = self.campaign_id._preorder_get_order(self.partner_id, create=True)
            self.order_id = order
        return order._preorder_set_quantities(quantities)
