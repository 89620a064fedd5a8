from datetime import timedelta

from odoo.fields import Command
from odoo.tests import tagged

from .common import PreorderPurchaseCommon


@tagged("post_install", "-at_install")
class TestPurchaseOrders(PreorderPurchaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order_green = cls._preorder(
            cls.customer, {cls.table: 8, cls.chair: 5, cls.parasol: 10}, confirm=True
        )
        cls._close()

    def _rfq_of(self, vendor):
        return self.campaign.purchase_order_ids.filtered(lambda o: o.partner_id == vendor)

    def test_one_rfq_per_vendor_on_the_campaign(self):
        orders = self.campaign._create_purchase_orders()
        self.assertEqual(len(orders), 2)
        self.assertRecordValues(
            orders.sorted(lambda o: o.partner_id.name),
            [
                {
                    "partner_id": self.vendor_oak.id,
                    "state": "draft",
                    "origin": "GARDEN27",
                    "preorder_campaign_id": self.campaign.id,
                    "picking_type_id": self.picking_type.id,
                    "company_id": self.env.company.id,
                },
                {
                    "partner_id": self.vendor_sun.id,
                    "state": "draft",
                    "origin": "GARDEN27",
                    "preorder_campaign_id": self.campaign.id,
                    "picking_type_id": self.picking_type.id,
                    "company_id": self.env.company.id,
                },
            ],
        )
        oak = self._rfq_of(self.vendor_oak)
        self.assertEqual(
            sorted(
                (line.product_id.id, line.product_qty, line.price_unit) for line in oak.order_line
            ),
            sorted([(self.table.id, 8.0, 100.0), (self.chair.id, 12.0, 20.0)]),
        )
        chair_line = oak.order_line.filtered(lambda line: line.product_id == self.chair)
        self.assertIn("OAK-C", chair_line.name)
        self.assertEqual(chair_line.date_planned.date(), self.today + timedelta(days=7))
        self.assertTrue(all(oak.order_line.mapped("is_preorder_advice")))
        self.assertEqual(self.campaign.purchase_order_count, 2)
        self.assertEqual(self.campaign.purchase_state, "rfq")

    def test_rerun_updates_draft_rfqs_instead_of_duplicating(self):
        first = self.campaign._create_purchase_orders()
        oak = self._rfq_of(self.vendor_oak)
        manual = self.env["purchase.order.line"].create(
            {
                "order_id": oak.id,
                "product_id": self.lamp.id,
                "product_qty": 1,
                "price_unit": 3,
            }
        )
        self._preorder(self.customer_gold, {self.table: 4}, confirm=True)
        self.campaign.picking_type_id = self._create_receipt_type(self.warehouse, "Late receipts")
        second = self.campaign._create_purchase_orders()
        self.assertEqual(second, first)
        self.assertEqual(
            second.picking_type_id, self.campaign.picking_type_id, "follows the campaign"
        )
        self.assertEqual(len(self.campaign.purchase_order_ids), 2)
        table_line = oak.order_line.filtered(lambda line: line.product_id == self.table)
        self.assertEqual((table_line.product_qty, table_line.price_unit), (12.0, 90.0))
        self.assertTrue(manual.exists(), "lines added by hand are left alone")
        # A product no longer advised leaves the RFQ; an emptied RFQ is cancelled.
        self.order_green.order_line.filtered(
            lambda line: line.product_id == self.parasol
        ).product_uom_qty = 0
        self.campaign._create_purchase_orders()
        self.assertEqual(self._rfq_of(self.vendor_sun).state, "cancel")
        self.assertFalse(self._rfq_of(self.vendor_sun).order_line)

    def test_confirmed_purchase_orders_are_never_touched(self):
        self.campaign._create_purchase_orders()
        oak = self._rfq_of(self.vendor_oak)
        oak.button_confirm()
        self.assertEqual(oak.state, "purchase")
        lines_before = [(line.id, line.product_qty, line.price_unit) for line in oak.order_line]
        # Nothing is missing: the rerun leaves the confirmed order alone, adds no RFQ.
        orders = self.campaign._create_purchase_orders()
        self.assertEqual(orders.partner_id, self.vendor_sun)
        self.assertEqual(
            [(l.id, l.product_qty, l.price_unit) for l in oak.order_line], lines_before
        )
        # More tables: only the missing 30 go on a new RFQ to the same vendor.
        self._preorder(self.customer_gold, {self.table: 30}, confirm=True)
        orders = self.campaign._create_purchase_orders()
        new_oak = orders.filtered(lambda o: o.partner_id == self.vendor_oak)
        self.assertTrue(new_oak and new_oak != oak)
        self.assertEqual(
            [(line.product_id, line.product_qty, line.price_unit) for line in new_oak.order_line],
            [(self.table, 30.0, 90.0)],
        )
        self.assertEqual(
            [(l.id, l.product_qty, l.price_unit) for l in oak.order_line], lines_before
        )
        self.assertEqual(self.campaign.purchase_state, "ordered")
        self.assertEqual(self.campaign.purchase_qty_ordered, 20.0)

    def test_multi_company(self):
        company_b = self.env["res.company"].create({"name": "Garden Wholesale B"})
        self.env.user.company_ids = [Command.link(company_b.id)]
        warehouse_b = self.env["stock.warehouse"].search([("company_id", "=", company_b.id)])
        receipt_type_b = self._create_receipt_type(warehouse_b, "Pre-order receipts B")
        campaign_b = self.campaign.copy(
            {
                "code": "GARDEN27B",
                "company_id": company_b.id,
                "picking_type_id": receipt_type_b.id,
                "pricelist_id": False,
                "product_ids": [Command.set(self.display.ids)],
            }
        )
        campaign_b.state = "open"
        vendor_b = self.env["res.partner"].create({"name": "Company B Tables"})
        # Only company B's own price and the shared ones count for company B.
        self.env["product.supplierinfo"].create(
            self._seller_values(self.table, vendor_b, 0, 70, sequence=0, company_id=company_b.id)
        )
        self._preorder(self.customer, {self.table: 5}, confirm=True, campaign=campaign_b)
        orders = campaign_b.with_company(company_b)._create_purchase_orders()
        self.assertRecordValues(
            orders,
            [
                {
                    "partner_id": vendor_b.id,
                    "company_id": company_b.id,
                    "picking_type_id": receipt_type_b.id,
                }
            ],
        )
        # Company A's advice is not affected by company B's price.
        self.assertEqual(self._advice_by_product()[self.table.id]["vendor_id"], self.vendor_oak.id)
        # A user of company A only sees company A's plan.
        user_a = self.env["res.users"].create(
            {
                "name": "Buyer A",
                "login": "buyer_a",
                "company_id": self.env.company.id,
                "company_ids": [Command.set(self.env.company.ids)],
                "group_ids": [Command.set(self.env.ref("purchase.group_purchase_user").ids)],
            }
        )
        visible = self.env["preorder.purchase.plan"].with_user(user_a).search([])
        self.assertIn(self.campaign, visible.campaign_id)
        self.assertNotIn(campaign_b, visible.campaign_id)
