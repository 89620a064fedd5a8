import contextlib
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from markupsafe import Markup
from psycopg2.errors import UniqueViolation

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ConcurrencyError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL, float_compare, float_round, formatLang, get_lang

from ..core import delivery, early_booking, quantities, save_conflicts, tiers

PREORDER_GROUP = "preorder_campaign.group_preorder_user"
# Who is saving, i.e. the rules a save follows (the ``rules`` of the save methods):
# "customer": the campaign must be open, an outlet caps at the stock still available
# (the customer on the website, and a rep entering there for him);
# "salesperson": a closed campaign stays editable and stock is not capped (backoffice).
SAVE_RULES = ("customer", "salesperson")
EDITABLE_STATES = ("draft", "sent")
# At most this many products in one quantity batch: an import saves a whole file in
# one batch (core.spreadsheet_rows.MAX_ROWS rows); an autosave request sends far fewer.
MAX_BATCH_SIZE = 5000
# The tier batch: while this context key is set, creates and writes of orders and lines
# leave the tiers alone, and the code that opened the batch calls _preorder_update_tiers()
# once at its end. Spelled here only: open a batch with _preorder_defer_tiers(), test for
# one with _preorder_tiers_deferred(). (Its value is the key integrators already pass.)
TIER_BATCH = "preorder_skip_tiers"
# Changes of these order fields move the tier of the order or of its siblings.
TIER_ORDER_FIELDS = {
    "order_line",
    "state",
    "partner_id",
    "preorder_campaign_id",
    "preorder_drop_id",
    "preorder_discount_override",
    "preorder_discount_override_percent",
}
# Taxes whose amount is proportional to their base: the tax of a sum of lines is the
# sum of the taxes of the lines (fixed and code taxes depend on each line's quantity or
# product, so the order falls back to Odoo's own recompute for them).
PROPORTIONAL_TAX_TYPES = ("percent", "division")
AMOUNT_FIELDS = ("amount_untaxed", "amount_tax", "amount_total")
# The sums reproduce these methods of sale as released: a module that overrides one of
# them computes the totals its own way, so the ORM's recompute runs for it.
SALE_MODULE = "odoo.addons.sale.models"
SUMMED_METHODS = {
    "sale.order": ("_compute_amounts", "_get_priced_lines"),
    "sale.order.line": ("_prepare_base_line_for_taxes_computation",),
}
# Only the lock-in (_preorder_lock_in_early_booking) writes an order's early-booking
# percent: it passes this object in the context, which no RPC call can send, so a
# salesperson cannot give the reward to an order finalized too late.
EARLY_BOOKING_LOCK_IN = "preorder_early_booking_lock_in"
_EARLY_BOOKING_TOKEN = object()


class SaleOrder(models.Model):
    _inherit = "sale.order"

    preorder_campaign_id = fields.Many2one(
        comodel_name="preorder.campaign",
        string="Pre-Order Campaign",
        index="btree_not_null",
        copy=False,
        check_company=True,
        tracking=True,
    )
    preorder_campaign_group_target = fields.Boolean(related="preorder_campaign_id.group_target")
    # With delivery drops, a customer's pre-order is one quotation per drop.
    preorder_drop_id = fields.Many2one(
        comodel_name="preorder.delivery.drop",
        string="Delivery Drop",
        index="btree_not_null",
        copy=False,
        check_company=True,
        ondelete="restrict",
        tracking=True,
        domain="[('campaign_id', '=', preorder_campaign_id)]",
        help="The delivery of the campaign this order is for: delivered on its date.",
    )
    preorder_campaign_has_drops = fields.Boolean(related="preorder_campaign_id.has_drops")

    # Tier state, written by _preorder_update_tiers() (never a cascade of computes,
    # so a quantity change costs the same number of queries for 20 or 2000 lines).
    preorder_balance = fields.Monetary(
        string="Tier Balance",
        readonly=True,
        copy=False,
        help="Untaxed total before the tier discount that decides the tier; with a group "
        "target it adds up the orders of all branches of the customer.",
    )
    preorder_tier_id = fields.Many2one(
        comodel_name="preorder.discount.rule",
        string="Tier Reached",
        readonly=True,
        copy=False,
        ondelete="set null",
    )
    preorder_tier_name = fields.Char(related="preorder_tier_id.name", string="Tier")
    preorder_discount_percent = fields.Float(
        string="Tier Discount (%)",
        digits="Discount",
        readonly=True,
        copy=False,
        help="Discount applied to the lines that earn a tier discount.",
    )
    preorder_next_tier_amount = fields.Monetary(
        string="Amount to Next Tier",
        readonly=True,
        copy=False,
        help="Untaxed amount still to add to reach the next tier.",
    )
    preorder_next_tier_percent = fields.Float(
        string="Next Tier Discount (%)",
        digits="Discount",
        readonly=True,
        copy=False,
    )
    preorder_early_booking_percent = fields.Float(
        string="Early-Booking Discount (%)",
        digits="Discount",
        readonly=True,
        copy=False,
        tracking=True,
        help="Extra discount locked in when the pre-order was finalized at or before the "
        "campaign's early-booking date, combined with the tier discount on the lines that "
        "earn a discount. Set only by finalizing; kept when the order goes back to draft.",
    )
    preorder_discount_override = fields.Boolean(
        string="Override Tier Discount",
        copy=False,
        tracking=True,
        groups=PREORDER_GROUP,
        help="Apply a discount chosen by the salesperson instead of the tier reached.",
    )
    preorder_discount_override_percent = fields.Float(
        string="Override Discount (%)",
        digits="Discount",
        copy=False,
        tracking=True,
        groups=PREORDER_GROUP,
    )

    # The draft the website and the backoffice grid add quantities to: one per
    # ordering contact and campaign, enforced by the database so that two first
    # saves at the same moment (double click, two tabs, a rep and the customer)
    # cannot each create one.
    preorder_in_progress = fields.Boolean(
        string="Pre-Order Being Entered",
        compute="_compute_preorder_in_progress",
        store=True,
        precompute=True,
        help="The customer or a salesperson is still entering this pre-order.",
    )
    # Per drop on a campaign with delivery drops (0: no drop).
    _preorder_one_in_progress = models.UniqueIndex(
        "(preorder_campaign_id, partner_id, COALESCE(preorder_drop_id, 0)) "
        "WHERE preorder_in_progress",
        "This customer already has a pre-order being entered in this campaign (or "
        "delivery): continue that one, or cancel it first.",
    )

    # In-shop reservations: a classic sales order of an own shop's warehouse for
    # campaign products counts into the shop's pre-order (the shop orders the pieces
    # for its customers with it, the purchase advice counts them once).
    preorder_shop_order_id = fields.Many2one(
        comodel_name="sale.order",
        string="Shop Pre-Order",
        compute="_compute_preorder_shop_order_id",
        store=True,
        index="btree_not_null",
        copy=False,
        ondelete="set null",
        help="The pre-order of the own shop this order's campaign products are reserved "
        "in: set when the order is made in the shop's warehouse while the campaign is open.",
    )
    # Stored: the save path reads it with the order's row, without a query of its own.
    preorder_own_shop = fields.Boolean(
        related="partner_id.commercial_partner_id.preorder_own_shop",
        string="Own Shop's Order",
        store=True,
    )
    preorder_reservation_ids = fields.One2many(
        comodel_name="sale.order",
        inverse_name="preorder_shop_order_id",
        string="Reservations for Customers",
        help="Classic sales orders of the shop's customers that count into this pre-order.",
    )

    _preorder_override_percent_range = models.Constraint(
        "CHECK (preorder_discount_override_percent >= 0 "
        "AND preorder_discount_override_percent <= 100)",
        "The override discount must be between 0% and 100%.",
    )

    @api.constrains("preorder_campaign_id", "preorder_drop_id")
    def _check_preorder_drop(self):
        for order in self:
            if order.preorder_drop_id and (
                order.preorder_drop_id.campaign_id != order.preorder_campaign_id
            ):
                raise ValidationError(
                    _(
                        "The delivery %(drop)s of %(order)s is not part of its campaign.",
                        drop=order.preorder_drop_id.name,
                        order=order.name,
                    )
                )

    @api.constrains("preorder_campaign_id", "partner_id", "state", "preorder_drop_id")
    def _check_preorder_multiple_orders(self):
        """Without "Multiple Orders", a customer has one non-cancelled pre-order per
        campaign (per delivery drop on a campaign with drops). Counted per ordering
        contact (partner_id), not per company: branches with their own login each
        keep their own order."""
        orders = self.filtered(
            lambda o: (
                o.preorder_campaign_id
                and not o.preorder_campaign_id.allow_multiple_orders
                and o.state != "cancel"
            )
        )
        if not orders:
            return
        counts = self.sudo()._read_group(
            [
                ("preorder_campaign_id", "in", orders.preorder_campaign_id.ids),
                ("partner_id", "in", orders.partner_id.ids),
                ("state", "!=", "cancel"),
            ],
            ["preorder_campaign_id", "partner_id", "preorder_drop_id"],
            ["__count"],
        )
        keys = {(o.preorder_campaign_id.id, o.partner_id.id, o.preorder_drop_id.id) for o in orders}
        for campaign, partner, drop, count in counts:
            if count > 1 and (campaign.id, partner.id, drop.id) in keys:
                raise ValidationError(
                    _(
                        "%(partner)s already has a pre-order in campaign %(campaign)s, "
                        "which allows only one order per customer.",
                        partner=partner.display_name,
                        campaign=campaign.name,
                    )
                )

    @api.constrains("commitment_date", "preorder_campaign_id", "partner_shipping_id")
    def _check_preorder_delivery_date(self):
        """Desired delivery date: not before the campaign's earliest date, and far
        enough from the other pre-orders delivered to the same address (one query)."""
        # A drop's orders are delivered on the drop's date, set by the campaign.
        orders = self.filtered(
            lambda o: (
                o.preorder_campaign_id
                and o.commitment_date
                and o.state != "cancel"
                and not o.preorder_drop_id
            )
        )
        if not orders:
            return
        others = self.sudo().search_fetch(
            Domain("preorder_campaign_id", "in", orders.preorder_campaign_id.ids)
            & Domain("partner_shipping_id", "in", orders.partner_shipping_id.ids)
            & self._preorder_delivery_days_domain(),
            ["preorder_campaign_id", "partner_shipping_id", "commitment_date"],
        )
        dates_by_key = defaultdict(list)
        for other in others:
            key = (other.preorder_campaign_id.id, other.partner_shipping_id.id)
            dates_by_key[key].append((other.id, other._preorder_delivery_day()))
        for order in orders:
            key = (order.preorder_campaign_id.id, order.partner_shipping_id.id)
            other_dates = [day for order_id, day in dates_by_key[key] if order_id != order.id]
            problem = order._preorder_check_delivery_day(
                order._preorder_delivery_day(), other_dates
            )
            if problem:
                raise ValidationError(order._preorder_delivery_problem_message(problem))

    @api.depends("preorder_campaign_id", "state")
    def _compute_preorder_in_progress(self):
        for order in self:
            order.preorder_in_progress = bool(order.preorder_campaign_id) and order.state == "draft"

    @api.depends("preorder_campaign_id", "preorder_drop_id")
    def _compute_pricelist_id(self):
        result = super()._compute_pricelist_id()
        for order in self:
            if order.state == "draft" and order.preorder_campaign_id:
                campaign = order.preorder_campaign_id
                pricelist = campaign._preorder_get_drop_pricelist(
                    order.partner_id, order.preorder_drop_id
                )
                if pricelist:
                    order.pricelist_id = pricelist
        return result

    @api.depends("warehouse_id", "preorder_campaign_id", "order_line.product_id")
    def _compute_preorder_shop_order_id(self):
        """Link a classic sales order made in an own shop's warehouse to the shop's
        latest pre-order of an open campaign offering one of its products. A link made
        while the campaign was open stays after it closes. Two searches for the batch."""
        # A link made while the campaign was open stays (the old value is read
        # from the database, as Odoo allows in a compute).
        kept = self.filtered(
            lambda order: (
                not order.preorder_campaign_id
                and order.preorder_shop_order_id
                and order.preorder_shop_order_id.sudo().preorder_campaign_id.state != "open"
            )
        )
        for order in kept:
            order.preorder_shop_order_id = order.preorder_shop_order_id
        candidates = (self - kept).filtered(
            lambda order: (
                not order.preorder_campaign_id
                and order.warehouse_id
                and order.order_line.product_id
            )
        )
        (self - kept).preorder_shop_order_id = False
        if not candidates:
            return
        shops_sudo = (
            self.env["res.partner"]
            .sudo()
            .search(
                [
                    ("preorder_own_shop", "=", True),
                    ("preorder_shop_warehouse_id", "in", candidates.warehouse_id.ids),
                ]
            )
            .commercial_partner_id
        )
        if not shops_sudo:
            return
        shop_orders_sudo = self.sudo().search(
            [
                ("partner_id", "child_of", shops_sudo.ids),
                ("preorder_campaign_id.state", "=", "open"),
                ("preorder_campaign_id.campaign_type", "=", "preorder"),
                ("state", "!=", "cancel"),
            ],
            order="id desc",
        )
        products = candidates.order_line.product_id.sudo()
        offered = {
            campaign: products.filtered_domain(campaign._get_product_domain())
            for campaign in shop_orders_sudo.preorder_campaign_id
        }
        for order in candidates:
            order.preorder_shop_order_id = next(
                (
                    shop_order.id
                    for shop_order in shop_orders_sudo
                    if shop_order.company_id == order.company_id
                    and shop_order.partner_id.commercial_partner_id.preorder_shop_warehouse_id
                    == order.warehouse_id
                    and order.order_line.product_id & offered[shop_order.preorder_campaign_id]
                ),
                False,
            )

    @api.onchange("preorder_campaign_id")
    def _onchange_preorder_campaign_id(self):
        if self.preorder_campaign_id and not self.origin:
            self.origin = self.preorder_campaign_id.code

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._preorder_check_early_booking_write(vals)
        campaigns = self.env["preorder.campaign"].browse(
            {vals["preorder_campaign_id"] for vals in vals_list if vals.get("preorder_campaign_id")}
        )
        code_by_campaign_id = {campaign.id: campaign.code for campaign in campaigns}
        if campaigns:
            # An order that just stopped being entered (sent, finalized, cancelled in
            # this transaction) frees its place in the unique index before the insert.
            self.flush_model(["preorder_in_progress"])
        for vals in vals_list:
            if vals.get("preorder_campaign_id") and not vals.get("origin"):
                # The campaign code is the reference printed on the quotation.
                vals["origin"] = code_by_campaign_id[vals["preorder_campaign_id"]]
        if self._preorder_tiers_deferred():
            return super().create(vals_list)
        orders = super(SaleOrder, self._preorder_defer_tiers()).create(vals_list)
        orders = orders.with_env(self.env)
        # Call point: new pre-orders (their lines created with them) and their group.
        orders.filtered("preorder_campaign_id")._preorder_update_tiers()
        return orders

    def write(self, vals):
        self._preorder_check_early_booking_write(vals)
        if self._preorder_finalizes(vals):
            # Before the state moves: a confirmed order's lines are no longer rewritten.
            self._preorder_lock_in_early_booking()
        if self._preorder_tiers_deferred() or not TIER_ORDER_FIELDS & vals.keys():
            return super().write(vals)
        # Siblings before the change too: a partner or campaign change leaves a group.
        before = self.filtered("preorder_campaign_id")._preorder_get_tier_group_orders()
        result = super(SaleOrder, self._preorder_defer_tiers()).write(vals)
        # Call point: once for the orders, their lines written with them, and groups.
        (before | self.filtered("preorder_campaign_id"))._preorder_update_tiers()
        return result

    # ------------------------------------------------------------------
    # Portal approval (sign / pay)
    # ------------------------------------------------------------------
    def _has_to_be_signed(self):
        return super()._has_to_be_signed() and self._preorder_may_be_approved()

    def _has_to_be_paid(self):
        return super()._has_to_be_paid() and self._preorder_may_be_approved()

    def _preorder_may_be_approved(self):
        """Whether the customer may sign or pay this order on the portal. A draft
        pre-order is still being entered or reviewed: it is approved only once a
        salesperson sent the quotation (the website also allows a pre-order finalized
        for online payment). Without this, the company's "online signature" default
        lets the customer confirm a draft the salesperson never saw."""
        self.ensure_one()
        return not (self.preorder_campaign_id and self.state == "draft")

    def _recompute_prices(self):
        # Call point: "Update prices" rewrites every line; the tiers once, after it.
        result = super(SaleOrder, self._preorder_defer_tiers())._recompute_prices()
        self.filtered("preorder_campaign_id")._preorder_update_tiers()
        return result

    # ------------------------------------------------------------------
    # Own shops
    # ------------------------------------------------------------------
    def _preorder_get_shop_route(self, shop_warehouse):
        """The route that resupplies `shop_warehouse` from the order's warehouse
        (``stock.warehouse.resupply_wh_ids`` creates it)."""
        self.ensure_one()
        route = shop_warehouse.sudo().resupply_route_ids.filtered(
            lambda route: route.supplier_wh_id == self.warehouse_id
        )[:1]
        if not route:
            raise UserError(
                _(
                    "The pre-order of own shop %(shop)s cannot reach its warehouse "
                    "%(shop_warehouse)s: that warehouse is not resupplied from "
                    "%(warehouse)s. Tick %(warehouse)s under Resupply From in the "
                    "settings of %(shop_warehouse)s.",
                    shop=self.partner_id.commercial_partner_id.display_name,
                    shop_warehouse=shop_warehouse.name,
                    warehouse=self.warehouse_id.name,
                )
            )
        return route

    def _action_confirm(self):
        # An own shop's pre-order holds what its customers reserved in the shop: its
        # lines go up to it before Odoo's procurement plans the shop's transfer.
        shop_orders = self.filtered(lambda order: order.preorder_own_shop)
        shop_orders.filtered("preorder_campaign_id")._preorder_hold_reservations()
        result = super()._action_confirm()
        # A reservation confirmed after its shop's pre-order: the difference joins
        # the shop's transfer (a confirmed line that goes up launches its stock rules;
        # a locked order keeps its quantities, as Odoo wants).
        confirmed_shop_orders = self.sudo().preorder_shop_order_id.filtered(
            lambda order: order.state == "sale" and not order.locked
        )
        confirmed_shop_orders._preorder_hold_reservations()
        return result

    def _preorder_hold_reservations(self):
        """Raise the lines of these own shops' pre-orders to what the shops'
        customers reserved of the campaign's products (reservations not cancelled),
        with a new line for a product only reserved. Never lowers a line. On a
        confirmed order Odoo's procurement adds the difference to the shop's
        transfer, through the line's own resupply route."""
        for order in self.sudo():
            reserved = order._preorder_get_reserved_quantities()
            products = (
                order.env["product.product"]
                .browse(list(reserved))
                .filtered_domain(order.preorder_campaign_id._get_product_domain())
            )
            if not products:
                continue
            line_by_product_id = order._preorder_get_lines_by_product_id(products.ids)
            commands = []
            for product in products:
                line = line_by_product_id.get(product.id)
                quantity = reserved[product.id]
                if not line:
                    commands.append(
                        fields.Command.create(
                            {"product_id": product.id, "product_uom_qty": quantity}
                        )
                    )
                elif (
                    float_compare(
                        line._preorder_get_product_qty(),
                        quantity,
                        precision_rounding=product.uom_id.rounding,
                    )
                    < 0
                ):
                    vals = line._preorder_get_quantity_vals(quantity)
                    commands.append(fields.Command.update(line.id, vals))
            if commands:
                order.write({"order_line": commands})

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_preorder_merge(self):
        """Merge branch pre-orders of one company into the oldest one, so the whole
        company reaches its tier: quantities of a product add up, the other orders
        are cancelled with a note."""
        if not self.env.user.has_group(PREORDER_GROUP):
            raise AccessError(_("Only pre-order salespeople can merge pre-orders."))
        orders = self.sorted("id")
        if len(orders) < 2:
            raise UserError(_("Select at least two pre-orders to merge."))
        if not all(orders.mapped("preorder_campaign_id")) or len(orders.preorder_campaign_id) > 1:
            raise UserError(_("Only pre-orders of one and the same campaign can be merged."))
        if len(orders.partner_id.commercial_partner_id) > 1:
            raise UserError(_("Only pre-orders of one and the same customer can be merged."))
        if any(order.state not in EDITABLE_STATES for order in orders):
            raise UserError(_("Only quotations (draft or sent) can be merged."))
        target, others = orders[0], orders[1:]
        totals = defaultdict(float)
        for line in orders.order_line.filtered("is_preorder_line"):
            totals[line.product_id.id] += line.product_uom_id._compute_quantity(
                line.product_uom_qty, line.product_id.uom_id
            )
        target._preorder_lock()
        # The cancellations leave the tiers to the quantity save, which updates the
        # target and its group once (cancelled orders count in no balance).
        others._preorder_defer_tiers()._action_cancel()
        target._preorder_apply_quantities(dict(totals))
        for order in others:
            order.message_post(
                body=_("Merged into pre-order %(order)s.", order=target._get_html_link())
            )
        target.message_post(
            body=_(
                "Merged pre-orders: %(orders)s.",
                orders=", ".join(others.mapped("name")),
            )
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": target.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------
    # Quantities (contract: the one way a quantity enters a pre-order)
    # ------------------------------------------------------------------
    def _preorder_set_quantity(self, product, qty, rules=None):
        """Set the quantity of one product; see ``_preorder_set_quantities``."""
        return self._preorder_set_quantities({product: qty}, rules=rules)

    def _preorder_set_quantities(self, quantities, rules=None, base=None):
        """Create, update or remove (quantity 0) the lines of a batch of products,
        then recompute the tiers and the totals once. Works on a sudo'ed order (website).

        :param quantities: ``{product (record, id or id string): quantity (number or
            string)}``; quantities are validated by ``core.quantities.parse_quantity``.
        :param rules: who is saving, ``"customer"`` or ``"salesperson"`` (see
            ``SAVE_RULES``); by default those of the real user (``_preorder_get_rules``).
        :param base: ``{product: quantity}``, the stored quantity each change started
            from (a device saving what it queued offline), same keys and values as
            `quantities`; a change whose product's stored quantity moved away from its
            base and from the quantity asked is stale (``core.save_conflicts``): not
            written, reported in ``conflicts``. Products without base are saved as is.
        :return: ``{'order_id', 'lines': {product_id: {'line_id', 'quantity',
            'previous_quantity', 'price_unit', 'discount', 'price_subtotal',
            'warning'}}, 'order': summary, 'conflicts': {product_id: stored
            quantity}}`` where the summary is ``_preorder_get_summary()`` plus
            ``discount_changed``, ``warning`` the quantity rule the saved quantity
            breaks (empty when none, see ``_preorder_check_quantity_rules``); the
            lines of stale products hold their stored quantity.
        :raise UserError: nothing is written when any product or quantity is refused.
        """
        self.ensure_one()
        if not isinstance(quantities, dict) or not quantities:
            raise UserError(_("No quantity to save."))
        if len(quantities) > MAX_BATCH_SIZE:
            raise UserError(_("Save at most %(count)s products at once.", count=MAX_BATCH_SIZE))
        base_by_product_id = self._preorder_normalize_base(base)
        self._preorder_lock()
        rules = self._preorder_get_rules(rules)
        self._preorder_check_editable(rules)
        raw_by_product_id = self._preorder_normalize_product_keys(quantities)
        # Before the parsing: it fetches the products of the lines, which the parsing reads.
        line_by_product_id = self._preorder_get_lines_by_product_id(list(raw_by_product_id))
        qty_by_product_id = self._preorder_parse_quantities(
            raw_by_product_id,
            caps=self._preorder_get_stock_caps(raw_by_product_id, rules, line_by_product_id),
        )
        # After the parsing, which fetched the products and their units.
        previous = {
            product_id: line._preorder_get_product_qty()
            for product_id, line in line_by_product_id.items()
        }
        # Read under the lock, from the lines fetched above: no query of its own.
        conflicts = self._preorder_get_stale_changes(
            qty_by_product_id, base_by_product_id, previous
        )
        product_ids = list(qty_by_product_id)
        if conflicts:
            # Stale changes are dropped: their products keep what is stored.
            qty_by_product_id = {
                product_id: qty
                for product_id, qty in qty_by_product_id.items()
                if product_id not in conflicts
            }
        # A product that left the campaign may still be removed from the order.
        to_check = {
            product_id
            for product_id, qty in qty_by_product_id.items()
            if qty or product_id not in line_by_product_id
        }
        self._preorder_check_campaign_products(to_check)
        self._preorder_check_reserved(qty_by_product_id)
        if rules == "customer":
            self.preorder_campaign_id._preorder_check_caps(self, qty_by_product_id, previous)
        # The warnings of the stale products' stored quantities too (kept as they
        # are, they are never refused: see _preorder_is_rule_grandfathered).
        warnings = self._preorder_check_quantity_rules(
            {**qty_by_product_id, **conflicts}, previous, rules
        )
        percent_before = self.preorder_discount_percent
        line_by_product_id = self._preorder_apply_quantities(qty_by_product_id, line_by_product_id)
        result = self._preorder_get_quantity_result(product_ids, line_by_product_id)
        for product_id, line_result in result["lines"].items():
            line_result["previous_quantity"] = previous.get(product_id, 0.0)
            line_result["warning"] = warnings.get(product_id, "")
        # The website refreshes every line when the discount of all of them changed.
        result["order"]["discount_changed"] = percent_before != self.preorder_discount_percent
        result["conflicts"] = conflicts
        return result

    def _preorder_apply_quantities(self, qty_by_product_id, line_by_product_id=None):
        """Write validated quantities (``{product_id: qty}``), recompute the tiers, then
        the totals. No checks: callers validate first.

        Lines are written directly, not through ``order.write({'order_line': ...})``:
        that one re-checks the company of every line's product and prepares the mail
        tracking of the order, which computes the totals a second time (each run of
        ``_compute_amounts`` goes through the tax engine for all N lines).

        :return: ``{product_id: line}`` of the lines holding the products after the save
        """
        self.ensure_one()
        if line_by_product_id is None:
            line_by_product_id = self._preorder_get_lines_by_product_id(list(qty_by_product_id))
        line_by_product_id = dict(line_by_product_id)
        to_unlink = []
        ids_by_vals = defaultdict(list)
        to_create = []
        for product_id, qty in qty_by_product_id.items():
            line = line_by_product_id.get(product_id)
            if line and not qty:
                to_unlink.append(line.id)
                del line_by_product_id[product_id]
            elif line:
                if vals := line._preorder_get_quantity_vals(qty):
                    ids_by_vals[tuple(sorted(vals.items()))].append(line.id)
            elif qty:
                to_create.append(
                    {"order_id": self.id, "product_id": product_id, "product_uom_qty": qty}
                )
        if not (to_unlink or ids_by_vals or to_create):
            return line_by_product_id
        order = self._preorder_quiet()
        Line = order.env["sale.order.line"]
        if to_unlink:
            # First: unlink() flushes everything, better while nothing is pending.
            Line.browse(to_unlink).unlink()
        for vals, line_ids in ids_by_vals.items():
            Line.browse(line_ids).write(dict(vals))
        # Every computed column of the updated lines now: one UPDATE for them, not one
        # before the tier SUM and another for the subtotals.
        Line.browse([line_id for ids in ids_by_vals.values() for line_id in ids]).flush_recordset()
        if to_create:
            created = Line.create(to_create)
            line_by_product_id.update((line.product_id.id, line) for line in created)
        # Call point: the quantity save, once for the whole batch.
        order._preorder_update_tiers()
        # The totals once, after the tiers, in the quiet context (see _preorder_quiet):
        # from sums of the lines where they give Odoo's result (_preorder_store_totals).
        order._preorder_store_totals()
        order.env["sale.order"].flush_model()
        return {
            product_id: line.with_env(self.env) for product_id, line in line_by_product_id.items()
        }

    def _preorder_lock(self):
        """Serialize the saves of one order, before anything of it is read. A save
        that had to wait fails at once with a serialization error when the other one
        committed, and Odoo retries it from the start (a fresh snapshot): it never
        works on lines another save changed meanwhile.

        Nothing to do in the context ``preorder_locked_order_id`` of this order: the
        save door took the lock with its batch's claim (``preorder.save.batch``)."""
        self.ensure_one()
        if self.env.context.get("preorder_locked_order_id") == self.id:
            return
        self.env.cr.execute(self._preorder_get_lock_query())

    def _preorder_get_lock_query(self):
        """The query of ``_preorder_lock``, for a caller that takes it with another."""
        self.ensure_one()
        return SQL("SELECT id FROM sale_order WHERE id = %s FOR NO KEY UPDATE", self.id)

    def _preorder_quiet(self):
        """The order in the context of a quantity save: a tier batch (the caller updates
        the tiers once) and, on a draft, the totals that move with every autosave are not
        logged in the chatter (as Odoo's catalog does for drafts); a sent quotation
        still logs them."""
        order = self._preorder_defer_tiers()
        if self.state == "draft":
            order = order.with_context(tracking_disable=True)
        return order

    @api.model
    def _preorder_get_rules(self, rules=None):
        """Who is saving (see ``SAVE_RULES``): `rules` when given, else the real
        user's: a Pre-Order user saves as a salesperson, anybody else as a customer
        (on a sudo'ed order ``env.user`` is still the real user)."""
        if rules is None:
            return "salesperson" if self.env.user.has_group(PREORDER_GROUP) else "customer"
        if rules not in SAVE_RULES:
            raise ValueError(f"rules must be one of {SAVE_RULES}, not {rules!r}")
        return rules

    def _preorder_check_editable(self, rules):
        """Raise a UserError when the order's quantities or date may not change under
        `rules` (see ``SAVE_RULES``)."""
        self.ensure_one()
        campaign = self.preorder_campaign_id
        if not campaign:
            raise UserError(_("%(order)s is not a pre-order.", order=self.name))
        if self.state not in EDITABLE_STATES:
            raise UserError(
                _(
                    "%(order)s is no longer a quotation: it cannot be changed.",
                    order=self.name,
                )
            )
        if campaign.state == "cancel":
            raise UserError(_("The campaign %(name)s was cancelled.", name=campaign.name))
        if rules == "customer":
            campaign._check_open_for_customers()
            campaign._preorder_check_drop_open(self.preorder_drop_id, rules)

    def _preorder_normalize_product_keys(self, quantities):
        """``{product_id: raw quantity}`` from keys given as records, ids or id strings
        (JSON object keys are strings)."""
        raw_by_product_id = {}
        for key, raw in quantities.items():
            if (
                isinstance(key, models.BaseModel)
                and key._name == "product.product"
                and len(key) == 1
            ):
                product_id = key.id
            elif isinstance(key, int) and not isinstance(key, bool):
                product_id = key
            elif isinstance(key, str) and key.strip().isdigit():
                product_id = int(key)
            else:
                raise UserError(_("Unknown product: %(product)s.", product=str(key)[:50]))
            if not 0 < product_id < 2**31:
                raise UserError(_("Unknown product: %(product)s.", product=str(key)[:50]))
            if product_id in raw_by_product_id:
                # "12" and " 12" in one request: which one was meant is anybody's guess.
                raise UserError(_("The same product is given twice in one save."))
            raw_by_product_id[product_id] = raw
        return raw_by_product_id

    def _preorder_normalize_base(self, base):
        """``{product_id: raw quantity}`` of the `base` of a save (see
        ``_preorder_set_quantities``), keys checked like the quantities'; ``{}`` for
        none. No query."""
        if base is None:
            return {}
        if not isinstance(base, dict) or len(base) > MAX_BATCH_SIZE:
            raise UserError(self._preorder_get_invalid_base_message())
        return self._preorder_normalize_product_keys(base)

    def _preorder_get_stale_changes(self, qty_by_product_id, base_by_product_id, previous):
        """``{product_id: stored quantity}`` of the changes of a batch that are stale
        (``core.save_conflicts``): parsed quantities `qty_by_product_id`, their raw
        bases (a number, like a quantity; a base for a product not saved is
        ignored), `previous` the stored quantities read under the order's lock. No
        query: the products and their units were fetched by the parsing."""
        if not base_by_product_id:
            return {}
        bases, roundings = {}, {}
        for product_id in qty_by_product_id.keys() & base_by_product_id.keys():
            rounding = self.env["product.product"].browse(product_id).uom_id.rounding
            try:
                bases[product_id] = quantities.parse_quantity(
                    base_by_product_id[product_id], allow_fractional=True, rounding=rounding
                )
            except quantities.QuantityError:
                raise UserError(self._preorder_get_invalid_base_message()) from None
            roundings[product_id] = rounding
        return save_conflicts.stale_quantities(previous, bases, qty_by_product_id, roundings)

    @api.model
    def _preorder_get_invalid_base_message(self):
        return _("This save cannot be sent: the saved quantities it started from are not valid.")

    def _preorder_check_campaign_products(self, product_ids):
        """Refuse products outside the order's campaign (one query)."""
        self.preorder_campaign_id._preorder_check_products(product_ids)

    def _preorder_get_stock_caps(self, product_ids, rules, line_by_product_id=None):
        """Outlet campaigns sell overstock: a customer orders at most what is still
        available (``{product_id: quantity}``, see ``_preorder_get_available_stock``),
        under the campaign's stock lock; lowering a quantity is always allowed.
        Salespeople are not capped: they may sell what is still to be received."""
        campaign = self.preorder_campaign_id
        if rules != "customer" or campaign.campaign_type != "outlet":
            return {}
        campaign._preorder_lock_outlet_stock()
        products = self.env["product.product"].browse(list(product_ids))
        caps = campaign._preorder_get_available_stock(products, exclude_order=self)
        for product_id, line in (line_by_product_id or {}).items():
            if product_id in caps:
                caps[product_id] = max(caps[product_id], line._preorder_get_product_qty())
        return caps

    def _preorder_parse_quantities(self, raw_by_product_id, caps=None):
        """Validated quantities ``{product_id: float}`` (see core.quantities): products
        sold per unit (UoM of the "Units" family) take whole numbers only, other UoMs
        (kg, m, L...) take decimals rounded to the UoM rounding; ``caps`` limits some
        products (outlet stock)."""
        caps = caps or {}
        products = (
            self.env["product.product"]
            .with_context(active_test=False)
            .search_fetch([("id", "in", list(raw_by_product_id))], ["product_tmpl_id"])
        )
        if len(products) != len(raw_by_product_id):
            raise UserError(_("Unknown product."))
        whole_unit_ids = products._preorder_get_whole_unit_ids()
        result = {}
        for product in products:
            uom = product.uom_id
            raw = raw_by_product_id[product.id]
            try:
                result[product.id] = quantities.parse_quantity(
                    raw,
                    allow_fractional=product.id not in whole_unit_ids,
                    rounding=uom.rounding,
                    cap=caps.get(product.id),
                )
            except quantities.QuantityError as error:
                raise UserError(
                    self._preorder_quantity_problem_message(
                        error.problem, product, raw, cap=caps.get(product.id)
                    )
                ) from None
        # In the order given: lines are created in that order.
        return {product_id: result[product_id] for product_id in raw_by_product_id}

    def _preorder_check_quantity_rules(self, qty_by_product_id, previous, rules):
        """The campaign's quantity rules (see ``preorder.quantity.rule``) on parsed
        quantities, in the products' units: ``{product_id: warning}`` of the quantities
        saved although they break their rule. In ``block`` mode a customer's quantity
        that breaks its rule is refused (UserError, nothing written), unless it is
        grandfathered (``preorder.campaign._preorder_is_rule_grandfathered``). A
        salesperson may make an exception:
        his quantities are saved with a warning. No query once the rules are cached."""
        campaign = self.preorder_campaign_id
        products = self.env["product.product"].browse(list(qty_by_product_id))
        rule_by_product_id = campaign._preorder_get_rule_by_product(products)
        if not rule_by_product_id:
            return {}
        block = rules == "customer" and campaign.quantity_rule_mode == "block"
        warnings, refusals = {}, []
        for product in products.filtered(lambda product: product.id in rule_by_product_id):
            rule = rule_by_product_id[product.id]
            qty = qty_by_product_id[product.id]
            message = campaign._preorder_get_rule_warning(product, qty, rule)
            if not message:
                continue
            grandfathered = campaign._preorder_is_rule_grandfathered(
                qty, previous.get(product.id, 0.0), rule
            )
            if block and not grandfathered:
                refusals.append(message)
            warnings[product.id] = message
        if refusals:
            raise UserError("\n".join(refusals))
        return warnings

    def _preorder_quantity_problem_message(self, problem, product, raw, cap=None):
        name = product.display_name
        if problem.code == quantities.NEGATIVE:
            return _("%(product)s: the quantity cannot be negative.", product=name)
        if problem.code == quantities.TOO_LARGE:
            return _(
                "%(product)s: the quantity cannot exceed %(maximum)s.",
                product=name,
                maximum=quantities.MAX_QUANTITY,
            )
        if problem.code == quantities.FRACTIONAL:
            return _(
                "%(product)s is sold per %(uom)s: enter a whole number.",
                product=name,
                uom=product.uom_id.name,
            )
        if problem.code == quantities.ABOVE_CAP:
            return _(
                "%(product)s: only %(free)s left in stock.",
                product=name,
                free=self._preorder_format_quantity(cap or 0.0),
            )
        return _(
            "%(product)s: “%(value)s” is not a valid quantity.",
            product=name,
            value=str(raw)[:20],
        )

    @api.model
    def _preorder_format_quantity(self, quantity):
        """A quantity for people to read, in their language: "20" for 20.0, "2.5" for
        2.5 (up to three decimals, as the finest unit rounding)."""
        text = formatLang(self.env, quantity or 0.0, digits=3)
        decimal_point = get_lang(self.env).decimal_point
        if decimal_point in text:
            text = text.rstrip("0").rstrip(decimal_point)
        return text

    def _preorder_get_ordered_quantities(self, product_ids=None):
        """``{product id: ordered quantity}`` of `product_ids` (default: all), in the
        products' units as the grids show them (a line may be kept in dozens), in one
        aggregate query; empty for no order. Products not ordered are left out."""
        if not self:
            return {}
        self.ensure_one()
        domain = Domain("order_id", "=", self.id) & Domain("is_preorder_line", "=", True)
        if product_ids is not None:
            domain &= Domain("product_id", "in", list(product_ids))
        Line = self.env["sale.order.line"]
        groups = Line._read_group(domain, ["product_id", "product_uom_id"], ["product_uom_qty:sum"])
        ordered = defaultdict(float)
        for product, uom, quantity in groups:
            ordered[product.id] += Line._preorder_to_product_qty(product, uom, quantity)
        return {product_id: quantity for product_id, quantity in ordered.items() if quantity}

    def _preorder_check_reserved(self, qty_by_product_id):
        """An own shop orders at least what its customers reserved in the shop:
        those pieces are in its pre-order."""
        self.ensure_one()
        if not self.preorder_own_shop:
            return
        reserved = self._preorder_get_reserved_quantities(list(qty_by_product_id))
        for product_id, qty in qty_by_product_id.items():
            product = self.env["product.product"].browse(product_id)
            if (
                float_compare(
                    qty, reserved.get(product_id, 0.0), precision_rounding=product.uom_id.rounding
                )
                < 0
            ):
                raise UserError(
                    _(
                        "%(product)s: your customers reserved %(reserved)s in the shop; "
                        "order at least that many.",
                        product=product.display_name,
                        reserved=self._preorder_format_quantity(reserved[product_id]),
                    )
                )

    def _preorder_get_reserved_quantities(self, product_ids=None):
        """``{product_id: quantity}`` this own shop's pre-order holds for its
        customers (its reservations that are not cancelled), in the products' units;
        one grouped query. Figures only: the shop may not read its customers' orders."""
        self.ensure_one()
        domain = Domain("order_id.preorder_shop_order_id", "=", self.id) & Domain(
            "order_id.state", "!=", "cancel"
        )
        domain &= Domain("display_type", "=", False)
        if product_ids is not None:
            domain &= Domain("product_id", "in", list(product_ids))
        reserved = defaultdict(float)
        for product, uom, quantity in (
            self.env["sale.order.line"]
            .sudo()
            ._read_group(domain, ["product_id", "product_uom_id"], ["product_uom_qty:sum"])
        ):
            reserved[product.id] += self.env["sale.order.line"]._preorder_to_product_qty(
                product, uom, quantity
            )
        return dict(reserved)

    def _preorder_log_changes(self, changes, title=None):
        """Post in the order's chatter, as the user saving, the quantities he changed
        for the customer: ``changes`` is ``{product: (before, after)}`` in the
        products' units, under `title` (default: entered by the user). Nothing when
        nothing changed."""
        self.ensure_one()
        items = [
            Markup("<li>%s</li>")
            % _(
                "%(product)s: %(old)s → %(new)s",
                product=product.display_name,
                old=self._preorder_format_quantity(before),
                new=self._preorder_format_quantity(after),
            )
            for product, (before, after) in changes.items()
            if before != after
        ]
        if not items:
            return
        user = self.env.user
        self.message_post(
            body=Markup("<p>%s</p><ul>%s</ul>")
            % (title or _("Quantities entered by %(rep)s:", rep=user.name), Markup("").join(items)),
            author_id=user.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )

    def _preorder_get_lines_by_product_id(self, product_ids):
        """``{product_id: line}`` among the order's pre-order lines, in one query: only
        the lines of ``product_ids``, whatever the size of the order (its totals are
        summed in SQL, see ``_preorder_store_totals``)."""
        lines = self.env["sale.order.line"].search_fetch(
            [
                ("order_id", "=", self.id),
                ("is_preorder_line", "=", True),
                ("product_id", "in", list(product_ids)),
            ],
            # Every column: the save recomputes the line (price, taxes, subtotal).
            None,
        )
        return {line.product_id.id: line for line in lines}

    def _preorder_get_quantity_result(self, product_ids, line_by_product_id=None):
        """What changed, cheap enough to return to the website as JSON (from the
        cache when the lines are given)."""
        if line_by_product_id is None:
            line_by_product_id = self._preorder_get_lines_by_product_id(product_ids)
        result_lines = {}
        for product_id in product_ids:
            line = line_by_product_id.get(product_id)
            result_lines[product_id] = {
                "line_id": line.id if line else False,
                "quantity": line._preorder_get_product_qty() if line else 0.0,
                "price_unit": line.price_unit if line else 0.0,
                "discount": line.discount if line else 0.0,
                "price_subtotal": line.price_subtotal if line else 0.0,
            }
        return {"order_id": self.id, "lines": result_lines, "order": self._preorder_get_summary()}

    def _preorder_get_summary(self):
        """Totals and tier of the order, as plain values (website, JSON); zeros for
        no order (before the first quantity)."""
        if not self:
            return {
                "amount_untaxed": 0.0,
                "amount_tax": 0.0,
                "amount_total": 0.0,
                "currency_id": False,
                "balance": 0.0,
                "tier_name": "",
                "discount_percent": 0.0,
                "next_tier_amount": 0.0,
                "next_tier_percent": 0.0,
                "line_count": 0,
                "min_order_amount": 0.0,
                "min_order_shortfall": 0.0,
            }
        self.ensure_one()
        minimum = self.preorder_campaign_id.min_order_amount
        if self.preorder_drop_id:
            # The customer's drops in the same grouped query as the line count.
            drops = self._preorder_get_drop_totals(self.preorder_campaign_id, self.partner_id)
            line_count = sum(drop["line_count"] for drop in drops if drop["order_id"] == self.id)
        else:
            drops = None
            # The products ordered: no shipping, service, section or note line.
            line_count = self.env["sale.order.line"].search_count(
                [("order_id", "=", self.id), ("is_preorder_line", "=", True)]
            )
        summary = {
            "amount_untaxed": self.amount_untaxed,
            "amount_tax": self.amount_tax,
            "amount_total": self.amount_total,
            "currency_id": self.currency_id.id,
            "balance": self.preorder_balance,
            "tier_name": self.preorder_tier_id.name or "",
            "discount_percent": self.preorder_discount_percent,
            "next_tier_amount": self.preorder_next_tier_amount,
            "next_tier_percent": self.preorder_next_tier_percent,
            "line_count": line_count,
            # In the campaign's currency; no query without a minimum.
            "min_order_amount": minimum,
            "min_order_shortfall": self._preorder_get_min_order_shortfall() if minimum else 0.0,
        }
        if drops is not None:
            summary["drops"] = drops
        return summary

    @api.model
    def _preorder_get_drop_totals(self, campaign, partner):
        """The orders `partner` is entering in the drops of `campaign` that hold
        products, in one grouped query of their lines: ``[{'drop_id', 'order_id',
        'name', 'currency_id', 'amount_untaxed', 'amount_tax', 'amount_total',
        'line_count'}]`` by order. The orders' amounts come from the cache after a
        save (the tier update fetched them)."""
        groups = (
            self.env["sale.order.line"]
            .sudo()
            ._read_group(
                [
                    ("order_id.preorder_campaign_id", "=", campaign.id),
                    ("order_id.partner_id", "=", partner.id),
                    ("order_id.preorder_in_progress", "=", True),
                    ("is_preorder_line", "=", True),
                ],
                ["order_id"],
                ["__count"],
            )
        )
        return [
            {
                "drop_id": order.preorder_drop_id.id,
                "order_id": order.id,
                "name": order.name,
                "currency_id": order.currency_id.id,
                "amount_untaxed": order.amount_untaxed,
                "amount_tax": order.amount_tax,
                "amount_total": order.amount_total,
                "line_count": count,
            }
            for order, count in sorted(groups, key=lambda group: group[0].id)
        ]

    def _preorder_get_min_order_shortfall(self):
        """What the untaxed amount still lacks to reach the campaign's minimum order
        value, in the campaign's currency (0 when reached or without minimum)."""
        self.ensure_one()
        campaign = self.preorder_campaign_id
        # An own shop orders at its 0 pricelist: a minimum value would never be reached.
        if not campaign.min_order_amount or self.preorder_own_shop:
            return 0.0
        untaxed = self._preorder_to_campaign_currency(self.amount_untaxed)
        shortfall = campaign.currency_id.round(campaign.min_order_amount - untaxed)
        return max(shortfall, 0.0)

    # ------------------------------------------------------------------
    # Totals summed in SQL after an autosave
    # ------------------------------------------------------------------
    # Odoo recomputes an order's totals with the tax engine over every line; after an
    # autosave of a pre-order of thousands of lines, one grouped SUM and the engine over
    # one base line per set of taxes give the same amounts (see readme/DEVELOP.md).
    def _preorder_store_totals(self):
        """Store the order's totals (and the other fields ``_preorder_get_summed_values``
        knows) from sums of its lines when the ORM would recompute them. Fields it
        cannot sum exactly stay pending for the ORM's own recompute."""
        self.ensure_one()
        pending = {
            name
            for name in self._preorder_get_summable_fields()
            if self.env.is_to_compute(self._fields[name], self)
        }
        if not pending:
            return
        # The sums read the lines' stored amounts.
        self.env["sale.order.line"].flush_model()
        values = self._preorder_get_summed_values(pending)
        if not values:
            return
        for name in values:
            self.env.remove_to_compute(self._fields[name], self)
        self.write(values)

    def _preorder_get_summable_fields(self):
        """Stored computed fields of the order that ``_preorder_get_summed_values``
        computes from sums of the lines (extended for shipping weight, ...)."""
        return set(AMOUNT_FIELDS)

    def _preorder_get_summed_values(self, names):
        """``{field name: value}`` for the fields of ``names`` that sums of the lines
        give exactly; the others are left out (the ORM recomputes them)."""
        self.ensure_one()
        if not set(AMOUNT_FIELDS) & names:
            return {}
        return self._preorder_get_amounts_from_sums() or {}

    def _preorder_get_amounts_from_sums(self):
        """``{'amount_untaxed', 'amount_tax', 'amount_total'}`` as ``_compute_amounts``
        gives them, from one grouped query; ``None`` when sums cannot give them."""
        if not self._preorder_amounts_are_standard():
            return None
        if self._add_base_lines_for_early_payment_discount():
            return None
        groups = self._preorder_get_line_sums_by_taxes()
        if any(group["special_count"] for group in groups):
            return None
        company = self.company_id or self.env.company
        currency = self.currency_id or company.currency_id
        if company.tax_calculation_rounding_method == "round_per_line":
            # The lines' stored amounts are rounded already: the totals add them up.
            return {
                "amount_untaxed": currency.round(sum(g["price_subtotal"] for g in groups)),
                "amount_tax": currency.round(sum(g["price_tax"] for g in groups)),
                "amount_total": currency.round(sum(g["price_total"] for g in groups)),
            }
        AccountTax = self.env["account.tax"]
        taxes = AccountTax.browse({tax_id for g in groups for tax_id in g["tax_ids"]})
        if any(
            tax.amount_type not in PROPORTIONAL_TAX_TYPES for tax in taxes.flatten_taxes_hierarchy()
        ):
            return None
        base_lines = [
            AccountTax._prepare_base_line_for_taxes_computation(
                None,
                tax_ids=AccountTax.browse(group["tax_ids"]),
                price_unit=group["net_amount"],
                quantity=1.0,
                currency_id=currency,
                rate=self.currency_rate,
                partner_id=self.partner_id,
            )
            for group in groups
        ]
        AccountTax._add_tax_details_in_base_lines(base_lines, company)
        AccountTax._round_base_lines_tax_details(base_lines, company)
        tax_totals = AccountTax._get_tax_totals_summary(
            base_lines=base_lines, currency=currency, company=company
        )
        return {
            "amount_untaxed": tax_totals["base_amount_currency"],
            "amount_tax": tax_totals["tax_amount_currency"],
            "amount_total": tax_totals["total_amount_currency"],
        }

    def _preorder_amounts_are_standard(self):
        """Whether the totals are computed by sale's own methods, which the sums
        reproduce (no other installed module overrides them)."""
        return all(
            self._preorder_is_defined_by_sale(type(self.env[model]), method)
            for model, methods in SUMMED_METHODS.items()
            for method in methods
        )

    @staticmethod
    def _preorder_is_defined_by_sale(model_class, method):
        # [0] is the class the registry builds from the modules' classes: skip it.
        for cls in model_class.__mro__[1:]:
            if method in vars(cls):
                return cls.__module__.startswith(SALE_MODULE)
        return False

    def _preorder_get_line_sums_by_taxes(self):
        """Sums of the order's priced lines (``_get_priced_lines``: no sections or notes)
        per set of taxes, in one query: ``[{'tax_ids': [sorted ids], 'net_amount':
        sum of price x quantity after discount, unrounded, 'price_subtotal',
        'price_tax', 'price_total': sums of the stored amounts, 'special_count':
        down payments and global discounts, which the tax engine treats apart}]``."""
        Line = self.env["sale.order.line"]
        taxes_field = Line._fields["tax_ids"]
        self.env.cr.execute(
            SQL(
                """
                SELECT line_taxes.tax_ids,
                       SUM(line.price_unit * (1 - COALESCE(line.discount, 0) / 100.0)
                           * line.product_uom_qty),
                       SUM(line.price_subtotal),
                       SUM(line.price_tax),
                       SUM(line.price_total),
                       COUNT(*) FILTER (
                           WHERE line.is_downpayment OR line.extra_tax_data IS NOT NULL
                       )
                  FROM sale_order_line line
             LEFT JOIN LATERAL (
                           SELECT ARRAY_AGG(rel.%(tax_column)s ORDER BY rel.%(tax_column)s)
                                  AS tax_ids
                             FROM %(relation)s rel
                            WHERE rel.%(line_column)s = line.id
                       ) line_taxes ON TRUE
                 WHERE line.order_id = %(order_id)s
                   AND line.display_type IS NULL
              GROUP BY line_taxes.tax_ids
                """,
                tax_column=SQL.identifier(taxes_field.column2),
                relation=SQL.identifier(taxes_field.relation),
                line_column=SQL.identifier(taxes_field.column1),
                order_id=self.id,
            )
        )
        return [
            {
                "tax_ids": tax_ids or [],
                "net_amount": float(net_amount or 0.0),
                "price_subtotal": float(subtotal or 0.0),
                "price_tax": float(tax or 0.0),
                "price_total": float(total or 0.0),
                "special_count": special_count,
            }
            for tax_ids, net_amount, subtotal, tax, total, special_count in self.env.cr.fetchall()
        ]

    # ------------------------------------------------------------------
    # Tiers
    # ------------------------------------------------------------------
    def _preorder_get_tier_group_orders(self):
        """The orders whose tier moves with ``self``: themselves and, for campaigns
        with a group target, the non-cancelled orders of the same commercial partner;
        for an order of a delivery drop, the customer's orders of every drop."""
        orders = self.filtered("preorder_campaign_id")
        grouped = orders.filtered("preorder_campaign_id.group_target")
        dropped = orders.filtered("preorder_drop_id") - grouped
        if not (grouped or dropped):
            return orders
        domains = []
        if grouped:
            domains.append(
                Domain("preorder_campaign_id", "in", grouped.preorder_campaign_id.ids)
                & Domain(
                    "partner_id.commercial_partner_id",
                    "in",
                    grouped.partner_id.commercial_partner_id.ids,
                )
            )
        known = self.env.context.get("preorder_drop_orders")
        if not grouped and known is not None and set(dropped.ids) <= set(known):
            # The save fetched the customer's orders of every drop (_preorder_save)
            siblings = self.browse(known).filtered(lambda o: o.state != "cancel")
            keys = {o._preorder_tier_group_key() for o in dropped}
            return orders | siblings.filtered(lambda o: o._preorder_tier_group_key() in keys)
        if dropped:
            domains.append(
                Domain("preorder_campaign_id", "in", dropped.preorder_campaign_id.ids)
                & Domain("partner_id", "in", dropped.partner_id.ids)
                & Domain("preorder_drop_id", "!=", False)
            )
        # Fetched with the search: the tier update reads the siblings' fields next.
        siblings = self.sudo().search_fetch(Domain.OR(domains) & Domain("state", "!=", "cancel"))
        keys = {o._preorder_tier_group_key() for o in grouped | dropped}
        return orders | siblings.with_env(self.env).filtered(
            lambda o: o._preorder_tier_group_key() in keys
        )

    def _preorder_tier_group_key(self):
        if self.preorder_campaign_id.group_target:
            return (self.preorder_campaign_id.id, self.partner_id.commercial_partner_id.id)
        if self.preorder_drop_id:
            # One balance over the customer's drops: the discount applies on each.
            return ("drops", self.preorder_campaign_id.id, self.partner_id.id)
        return ("order", self.id)

    # The tier orchestrator ----------------------------------------------
    def _preorder_update_tiers(self):
        """The one place that writes the tier state of pre-orders (balance, tier,
        percent, next tier) and the tier discount of their lines: for ``self`` and, with
        a group target, the orders sharing their balance. The balance counts every
        non-cancelled order of a group (a branch confirming its order does not lower its
        siblings' tier); only quotations are rewritten.

        Call points, each calls it once after its change (readme/DEVELOP.md):

        - a quantity save, ``_preorder_apply_quantities`` (a merge goes through it);
        - ``create``/``write`` of orders and ``create``/``write``/``unlink`` of lines
          when a field that moves a balance changes (``TIER_ORDER_FIELDS``,
          ``TIER_LINE_FIELDS``), unless a tier batch is open (``_preorder_defer_tiers``);
        - "Update prices", ``_recompute_prices``;
        - a campaign's tiers, discount exclusions or group target,
          ``preorder.campaign._preorder_update_open_order_tiers``.

        A constant number of queries: one SUM of the lines' base amounts grouped by
        order, exclusion and discount (the balances, and whether a line's discount is
        off), one read of the tiers, one UPDATE per distinct new tier state; only when a
        discount is off, one search of those lines and one UPDATE per distinct discount.
        """
        orders = self._preorder_get_tier_group_orders().filtered(lambda o: o.state != "cancel")
        if not orders:
            return
        # The tier fields are not tracked: no need to prepare the mail tracking of the
        # order, which would compute its totals (all lines) before the discounts move.
        orders = orders.sudo()._preorder_defer_tiers().with_context(tracking_disable=True)
        amount_by_order_id, discounts_by_order_id = orders._preorder_read_tier_lines()
        balance_by_key = orders._preorder_get_tier_balances(amount_by_order_id)
        editable = orders.filtered(lambda o: o.state in EDITABLE_STATES)
        rule_by_tier_by_campaign = self._preorder_get_tiers_by_campaign(
            editable.preorder_campaign_id
        )
        orders_by_vals = defaultdict(lambda: orders.browse())
        percent_by_order_id = {}
        for order in editable:
            rule_by_tier = rule_by_tier_by_campaign[order.preorder_campaign_id.id]
            result = tiers.tier_for_balance(
                rule_by_tier,
                balance_by_key[order._preorder_tier_group_key()],
                override_percent=order._preorder_get_override_percent(),
            )
            vals = order._preorder_prepare_tier_vals(result, rule_by_tier)
            if order._preorder_tier_vals_differ(vals):
                orders_by_vals[tuple(sorted(vals.items()))] |= order
            percent = order._preorder_get_line_percent(vals["preorder_discount_percent"])
            if order._preorder_line_discounts_off(percent, discounts_by_order_id[order.id]):
                percent_by_order_id[order.id] = percent
        for vals, group in orders_by_vals.items():
            group.write(dict(vals))
        self._preorder_write_line_discounts(percent_by_order_id)

    def _preorder_defer_tiers(self, records=None):
        """``records`` (default ``self``; orders or lines) in a tier batch: their
        creates and writes leave the tiers alone, and the code that opened the batch
        calls ``_preorder_update_tiers()`` once at its end."""
        return (self if records is None else records).with_context(**{TIER_BATCH: True})

    def _preorder_tiers_deferred(self):
        """Whether a tier batch is open (see ``_preorder_defer_tiers``)."""
        return bool(self.env.context.get(TIER_BATCH))

    def _preorder_read_tier_lines(self):
        """One grouped SUM of the pre-order lines of ``self``: ``({order_id: base
        amount}, {order_id: {(excluded, discount)}})``."""
        groups = (
            self.env["sale.order.line"]
            .sudo()
            ._read_group(
                [("order_id", "in", self.ids), ("is_preorder_line", "=", True)],
                ["order_id", "preorder_discount_excluded", "discount"],
                ["preorder_base_amount:sum"],
            )
        )
        amount_by_order_id = defaultdict(float)
        discounts_by_order_id = defaultdict(set)
        for order, excluded, discount, amount in groups:
            amount_by_order_id[order.id] += amount
            discounts_by_order_id[order.id].add((excluded, discount or 0.0))
        return amount_by_order_id, discounts_by_order_id

    def _preorder_get_tier_balances(self, amount_by_order_id):
        """``{tier group key: balance}`` in the campaign's currency: the tiers' amounts
        are in it, so an order priced in another one counts converted at its order date
        (a group may mix currencies)."""
        balance_by_key = defaultdict(float)
        for order in self:
            balance_by_key[order._preorder_tier_group_key()] += (
                order._preorder_to_campaign_currency(amount_by_order_id[order.id])
            )
        return balance_by_key

    def _preorder_get_override_percent(self):
        """The salesperson's percent when they override the tier, else ``None``."""
        self.ensure_one()
        if self.sudo().preorder_discount_override:
            return self.sudo().preorder_discount_override_percent
        return None

    def _preorder_prepare_tier_vals(self, result, rule_by_tier):
        """The order's tier fields for a ``core.tiers.TierResult``, in its currency."""
        self.ensure_one()
        percent_digits = self.env["decimal.precision"].precision_get("Discount")
        # An own shop orders at its 0 pricelist: a next tier is out of its reach.
        next_tier = None if self.preorder_own_shop else result.next_tier
        return {
            "preorder_balance": self.currency_id.round(
                self._preorder_to_campaign_currency(result.balance, inverse=True)
            ),
            "preorder_tier_id": rule_by_tier[result.tier].id if result.tier else False,
            "preorder_discount_percent": float_round(
                result.discount_percent, precision_digits=percent_digits
            ),
            "preorder_next_tier_amount": self.currency_id.round(
                self._preorder_to_campaign_currency(result.amount_to_next, inverse=True)
            )
            if next_tier
            else 0.0,
            "preorder_next_tier_percent": next_tier.discount_percent if next_tier else 0.0,
        }

    def _preorder_tier_vals_differ(self, vals):
        self.ensure_one()
        current = {name: self[name] for name in vals}
        current["preorder_tier_id"] = self.preorder_tier_id.id
        return current != vals

    def _preorder_line_discounts_off(self, percent, discounts):
        """Whether a line of the order has another discount than the line rule gives
        it, from the ``(excluded, discount)`` pairs of its lines."""
        percent_digits = self.env["decimal.precision"].precision_get("Discount")
        return any(
            float_compare(
                discount,
                tiers.line_discount(percent, excluded),
                precision_digits=percent_digits,
            )
            for excluded, discount in discounts
        )

    def _preorder_get_line_percent(self, tier_percent=None):
        """The percent of the lines that earn a discount: the tier's (default the
        order's) and the early-booking reward combined as successive discounts
        (``core.early_booking.combine_discounts``), at the discount precision."""
        self.ensure_one()
        if tier_percent is None:
            tier_percent = self.preorder_discount_percent
        if not self.preorder_early_booking_percent:
            return tier_percent
        return float_round(
            early_booking.combine_discounts(tier_percent, self.preorder_early_booking_percent),
            precision_digits=self.env["decimal.precision"].precision_get("Discount"),
        )

    def _preorder_to_campaign_currency(self, amount, inverse=False):
        """`amount` in the order's currency, in the campaign's (with `inverse`, from the
        campaign's into the order's), at the order date. No query in one currency."""
        self.ensure_one()
        order_currency = self.currency_id
        campaign_currency = self.preorder_campaign_id.currency_id
        if not amount or not order_currency or order_currency == campaign_currency:
            return amount
        source, target = (
            (campaign_currency, order_currency) if inverse else (order_currency, campaign_currency)
        )
        return source._convert(
            amount, target, self.company_id, self.date_order or fields.Date.today(), round=False
        )

    def _preorder_get_tiers_by_campaign(self, campaigns):
        """``{campaign_id: {core Tier: discount rule}}`` in one query."""
        rules = (
            self.env["preorder.discount.rule"]
            .sudo()
            .search_fetch(
                [("campaign_id", "in", campaigns.ids)],
                ["campaign_id", "name", "min_amount", "discount_percent"],
                order="min_amount, id",
            )
        )
        rule_by_tier_by_campaign = {campaign.id: {} for campaign in campaigns}
        for rule in rules:
            tier = tiers.Tier(rule.name, rule.min_amount, rule.discount_percent)
            rule_by_tier_by_campaign[rule.campaign_id.id][tier] = rule
        return rule_by_tier_by_campaign

    def _preorder_write_line_discounts(self, percent_by_order_id):
        """Give the lines of the orders (``{order_id: tier percent}``) the discount of
        the line rule (``core.tiers.line_discount``) where theirs differs: one search,
        one write per distinct discount."""
        if not percent_by_order_id:
            return
        order_ids_by_percent = defaultdict(list)
        for order_id, percent in percent_by_order_id.items():
            order_ids_by_percent[percent].append(order_id)
        parts = [
            Domain("order_id", "in", order_ids)
            & Domain("preorder_discount_excluded", "=", excluded)
            & Domain("discount", "!=", tiers.line_discount(percent, excluded))
            for percent, order_ids in order_ids_by_percent.items()
            for excluded in (False, True)
        ]
        Line = self._preorder_defer_tiers(self.env["sale.order.line"].sudo())
        lines = Line.search_fetch(
            Domain("is_preorder_line", "=", True) & Domain.OR(parts),
            ["order_id", "preorder_discount_excluded"],
        )
        line_ids_by_discount = defaultdict(list)
        for line in lines:
            discount = tiers.line_discount(
                percent_by_order_id[line.order_id.id], line.preorder_discount_excluded
            )
            line_ids_by_discount[discount].append(line.id)
        for discount, line_ids in line_ids_by_discount.items():
            Line.browse(line_ids).write({"discount": discount})

    # ------------------------------------------------------------------
    # Delivery date
    # ------------------------------------------------------------------
    def _preorder_set_delivery_date(self, delivery_date, rules=None):
        """Set the desired delivery date (``commitment_date``) of a pre-order.

        :param delivery_date: a ``date`` or an ISO string ``'YYYY-MM-DD'``; ``False``,
            ``None`` or ``''`` clears it (the customer no longer asks for a date)
        :return: ``{'commitment_date': 'YYYY-MM-DD'}``, ``{'commitment_date': False}``
            once cleared
        :raise UserError: with a clear message, nothing written, when the date is refused
        """
        self.ensure_one()
        rules = self._preorder_get_rules(rules)
        self._preorder_check_editable(rules)
        if self.preorder_drop_id and rules == "customer":
            raise UserError(
                _(
                    "This order is delivered with %(drop)s on %(date)s: its date is the "
                    "delivery's.",
                    drop=self.preorder_drop_id.name,
                    date=fields.Date.to_string(self.preorder_drop_id.date),
                )
            )
        if delivery_date in (False, None, ""):
            # No date asked: nothing to check against the campaign's rules.
            self.commitment_date = False
            return {"commitment_date": False}
        day = self._preorder_parse_date(delivery_date)
        problem = self._preorder_check_delivery_day(
            day, self._preorder_get_other_delivery_days(), today=fields.Date.context_today(self)
        )
        if problem:
            raise UserError(self._preorder_delivery_problem_message(problem))
        # Noon UTC: the same calendar day in every timezone from UTC-11 to UTC+11.
        self.commitment_date = datetime.combine(day, time(12, 0))
        return {"commitment_date": fields.Date.to_string(day)}

    def _preorder_get_first_delivery_date(self):
        """First date this pre-order may ask for (for the website date picker)."""
        self.ensure_one()
        campaign = self.preorder_campaign_id
        return delivery.first_allowed_date(
            earliest=campaign.earliest_delivery_date or None,
            other_dates=self._preorder_get_other_delivery_days(),
            min_days_between=campaign.min_days_between_deliveries,
            today=fields.Date.context_today(self),
        )

    def _preorder_parse_date(self, value):
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, str) and value:
            with contextlib.suppress(ValueError):
                return fields.Date.to_date(value)
        raise UserError(_("“%(value)s” is not a valid date.", value=str(value)[:20]))

    def _preorder_delivery_day(self):
        """The desired delivery date as a calendar day in the user's timezone."""
        if not self.commitment_date:
            return None
        return fields.Datetime.context_timestamp(self, self.commitment_date).date()

    def _preorder_get_other_delivery_days(self):
        """Desired delivery days of the campaign's other pre-orders delivered to the
        same address. Per delivery address, not per customer: two shops of a company
        may receive on the same day, one shop not twice within the minimum days."""
        self.ensure_one()
        others = self.sudo().search_fetch(
            Domain("id", "!=", self.id)
            & Domain("preorder_campaign_id", "=", self.preorder_campaign_id.id)
            & Domain("partner_shipping_id", "=", self.partner_shipping_id.id)
            & self._preorder_delivery_days_domain(),
            ["commitment_date"],
        )
        return [other._preorder_delivery_day() for other in others]

    @api.model
    def _preorder_delivery_days_domain(self):
        """The pre-orders whose desired delivery date the minimum days keep apart (a
        drop's orders are delivered on the campaign's drop dates)."""
        return (
            Domain("state", "!=", "cancel")
            & Domain("commitment_date", "!=", False)
            & Domain("preorder_drop_id", "=", False)
        )

    def _preorder_check_delivery_day(self, day, other_days, today=None):
        campaign = self.preorder_campaign_id
        return delivery.check_delivery_date(
            day,
            earliest=campaign.earliest_delivery_date or None,
            other_dates=other_days,
            min_days_between=campaign.min_days_between_deliveries,
            today=today,
        )

    def _preorder_delivery_problem_message(self, problem):
        campaign = self.preorder_campaign_id
        if problem.code == delivery.IN_PAST:
            return _("The desired delivery date cannot be in the past.")
        if problem.code == delivery.BEFORE_EARLIEST:
            return _(
                "Campaign %(campaign)s delivers from %(date)s on: choose that date or a later one.",
                campaign=campaign.name,
                date=fields.Date.to_string(problem.other_date),
            )
        return _(
            "Pre-orders of campaign %(campaign)s delivered to %(address)s must be at least "
            "%(days)s days apart; another one is delivered there on %(date)s.",
            campaign=campaign.name,
            address=self.partner_shipping_id.display_name,
            days=campaign.min_days_between_deliveries,
            date=fields.Date.to_string(problem.other_date),
        )

    @api.model
    def _preorder_get_finalized_domain(self):
        """Pre-orders the customer is done with: reminders skip them."""
        return Domain("state", "in", ("sent", "sale"))

    # ------------------------------------------------------------------
    # Early-booking reward
    # ------------------------------------------------------------------
    @api.model
    def _preorder_finalizes(self, vals):
        """Whether writing ``vals`` finalizes an order (moves it into
        ``_preorder_get_finalized_domain``): sent or confirmed."""
        return vals.get("state") in ("sent", "sale")

    def _preorder_check_early_booking_write(self, vals):
        """Refuse a write of the early-booking percent by anything but the lock-in."""
        default_key = "default_preorder_early_booking_percent"
        if not self and default_key in self.env.context:  # a create takes it as a value
            vals = {"preorder_early_booking_percent": self.env.context[default_key], **vals}
        if "preorder_early_booking_percent" not in vals:
            return
        if self.env.context.get(EARLY_BOOKING_LOCK_IN) is _EARLY_BOOKING_TOKEN:
            return
        percent = vals["preorder_early_booking_percent"] or 0.0
        current = self.mapped("preorder_early_booking_percent") or [0.0]
        if any(float_compare(value, percent, precision_digits=4) for value in current):
            raise UserError(
                _(
                    "The early-booking discount is set only when the pre-order is "
                    "finalized at or before the campaign's early-booking date."
                )
            )

    def _preorder_lock_in_early_booking(self, now=None):
        """Store the campaign's early-booking percent on the pre-orders of ``self``
        being finalized now (not finalized yet, none locked in) when it is at or
        before the early-booking date (``core.early_booking.locked_in_percent``), then
        let the tiers rewrite their lines' discounts. Called by ``write`` before the
        state moves. Returns the orders that got it."""
        now = now or fields.Datetime.now()
        candidates = self.filtered(
            lambda o: (
                o.preorder_campaign_id
                and o.state == "draft"
                and not o.preorder_early_booking_percent
                and o.preorder_campaign_id.early_booking_discount_percent
                and not o.preorder_own_shop
            )
        )
        candidates -= candidates.filtered_domain(self._preorder_get_finalized_domain())
        orders_by_percent = defaultdict(lambda: self.browse())
        for order in candidates:
            campaign = order.preorder_campaign_id
            percent = early_booking.locked_in_percent(
                campaign.early_booking_discount_percent, now, campaign.early_booking_date or None
            )
            if percent:
                orders_by_percent[percent] |= order
        locked = self.browse()
        for percent, orders in orders_by_percent.items():
            self._preorder_defer_tiers(orders).with_context(
                **{EARLY_BOOKING_LOCK_IN: _EARLY_BOOKING_TOKEN}
            ).write({"preorder_early_booking_percent": percent})
            locked |= orders
        locked._preorder_update_tiers()
        return locked

    # ------------------------------------------------------------------
    # Orders, previous sales and peer average
    # ------------------------------------------------------------------
    @api.model
    def _preorder_create_in_progress(self, vals):
        """Create the pre-order being entered. When a concurrent request created it
        first (the unique index ``_preorder_one_in_progress`` makes this insert wait for
        it, then refuse), this request is retried by Odoo and finds that order."""
        index_name = f"{self._table}_preorder_one_in_progress"
        try:
            with self.env.cr.savepoint():
                return self.create(vals)
        except UniqueViolation as error:
            if error.diag.constraint_name != index_name:
                raise
            raise ConcurrencyError(
                "Another request created this customer's pre-order at the same time"
            ) from error

    @api.model
    def _preorder_get_previous_sales_and_peer_average(self, campaign, partner, products):
        """``{product_id: {'previous_qty': x, 'peer_average': y, 'peer_hidden': b}}``
        for ``products``:

        * previous_qty: what the customer (its commercial partner and all contacts)
          bought on confirmed orders in the campaign's last ``previous_sales_weeks``
          weeks, outside this campaign;
        * peer_average: among the other customers whose non-cancelled order in this
          campaign holds the product, the average quantity per ordering contact; 0
          when nobody else ordered it, or when fewer other customers (commercial
          partners: a company's branches are one customer) than the campaign's
          ``peer_average_min_customers`` did: with one, the "average" would be that
          competitor's own quantity;
        * peer_hidden: True in that last case, so the grid can say why it is empty.

        Quantities are in the products' units (lines in dozens are converted). One
        ``_read_group`` each.
        """
        campaign.ensure_one()
        commercial = partner.commercial_partner_id
        Line = self.env["sale.order.line"].sudo()
        since = fields.Datetime.now() - timedelta(weeks=campaign.previous_sales_weeks or 0)
        previous = Line._read_group(
            [
                ("product_id", "in", products.ids),
                ("order_id.partner_id.commercial_partner_id", "=", commercial.id),
                ("state", "=", "sale"),
                ("order_id.date_order", ">=", since),
                ("order_id.preorder_campaign_id", "!=", campaign.id),
            ],
            ["product_id", "product_uom_id"],
            ["product_uom_qty:sum"],
        )
        # One group per product and other customer: the groups count the customers,
        # their distinct ordering contacts add up to the divisor of the average.
        peers = Line._read_group(
            [
                ("product_id", "in", products.ids),
                ("order_id.preorder_campaign_id", "=", campaign.id),
                ("state", "!=", "cancel"),
                ("order_partner_id.commercial_partner_id", "!=", commercial.id),
                ("is_preorder_line", "=", True),
                ("product_uom_qty", ">", 0),
            ],
            ["product_id", "order_partner_id.commercial_partner_id", "product_uom_id"],
            ["product_uom_qty:sum", "order_partner_id:count_distinct"],
        )
        Line = self.env["sale.order.line"]
        previous_by_id = defaultdict(float)
        for product, uom, qty in previous:
            previous_by_id[product.id] += Line._preorder_to_product_qty(product, uom, qty)
        peer_totals = defaultdict(lambda: {"qty": 0.0, "contacts": 0, "customers": set()})
        for product, customer, uom, qty, contacts in peers:
            totals = peer_totals[product.id]
            totals["qty"] += Line._preorder_to_product_qty(product, uom, qty)
            totals["contacts"] += contacts
            totals["customers"].add(customer.id)
        result = {}
        for product_id in products.ids:
            totals = peer_totals.get(product_id)
            shown = bool(totals) and len(totals["customers"]) >= campaign.peer_average_min_customers
            result[product_id] = {
                "previous_qty": previous_by_id.get(product_id, 0.0),
                "peer_average": totals["qty"] / totals["contacts"] if shown else 0.0,
                "peer_hidden": bool(totals) and not shown,
            }
        return result
