from odoo.exceptions import UserError
from odoo.tests import Form, new_test_user, tagged

from .common import PreorderMrpCommon


@tagged("post_install", "-at_install")
class TestProductionAdvice(PreorderMrpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._preorder(cls.customer, {cls.table: 8, cls.planter: 10}, confirm=True)
        cls._close()

    def test_manufactured_product_gets_a_manufacturing_order_not_an_rfq(self):
        planter = self._advice_by_product()[self.planter.id]
        self.assertEqual(
            (planter["supply_method"], planter["vendor_id"], planter["quantity"]),
            ("manufacture", False, 10.0),
        )
        self.assertEqual(planter["bom_id"], self.planter_bom.id)

        orders = self.campaign._create_purchase_orders()
        self.assertEqual(orders.partner_id, self.vendor_oak)
        self.assertNotIn(self.planter, orders.order_line.product_id)
        self.assertEqual(orders.order_line.product_id, self.table)
        production = self._campaign_productions()
        self.assertRecordValues(
            production,
            [
                {
                    "product_id": self.planter.id,
                    "product_qty": 10.0,
                    "bom_id": self.planter_bom.id,
                    "state": "draft",
                    "origin": self.campaign.code,
                    "company_id": self.campaign.company_id.id,
                    "is_preorder_advice": True,
                }
            ],
        )
        # Named like the campaign's RFQs: by its code.
        self.assertEqual(orders.origin, self.campaign.code)
        # The components come from the bill of materials: 4 planks per box.
        self.assertEqual(production.move_raw_ids.product_id, self.plank)
        self.assertEqual(production.move_raw_ids.product_uom_qty, 40.0)
        self.assertEqual(self.campaign.production_count, 1)
        action = self.campaign.action_view_productions()
        self.assertEqual(self.env["mrp.production"].search(action["domain"]), production)

    def test_made_product_that_cannot_be_purchased_is_planned_and_made(self):
        """A product made in-house is often not purchasable: the purchase plan lists
        it all the same, and the advice proposes its manufacturing order."""
        self.planter.purchase_ok = False
        plan = self.env["preorder.purchase.plan"].search([("campaign_id", "=", self.campaign.id)])
        planter_row = plan.filtered(lambda row: row.product_id == self.planter)
        self.assertRecordValues(planter_row, [{"confirmed_qty": 10.0, "vendor_id": False}])
        # A product neither purchasable nor made stays out of the plan.
        self.table.purchase_ok = False
        plan = self.env["preorder.purchase.plan"].search([("campaign_id", "=", self.campaign.id)])
        self.assertNotIn(self.table, plan.product_id)
        self.table.purchase_ok = True
        planter = self._advice_by_product()[self.planter.id]
        self.assertEqual((planter["supply_method"], planter["quantity"]), ("manufacture", 10.0))
        self.campaign._create_purchase_orders()
        self.assertRecordValues(
            self._campaign_productions(), [{"product_id": self.planter.id, "product_qty": 10.0}]
        )

    def test_rerun_updates_its_draft_and_leaves_the_users_alone(self):
        self.campaign._create_purchase_orders()
        production = self._campaign_productions()
        # A draft the planner made by hand for the campaign: not the advice's.
        manual = self.env["mrp.production"].create(
            {
                "product_id": self.planter.id,
                "product_qty": 3,
                "preorder_campaign_id": self.campaign.id,
            }
        )
        self._preorder(self.customer_gold, {self.planter: 5}, confirm=True)
        self.campaign._create_purchase_orders()
        self.assertEqual(self._campaign_productions(), production | manual)
        self.assertEqual(production.product_qty, 15.0)
        self.assertEqual(production.move_raw_ids.product_uom_qty, 60.0)
        self.assertEqual((manual.state, manual.product_qty), ("draft", 3.0))

    def test_products_no_longer_needed_cancel_only_the_advice_drafts(self):
        """Removing the line from the advice (as in the wizard) cancels the
        advice's own draft; the planner's draft stays."""
        self.campaign._create_purchase_orders()
        production = self._campaign_productions()
        manual = self.env["mrp.production"].create(
            {
                "product_id": self.planter.id,
                "product_qty": 3,
                "preorder_campaign_id": self.campaign.id,
            }
        )
        advice = [
            values
            for values in self.campaign._prepare_purchase_advice()
            if values["product_id"] != self.planter.id
        ]
        self.campaign._sync_purchase_orders(advice)
        self.assertEqual(production.state, "cancel")
        self.assertEqual((manual.state, manual.product_qty), ("draft", 3.0))
        self.assertEqual(self.campaign.production_count, 1)

    def test_confirmed_production_is_never_changed_and_counts_as_covered(self):
        self.campaign._create_purchase_orders()
        confirmed = self._campaign_productions()
        confirmed.action_confirm()
        self.assertEqual(confirmed.state, "confirmed")
        self.assertNotIn(self.planter.id, self._advice_by_product(), "all 10 are being made")

        self._preorder(self.customer_gold, {self.planter: 4}, confirm=True)
        self.assertEqual(self._advice_by_product()[self.planter.id]["demand_qty"], 4.0)
        self.campaign._create_purchase_orders()
        self.assertEqual((confirmed.state, confirmed.product_qty), ("confirmed", 10.0))
        new = self._campaign_productions() - confirmed
        self.assertRecordValues(new, [{"product_qty": 4.0, "state": "draft"}])

    def test_manufacture_route_without_bom_says_why_it_cannot_be_ordered(self):
        self._preorder(self.customer_gold, {self.bench_kit: 2}, confirm=True)
        bench = self._advice_by_product()[self.bench_kit.id]
        self.assertFalse(bench.get("supply_method"), "bought, as it cannot be made")
        self.assertFalse(bench["vendor_id"])
        self.assertIn("no bill of materials", bench["supply_note"])

        wizard = Form(
            self.env["preorder.purchase.advice"].with_context(default_campaign_id=self.campaign.id)
        ).save()
        self.assertEqual(wizard.missing_vendor_count, 1, "the planter needs no vendor")
        with self.assertRaisesRegex(
            UserError, r"Bench kit \(Manufacture route but no bill of materials\)"
        ):
            wizard.action_create_rfqs()
        self.assertFalse(self._campaign_productions())
        self.assertFalse(self.campaign.purchase_order_ids)

    def test_wizard_shows_manufacture_and_creates_both(self):
        wizard_form = Form(
            self.env["preorder.purchase.advice"].with_context(default_campaign_id=self.campaign.id)
        )
        self.assertEqual(wizard_form.missing_vendor_count, 0)
        wizard = wizard_form.save()
        by_product = {line.product_id: line for line in wizard.line_ids}
        self.assertEqual(by_product[self.planter].supply_method, "manufacture")
        self.assertEqual(by_product[self.table].supply_method, "buy")
        # The planner makes 12 instead of 10.
        by_product[self.planter].quantity = 12
        action = wizard.action_create_rfqs()
        production = self._campaign_productions()
        self.assertEqual(production.product_qty, 12.0)
        self.assertEqual(action["tag"], "display_notification")
        self.assertIn(production.name, action["params"]["message"])
        self.assertEqual(
            self.env["purchase.order"].search(action["params"]["next"]["domain"]),
            self.campaign.purchase_order_ids,
        )

    def test_wizard_with_only_manufacturing_opens_the_manufacturing_orders(self):
        self.campaign.order_ids.action_cancel()
        self._preorder(self.customer_gold, {self.planter: 6}, confirm=True)
        wizard = Form(
            self.env["preorder.purchase.advice"].with_context(default_campaign_id=self.campaign.id)
        ).save()
        action = wizard.action_create_rfqs()
        self.assertEqual(action["res_model"], "mrp.production")
        self.assertEqual(self.env["mrp.production"].search(action["domain"]).product_qty, 6.0)
        self.assertFalse(self.campaign.purchase_order_ids)

    def test_purchased_products_are_unaffected(self):
        table = self._advice_by_product()[self.table.id]
        self.assertEqual(
            (table["vendor_id"], table["quantity"], table["price_unit"]),
            (self.vendor_oak.id, 8.0, 100.0),
        )
        self.assertNotIn("supply_method", table)
        # A bought product on the Manufacture route keeps its vendor when it has
        # no bill of materials.
        self.plank.route_ids = self.route_manufacture
        self._preorder(self.customer_gold, {self.plank: 5}, confirm=True)
        plank = self._advice_by_product()[self.plank.id]
        self.assertEqual((plank["vendor_id"], plank.get("supply_note")), (self.vendor_oak.id, None))
        orders = self.campaign._create_purchase_orders()
        self.assertEqual(
            sorted((line.product_id.id, line.product_qty) for line in orders.order_line),
            sorted([(self.table.id, 8.0), (self.plank.id, 5.0)]),
        )

    def test_buyer_without_manufacturing_rights_gets_a_clear_error(self):
        buyer = new_test_user(self.env, login="mrp_buyer", groups="purchase.group_purchase_user")
        campaign = self.campaign.with_user(buyer)
        advice = {values["product_id"]: values for values in campaign._prepare_purchase_advice()}
        self.assertEqual(advice[self.planter.id]["supply_method"], "manufacture")
        with self.assertRaisesRegex(UserError, "Only manufacturing users"):
            campaign._create_purchase_orders()
        self.assertFalse(self.campaign.purchase_order_ids, "nothing half-made")
