from unittest.mock import patch

from psycopg2 import IntegrityError

from odoo.exceptions import ConcurrencyError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .sale_order_common import PreorderOrderCommon


@tagged("post_install", "-at_install")
class TestSaleOrderConcurrency(PreorderOrderCommon):
    """What two saves at the same moment must not do: create two drafts, oversell an
    outlet, or read the lines before the order is theirs."""

    def test_one_order_in_progress_per_contact_and_campaign(self):
        order = self._new_preorder()
        self.assertTrue(order.preorder_in_progress)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self._new_preorder()
        # Branches each keep their own; another campaign is another order.
        self._new_preorder(partner=self.branch_a)
        self._new_preorder(partner=self.branch_b)
        # Sent to the customer, it is no longer being entered: a new one may start.
        order.action_quotation_sent()
        self.assertFalse(order.preorder_in_progress)
        self.assertTrue(self._new_preorder().preorder_in_progress)

    def test_the_second_of_two_first_saves_is_retried(self):
        """The request that loses the race for the first draft raises a
        ConcurrencyError: Odoo retries it and the retry finds the winner's draft."""
        SaleOrder = self.env["sale.order"]
        campaign = self.campaign
        first = campaign._preorder_get_order(self.customer, create=True)
        vals = {"partner_id": self.customer.id, "preorder_campaign_id": self.campaign.id}
        with mute_logger("odoo.sql_db"), self.assertRaises(ConcurrencyError):
            SaleOrder._preorder_create_in_progress(vals)
        self.assertEqual(
            campaign._preorder_get_order(self.customer, create=True),
            first,
        )

    def test_order_is_locked_before_its_lines_are_read(self):
        order = self._new_preorder()
        self._set_quantities(order, {self.table: 1})
        queries = []
        original_execute = type(self.env.cr).execute

        def spy(cr, query, params=None, log_exceptions=True):
            queries.append(str(query))
            return original_execute(cr, query, params, log_exceptions)

        self.env.invalidate_all()
        with patch.object(type(self.env.cr), "execute", spy):
            self._set_quantities(order, {self.table: 2, self.chair: 1})
        lock = next(i for i, q in enumerate(queries) if "FOR NO KEY UPDATE" in q)
        first_line_read = next(i for i, q in enumerate(queries) if "sale_order_line" in q)
        self.assertLess(lock, first_line_read)

    def test_outlet_stock_counts_what_other_open_orders_hold(self):
        """80 free, three customers: together they get 80, not 240."""
        self.campaign.write({"campaign_type": "outlet", "allow_multiple_orders": True})
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        )
        self.env["stock.quant"]._update_available_quantity(self.table, warehouse.lot_stock_id, 80)
        green = self._new_preorder()
        gold = self._new_preorder(partner=self.customer_gold)
        self._set_quantities(green, {self.table: 50})
        with self.assertRaisesMessage(UserError, "only 30 left in stock"):
            self._set_quantities(gold, {self.table: 31})
        self._set_quantities(gold, {self.table: 30})
        # The same customer's second order is capped too (the first one holds 50).
        green.action_quotation_sent()
        second = self._new_preorder()
        with self.assertRaisesMessage(UserError, "only 0 left in stock"):
            self._set_quantities(second, {self.table: 1})
        self.assertEqual(
            self.campaign._preorder_get_available_stock(self.table, exclude_order=gold),
            {self.table.id: 30.0},
            "what gold may hold in all",
        )
        # Stock taken away: lowering a quantity stays possible.
        self.env["stock.quant"]._update_available_quantity(self.table, warehouse.lot_stock_id, -40)
        self.env.invalidate_all()  # free_qty is not stored: a new request reads it anew
        self._set_quantities(gold, {self.table: 20})
        self.assertEqual(self._quantities(gold), {self.table: 20})
        with self.assertRaisesMessage(UserError, "only 20 left in stock"):
            self._set_quantities(gold, {self.table: 21})
        # Cancelled orders hold nothing.
        green._action_cancel()
        self._set_quantities(gold, {self.table: 40})
