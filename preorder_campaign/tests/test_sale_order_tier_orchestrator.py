from unittest.mock import patch

from odoo.fields import Command
from odoo.tests import tagged

from .sale_order_common import PreorderOrderCommon


@tagged("post_install", "-at_install")
class TestSaleOrderTierOrchestrator(PreorderOrderCommon):
    """``sale.order._preorder_update_tiers`` is the one door to the tier state: each
    call point runs it once for its whole change (readme/DEVELOP.md, the tier path)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._new_preorder()
        # 600 of tables + 50 of chairs + 200 of displays (no tier discount) = 850: no tier
        cls._set_quantities(cls.order, {cls.table: 3, cls.chair: 1, cls.display: 20})

    def _watch_tier_updates(self):
        """A spy on the orchestrator that still runs it."""
        SaleOrder = type(self.env["sale.order"])
        return patch.object(
            SaleOrder,
            "_preorder_update_tiers",
            autospec=True,
            side_effect=SaleOrder._preorder_update_tiers,
        )

    def _discounts(self, order):
        return {line.product_id: line.discount for line in order.order_line}

    def test_quantity_save_updates_once_for_a_batch(self):
        with self._watch_tier_updates() as update:
            self._set_quantities(self.order, {self.table: 5, self.chair: 2, self.parasol: 1})
        self.assertEqual(update.call_count, 1)
        self.assertEqual(self.order.preorder_tier_id.name, "Bronze")

    def test_one_write_of_many_lines_updates_once(self):
        lines = self.order.order_line.filtered(lambda line: line.product_id != self.display)
        with self._watch_tier_updates() as update:
            lines.write({"product_uom_qty": 5})
        self.assertEqual(update.call_count, 1)
        self.assertEqual(self.order.preorder_tier_id.name, "Bronze")
        self.assertEqual(
            self._discounts(self.order), {self.table: 2.0, self.chair: 2.0, self.display: 0.0}
        )

    def test_order_form_save_updates_once(self):
        """Updated, created and removed lines in one save of the order form."""
        chair_line = self._line(self.order, self.chair)
        display_line = self._line(self.order, self.display)
        with self._watch_tier_updates() as update:
            self.order.write(
                {
                    "order_line": [
                        Command.update(chair_line.id, {"product_uom_qty": 3}),
                        Command.unlink(display_line.id),
                        Command.create({"product_id": self.parasol.id, "product_uom_qty": 1}),
                    ]
                }
            )
        self.assertEqual(update.call_count, 1)
        # 600 of tables + 150 of chairs + 80 of parasols = 830: no tier yet
        self.assertEqual(self.order.preorder_balance, 830.0)
        self.assertFalse(self.order.preorder_tier_id)
        self.assertEqual(self.order.preorder_next_tier_amount, 170.0)

    def test_deferred_batch_waits_for_the_explicit_call(self):
        lines = self.order._preorder_defer_tiers(self.order.order_line)
        with self._watch_tier_updates() as update:
            lines.filtered(lambda line: line.product_id == self.table).write({"product_uom_qty": 5})
            lines.filtered(lambda line: line.product_id == self.chair).write({"product_uom_qty": 2})
            self.assertFalse(update.called, "a tier batch leaves the tiers to its caller")
            self.assertFalse(self.order.preorder_tier_id)
            self.order._preorder_update_tiers()
        self.assertEqual(update.call_count, 1)
        self.assertEqual(self.order.preorder_tier_id.name, "Bronze")
        self.assertEqual(
            self._discounts(self.order), {self.table: 2.0, self.chair: 2.0, self.display: 0.0}
        )

    def test_product_out_of_the_exclusions_updates_open_quotations(self):
        self._set_quantities(self.order, {self.table: 5})  # 1250 with chair and displays: Bronze
        confirmed = self._new_preorder(partner=self.customer_gold)
        self._set_quantities(confirmed, {self.table: 5, self.display: 20}, user=self.env.user)
        confirmed.action_confirm()
        self.assertEqual(self._line(self.order, self.display).discount, 0.0)

        with self._watch_tier_updates() as update:
            self.campaign.discount_excluded_categ_ids = [Command.clear()]
        self.assertEqual(update.call_count, 1)
        self.assertFalse(self._line(self.order, self.display).preorder_discount_excluded)
        self.assertEqual(
            self._discounts(self.order), {self.table: 2.0, self.chair: 2.0, self.display: 2.0}
        )
        self.assertEqual(self._line(confirmed, self.display).discount, 0.0, "confirmed: unchanged")

        # and back into the exclusions, by product this time
        self.campaign.discount_excluded_product_ids = [Command.set(self.display.ids)]
        self.assertEqual(self._line(self.order, self.display).discount, 0.0)
        self.assertEqual(self._line(self.order, self.table).discount, 2.0)

    def test_merge_updates_the_target_once(self):
        order_a = self._new_preorder(self.branch_a)
        order_b = self._new_preorder(self.branch_b)
        (order_a | order_b).user_id = self.preorder_user
        self._set_quantities(order_a, {self.table: 3})
        self._set_quantities(order_b, {self.table: 2, self.chair: 1})
        with self._watch_tier_updates() as update:
            (order_a | order_b).with_user(self.preorder_user).action_preorder_merge()
        self.assertEqual(update.call_count, 1)
        self.assertEqual(order_b.state, "cancel")
        self.assertEqual(order_a.preorder_balance, 1050.0)
        self.assertEqual(order_a.preorder_tier_id.name, "Bronze")
