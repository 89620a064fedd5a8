from odoo.fields import Command
from odoo.tests import tagged

from .sale_order_common import PreorderOrderCommon

# Query budgets of one autosave on a pre-order, whatever its number of lines.
QUERIES_QUANTITY_CHANGE = 38
QUERIES_TIER_CHANGE = 49


@tagged("post_install", "-at_install")
class TestSaleOrderPerformance(PreorderOrderCommon):
    """A quantity change costs the same number of queries on a 20-line and on a
    200-line pre-order: the tier balance is one SUM, discounts are written in bulk."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.many_products = cls.env["product.product"].create(
            [
                {
                    "name": f"Planter {index}",
                    "categ_id": cls.categ_garden.id,
                    "list_price": 1.0,
                    "type": "consu",
                    "taxes_id": [Command.clear()],
                }
                for index in range(200)
            ]
        )
        cls.small_order = cls._new_preorder()
        cls.big_order = cls._new_preorder()
        cls._set_quantities(cls.small_order, dict.fromkeys(cls.many_products[:20], 1))
        cls._set_quantities(cls.big_order, dict.fromkeys(cls.many_products, 1))

    def _count_queries(self, order, quantities, budget):
        """Queries of one autosave as the website does it (warm registry caches,
        cold record cache), held to the budget and returned for comparison."""
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(budget):
            start = self.cr.sql_log_count
            self._set_quantities(order, quantities)
            self.env.flush_all()
            count = self.cr.sql_log_count - start
        return count

    def test_quantity_change_without_tier_change(self):
        self.assertEqual(len(self.big_order.order_line), 200)
        counts = []
        for order in (self.small_order, self.big_order):
            self._set_quantities(order, {self.many_products[0]: 2})  # warm up
            counts.append(
                self._count_queries(order, {self.many_products[0]: 3}, QUERIES_QUANTITY_CHANGE)
            )
        self.assertEqual(counts[0], counts[1], "20 lines vs 200 lines")

    def test_new_line_that_changes_the_tier(self):
        # The table moves both orders to Bronze: every line gets the discount.
        counts = []
        for order in (self.small_order, self.big_order):
            self._set_quantities(order, {self.table: 5})  # warm up
            self._set_quantities(order, {self.table: 0})
            self.assertFalse(order.preorder_tier_id)
            counts.append(self._count_queries(order, {self.table: 5}, QUERIES_TIER_CHANGE))
            self.assertEqual(order.preorder_tier_id.name, "Bronze")
            self.assertEqual(self._line(order, self.many_products[5]).discount, 2.0)
        # Every line gets a new discount and subtotal: Odoo writes those computed values
        # 100 rows per UPDATE (UPDATE_BATCH_SIZE), the only part that grows with N.
        self.assertEqual(counts[1] - counts[0], 1, "20 lines vs 200 lines")
