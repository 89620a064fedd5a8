from unittest.mock import patch

from odoo.fields import Command
from odoo.tests import tagged

from .sale_order_common import PreorderOrderCommon

# Query budgets of one autosave on a pre-order, whatever its number of lines. Measured
# with all pre-order addons installed: the website brings the shipping weight (one more
# SUM); with preorder_campaign alone it is one query less.
QUERIES_QUANTITY_CHANGE = 25
QUERIES_TIER_CHANGE = 40
# The tier recompute after a change that keeps the tier (warm cache): the SUM grouped
# by discount, the tiers, the UPDATE of the order's balance.
QUERIES_TIER_RECOMPUTE = 3


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
        # Two customers: one contact has one pre-order in progress per campaign.
        cls.small_order = cls._new_preorder()
        cls.big_order = cls._new_preorder(partner=cls.customer_gold)
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

    def test_quantity_change_past_the_prefetch_batch(self):
        """On first access the ORM reads 1000 records per query; with 50, the 200-line
        order spans four batches, as a 4000-line order would: still the same count."""
        counts = []
        with (
            patch("odoo.orm.fields.PREFETCH_MAX", 50),
            patch("odoo.orm.fields_relational.PREFETCH_MAX", 50),
            patch("odoo.orm.models.PREFETCH_MAX", 50),
        ):
            for order in (self.small_order, self.big_order):
                self._set_quantities(order, {self.many_products[0]: 2})  # warm up
                counts.append(
                    self._count_queries(order, {self.many_products[0]: 3}, QUERIES_QUANTITY_CHANGE)
                )
        self.assertEqual(counts[0], counts[1], "20 lines vs 200 lines in 50-record batches")

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

    def test_tier_recompute_after_one_change(self):
        counts = []
        for order in (self.small_order, self.big_order):
            line = order._preorder_defer_tiers(self._line(order, self.many_products[0]))
            line.write({"product_uom_qty": 2})
            order._preorder_update_tiers()  # warm up
            line.write({"product_uom_qty": 3})
            self.env.flush_all()
            with self.assertQueryCount(QUERIES_TIER_RECOMPUTE):
                start = self.cr.sql_log_count
                order._preorder_update_tiers()
                self.env.flush_all()
                counts.append(self.cr.sql_log_count - start)
            self.assertEqual(order.preorder_balance, len(order.order_line) + 2)
        self.assertEqual(counts[0], counts[1], "20 lines vs 200 lines")

    def test_totals_summed_not_recomputed_per_line(self):
        """The totals come from one grouped SUM of the lines, not from the tax engine
        over every line, also when the tier moves and every line gets a new discount
        (test_sale_order_totals checks the amounts against the engine)."""
        with self._watch_odoo_totals() as odoo_compute:
            for quantities, tier in (
                ({self.many_products[0]: 4}, False),
                ({self.table: 5}, "Bronze"),
                ({self.table: 0}, False),
            ):
                self._set_quantities(self.big_order, quantities)
                self.env.flush_all()
                self.assertEqual(self.big_order.preorder_tier_id.name or False, tier)
        self.assertFalse(odoo_compute.called)
        self.assertEqual(self.big_order.amount_untaxed, 203.0, "199 planters at 1.0, one at 4.0")

    def test_discount_off_on_one_line_is_put_right(self):
        """The SUM grouped by discount also spots a line whose discount is off."""
        self._set_quantities(self.big_order, {self.table: 5})
        line = self._line(self.big_order, self.many_products[7])
        self.big_order._preorder_defer_tiers(line).write({"discount": 0.0})
        self.big_order._preorder_update_tiers()
        self.assertEqual(line.discount, 2.0)

    def test_draft_autosaves_leave_the_chatter_alone(self):
        """A draft's totals move with every autosave: they are not logged (as Odoo's
        catalog does for drafts); a sent quotation still logs them."""
        self.env.flush_all()
        self.env.cr.precommit.clear()  # as in a new transaction
        order = self.small_order.with_context(tracking_disable=False, mail_notrack=False)
        self._set_quantities(order, {self.many_products[0]: 5})
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.assertFalse(self.small_order.message_ids.tracking_value_ids)

        self.small_order.with_context(tracking_disable=True).state = "sent"
        self._set_quantities(order, {self.many_products[0]: 6})
        self.env.flush_all()
        self.env.cr.precommit.run()
        tracked = self.small_order.message_ids.tracking_value_ids.field_id.mapped("name")
        self.assertIn("amount_total", tracked)
