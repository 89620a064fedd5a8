from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import float_compare, float_is_zero

from ..core import tiers

# Changes of these line fields move the tier balance.
TIER_LINE_FIELDS = {
    "product_id",
    "product_uom_qty",
    "product_uom_id",
    "price_unit",
    "tax_ids",
    "order_id",
}


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    is_preorder_line = fields.Boolean(
        string="Pre-Order Line",
        compute="_compute_is_preorder_line",
        store=True,
        precompute=True,
        help="A goods line of a pre-order: counts toward the tiers and the purchase plan, "
        "one line per product. Shipping, services, sections and notes are not.",
    )
    preorder_base_amount = fields.Monetary(
        string="Tier Base Amount",
        compute="_compute_preorder_base_amount",
        store=True,
        precompute=True,
        help="Untaxed amount of the line at pricelist price, before the tier discount: "
        "what the line adds to the tier balance.",
    )
    preorder_discount_excluded = fields.Boolean(
        string="No Tier Discount",
        compute="_compute_preorder_discount_excluded",
        store=True,
        precompute=True,
        help="The product is excluded from the tier discount by the campaign "
        "(product, category or brand): it counts toward the balance but keeps its price.",
    )

    # One line per product in a pre-order: concurrent autosaves can never duplicate a line.
    _preorder_product_unique = models.UniqueIndex(
        "(order_id, product_id) WHERE is_preorder_line",
        "A pre-order holds each product on one line only.",
    )

    @api.depends(lambda self: self._preorder_line_depends())
    def _compute_is_preorder_line(self):
        for line in self:
            line.is_preorder_line = line._preorder_is_preorder_line()

    def _preorder_is_preorder_line(self):
        """The one rule of what a pre-order line is: a goods line of a pre-order. Only
        those count toward the tiers, get the tier discount, hold one product per order
        and enter the purchase plan. Bridge addons extend this method (and
        ``_preorder_line_depends``).

        Out: sections and notes, down payments, combo items, services (transport,
        fees), and the lines Odoo's hooks mark as add-ons to the others: shipping
        (``_is_delivery``, delivery), the discount product and loyalty rewards
        (``_can_be_invoiced_alone``, sale and sale_loyalty), whether or not those
        apps are installed. Goods a salesperson adds by hand outside the campaign's
        selection stay in: they are ordered in the campaign (the selection is a rule
        on categories, brands and tags that moves during the campaign; a product
        leaving it stays on the orders holding it)."""
        self.ensure_one()
        return bool(
            self.order_id.preorder_campaign_id
            and not self.display_type
            and not self.is_downpayment
            and not self.combo_item_id
            and self.product_id.type == "consu"
            and not self._is_delivery()
            and self._can_be_invoiced_alone()
        )

    def _preorder_line_depends(self):
        """Fields ``_preorder_is_preorder_line`` reads. Not the product's type: a line
        keeps its nature when its product is changed into a service later."""
        depends = [
            "order_id.preorder_campaign_id",
            "display_type",
            "is_downpayment",
            "combo_item_id",
            "product_id",
        ]
        # The fields behind Odoo's hooks, when the apps defining them are installed
        # (neither is a dependency: delivery comes with the website, not the backoffice).
        depends += [name for name in ("is_delivery", "reward_id") if name in self._fields]
        return depends

    @api.depends("is_preorder_line", "price_unit", "product_uom_qty", "tax_ids")
    def _compute_preorder_base_amount(self):
        AccountTax = self.env["account.tax"]
        for line in self:
            if not line.is_preorder_line:
                line.preorder_base_amount = 0.0
                continue
            # The tax engine gives the untaxed amount even with price-included taxes.
            company = line.company_id or self.env.company
            base_line = line._prepare_base_line_for_taxes_computation(discount=0.0)
            AccountTax._add_tax_details_in_base_line(base_line, company)
            AccountTax._round_base_lines_tax_details([base_line], company)
            line.preorder_base_amount = base_line["tax_details"]["total_excluded_currency"]

    @api.depends(
        "is_preorder_line",
        "product_id",
        "order_id.preorder_campaign_id",
        "order_id.preorder_campaign_id.discount_excluded_product_ids",
        "order_id.preorder_campaign_id.discount_excluded_categ_ids",
        "order_id.preorder_campaign_id.discount_excluded_brand_ids",
    )
    def _compute_preorder_discount_excluded(self):
        lines_by_campaign = defaultdict(lambda: self.browse())
        for line in self:
            line.preorder_discount_excluded = False
            if line.is_preorder_line and line.product_id:
                lines_by_campaign[line.order_id.preorder_campaign_id] |= line
        for campaign, lines in lines_by_campaign.items():
            excluded_ids = campaign._get_discount_excluded_product_ids(lines.product_id)
            for line in lines:
                line.preorder_discount_excluded = line.product_id.id in excluded_ids

    @api.depends("is_preorder_line", "preorder_discount_excluded")
    def _compute_discount(self):
        """Pre-order lines carry only the tier discount (the pricelist discount is in
        their unit price), so a quantity change or "Update prices" keeps the tier. A new
        line, or one whose exclusion changed, gets the line rule on the order's current
        percent at once; the percent itself is ``sale.order._preorder_update_tiers``'s."""
        preorder_lines = self.filtered("is_preorder_line")
        result = super(SaleOrderLine, self - preorder_lines)._compute_discount()
        for line in preorder_lines:
            if line._origin.id and line.order_id.state not in ("draft", "sent"):
                continue  # a confirmed order keeps the discount it was confirmed with
            line.discount = tiers.line_discount(
                line.order_id._preorder_get_line_percent(), line.preorder_discount_excluded
            )
        return result

    def _get_display_price_ignore_combo(self):
        # The tier discount owns the discount column of pre-order lines: show the net price.
        if self.is_preorder_line:
            return self._get_pricelist_price()
        return super()._get_display_price_ignore_combo()

    # The line overrides collect the orders whose balance moved and update their tiers
    # once (a call point of sale.order._preorder_update_tiers), unless a tier batch is
    # open: then the code that opened it does.
    @api.model_create_multi
    def create(self, vals_list):
        self._preorder_add_campaign_route(vals_list)
        lines = super().create(vals_list)
        if not self.env["sale.order"]._preorder_tiers_deferred():
            lines._preorder_get_tier_orders()._preorder_update_tiers()
        return lines

    def write(self, vals):
        Order = self.env["sale.order"]
        if Order._preorder_tiers_deferred() or not TIER_LINE_FIELDS & vals.keys():
            return super().write(vals)
        # The orders the lines leave (order_id changed) and those they are in now.
        orders = self._preorder_get_tier_orders()
        result = super(SaleOrderLine, Order._preorder_defer_tiers(self)).write(vals)
        (orders | self._preorder_get_tier_orders())._preorder_update_tiers()
        return result

    def unlink(self):
        if self.env["sale.order"]._preorder_tiers_deferred():
            return super().unlink()
        orders = self._preorder_get_tier_orders()
        result = super().unlink()
        orders.exists()._preorder_update_tiers()
        return result

    def _preorder_get_tier_orders(self):
        """The orders whose balance the lines count in."""
        return self.filtered("is_preorder_line").order_id

    def _preorder_add_campaign_route(self, vals_list):
        """New product lines of a pre-order follow the campaign's route."""
        order_ids = {
            vals["order_id"]
            for vals in vals_list
            if vals.get("order_id") and not vals.get("route_ids") and not vals.get("display_type")
        }
        if not order_ids:
            return
        orders = self.env["sale.order"].browse(order_ids)
        route_by_order_id = {
            order.id: order.preorder_campaign_id.route_id.id
            for order in orders
            if order.preorder_campaign_id.route_id
        }
        for vals in vals_list:
            route_id = route_by_order_id.get(vals.get("order_id"))
            if route_id and not vals.get("route_ids") and not vals.get("display_type"):
                vals["route_ids"] = [fields.Command.set([route_id])]

    # ------------------------------------------------------------------
    # Quantities in the product's unit (the grids show and take those)
    # ------------------------------------------------------------------
    @api.model
    def _preorder_to_product_qty(self, product, uom, quantity, product_uom=None):
        """`quantity` of `product` counted in `uom`, in the product's own unit
        (`product_uom` when the caller read it with the lines: no read of `product`)."""
        product_uom = product_uom or product.uom_id
        if not uom or uom == product_uom:
            return quantity
        return uom._compute_quantity(quantity, product_uom, round=False)

    def _preorder_get_product_qty(self):
        """The line's quantity in its product's unit: 2.5 for a line of 30 units kept
        in dozens is 30."""
        self.ensure_one()
        return self._preorder_to_product_qty(
            self.product_id, self.product_uom_id, self.product_uom_qty
        )

    def _preorder_get_quantity_vals(self, quantity):
        """What to write so that the line holds `quantity` in its product's unit, or
        ``{}`` when it does. A line kept in another unit (dozens) stays in it when the
        quantity is a whole number of that unit; otherwise it moves to the product's
        unit, so that the customer gets exactly what was typed."""
        self.ensure_one()
        product_uom = self.product_id.uom_id
        line_uom = self.product_uom_id or product_uom
        if float_is_zero(
            self._preorder_get_product_qty() - quantity,
            precision_rounding=product_uom.rounding,
        ):
            return {}
        if line_uom == product_uom:
            return {"product_uom_qty": quantity}
        in_line_uom = line_uom.round(product_uom._compute_quantity(quantity, line_uom, round=False))
        back = line_uom._compute_quantity(in_line_uom, product_uom, round=False)
        if not float_compare(back, quantity, precision_rounding=product_uom.rounding):
            return {"product_uom_qty": in_line_uom}
        return {"product_uom_qty": quantity, "product_uom_id": product_uom.id}

    # ------------------------------------------------------------------
    # Own shops: the pre-order goes to the shop's warehouse
    # ------------------------------------------------------------------
    def _preorder_get_shop_warehouse(self):
        """The warehouse of the own shop this pre-order line goes to, empty for a
        customer's line (or a shop ordering from its own warehouse: nothing moves)."""
        self.ensure_one()
        order = self.order_id
        shop = order.partner_id.commercial_partner_id
        if not order.preorder_campaign_id or not shop.preorder_own_shop:
            return self.env["stock.warehouse"]
        warehouse = shop.preorder_shop_warehouse_id
        return warehouse if warehouse != order.warehouse_id else self.env["stock.warehouse"]

    def _get_location_final(self):
        # An own shop's goods end in its stock, not at a customer.
        warehouse = self._preorder_get_shop_warehouse()
        return warehouse.lot_stock_id if warehouse else super()._get_location_final()

    def _prepare_procurement_values(self):
        """An own shop's pre-order is procured in the shop's warehouse through its
        resupply route from the order's warehouse (Odoo's inter-warehouse route:
        order's stock -> transit -> shop's stock), so that confirming it plans an
        internal transfer instead of a delivery."""
        values = super()._prepare_procurement_values()
        warehouse = self._preorder_get_shop_warehouse()
        if warehouse:
            values["warehouse_id"] = warehouse
            values["route_ids"] = self.order_id._preorder_get_shop_route(warehouse)
        return values

    def _get_qty_procurement(self, previous_product_uom_qty=False):
        """An own shop's line is procured into the shop's stock, not to a customer:
        Odoo counts no outgoing move for it, so a confirmed line that goes up would be
        procured in full again. Its procured quantity is what its moves bring into the
        shop's stock."""
        warehouse = self._preorder_get_shop_warehouse()
        if not warehouse:
            return super()._get_qty_procurement(previous_product_uom_qty=previous_product_uom_qty)
        quantity = 0.0
        for move in self.move_ids:
            if (
                move.state == "cancel"
                or move.product_id != self.product_id
                or not move.location_dest_id._child_of(warehouse.lot_stock_id)
            ):
                continue
            moved = move.quantity if move.state == "done" else move.product_uom_qty
            quantity += move.product_uom._compute_quantity(
                moved, self.product_uom_id, rounding_method="HALF-UP"
            )
        return quantity
