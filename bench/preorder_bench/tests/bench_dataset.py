"""The benchmark's dataset: a published catalogue with vendors and price breaks,
the same three tiers as a campaign and as loyalty promotions, website carts and
pre-orders of N lines, and ~100k sale lines of confirmed pre-orders for the
purchase advice. Everything lives in the test transaction and is rolled back."""

import math
from datetime import timedelta

from odoo import fields
from odoo.fields import Command
from odoo.tests import new_test_user
from odoo.tools import SQL

TIERS = [(1000.0, 2.0), (5000.0, 5.0), (10000.0, 8.0)]  # untaxed total -> % on the order
VENDOR_COUNT = 20
ADVICE_LINES_PER_ORDER = 100


def preorder_discount_amount(order):
    """Money the tier or promotion takes off the untaxed total, whatever the engine:
    gross (positive lines at their unit price) minus the untaxed total. Works for a
    discount on the lines (ours) and for a negative reward line (loyalty)."""
    gross = sum(
        line.price_unit * line.product_uom_qty
        for line in order.order_line
        if line.price_unit > 0 and not line.display_type
    )
    return order.currency_id.round(gross - order.amount_untaxed)


class BenchDataset:
    """Builders used by the benchmark test; `self` is the HttpCase."""

    def _quiet_env(self):
        """The test env without chatter messages and tracking: the dataset is built
        faster, and measurements keep running in the normal env (records built here
        are given back bound to it)."""
        return self.env(
            context=dict(
                self.env.context,
                tracking_disable=True,
                mail_create_nolog=True,
                mail_notrack=True,
            )
        )

    def _build_catalogue(self, count):
        env = self._quiet_env()
        vendors = env["res.partner"].create(
            [
                {"name": f"Bench Vendor {index:02d}", "is_company": True, "supplier_rank": 1}
                for index in range(VENDOR_COUNT)
            ]
        )
        templates = env["product.template"].create(
            [
                {
                    "name": f"Bench product {index:05d}",
                    "default_code": f"BENCH-{index:05d}",
                    "type": "consu",
                    "list_price": float(10 + index % 90),  # whole prices: tier discounts are exact
                    "sale_ok": True,
                    "purchase_ok": True,
                    "is_published": True,
                }
                for index in range(count)
            ]
        )
        # Price breaks: 10% cheaper from 50 units.
        env["product.supplierinfo"].create(
            [
                {
                    "product_tmpl_id": template.id,
                    "partner_id": vendors[index % VENDOR_COUNT].id,
                    "min_qty": min_qty,
                    "price": round((5 + index % 45) * factor, 2),
                }
                for index, template in enumerate(templates)
                for min_qty, factor in ((1.0, 1.0), (50.0, 0.9))
            ]
        )
        products = templates.product_variant_id
        env.flush_all()
        self._analyze("product_template", "product_product", "product_supplierinfo", "res_partner")
        return vendors.with_env(self.env), products.with_env(self.env)

    def _analyze(self, *tables):
        """Fresh planner statistics, as autovacuum gives a real database (it cannot
        see the rows of this uncommitted test transaction)."""
        for table in tables:
            self.env.cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))

    def _build_loyalty_tiers(self):
        return self.env["loyalty.program"].create(
            [
                {
                    "name": f"Bench tier {percent:g}% from {amount:g}",
                    "program_type": "promotion",
                    "trigger": "auto",
                    "applies_on": "current",
                    "rule_ids": [
                        Command.create(
                            {
                                "minimum_amount": amount,
                                "minimum_amount_tax_mode": "excl",
                                "reward_point_mode": "order",
                                "reward_point_amount": 1,
                            }
                        )
                    ],
                    "reward_ids": [
                        Command.create(
                            {
                                "reward_type": "discount",
                                "discount_mode": "percent",
                                "discount": percent,
                                "discount_applicability": "order",
                                "required_points": 1,
                            }
                        )
                    ],
                }
                for amount, percent in TIERS
            ]
        )

    def _build_campaign(self, name, products, partners, **extra):
        now = fields.Datetime.now()
        campaign = self.env["preorder.campaign"].create(
            {
                "name": name,
                "code": name.upper().replace(" ", "-"),
                "campaign_type": "preorder",
                "date_start": now - timedelta(days=1),
                "date_end": now + timedelta(days=30),
                "product_ids": [Command.set(products.ids)],
                "audience": "selected",
                "partner_ids": [Command.set(partners.ids)],
                "discount_rule_ids": [
                    Command.create(
                        {"name": f"{percent:g}%", "min_amount": amount, "discount_percent": percent}
                    )
                    for amount, percent in TIERS
                ],
                "is_published": True,
                **extra,
            }
        )
        campaign.state = "open"
        return campaign

    def _new_portal_user(self, login, name):
        partner = self.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "email": f"{login}@example.com",
            }
        )
        user = new_test_user(
            self.env,
            login=login,
            groups="base.group_portal",
            partner_id=partner.id,
            password=login,
        )
        return user

    def _build_cart(self, user, products, website):
        """A website cart of len(products) lines, with the loyalty tiers applied."""
        order = self._quiet_env()["sale.order"].create(
            {
                "partner_id": user.partner_id.id,
                "website_id": website.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": 1.0})
                    for product in products
                ],
            }
        )
        order = order.with_env(self.env)
        order._update_programs_and_rewards()
        order._auto_apply_rewards()
        self.env.flush_all()
        return order

    def _build_preorder(self, campaign, user, products):
        """The customer's pre-order of len(products) lines, entered the contract's
        way (_preorder_set_quantities), in batches the route would accept."""
        order = (
            self._quiet_env()["sale.order"]
            .create(
                {
                    "partner_id": user.partner_id.id,
                    "preorder_campaign_id": campaign.id,
                }
            )
            .with_env(self.env)
        )
        if not hasattr(order, "_preorder_set_quantities"):
            order.write(
                {
                    "order_line": [
                        Command.create({"product_id": product.id, "product_uom_qty": 1.0})
                        for product in products
                    ]
                }
            )
            return order, "_preorder_set_quantities missing: lines created with the ORM"
        batch = 1000  # MAX_BATCH_SIZE of preorder_campaign
        for start in range(0, len(products), batch):
            order._preorder_set_quantities(
                {product.id: 1.0 for product in products[start : start + batch]},
                rules="salesperson",
            )
        self.env.flush_all()
        return order, ""

    def _build_advice_fodder(self, campaign, partners, products, total_lines):
        """Confirmed pre-orders of `campaign` holding ~`total_lines` lines: enough
        orders of ADVICE_LINES_PER_ORDER lines through the ORM to cover every product,
        then SQL copies of those orders with their lines up to `total_lines`, and
        ANALYZE. The copies are read-only aggregation fodder: never write to them.

        Called again with a larger `total_lines` on the same campaign, it adds
        copies up to the new total (the growth from N to 10N)."""
        env = self._quiet_env()
        fodder = self.__dict__.setdefault("_fodder_orders", {})
        orders = fodder.get(campaign.id)
        if orders is None:
            orm_orders = max(1, math.ceil(len(products) / ADVICE_LINES_PER_ORDER))
            orders = fodder[campaign.id] = env["sale.order"].create(
                [
                    {
                        "partner_id": partners[index % len(partners)].id,
                        "preorder_campaign_id": campaign.id,
                        "order_line": [
                            Command.create(
                                {
                                    "product_id": products[
                                        (index * ADVICE_LINES_PER_ORDER + position) % len(products)
                                    ].id,
                                    "product_uom_qty": float(1 + (index + position) % 3),
                                }
                            )
                            for position in range(ADVICE_LINES_PER_ORDER)
                        ],
                    }
                    for index in range(orm_orders)
                ]
            )
            orders.write({"state": "sale"})  # confirmed, without pickings: the advice reads sales
            env.flush_all()
        original_lines = len(orders) * ADVICE_LINES_PER_ORDER
        copies = math.ceil(total_lines / original_lines) - math.ceil(
            self._count_campaign_lines(campaign) / original_lines
        )
        if copies > 0:
            # A marker per round, so that a later round copies the originals only.
            marker = f"bench-copy-{len(orders)}-{self._count_campaign_lines(campaign)}-"
            order_columns = self._copy_columns("sale_order", ("id", "origin"))
            env.cr.execute(
                SQL(
                    """INSERT INTO sale_order (%(columns)s, origin)
                   SELECT %(columns)s, %(marker)s || sale.id
                     FROM sale_order sale CROSS JOIN generate_series(1, %(copies)s)
                    WHERE sale.id = ANY(%(ids)s)""",
                    columns=SQL(", ").join(order_columns),
                    marker=marker,
                    copies=copies,
                    ids=orders.ids,
                )
            )
            line_columns = self._copy_columns("sale_order_line", ("id", "order_id"))
            env.cr.execute(
                SQL(
                    """INSERT INTO sale_order_line (order_id, %(columns)s)
                   SELECT copy.id, %(line_columns)s
                     FROM sale_order copy
                     JOIN sale_order_line line ON copy.origin = %(marker)s || line.order_id
                    WHERE copy.origin LIKE %(pattern)s
                      AND line.order_id = ANY(%(ids)s)""",
                    columns=SQL(", ").join(line_columns),
                    line_columns=SQL(", ").join(SQL("line.%s", column) for column in line_columns),
                    marker=marker,
                    pattern=marker + "%",
                    ids=orders.ids,
                )
            )
            self._analyze("sale_order", "sale_order_line")
            self.env.invalidate_all()
        return self._count_campaign_lines(campaign)

    def _fodder_customer_count(self, products):
        """Customers for the fodder of `products`: at least 20, and one per order
        made through the ORM, as a customer has one pre-order in progress."""
        return max(20, math.ceil(len(products) / ADVICE_LINES_PER_ORDER))

    def _count_campaign_lines(self, campaign):
        self.env.cr.execute(
            SQL(
                """SELECT count(*) FROM sale_order_line line
                 JOIN sale_order sale ON sale.id = line.order_id
                WHERE sale.preorder_campaign_id = %s""",
                campaign.id,
            )
        )
        return self.env.cr.fetchone()[0]

    def _copy_columns(self, table, skip):
        self.env.cr.execute(
            SQL(
                """SELECT column_name FROM information_schema.columns
                WHERE table_name = %s AND table_schema = current_schema()
                  AND NOT column_name = ANY(%s)
             ORDER BY ordinal_position""",
                table,
                list(skip),
            )
        )
        return [SQL.identifier(name) for (name,) in self.env.cr.fetchall()]
