from odoo.fields import Command
from odoo.tests import tagged

from odoo.addons.preorder_campaign.tests.sale_order_common import PreorderOrderCommon


@tagged("post_install", "-at_install")
class TestPreorderShippingLine(PreorderOrderCommon):
    """Shipping (delivery, installed with the website) is no pre-order line: it never
    counts toward the tier balance nor gets the tier discount, even when the carrier's
    product is goods; the order totals include it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Product = cls.env["product.product"]
        cls.shipping_product = Product.create(
            {
                "name": "Pallet transport",
                "type": "service",
                "list_price": 300.0,
                "taxes_id": [Command.clear()],
            }
        )
        # Some companies ship with a product of type goods (a pallet they charge for).
        cls.pallet_product = Product.create(
            {
                "name": "Pallet delivery",
                "type": "consu",
                "list_price": 300.0,
                "taxes_id": [Command.clear()],
            }
        )
        Carrier = cls.env["delivery.carrier"]
        cls.carrier = Carrier.create(
            {
                "name": "Pallet carrier",
                "delivery_type": "fixed",
                "fixed_price": 300.0,
                "product_id": cls.shipping_product.id,
            }
        )
        cls.pallet_carrier = Carrier.create(
            {
                "name": "Own pallet trucks",
                "delivery_type": "fixed",
                "fixed_price": 300.0,
                "product_id": cls.pallet_product.id,
            }
        )
        cls.order = cls._new_preorder()
        # 24 tables at 200: 4800, Bronze (2 %); with 300 of shipping it would be Silver.
        cls._set_quantities(cls.order, {cls.table: 24})

    def _assert_shipping_ignored(self, carrier):
        self.order.set_delivery_line(carrier, 300.0)
        shipping = self.order.order_line.filtered("is_delivery")
        self.assertEqual(len(shipping), 1)
        self.assertFalse(shipping.is_preorder_line)
        self.assertEqual(shipping.discount, 0.0)
        self.assertEqual(self.order.preorder_balance, 4800.0)
        self.assertEqual(self.order.preorder_discount_percent, 2.0)
        # A save afterwards leaves the shipping line alone too.
        summary = self._set_quantities(self.order, {self.chair: 2})["order"]
        self.assertEqual(summary["balance"], 4900.0)
        self.assertEqual(summary["discount_percent"], 2.0)
        self.assertAlmostEqual(summary["amount_untaxed"], 4900 * 0.98 + 300)
        self.assertEqual(summary["line_count"], 2, "tables and chairs")
        self.assertEqual(shipping.discount, 0.0)
        self.assertEqual(shipping.price_subtotal, 300.0)

    def test_shipping_service_line(self):
        self._assert_shipping_ignored(self.carrier)

    def test_shipping_with_a_goods_product(self):
        self._assert_shipping_ignored(self.pallet_carrier)
