from datetime import datetime, time, timedelta

from odoo.fields import Command
from odoo.tests import Form, new_test_user, tagged

from .common import PreorderPurchaseCommon


@tagged("post_install", "-at_install")
class TestPurchaseDrops(PreorderPurchaseCommon):
    """A campaign with two delivery drops buys per drop: one advice line per product
    and drop, one RFQ per vendor and drop planned for the drop's date, the vendor's
    minimum and price breaks counted over both drops.

    Confirmed pre-orders: March table 6, chair 5, parasol 4; May table 6, chair 3,
    parasol 5. Together: 12 tables reach Oakwood's break from 10 (90 instead of 100),
    8 chairs are below Oakwood's minimum of 12 (the 4 missing go to March), 9
    parasols buy 2 packs of 6 (216 a pack instead of 240), one per drop.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.drop_march, cls.drop_may = cls._create_march_and_may_drops()
        cls._drop_order(cls.drop_march, {cls.table: 6, cls.chair: 5, cls.parasol: 4})
        cls._drop_order(cls.drop_may, {cls.table: 6, cls.chair: 3, cls.parasol: 5})
        cls._close()

    @classmethod
    def _drop_order(cls, drop, quantities, partner=None):
        order = cls.env["sale.order"].create(
            {
                "partner_id": (partner or cls.customer).id,
                "preorder_campaign_id": cls.campaign.id,
                "preorder_drop_id": drop.id,
                "user_id": cls.preorder_user.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": qty})
                    for product, qty in quantities.items()
                ],
            }
        )
        order.action_confirm()
        return order

    def _advice(self):
        return {
            (values["product_id"], values["drop_id"]): values
            for values in self.campaign._prepare_purchase_advice()
        }

    def _rfq(self, vendor, drop, state=("draft", "sent")):
        return self.campaign.purchase_order_ids.filtered(
            lambda o: o.partner_id == vendor and o.preorder_drop_id == drop and o.state in state
        )

    def _quantities(self, order):
        return {line.product_id: line.product_qty for line in order.order_line}

    def test_advice_one_line_per_product_and_drop_priced_on_the_total(self):
        advice = self._advice()
        march, may = self.drop_march.id, self.drop_may.id
        self.assertEqual(len(advice), 6)
        expected = {
            # (demand, to buy, unit price, rounding)
            (self.table.id, march): (6, 6, 90, False),
            (self.table.id, may): (6, 6, 90, False),
            (self.chair.id, march): (5, 9, 20, "min_qty"),
            (self.chair.id, may): (3, 3, 20, False),
            (self.parasol.id, march): (4, 6, 36, "multiple"),
            (self.parasol.id, may): (5, 6, 36, "multiple"),
        }
        for key, (demand, quantity, price, reason) in expected.items():
            values = advice[key]
            self.assertEqual(values["demand_qty"], demand)
            self.assertEqual(values["quantity"], quantity)
            self.assertAlmostEqual(values["price_unit"], price)
            self.assertEqual(values["rounding_reason"], reason)
        # The product's next break once, on its first drop: 38 more tables reach 80.
        self.assertEqual(advice[self.table.id, march]["next_break_missing_qty"], 38)
        self.assertEqual(advice[self.table.id, may]["next_break_missing_qty"], 0)

    def test_one_rfq_per_vendor_and_drop_at_the_drop_date(self):
        orders = self.campaign._create_purchase_orders()
        self.assertEqual(len(orders), 4)
        oak_march = self._rfq(self.vendor_oak, self.drop_march)
        oak_may = self._rfq(self.vendor_oak, self.drop_may)
        sun_march = self._rfq(self.vendor_sun, self.drop_march)
        sun_may = self._rfq(self.vendor_sun, self.drop_may)
        self.assertEqual(self._quantities(oak_march), {self.table: 6, self.chair: 9})
        self.assertEqual(self._quantities(oak_may), {self.table: 6, self.chair: 3})
        # Packs stay packs: one pack of 6 per drop, at the 2-pack price.
        self.assertEqual(self._quantities(sun_march), {self.parasol: 1})
        self.assertEqual(sun_may.order_line.price_unit, 216)
        self.assertEqual(oak_may.order_line.mapped("price_unit"), [90, 20])
        march_noon = datetime.combine(self.drop_march.date, time(12))
        self.assertEqual(set(oak_march.order_line.mapped("date_planned")), {march_noon})
        self.assertEqual(
            set(oak_may.order_line.mapped("date_planned")),
            {datetime.combine(self.drop_may.date, time(12))},
        )
        # Ordered the vendor's lead time (14 days for tables) before the drop.
        self.assertEqual(oak_march.date_order, march_noon - timedelta(days=14))
        self.assertEqual(self.campaign.purchase_order_count, 4)

    def test_rerun_updates_the_drafts_of_each_drop(self):
        first = self.campaign._create_purchase_orders()
        self._drop_order(self.drop_may, {self.table: 4}, partner=self.customer_gold)
        second = self.campaign._create_purchase_orders()
        self.assertEqual(second, first)
        self.assertEqual(len(self.campaign.purchase_order_ids), 4)
        oak_march = self._rfq(self.vendor_oak, self.drop_march)
        oak_may = self._rfq(self.vendor_oak, self.drop_may)
        self.assertEqual(self._quantities(oak_march), {self.table: 6, self.chair: 9})
        self.assertEqual(self._quantities(oak_may), {self.table: 10, self.chair: 3})

    def test_confirmed_rfq_of_a_drop_is_untouched_and_deducted(self):
        self.campaign._create_purchase_orders()
        oak_march = self._rfq(self.vendor_oak, self.drop_march)
        oak_march.button_confirm()
        self.assertEqual(oak_march.state, "purchase")
        self._drop_order(self.drop_march, {self.table: 2}, partner=self.customer_gold)
        self.campaign._create_purchase_orders()
        self.assertEqual(self._quantities(oak_march), {self.table: 6, self.chair: 9})
        # March lacks 2 tables only (its chairs are bought); May keeps its 6 tables
        # and now buys the chairs up to the vendor's minimum of 12.
        new_march = self._rfq(self.vendor_oak, self.drop_march)
        self.assertEqual(self._quantities(new_march), {self.table: 2})
        self.assertEqual(
            self._quantities(self._rfq(self.vendor_oak, self.drop_may)),
            {self.table: 6, self.chair: 12},
        )
        self.assertEqual(
            self.campaign._get_purchased_quantities_by_drop()[self.drop_march.id][self.table.id], 6
        )

    def test_split_off_buys_per_vendor_for_all_drops(self):
        self.campaign._create_purchase_orders()
        self.campaign.purchase_split_by_drop = False
        orders = self.campaign._create_purchase_orders()
        self.assertEqual(len(orders), 2)
        self.assertFalse(orders.preorder_drop_id)
        oak = orders.filtered(lambda o: o.partner_id == self.vendor_oak)
        self.assertEqual(self._quantities(oak), {self.table: 12, self.chair: 12})
        # The drops' RFQs lost their lines and were cancelled.
        cancelled = self.campaign.purchase_order_ids - orders
        self.assertEqual(len(cancelled), 4)
        self.assertEqual(set(cancelled.mapped("state")), {"cancel"})
        self.assertFalse({"drop_id"} & set(self.campaign._prepare_purchase_advice()[0]))

    def test_plan_per_drop(self):
        rows = self.env["preorder.purchase.plan"].search(
            [("campaign_id", "=", self.campaign.id), ("product_id", "=", self.table.id)],
            order="drop_date",
        )
        self.assertRecordValues(
            rows,
            [
                {
                    "drop_id": self.drop_march.id,
                    "drop_date": self.drop_march.date,
                    "total_qty": 6,
                    "price_unit": 90,
                    "price_subtotal": 540,
                    "next_break_missing_qty": 38,
                    "date_expected": self.drop_march.date,
                },
                {
                    "drop_id": self.drop_may.id,
                    "drop_date": self.drop_may.date,
                    "total_qty": 6,
                    "price_unit": 90,
                    "price_subtotal": 540,
                    "next_break_missing_qty": 0,
                    "date_expected": self.drop_may.date,
                },
            ],
        )
        self.campaign.purchase_split_by_drop = False
        self.env.invalidate_all()  # the view's rows have new figures (a new request)
        rows = self.env["preorder.purchase.plan"].search(
            [("campaign_id", "=", self.campaign.id), ("product_id", "=", self.table.id)]
        )
        self.assertRecordValues(rows, [{"drop_id": False, "total_qty": 12, "price_unit": 90}])

    def test_wizard_lines_per_drop_create_the_drop_rfqs(self):
        with Form(
            self.env["preorder.purchase.advice"].with_context(default_campaign_id=self.campaign.id)
        ) as form:
            self.assertTrue(form.split_by_drop)
        wizard = form.save()
        self.assertEqual(len(wizard.line_ids), 6)
        self.assertEqual(set(wizard.line_ids.drop_id), {self.drop_march, self.drop_may})
        chair_may = wizard.line_ids.filtered(
            lambda line: line.product_id == self.chair and line.drop_id == self.drop_may
        )
        # Repriced on a change: the break still counts both drops (9 + 6 = 15 chairs).
        chair_may.quantity = 6
        chair_may._apply_vendor_quote()
        self.assertEqual(chair_may.price_unit, 20)
        action = wizard.action_create_rfqs()
        orders = self.env["purchase.order"].search(action["domain"])
        self.assertEqual(len(orders), 4)
        self.assertEqual(self._quantities(self._rfq(self.vendor_oak, self.drop_may))[self.chair], 6)

    def test_buyer_without_pre_order_rights_buys_per_drop(self):
        buyer = new_test_user(
            self.env, login="preorder_drop_buyer", groups="purchase.group_purchase_user"
        )
        plan = (
            self.env["preorder.purchase.plan"]
            .with_user(buyer)
            .search([("campaign_id", "=", self.campaign.id)])
        )
        self.assertEqual(sorted(plan.drop_id.mapped("name")), ["March", "May"])
        wizard = (
            self.env["preorder.purchase.advice"]
            .with_user(buyer)
            .create({"campaign_id": self.campaign.id})
        )
        action = wizard.action_create_rfqs()
        orders = self.env["purchase.order"].with_user(buyer).search(action["domain"])
        self.assertEqual(len(orders), 4)
        self.assertEqual(orders.preorder_drop_id, self.drop_march | self.drop_may)
