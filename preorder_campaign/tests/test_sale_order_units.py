from odoo.fields import Command
from odoo.tests import tagged

from .sale_order_common import PreorderOrderCommon


@tagged("post_install", "-at_install")
class TestSaleOrderUnits(PreorderOrderCommon):
    """Quantities enter and leave a pre-order in the product's unit, whatever unit a
    salesperson keeps a line in (dozens here)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.unit = cls.env.ref("uom.product_uom_unit")
        cls.dozen = cls.env.ref("uom.product_uom_dozen")
        cls.order = cls._new_preorder()

    def _in_dozens(self, order, product, dozens):
        """A line the salesperson keeps in dozens."""
        self._set_quantities(order, {product: 12 * dozens})
        line = self._line(order, product)
        line.write({"product_uom_id": self.dozen.id, "product_uom_qty": dozens})
        return line

    def test_a_quantity_set_on_a_line_in_dozens(self):
        line = self._in_dozens(self.order, self.table, 2)
        self.assertEqual(line._preorder_get_product_qty(), 24)
        result = self._set_quantities(self.order, {self.table: 30})
        self.assertEqual((line.product_uom_id, line.product_uom_qty), (self.dozen, 2.5))
        self.assertEqual(result["lines"][self.table.id]["quantity"], 30, "units, as typed")
        # 7 units are no round number of dozens: the line moves to units, exactly 7.
        self._set_quantities(self.order, {self.table: 7})
        self.assertEqual((line.product_uom_id, line.product_uom_qty), (self.unit, 7))
        self.assertEqual(line.price_unit, 200.0, "the price per unit again")
        # The same quantity again writes nothing.
        self._set_quantities(self.order, {self.table: 7})
        self.assertEqual(len(self.order.order_line), 1)

    def test_merge_adds_quantities_in_each_line_unit(self):
        self._in_dozens(self.order, self.table, 2)  # 24 units
        branch_order = self._new_preorder(partner=self.branch_a)
        self._set_quantities(branch_order, {self.table: 6, self.chair: 1})
        (self.order | branch_order).user_id = self.preorder_user
        (self.order | branch_order).with_user(self.preorder_user).action_preorder_merge()
        line = self._line(self.order, self.table)
        self.assertEqual(line._preorder_get_product_qty(), 30, "24 + 6 units, not 360")
        self.assertEqual(self._line(self.order, self.chair).product_uom_qty, 1)

    def test_previous_sales_and_peer_average_in_the_products_unit(self):
        self.campaign.peer_average_min_customers = 2
        peer = self.env["res.partner"].create({"name": "Peer Shop", "is_company": True})
        self._in_dozens(self._new_preorder(partner=self.customer_gold), self.table, 1)  # 12
        self._set_quantities(self._new_preorder(partner=peer), {self.table: 6})
        past = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.table.id,
                            "product_uom_id": self.dozen.id,
                            "product_uom_qty": 2,
                        }
                    )
                ],
            }
        )
        past.action_confirm()  # 24 units bought before
        hints = self.env["sale.order"]._preorder_get_previous_sales_and_peer_average(
            self.campaign, self.customer, self.table
        )[self.table.id]
        self.assertEqual(hints["peer_average"], 9.0, "(12 + 6) / 2 contacts")
        self.assertEqual(hints["previous_qty"], 24.0)
