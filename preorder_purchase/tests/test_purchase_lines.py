from odoo.fields import Command
from odoo.tests import tagged

from .common import PreorderPurchaseCommon


@tagged("post_install", "-at_install")
class TestPurchaseLines(PreorderPurchaseCommon):
    """A confirmed pre-order with a transport line (a service), a section, a note and
    goods that are not bought (a gift made in-house): only the goods that can be
    purchased enter the purchase plan, the advice and the RFQs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Product = cls.env["product.product"]
        cls.transport = Product.create(
            {"name": "Transport", "type": "service", "list_price": 75.0, "purchase_ok": True}
        )
        cls.gift = Product.create(
            {
                "name": "Garden gnome (gift)",
                "type": "consu",
                "categ_id": cls.categ_garden.id,
                "list_price": 1.0,
                "purchase_ok": False,
            }
        )
        cls.order = cls._preorder(cls.customer, {cls.table: 8, cls.gift: 2})
        cls.order.write(
            {
                "order_line": [
                    Command.create({"display_type": "line_section", "name": "Extras"}),
                    Command.create({"product_id": cls.transport.id, "product_uom_qty": 1}),
                    Command.create({"display_type": "line_note", "name": "Deliver at the back"}),
                ]
            }
        )
        cls.order.action_confirm()
        cls._close()

    def test_plan_and_advice_hold_the_purchasable_goods_only(self):
        plan = self.env["preorder.purchase.plan"].search([("campaign_id", "=", self.campaign.id)])
        self.assertEqual(plan.product_id, self.table)
        self.assertEqual(plan.confirmed_qty, 8.0)
        advice = self._advice_by_product()
        self.assertEqual(list(advice), [self.table.id])

    def test_rfqs_for_the_goods_only(self):
        orders = self.campaign._create_purchase_orders()
        self.assertEqual(orders.partner_id, self.vendor_oak)
        self.assertEqual(
            [(line.product_id, line.product_qty) for line in orders.order_line],
            [(self.table, 8.0)],
        )
