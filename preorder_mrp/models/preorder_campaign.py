from collections import defaultdict
from datetime import datetime, time, timedelta

from odoo import _, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import SQL

# A manufacturing order in these states makes its quantity: the advice counts it
# as covered, like a confirmed purchase order.
COVERED_MO_STATES = ("confirmed", "progress", "to_close", "done")
MANUFACTURE = "manufacture"


class PreorderCampaign(models.Model):
    _inherit = "preorder.campaign"

    production_ids = fields.One2many(
        comodel_name="mrp.production",
        inverse_name="preorder_campaign_id",
        string="Manufacturing Orders",
        groups="mrp.group_mrp_user",
    )
    production_count = fields.Integer(
        string="Manufacturing Order Count", compute="_compute_production_count"
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    def _compute_production_count(self):
        # A figure only: counted for every user who sees the campaign.
        groups = (
            self.env["mrp.production"]
            .sudo()
            ._read_group(
                [("preorder_campaign_id", "in", self.ids), ("state", "!=", "cancel")],
                ["preorder_campaign_id"],
                ["__count"],
            )
        )
        counts = {campaign.id: count for campaign, count in groups}
        for campaign in self:
            campaign.production_count = counts.get(campaign.id, 0)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_view_productions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("mrp.mrp_production_action")
        action.pop("path", None)
        action["domain"] = [("preorder_campaign_id", "=", self.id)]
        action["context"] = {
            "default_preorder_campaign_id": self.id,
            "default_origin": self.code,
        }
        action["display_name"] = _("Manufacturing of %(campaign)s", campaign=self.name)
        return action

    # ------------------------------------------------------------------
    # Advice: products made in-house
    # ------------------------------------------------------------------
    def _prepare_purchase_advice(self, include_unconfirmed=False):
        """The purchase advice, where products made in-house become manufacture
        lines: no vendor, the quantity still needed (no vendor minimum or pack), at
        cost. Made in-house, as Odoo 19's replenishment decides: a normal bill of
        materials and a Manufacture rule (on the campaign's warehouse, the product
        or its category). A product whose own routes say Manufacture but that has
        no bill of materials stays a purchase line and says why it cannot be made.
        A constant number of queries more."""
        advice = super()._prepare_purchase_advice(include_unconfirmed)
        products = self.env["product.product"].browse([values["product_id"] for values in advice])
        warehouse_makes, routed = self._get_manufacture_routes(products)
        candidates = products if warehouse_makes else routed
        # Which bill of materials, for every user who runs the advice (buyers
        # without manufacturing rights see that a product is made in-house).
        boms = (
            self.env["mrp.bom"]
            .sudo()
            ._bom_find(candidates, company_id=self.company_id.id, bom_type="normal")
        )
        # Iterating the recordset keeps the batch prefetch (cost, bill of materials).
        for values, product in zip(advice, products, strict=True):
            bom = boms.get(product)
            if bom:
                values.update(self._prepare_manufacture_advice_values(values, product, bom))
            elif product in routed and not values.get("vendor_id"):
                values["supply_note"] = _(
                    "Manufacture route but no bill of materials: add one to make it, "
                    "or a vendor price to buy it."
                )
        return advice

    def _prepare_manufacture_advice_values(self, values, product, bom):
        """What a manufacture line changes in a purchase advice line."""
        return {
            "supply_method": MANUFACTURE,
            "bom_id": bom.id,
            "vendor_id": False,
            "supplierinfo_id": False,
            "vendor_product_code": False,
            "quantity": values["demand_qty"],
            "rounding_reason": False,
            "price_unit": product.standard_price,
            "discount": 0.0,
            "currency_id": self.company_id.currency_id.id,
            "purchase_uom_id": product.uom_id.id,
            "delay": bom.produce_delay,
        }

    def _get_manufacture_routes(self, products):
        """``(warehouse_makes, routed)``: whether the campaign's warehouse (of its
        operation type, else the company's first) has a Manufacture rule (Odoo 19's
        "Manufacture to Resupply": every product with a bill of materials is made),
        and the products whose own routes or category routes (parents included)
        hold one. One query whatever the number of products: the product and
        category routes are not readable through the ORM fields, whose domain hides
        routes that are not selectable (as Manufacture is by default)."""
        self.ensure_one()
        if not products:
            return False, products
        for model, fnames in (
            ("stock.route", ["active", "company_id", "product_ids", "categ_ids", "warehouse_ids"]),
            ("stock.rule", ["route_id", "action", "active"]),
            ("stock.warehouse", ["company_id", "active", "sequence"]),
            ("stock.picking.type", ["warehouse_id"]),
            ("product.template", ["categ_id"]),
            ("product.category", ["parent_path"]),
        ):
            self.env[model].flush_model(fnames)
        rows = self.env.execute_query(
            SQL(
                """
                WITH routes AS (
                    SELECT route.id
                      FROM stock_route route
                     WHERE route.active
                       AND (route.company_id IS NULL OR route.company_id = %(company)s)
                       AND EXISTS (SELECT FROM stock_rule rule
                                    WHERE rule.route_id = route.id
                                      AND rule.action = 'manufacture' AND rule.active)
                ), warehouse AS (
                    SELECT COALESCE(
                        (SELECT warehouse_id FROM stock_picking_type WHERE id = %(picking_type)s),
                        (SELECT id FROM stock_warehouse
                          WHERE company_id = %(company)s AND active
                       ORDER BY sequence, id LIMIT 1)
                    ) AS id
                )
                SELECT EXISTS (SELECT FROM stock_route_warehouse route_warehouse
                                 JOIN routes ON routes.id = route_warehouse.route_id
                                 JOIN warehouse ON warehouse.id = route_warehouse.warehouse_id),
                       ARRAY(
                           SELECT template.id
                             FROM product_template template
                             JOIN product_category categ ON categ.id = template.categ_id
                            WHERE template.id = ANY(%(templates)s)
                              AND (EXISTS (SELECT FROM stock_route_product route_product
                                             JOIN routes ON routes.id = route_product.route_id
                                            WHERE route_product.product_id = template.id)
                                   OR EXISTS (
                                       SELECT FROM stock_route_categ route_categ
                                         JOIN routes ON routes.id = route_categ.route_id
                                         JOIN product_category parent
                                           ON parent.id = route_categ.categ_id
                                        WHERE categ.parent_path LIKE parent.parent_path || '%%'
                                   ))
                       )
                """,
                company=self.company_id.id,
                picking_type=self.picking_type_id.id or None,
                templates=products.product_tmpl_id.ids,
            )
        )
        warehouse_makes, template_ids = rows[0]
        template_ids = set(template_ids)
        return warehouse_makes, products.filtered(
            lambda product: product.product_tmpl_id.id in template_ids
        )

    def _get_purchased_quantities(self):
        """What the campaign's purchase orders buy plus what its confirmed (or
        done) manufacturing orders make, so a rerun orders only what is missing."""
        quantities = super()._get_purchased_quantities()
        for product_id, qty in self._get_manufactured_quantities().items():
            quantities[product_id] = quantities.get(product_id, 0.0) + qty
        return quantities

    def _get_purchased_quantities_by_drop(self):
        """Per drop as in the purchase advice, with what the manufacturing orders
        of each drop make (those without a drop cover the earliest drops first)."""
        quantities = super()._get_purchased_quantities_by_drop()
        for (drop_id, product_id), qty in self._get_manufactured_quantities_by_drop().items():
            by_product = quantities[drop_id]
            by_product[product_id] = by_product.get(product_id, 0.0) + qty
        return quantities

    def _get_manufactured_quantities_by_drop(self):
        """{(drop id or False, product_id): quantity} on the campaign's confirmed,
        running and done manufacturing orders (one grouped query)."""
        self.ensure_one()
        # Figures only: purchase users run the advice without manufacturing rights.
        groups = (
            self.env["mrp.production"]
            .sudo()
            ._read_group(
                [
                    ("preorder_campaign_id", "=", self.id),
                    ("state", "in", COVERED_MO_STATES),
                ],
                ["preorder_drop_id", "product_id"],
                ["product_uom_qty:sum"],
            )
        )
        return {(drop.id or False, product.id): qty for drop, product, qty in groups}

    def _get_manufactured_quantities(self):
        """{product_id: quantity in the product's unit} on the campaign's
        confirmed, running and done manufacturing orders: the per-drop figures
        summed over the drops (the same one grouped query)."""
        quantities = {}
        for (_drop_id, product_id), qty in self._get_manufactured_quantities_by_drop().items():
            quantities[product_id] = quantities.get(product_id, 0.0) + qty
        return quantities

    def _describe_products_without_vendor(self, products):
        names = super()._describe_products_without_vendor(products)
        routed = self._get_manufacture_routes(products)[1]
        return [
            self.env._("%(product)s (Manufacture route but no bill of materials)", product=name)
            if product in routed
            else name
            for product, name in zip(products, names, strict=True)
        ]

    # ------------------------------------------------------------------
    # Orders: RFQs for what is bought, manufacturing orders for what is made
    # ------------------------------------------------------------------
    def _sync_purchase_orders(self, advice_values):
        """Manufacture lines become draft manufacturing orders, the other lines
        RFQs as before. Both are checked before anything is written."""
        to_make = [values for values in advice_values if values.get("supply_method") == MANUFACTURE]
        # Drafts of the advice left from a run before: a product no longer made
        # cancels its draft, even when nothing is made any more.
        if not to_make and not self.env["mrp.production"].sudo().search_count(
            self._get_advice_production_domain(), limit=1
        ):
            return super()._sync_purchase_orders(advice_values)
        self._check_production_values(to_make)
        orders = super()._sync_purchase_orders(
            [values for values in advice_values if values.get("supply_method") != MANUFACTURE]
        )
        self._sync_production_orders(to_make)
        return orders

    def _check_production_values(self, advice_values):
        if any(values["quantity"] < 0 for values in advice_values):
            raise UserError(_("A quantity to manufacture cannot be negative."))
        if not self.env["mrp.production"].has_access("create"):
            raise UserError(
                _(
                    "Only manufacturing users can create manufacturing orders. Ask one to "
                    "create the orders, or remove the lines to manufacture from the advice."
                )
            )

    def _sync_production_orders(self, advice_values):
        """One draft manufacturing order per product to make, and per delivery drop
        when the lines have a ``drop_id`` (scheduled to be done by the drop's date).
        The drafts the advice made before are updated in place; the advice's drafts
        of products (or drops) no longer needed are cancelled. Manufacturing orders
        the user created or confirmed are never touched. Returns the manufacturing
        orders made or updated."""
        self.ensure_one()
        self._check_production_values(advice_values)
        # {(product id, drop id or False): quantity}
        wanted = defaultdict(float)
        boms = {}
        for values in advice_values:
            if values["quantity"] > 0:
                wanted[values["product_id"], values.get("drop_id") or False] += values["quantity"]
                boms.setdefault(values["product_id"], values.get("bom_id"))
        Production = self.env["mrp.production"]
        drafts = Production.search(self._get_advice_production_domain(), order="id")
        draft_by_product = {}
        for production in drafts:
            draft_by_product.setdefault(
                (production.product_id.id, production.preorder_drop_id.id), production
            )

        # Records looked up by id keep the batch prefetch (a browse of one id would not).
        products = {
            product.id: product
            for product in self.env["product.product"].browse([p_id for p_id, _d in wanted])
        }
        drops = {
            drop.id: drop
            for drop in self.env["preorder.delivery.drop"].browse(
                {drop_id for _p, drop_id in wanted if drop_id}
            )
        }
        productions = Production
        to_create = []
        for (product_id, drop_id), quantity in wanted.items():
            product = products[product_id]
            bom = self.env["mrp.bom"].browse(boms[product_id])
            drop = drops.get(drop_id, self.env["preorder.delivery.drop"])
            drop_values = self._prepare_production_drop_values(drop, bom)
            production = draft_by_product.get((product_id, drop_id))
            if production:
                production.write(
                    {**self._prepare_production_update(production, quantity), **drop_values}
                )
                productions |= production
            else:
                to_create.append(
                    {**self._prepare_production_values(product, quantity, bom), **drop_values}
                )
        if to_create:
            productions |= Production.create(to_create)
        (drafts - productions).action_cancel()
        return productions

    def _prepare_production_drop_values(self, drop, bom):
        """A drop's manufacturing order starts the bill of materials' lead time
        before the drop's date (not before now), to be done by then."""
        if not drop:
            return {}
        done_by = datetime.combine(drop.date, time(12))
        start = done_by - timedelta(days=bom.produce_delay if bom else 0)
        return {"preorder_drop_id": drop.id, "date_start": max(fields.Datetime.now(), start)}

    def _get_advice_production_domain(self):
        """The manufacturing orders the advice owns: its drafts for the campaign."""
        self.ensure_one()
        return Domain.AND(
            [
                [("preorder_campaign_id", "=", self.id)],
                [("company_id", "=", self.company_id.id)],
                [("is_preorder_advice", "=", True)],
                [("state", "=", "draft")],
            ]
        )

    def _prepare_production_values(self, product, quantity, bom):
        self.ensure_one()
        values = {
            "product_id": product.id,
            "product_qty": product.uom_id.round(quantity),
            "product_uom_id": product.uom_id.id,
            "company_id": self.company_id.id,
            "origin": self.code,
            "preorder_campaign_id": self.id,
            "is_preorder_advice": True,
            "user_id": self.env.user.id,
        }
        if bom:
            values["bom_id"] = bom.id
        return values

    def _prepare_production_update(self, production, quantity):
        """The new quantity, in the draft's own unit (the user may have changed it)."""
        qty = production.product_id.uom_id._compute_quantity(
            quantity, production.product_uom_id, round=False
        )
        return {"product_qty": production.product_uom_id.round(qty), "origin": self.code}
