from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import tagged

from .sale_order_common import PreorderOrderCommon


@tagged("post_install", "-at_install")
class TestSaleOrderLines(PreorderOrderCommon):
    """Only goods lines are pre-order lines: a transport or other service line, a
    section and a note on a pre-order neither count toward the tier balance nor get
    the tier discount, but the order totals still include them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.transport = cls.env["product.product"].create(
            {
                "name": "Transport",
                "type": "service",
                "list_price": 500.0,
                "purchase_ok": False,
                "taxes_id": [Command.clear()],
            }
        )
        cls.order = cls._new_preorder()
        # 24 tables at 200: 4800, the Bronze tier (2 %); with the transport the
        # balance would reach Silver (5000, 5 %).
        cls._set_quantities(cls.order, {cls.table: 24})
        cls.order.write(
            {
                "order_line": [
                    Command.create({"display_type": "line_section", "name": "Extras"}),
                    Command.create({"product_id": cls.transport.id, "product_uom_qty": 1}),
                    Command.create({"display_type": "line_note", "name": "Deliver at the back"}),
                ]
            }
        )

    def _lines(self):
        lines = self.order.order_line
        return {
            "table": self._line(self.order, self.table),
            "transport": self._line(self.order, self.transport),
            "section": lines.filtered(lambda line: line.display_type == "line_section"),
            "note": lines.filtered(lambda line: line.display_type == "line_note"),
        }

    def test_only_goods_lines_are_preorder_lines(self):
        lines = self._lines()
        self.assertTrue(lines["table"].is_preorder_line)
        for name in ("transport", "section", "note"):
            self.assertFalse(lines[name].is_preorder_line, name)

    def test_service_line_gets_no_tier_and_no_discount(self):
        self.assertRecordValues(
            self.order,
            [
                {
                    "preorder_balance": 4800.0,
                    "preorder_tier_id": self.campaign.discount_rule_ids[0].id,
                    "preorder_discount_percent": 2.0,
                    "preorder_next_tier_amount": 200.0,
                }
            ],
        )
        lines = self._lines()
        self.assertEqual(lines["table"].discount, 2.0)
        self.assertEqual(lines["transport"].discount, 0.0)
        self.assertEqual(lines["transport"].price_subtotal, 500.0)
        # The totals hold every priced line: the tables after the tier, the transport.
        self.assertAlmostEqual(self.order.amount_untaxed, 24 * 200 * 0.98 + 500)
        # The website's summary counts the products ordered.
        self.assertEqual(self.order._preorder_get_summary()["line_count"], 1)

    def test_saves_keep_ignoring_the_service_line(self):
        result = self._set_quantities(self.order, {self.chair: 2})
        self.assertEqual(result["order"]["balance"], 4900.0)
        self.assertEqual(result["order"]["discount_percent"], 2.0)
        self.assertAlmostEqual(result["order"]["amount_untaxed"], 4900 * 0.98 + 500)
        self.assertEqual(self._lines()["transport"].discount, 0.0)
        # Raising the transport price moves the totals, not the tier.
        self._lines()["transport"].price_unit = 5000.0
        self.assertEqual(self.order.preorder_balance, 4900.0)
        self.assertEqual(self.order.preorder_discount_percent, 2.0)

    def test_a_service_may_be_on_several_lines(self):
        # One line per product holds for pre-order lines only: a second transport
        # line (another carrier, a surcharge) is an ordinary line.
        self.order.order_line = [Command.create({"product_id": self.transport.id})]
        self.assertEqual(len(self._line(self.order, self.transport)), 2)
        self.assertEqual(self.order.preorder_balance, 4800.0)

    def test_goods_added_by_hand_are_preorder_lines(self):
        # A salesperson adding goods outside the campaign's selection in the
        # backoffice: they are ordered in the campaign like the others (tier, purchase
        # advice); the campaign's discount exclusions keep their price if need be.
        self.order.order_line = [Command.create({"product_id": self.lamp.id})]
        lamp_line = self._line(self.order, self.lamp)
        self.assertTrue(lamp_line.is_preorder_line)
        self.assertEqual(self.order.preorder_balance, 4830.0)
        self.assertEqual(lamp_line.discount, 2.0)

    def test_campaign_offers_goods_only(self):
        # A service in the selection is not offered: typed in the grid it would
        # make a line that is no pre-order line, and the next save a second one.
        self.campaign.product_ids = [Command.link(self.transport.id)]
        self.assertNotIn(self.transport, self.campaign._get_products())
        with self.assertRaisesMessage(UserError, "not offered"):
            self._set_quantities(self.order, {self.transport: 1})
