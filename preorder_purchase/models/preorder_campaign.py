from collections import defaultdict, namedtuple
from datetime import datetime, time, timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command, Domain
from odoo.tools import SQL, float_round, format_amount, formatLang

from odoo.addons.preorder_campaign.core import purchase_advice

RFQ_STATES = ("draft", "sent")
CONFIRMED_PO_STATES = ("to approve", "purchase")
# The columns of product.supplierinfo the vendor rule reads (ids for relations).
VENDOR_ROW = (
    "id",
    "partner_id",
    "product_tmpl_id",
    "product_id",
    "product_uom_id",
    "min_qty",
    "price",
    "discount",
    "sequence",
    "date_start",
    "date_end",
    "company_id",
    "product_code",
    "delay",
    "currency_id",
)
VendorRow = namedtuple("VendorRow", VENDOR_ROW)


class PreorderCampaign(models.Model):
    _inherit = "preorder.campaign"

    purchase_order_ids = fields.One2many(
        comodel_name="purchase.order",
        inverse_name="preorder_campaign_id",
        string="Purchase Orders",
        groups="purchase.group_purchase_user",
    )
    purchase_order_count = fields.Integer(
        string="RFQs and Purchase Orders", compute="_compute_purchase_figures"
    )
    purchase_qty_ordered = fields.Float(
        string="Quantity Purchased",
        digits="Product Unit",
        compute="_compute_purchase_figures",
        help="Quantity on the campaign's confirmed purchase orders, in the products' units.",
    )
    purchase_qty_received = fields.Float(
        string="Quantity Received",
        digits="Product Unit",
        compute="_compute_purchase_figures",
        help="Quantity already received on the campaign's purchase orders, in the products' units.",
    )
    purchase_state = fields.Selection(
        selection=[
            ("none", "Nothing Purchased"),
            ("rfq", "RFQ"),
            ("ordered", "Ordered"),
            ("partial", "Partially Received"),
            ("received", "Received"),
        ],
        string="Purchase Status",
        compute="_compute_purchase_figures",
    )
    price_break_threshold = fields.Float(
        string="Near a Price Break Within (%)",
        default=20.0,
        help="A product is near its vendor's next price break (or minimum) when the "
        "units it still lacks are at most this share of the break quantity: the team "
        "can push it to the customers.",
    )

    purchase_split_by_drop = fields.Boolean(
        string="Purchase per Drop",
        default=True,
        help="With delivery drops: the purchase plan and advice show each product per "
        "drop, and the RFQs are one per vendor and drop, planned for the drop's date. "
        "Off: one RFQ per vendor for all drops, planned by the vendor's lead time. "
        "The vendor's minimum and price breaks count the campaign's total either way.",
    )

    _price_break_threshold_range = models.Constraint(
        "CHECK (price_break_threshold >= 0 AND price_break_threshold <= 100)",
        "The price break threshold is a percentage between 0 and 100.",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    def _compute_purchase_figures(self):
        """Count the purchase orders; add up what confirmed ones buy and receive, each
        line in its product's unit (the received quantity is in the line's unit).
        "Received" when every product is, not when the sums meet: extra tables do not
        make up for missing chairs. One grouped query, then the orders, products and
        units it names, read in batch (no query per line)."""
        # Figures only (no record leaks), so sales users see the status too.
        PurchaseLine_sudo = self.env["purchase.order.line"].sudo()
        groups = PurchaseLine_sudo._read_group(
            [
                ("order_id.preorder_campaign_id", "in", self.ids),
                ("order_id.state", "!=", "cancel"),
                ("display_type", "=", False),
            ],
            ["order_id", "product_id", "product_uom_id"],
            ["product_uom_qty:sum", "qty_received:sum"],
        )
        orders = defaultdict(set)
        rfq_only = defaultdict(lambda: True)
        # {campaign id: {product id: quantity in the product's unit}}
        ordered = defaultdict(lambda: defaultdict(float))
        received = defaultdict(lambda: defaultdict(float))
        for order, product, uom, product_qty, qty_received in groups:
            campaign_id = order.preorder_campaign_id.id
            orders[campaign_id].add(order.id)
            if order.state not in CONFIRMED_PO_STATES:
                continue
            rfq_only[campaign_id] = False
            # product_uom_qty is in the product's unit already.
            ordered[campaign_id][product.id] += product_qty
            if qty_received and product:
                received[campaign_id][product.id] += uom._compute_quantity(
                    qty_received, product.uom_id, round=False
                )
        for campaign in self:
            cid = campaign.id
            ordered_by_product, received_by_product = ordered[cid], received[cid]
            campaign.purchase_order_count = len(orders[cid])
            campaign.purchase_qty_ordered = sum(ordered_by_product.values())
            campaign.purchase_qty_received = sum(received_by_product.values())
            if not orders[cid]:
                campaign.purchase_state = "none"
            elif rfq_only[cid]:
                campaign.purchase_state = "rfq"
            elif all(
                received_by_product[product_id] >= qty - purchase_advice.EPSILON
                for product_id, qty in ordered_by_product.items()
            ):
                campaign.purchase_state = "received"
            elif campaign.purchase_qty_received > purchase_advice.EPSILON:
                campaign.purchase_state = "partial"
            else:
                campaign.purchase_state = "ordered"

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_view_purchase_plan(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "preorder_purchase.preorder_purchase_plan_action"
        )
        action["domain"] = [("campaign_id", "=", self.id)]
        action["context"] = {
            "search_default_group_vendor": 1,
            "preorder_plan_drops": self._purchase_splits_by_drop(),
        }
        action["display_name"] = _("Purchase Plan of %(campaign)s", campaign=self.name)
        return action

    def action_open_purchase_advice(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "preorder_purchase.preorder_purchase_advice_action"
        )
        action["context"] = {"default_campaign_id": self.id}
        return action

    def action_view_price_breaks(self):
        """The campaign's products near a price break, from the purchase plan
        (computed when opened, not with the campaign form)."""
        self.ensure_one()
        action = self.action_view_purchase_plan()
        action["domain"] = [("campaign_id", "=", self.id), ("is_near_break", "=", True)]
        action["context"] = {
            "search_default_group_vendor": 1,
            "preorder_plan_drops": self._purchase_splits_by_drop(),
        }
        action["views"] = [
            (
                self.env.ref("preorder_purchase.preorder_purchase_plan_view_list_price_break").id,
                "list",
            )
        ]
        action["view_mode"] = "list"
        action["display_name"] = _("Near a Price Break: %(campaign)s", campaign=self.name)
        return action

    def action_view_purchase_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("purchase.purchase_rfq")
        action.pop("path", None)
        action["domain"] = [("preorder_campaign_id", "=", self.id)]
        action["context"] = {
            "default_preorder_campaign_id": self.id,
            "default_origin": self.code,
        }
        action["display_name"] = _("Purchases of %(campaign)s", campaign=self.name)
        return action

    # ------------------------------------------------------------------
    # Purchase advice (contract: _create_purchase_orders)
    # ------------------------------------------------------------------
    def _create_purchase_orders(self, include_unconfirmed=False):
        """Create or update the campaign's draft RFQs from the unedited purchase
        advice and return them (contract, see DESIGN.md)."""
        self.ensure_one()
        return self._sync_purchase_orders(self._prepare_purchase_advice(include_unconfirmed))

    def _purchase_splits_by_drop(self):
        """Whether the advice, the plan and the RFQs go per delivery drop."""
        self.ensure_one()
        return self.has_drops and self.purchase_split_by_drop

    def _prepare_purchase_advice(self, include_unconfirmed=False):
        """The purchase advice as a list of line values (the wizard's lines and
        the input of ``_sync_purchase_orders``): the demand from the purchase plan
        minus what confirmed purchase orders already buy, then the core chooses
        the vendor, rounds and prices. A constant number of queries."""
        self.ensure_one()
        if self._purchase_splits_by_drop():
            return self._prepare_purchase_advice_by_drop(include_unconfirmed)
        demand_groups = (
            self.env["preorder.purchase.plan"]
            ._demand_only()
            ._read_group(
                [("campaign_id", "=", self.id)],
                ["product_id"],
                ["confirmed_qty:sum", "unconfirmed_qty:sum"],
            )
        )
        products = self.env["product.product"].union(*(group[0] for group in demand_groups))
        demands = purchase_advice.deduct_ordered(
            [
                purchase_advice.Demand(product.id, confirmed or 0.0, unconfirmed or 0.0)
                for product, confirmed, unconfirmed in demand_groups
            ],
            self._get_purchased_quantities(),
        )
        prices, quotes = self._get_supplier_prices(products)
        advice = purchase_advice.build_advice(
            demands,
            prices,
            include_unconfirmed=include_unconfirmed,
            on_date=fields.Date.context_today(self),
            company_id=self.company_id.id,
        )
        products_by_id = {product.id: product for product in products}
        return [
            self._prepare_advice_line_values(line, products_by_id[line.product_id], quotes)
            for line in advice
        ]

    def _prepare_purchase_advice_by_drop(self, include_unconfirmed=False):
        """The advice with one line per product and drop (``drop_id``). The vendor,
        its minimum and its price break are chosen for the campaign's total of the
        product, as without drops (splitting loses no break); each drop then buys its
        demand rounded to whole packs, the minimum's extra on the first drop
        (``core.split_over_drops``). What confirmed orders of a drop buy is deducted
        from that drop; orders without a drop (made before the split, or
        manufacturing orders) cover the earliest drops first. The product's next
        break shows on its first drop's line only, so that sums stay right. A
        constant number of queries, one more than without drops (the drops' dates)."""
        self.ensure_one()
        groups = (
            self.env["preorder.purchase.plan"]
            ._demand_only()
            ._read_group(
                [("campaign_id", "=", self.id)],
                # Drops first: the groups come in delivery order.
                ["drop_id", "product_id"],
                ["confirmed_qty:sum", "unconfirmed_qty:sum"],
            )
        )
        ordered = self._get_purchased_quantities_by_drop()
        undropped = dict(ordered.get(False, {}))
        by_product = defaultdict(list)  # {product: [(drop, Demand)]}, drops in order
        for drop, product, confirmed, unconfirmed in groups:
            demand = purchase_advice.Demand(product.id, confirmed or 0.0, unconfirmed or 0.0)
            if drop:
                [demand] = purchase_advice.deduct_ordered([demand], ordered.get(drop.id, {}))
            rest = undropped.get(product.id, 0.0)
            if rest > purchase_advice.EPSILON:
                before = demand.confirmed_qty + demand.unconfirmed_qty
                [demand] = purchase_advice.deduct_ordered([demand], {product.id: rest})
                used = before - demand.confirmed_qty - demand.unconfirmed_qty
                undropped[product.id] = rest - used
            by_product[product].append((drop, demand))
        products = self.env["product.product"].union(*by_product)
        prices, quotes = self._get_supplier_prices(products)
        advice = purchase_advice.build_advice(
            [
                purchase_advice.Demand(
                    product.id,
                    sum(demand.confirmed_qty for _drop, demand in drops),
                    sum(demand.unconfirmed_qty for _drop, demand in drops),
                )
                for product, drops in by_product.items()
            ],
            prices,
            include_unconfirmed=include_unconfirmed,
            on_date=fields.Date.context_today(self),
            company_id=self.company_id.id,
        )
        products_by_id = {product.id: product for product in products}
        rows_by_id = {row.id: row for rows in prices.values() for row in rows}
        result = []
        for line in advice:
            product = products_by_id[line.product_id]
            values = self._prepare_advice_line_values(line, product, quotes)
            row = rows_by_id.get(line.supplier_price_id)
            multiple = row.multiple if row else 0.0
            drops = {
                drop.id: (
                    drop,
                    demand.confirmed_qty + (demand.unconfirmed_qty if include_unconfirmed else 0.0),
                )
                for drop, demand in by_product[product]
            }
            shares = purchase_advice.split_over_drops(
                [(drop_id, demand) for drop_id, (_drop, demand) in drops.items()],
                line.quantity,
                multiple=multiple if line.vendor_id else 0.0,
            )
            first = True
            for drop_id, quantity in shares:
                drop, demand = drops[drop_id]
                if quantity <= purchase_advice.EPSILON:
                    continue
                drop_values = {
                    **values,
                    "drop_id": drop.id,
                    "demand_qty": demand,
                    "quantity": quantity,
                    "rounding_reason": self._get_drop_rounding_reason(demand, quantity, multiple)
                    if line.vendor_id
                    else False,
                }
                if not first:
                    drop_values.update(self._prepare_price_break_values(None))
                first = False
                result.append(drop_values)
        return result

    @api.model
    def _get_drop_rounding_reason(self, demand, quantity, multiple):
        """Why a drop buys more than its demand: packs, the vendor minimum (its
        extra goes to the first drop) or both."""
        packed = purchase_advice.round_purchase_quantity(demand, multiple=multiple)
        by_pack = packed - demand > purchase_advice.EPSILON
        by_minimum = quantity - packed > purchase_advice.EPSILON
        if by_pack and by_minimum:
            return "min_qty+multiple"
        return "min_qty" if by_minimum else "multiple" if by_pack else False

    def _get_purchased_quantities_by_drop(self):
        """{drop id or False: {product_id: quantity in the product's unit}} on the
        campaign's confirmed purchase orders, per drop they buy for."""
        self.ensure_one()
        groups = self.env["purchase.order.line"]._read_group(
            [
                ("order_id.preorder_campaign_id", "=", self.id),
                ("order_id.state", "in", CONFIRMED_PO_STATES),
                ("display_type", "=", False),
            ],
            ["order_id.preorder_drop_id", "product_id"],
            ["product_uom_qty:sum"],
        )
        result = defaultdict(dict)
        for drop, product, qty in groups:
            result[drop.id or False][product.id] = qty
        return result

    def _get_purchased_quantities(self):
        """{product_id: quantity in the product's unit} on the campaign's
        confirmed purchase orders, so a rerun buys only what is still missing."""
        self.ensure_one()
        groups = self.env["purchase.order.line"]._read_group(
            [
                ("order_id.preorder_campaign_id", "=", self.id),
                ("order_id.state", "in", CONFIRMED_PO_STATES),
                ("display_type", "=", False),
            ],
            ["product_id"],
            ["product_uom_qty:sum"],
        )
        return {product.id: qty for product, qty in groups}

    def _get_supplier_prices(self, products):
        """The vendor rows of `products` for the campaigns' companies, read in one
        search: the one input of the vendor and price rule (advice, plan, wizard).

        Returns ``({product_id: [SupplierPrice]}, {supplierinfo_id: quote values})``.
        This is the only place where vendor units become product units: the core
        compares ``SupplierPrice`` values (minimum, net price per product unit, a
        vendor pack as the rounding multiple), the quote values are what an advice
        line or a plan row takes from the chosen row. Active vendors, the
        campaigns' companies or none; the core filters dates, variants and each
        campaign's company."""
        # Vendor prices are figures for the plan and the advice, read for every
        # user who may see them (sales reps see the plan without prices).
        # Plain rows, not records: a campaign of 10,000 products has 20,000 vendor
        # rows, and reading their fields (and the products' units, which variants
        # compute from their template) one by one through the ORM cost more than
        # the demand's whole aggregate.
        product_rows = self.env.execute_query(
            SQL(
                """SELECT product.id, product.product_tmpl_id, template.uom_id
                     FROM product_product product
                     JOIN product_template template ON template.id = product.product_tmpl_id
                    WHERE product.id = ANY(%s)""",
                products.ids,
            )
        )
        template_units = {template_id: uom_id for _id, template_id, uom_id in product_rows}
        Supplierinfo = self.env["product.supplierinfo"].sudo()
        query = Supplierinfo._search(
            [
                ("product_tmpl_id", "in", list(template_units)),
                ("partner_id.active", "=", True),
                ("company_id", "in", [False, *self.company_id.ids]),
            ]
        )
        sellers = [
            VendorRow(*row)
            for row in self.env.execute_query(
                query.select(
                    *(Supplierinfo._field_to_sql(query.table, name, query) for name in VENDOR_ROW)
                )
            )
        ]
        # every unit's factor: a small table, one query
        factors = dict(self.env.execute_query(SQL("SELECT id, factor FROM uom_uom")))
        by_template = defaultdict(list)
        for seller in sellers:
            by_template[seller.product_tmpl_id].append(seller)
        prices = {}
        for product_id, template_id, _uom_id in product_rows:
            product_factor = factors[template_units[template_id]]
            prices[product_id] = [
                self._get_supplier_price(
                    seller,
                    factors[seller.product_uom_id] / product_factor,
                    same_unit=seller.product_uom_id == template_units[template_id],
                )
                for seller in by_template[template_id]
                if not seller.product_id or seller.product_id == product_id
            ]
        quotes = {
            seller.id: self._prepare_quote_values(
                seller,
                factors[seller.product_uom_id] / factors[template_units[seller.product_tmpl_id]],
            )
            for seller in sellers
        }
        return prices, quotes

    @api.model
    def _get_supplier_price(self, seller, ratio, same_unit):
        """One vendor row (``VendorRow``) as a core value, in the product's unit;
        `ratio`: how many product units one vendor unit holds; a vendor unit
        other than the product's is a pack to round to."""
        return purchase_advice.SupplierPrice(
            id=seller.id,
            vendor_id=seller.partner_id,
            min_qty=seller.min_qty * ratio,
            price=seller.price * (1 - (seller.discount or 0.0) / 100) / ratio,
            sequence=seller.sequence,
            date_start=seller.date_start or None,
            date_end=seller.date_end or None,
            company_id=seller.company_id or None,
            product_id=seller.product_id or None,
            product_code=seller.product_code or None,
            delay=seller.delay,
            multiple=0.0 if same_unit else ratio,
        )

    @api.model
    def _prepare_quote_values(self, seller, ratio):
        """What an advice line or a plan row takes from the chosen vendor row
        (``VendorRow``): the price per product unit before the vendor discount
        (kept apart, as on purchase lines) and the vendor's unit, which the RFQ
        line uses; `ratio`: product units per vendor unit."""
        return {
            "supplierinfo_id": seller.id,
            "vendor_product_code": seller.product_code or False,
            "price_unit": seller.price / ratio,
            "discount": seller.discount or 0.0,
            "currency_id": seller.currency_id,
            "purchase_uom_id": seller.product_uom_id,
            "delay": seller.delay,
        }

    @api.model
    def _get_unit_ratio(self, vendor_uom, product_uom):
        """How many product units one vendor unit holds (a pack of 6 → 6)."""
        return vendor_uom.factor / product_uom.factor

    def _prepare_advice_line_values(self, line, product, quotes):
        """Plain values of one advice line: the core's choice, priced with the
        quote values of the row it chose (see ``_get_supplier_prices``)."""
        values = {
            "product_id": product.id,
            "vendor_id": line.vendor_id or False,
            "supplierinfo_id": False,
            "demand_qty": line.demand,
            "quantity": line.quantity,
            "rounding_reason": line.rounding_reason or False,
            "price_unit": 0.0,
            "discount": 0.0,
            "currency_id": self.company_id.currency_id.id,
            "vendor_product_code": False,
            "delay": 0,
        }
        quote = quotes.get(line.supplier_price_id)
        if quote:
            values.update(quote)
        else:
            # Without a vendor, the product's own unit. Read only then: over
            # 10,000 products, reading every unit cost 20 queries.
            values["purchase_uom_id"] = product.uom_id.id
        values.update(self._prepare_price_break_values(line.next_break))
        return values

    @api.model
    def _get_price_break_label(self, missing_qty, saving, below_minimum, uom, currency):
        """A label like "+6 Units, saves $50.00"; False without a next break."""
        if missing_qty <= purchase_advice.EPSILON:
            return False
        # Whole units without decimals ("+6 Units"), others at the unit precision.
        whole = abs(missing_qty - round(missing_qty)) <= purchase_advice.EPSILON
        qty = formatLang(
            self.env,
            round(missing_qty) if whole else missing_qty,
            digits=0 if whole else self.env["decimal.precision"].precision_get("Product Unit"),
        )
        if below_minimum:
            return _("+%(qty)s %(unit)s to the vendor minimum", qty=qty, unit=uom.name)
        return _(
            "+%(qty)s %(unit)s, saves %(amount)s",
            qty=qty,
            unit=uom.name,
            amount=format_amount(self.env, saving, currency),
        )

    def _prepare_price_break_values(self, price_break):
        """The next price break as field values (advice line, plan row): the
        units missing, where it starts, its net unit price and the saving on the
        whole quantity there; whether it is near, by the campaign's threshold."""
        self.ensure_one()
        if not price_break:
            return {
                "next_break_qty": 0.0,
                "next_break_missing_qty": 0.0,
                "next_break_price": 0.0,
                "next_break_saving": 0.0,
                "below_vendor_minimum": False,
                "is_near_break": False,
            }
        return {
            "next_break_qty": price_break.min_qty,
            "next_break_missing_qty": price_break.missing_qty,
            "next_break_price": price_break.price,
            "next_break_saving": price_break.saving,
            "below_vendor_minimum": price_break.below_minimum,
            "is_near_break": price_break.missing_qty
            <= price_break.min_qty * self.price_break_threshold / 100 + purchase_advice.EPSILON,
        }

    # ------------------------------------------------------------------
    # Negotiation sheet (report)
    # ------------------------------------------------------------------
    def _get_negotiation_sheet(self):
        """The campaign's purchase plan grouped by vendor and currency, for the
        vendor negotiation: per product the quantities pre-ordered (confirmed and
        in total), the price the total reaches and the next break. Vendors by name,
        products without vendor last; lines by brand, category and product. A
        constant number of queries (the plan quotes every row in one go)."""
        self.ensure_one()
        rows = self.env["preorder.purchase.plan"].search([("campaign_id", "=", self.id)])
        groups = defaultdict(lambda: self.env["preorder.purchase.plan"])
        for row in rows:
            groups[row.vendor_id, row.currency_id] |= row
        sheet = []
        for (vendor, currency), lines in sorted(
            groups.items(),
            key=lambda item: (not item[0][0], item[0][0].display_name or "", item[0][1].name),
        ):
            lines = lines.sorted(
                lambda row: (
                    row.product_brand_id.name or "",
                    row.categ_id.complete_name or "",
                    row.product_id.display_name,
                    str(row.drop_date or ""),
                )
            )
            sheet.append(
                {
                    "vendor": vendor,
                    "currency": currency,
                    "lines": lines,
                    "amount": currency.round(sum(lines.mapped("price_subtotal"))),
                    "saving": currency.round(sum(lines.mapped("next_break_saving"))),
                }
            )
        return sheet

    # ------------------------------------------------------------------
    # RFQs
    # ------------------------------------------------------------------
    def _sync_purchase_orders(self, advice_values):
        """Turn advice lines into draft RFQs: one per vendor (the campaign has
        one company), and per delivery drop when the lines have a ``drop_id``
        (its lines planned for the drop's date). The RFQs created before are
        updated in place (only the lines this method wrote), RFQs of vendors (or
        drops) that left the advice lose those lines and are cancelled once
        empty; confirmed purchase orders are never touched. Raises when a line
        has no vendor: nothing is dropped."""
        self.ensure_one()
        missing = [values for values in advice_values if not values.get("vendor_id")]
        if missing:
            names = self._describe_products_without_vendor(
                self.env["product.product"].browse([values["product_id"] for values in missing])
            )
            raise UserError(
                _(
                    "These products have no vendor, set one before creating the RFQs "
                    "(or remove their lines from the advice):\n%(products)s",
                    products="\n".join(names),
                )
            )
        if any(values["quantity"] < 0 for values in advice_values):
            raise UserError(_("A purchase quantity cannot be negative."))
        # {(vendor id, drop id or False): advice lines}
        by_vendor = defaultdict(list)
        for values in advice_values:
            if values["quantity"] > 0:
                by_vendor[values["vendor_id"], values.get("drop_id") or False].append(values)

        drafts = self.env["purchase.order"].search(
            [
                ("preorder_campaign_id", "=", self.id),
                ("company_id", "=", self.company_id.id),
                ("state", "in", RFQ_STATES),
            ],
            order="id",
        )
        draft_by_vendor = {}
        for order in drafts:
            draft_by_vendor.setdefault((order.partner_id.id, order.preorder_drop_id.id), order)

        # Records looked up by id keep the batch prefetch (a browse of one id would not).
        vendors = {
            vendor.id: vendor
            for vendor in self.env["res.partner"].browse(
                [vendor_id for vendor_id, _drop_id in by_vendor]
            )
        }
        drops = {
            drop.id: drop
            for drop in self.env["preorder.delivery.drop"].browse(
                {drop_id for _vendor_id, drop_id in by_vendor if drop_id}
            )
        }
        products = self.env["product.product"].browse(
            [values["product_id"] for values in advice_values]
        )
        products.fetch(["display_name", "uom_id", "description_purchase"])
        to_create = []
        orders = self.env["purchase.order"]
        for (vendor_id, drop_id), vendor_lines in by_vendor.items():
            vendor = vendors[vendor_id]
            drop = drops.get(drop_id, self.env["preorder.delivery.drop"])
            order = draft_by_vendor.get((vendor_id, drop_id))
            currency = order.currency_id if order else self._get_vendor_currency(vendor)
            line_values = [
                self._prepare_purchase_line_values(values, vendor, currency)
                for values in vendor_lines
            ]
            drop_values = self._prepare_purchase_drop_values(drop, vendor_lines, line_values)
            if order:
                order.write(
                    {**self._prepare_purchase_order_update(order, line_values), **drop_values}
                )
                orders |= order
            else:
                to_create.append(
                    {
                        **self._prepare_purchase_order_values(vendor, currency),
                        **drop_values,
                        "order_line": [Command.create(values) for values in line_values],
                    }
                )
        if to_create:
            orders |= self.env["purchase.order"].create(to_create)

        left = drafts.filtered(
            lambda order: (order.partner_id.id, order.preorder_drop_id.id) not in by_vendor
        )
        left.order_line.filtered("is_preorder_advice").unlink()
        left.filtered(lambda order: not order.order_line).button_cancel()
        return orders

    def _prepare_purchase_drop_values(self, drop, advice_values, line_values):
        """An RFQ of a drop: its lines planned for the drop's date (the receipt the
        drop needs) and, as Odoo's replenishment does, the order deadline that date
        minus the vendor's lead time (not before now). Sets the lines' dates in
        `line_values`; returns the order's values ({} without a drop)."""
        if not drop:
            return {}
        date_planned = datetime.combine(drop.date, time(12))
        for values in line_values:
            values["date_planned"] = date_planned
        delay = max((values.get("delay") or 0 for values in advice_values), default=0)
        return {
            "preorder_drop_id": drop.id,
            "date_order": max(fields.Datetime.now(), date_planned - timedelta(days=delay)),
        }

    def _describe_products_without_vendor(self, products):
        """One line per product the RFQs cannot buy, for the error: its name
        (extensions add why, e.g. a Manufacture route without a bill of materials)."""
        return products.mapped("display_name")

    def _get_vendor_currency(self, vendor):
        return (
            vendor.with_company(self.company_id).property_purchase_currency_id
            or self.company_id.currency_id
        )

    def _prepare_purchase_order_values(self, vendor, currency):
        self.ensure_one()
        values = {
            "partner_id": vendor.id,
            "company_id": self.company_id.id,
            "currency_id": currency.id,
            "origin": self.code,
            "preorder_campaign_id": self.id,
            "user_id": self.env.user.id,
        }
        if self.picking_type_id:
            values["picking_type_id"] = self.picking_type_id.id
        return values

    def _prepare_purchase_order_update(self, order, line_values):
        """Commands that make `order`'s advice lines equal to `line_values`:
        update by product, create the new ones, remove the ones gone."""
        managed = {line.product_id.id: line for line in order.order_line if line.is_preorder_advice}
        commands = []
        for values in line_values:
            line = managed.pop(values["product_id"], None)
            commands.append(Command.update(line.id, values) if line else Command.create(values))
        commands += [Command.unlink(line.id) for line in managed.values()]
        update = {"order_line": commands, "origin": self.code}
        if self.picking_type_id:
            update["picking_type_id"] = self.picking_type_id.id
        return update

    def _prepare_purchase_line_values(self, values, vendor, currency):
        """One purchase line in the vendor's unit (packs stay packs), at the
        advice price converted to the order's currency."""
        product = self.env["product.product"].browse(values["product_id"])
        purchase_uom = self.env["uom.uom"].browse(values.get("purchase_uom_id")) or product.uom_id
        ratio = self._get_unit_ratio(purchase_uom, product.uom_id)
        today = fields.Date.context_today(self)
        price = values["price_unit"] * ratio
        source_currency = self.env["res.currency"].browse(values.get("currency_id")) or currency
        if source_currency != currency:
            price = source_currency._convert(price, currency, self.company_id, today, round=False)
        # Same rounding as purchase lines compute from vendor prices.
        digits = max(
            currency.decimal_places, self.env["decimal.precision"].precision_get("Product Price")
        )
        price = float_round(price, precision_digits=digits)
        name = product.with_context(
            lang=vendor.lang, partner_id=vendor.id, seller_id=values.get("supplierinfo_id")
        ).display_name
        if product.description_purchase:
            name += "\n" + product.description_purchase
        return {
            "product_id": product.id,
            "name": name,
            "product_qty": purchase_uom.round(values["quantity"] / ratio),
            "product_uom_id": purchase_uom.id,
            "price_unit": price,
            "discount": values.get("discount", 0.0),
            "date_planned": datetime.combine(
                today + timedelta(days=values.get("delay") or 0), time(12)
            ),
            "is_preorder_advice": True,
        }

    # ------------------------------------------------------------------
    # Goods arrive
    # ------------------------------------------------------------------
    def _get_confirmed_preorder_lines(self, products):
        """Lines of the campaign's confirmed pre-orders holding `products`."""
        return self.env["sale.order.line"].search(
            Domain("order_id.preorder_campaign_id", "in", self.ids)
            & Domain("order_id.state", "=", "sale")
            & Domain("product_id", "in", products.ids)
            & Domain("is_preorder_line", "=", True)
        )

    def _preorder_get_allocation_supply(self, products):
        """What the vendors confirmed of `products` on the campaign's confirmed purchase
        orders, or what they delivered once an order's receipts are done (a short
        delivery whose backorder was cancelled): the allocation's default."""
        supply = dict(super()._preorder_get_allocation_supply(products))
        lines = (
            self.env["purchase.order.line"]
            .sudo()
            .search_fetch(
                [
                    ("order_id.preorder_campaign_id", "=", self.id),
                    ("order_id.state", "in", CONFIRMED_PO_STATES),
                    ("display_type", "=", False),
                    ("product_id", "in", products.ids),
                ],
                ["order_id", "product_id", "product_uom_id", "product_uom_qty", "qty_received"],
            )
        )
        confirmed = defaultdict(float)
        for line in lines:
            if line.order_id.receipt_status == "full":
                quantity = line.product_uom_id._compute_quantity(
                    line.qty_received, line.product_id.uom_id, round=False
                )
            else:
                quantity = line.product_uom_qty
            confirmed[line.product_id.id] += quantity
        supply.update(confirmed)
        return supply
