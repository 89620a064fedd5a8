from odoo.fields import Command
from odoo.tests import tagged

from .common import PreorderPurchaseCommon


@tagged("post_install", "-at_install")
class TestPurchaseVendorRule(PreorderPurchaseCommon):
    """One vendor and price rule: the plan, the advice and the RFQ agree on the
    vendor, the quantity in product units and the unit price, whatever unit the
    vendor sells in.

    Garden lamps are bought by the dozen: 120 a dozen (10 a lamp), from 5 dozens
    96 a dozen (8 a lamp), with a 10 % vendor discount."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.garden_lamp = cls.env["product.product"].create(
            {"name": "Garden lamp", "categ_id": cls.categ_garden.id, "is_storable": True}
        )
        cls.campaign.product_ids = [Command.link(cls.garden_lamp.id)]
        cls.lamp_dozen_1, cls.lamp_dozen_5 = cls.env["product.supplierinfo"].create(
            [
                cls._seller_values(
                    cls.garden_lamp, cls.vendor_oak, 1, 120, uom=cls.uom_dozen, discount=10
                ),
                cls._seller_values(
                    cls.garden_lamp, cls.vendor_oak, 5, 96, uom=cls.uom_dozen, discount=10
                ),
            ]
        )

    def _plan_row(self, product):
        return self.env["preorder.purchase.plan"].search(
            [("campaign_id", "=", self.campaign.id), ("product_id", "=", product.id)]
        )

    def _rfq_line(self, product):
        orders = self.campaign._create_purchase_orders()
        return orders.order_line.filtered(lambda line: line.product_id == product)

    def test_vendor_in_dozens(self):
        self._preorder(self.customer, {self.garden_lamp: 30}, confirm=True)
        # The plan: 30 lamps reach the dozen price, net of the discount, per lamp.
        self.assertRecordValues(
            self._plan_row(self.garden_lamp),
            [
                {
                    "total_qty": 30.0,
                    "vendor_id": self.vendor_oak.id,
                    "supplierinfo_id": self.lamp_dozen_1.id,
                    "price_unit": 9.0,
                    "price_subtotal": 270.0,
                }
            ],
        )
        # The advice buys whole dozens, priced per lamp before the discount.
        advice = self._advice_by_product()[self.garden_lamp.id]
        self.assertEqual(
            (advice["quantity"], advice["rounding_reason"], advice["purchase_uom_id"]),
            (36.0, "multiple", self.uom_dozen.id),
        )
        self.assertEqual((advice["price_unit"], advice["discount"]), (10.0, 10.0))
        # The RFQ line is in dozens at the vendor's dozen price.
        line = self._rfq_line(self.garden_lamp)
        self.assertRecordValues(
            line,
            [
                {
                    "product_qty": 3.0,
                    "product_uom_id": self.uom_dozen.id,
                    "product_uom_qty": 36.0,
                    "price_unit": 120.0,
                    "discount": 10.0,
                }
            ],
        )

    def test_price_break_at_the_rounded_quantity(self):
        """55 lamps: the plan prices 55 (below 5 dozens), the advice rounds to 60
        (5 dozens), which reaches the cheaper break; the RFQ keeps that price."""
        self._preorder(self.customer, {self.garden_lamp: 55}, confirm=True)
        plan = self._plan_row(self.garden_lamp)
        self.assertEqual((plan.supplierinfo_id, plan.price_unit), (self.lamp_dozen_1, 9.0))
        advice = self._advice_by_product()[self.garden_lamp.id]
        self.assertEqual(
            (advice["demand_qty"], advice["quantity"], advice["supplierinfo_id"]),
            (55.0, 60.0, self.lamp_dozen_5.id),
        )
        self.assertEqual(advice["price_unit"], 8.0)
        line = self._rfq_line(self.garden_lamp)
        self.assertEqual(
            (line.product_qty, line.product_uom_id, line.price_unit, line.price_subtotal),
            (5.0, self.uom_dozen, 96.0, 432.0),
        )

    def test_wizard_line_reprices_with_the_same_rule(self):
        """Editing the quantity in the wizard gives the break the advice would."""
        self._preorder(self.customer, {self.garden_lamp: 30}, confirm=True)
        wizard = self.env["preorder.purchase.advice"].create({"campaign_id": self.campaign.id})
        line = wizard.line_ids.filtered(lambda line: line.product_id == self.garden_lamp)
        self.assertEqual((line.quantity, line.price_unit), (36.0, 10.0))
        line.quantity = 60.0
        line._onchange_vendor_id()
        self.assertRecordValues(
            line,
            [
                {
                    "supplierinfo_id": self.lamp_dozen_5.id,
                    "price_unit": 8.0,
                    "discount": 10.0,
                    "purchase_uom_id": self.uom_dozen.id,
                }
            ],
        )

    def test_plan_groups_and_filters_by_vendor(self):
        """Users group the plan by vendor and look for products without one."""
        self._preorder(self.customer, {self.garden_lamp: 30, self.lounger: 2}, confirm=True)
        Plan = self.env["preorder.purchase.plan"]
        domain = [("campaign_id", "=", self.campaign.id)]
        by_vendor = dict(Plan._read_group(domain, ["vendor_id"], ["price_subtotal:sum"]))
        self.assertEqual(by_vendor[self.vendor_oak], 270.0)
        without = Plan.search([*domain, ("vendor_id", "=", False)])
        self.assertEqual(without.product_id, self.lounger)
        self.assertEqual(
            Plan.search([*domain, ("vendor_id", "=", self.vendor_oak.id)]).product_id,
            self.garden_lamp,
        )
