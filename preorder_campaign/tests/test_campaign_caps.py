import base64
from unittest.mock import patch

from psycopg2 import IntegrityError

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .sale_order_common import PreorderOrderCommon


@tagged("post_install", "-at_install")
class TestCampaignCaps(PreorderOrderCommon):
    """A cap per campaign product: all customers together order at most that much."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cap = cls.env["preorder.campaign.cap"].create(
            {"campaign_id": cls.campaign.id, "product_id": cls.table.id, "cap_qty": 30}
        )
        cls.green = cls._new_preorder()
        cls.gold = cls._new_preorder(partner=cls.customer_gold)

    def test_customers_together_stay_under_the_cap(self):
        self._set_quantities(self.green, {self.table: 20})
        self._set_quantities(self.gold, {self.chair: 2})
        with self.assertRaisesMessage(UserError, r"only 10 still available in this campaign"):
            self._set_quantities(self.gold, {self.table: 11, self.chair: 5})
        # Refused: nothing of the batch was saved.
        self.assertEqual(self._quantities(self.gold), {self.chair: 2})
        self._set_quantities(self.gold, {self.table: 10})
        self.assertEqual(self.cap.ordered_qty, 30)
        self.assertEqual(self.cap.remaining_qty, 0)
        # Green may keep or lower his quantity, not raise it.
        with self.assertRaisesMessage(UserError, r"only 0 still available"):
            self._set_quantities(self.green, {self.table: 21})
        self._set_quantities(self.green, {self.table: 15})
        self.assertEqual(self._quantities(self.green), {self.table: 15})
        # A cancelled order holds nothing; a confirmed one still does.
        self.gold.action_confirm()
        self._set_quantities(self.green, {self.table: 20})
        with self.assertRaisesMessage(UserError, r"only 0 still available"):
            self._set_quantities(self.green, {self.table: 21})
        self.gold._action_cancel()
        self._set_quantities(self.green, {self.table: 30})
        self.assertEqual(self._quantities(self.green), {self.table: 30})

    def test_a_salesperson_may_go_beyond_the_cap(self):
        self._set_quantities(self.green, {self.table: 30})
        # As the backoffice grid saves (sudo'ed after its own access checks)
        self.gold.with_user(self.preorder_user).sudo()._preorder_set_quantities(
            {self.table: 5}, rules="salesperson"
        )
        self.assertEqual(self.cap.ordered_qty, 35)
        self.assertEqual(self.cap.remaining_qty, 0)

    def test_the_campaign_is_locked_before_the_other_orders_are_summed(self):
        """Two saves at once cannot together exceed the cap: the second waits for the
        campaign row the first updated, then fails with a serialization error and Odoo
        retries it on a snapshot that sees the first one's lines."""
        self._set_quantities(self.green, {self.table: 20})
        queries = []
        original_execute = type(self.env.cr).execute

        def spy(cr, query, params=None, log_exceptions=True):
            queries.append(str(query))
            return original_execute(cr, query, params, log_exceptions)

        self.env.invalidate_all()
        with patch.object(type(self.env.cr), "execute", spy):
            self._set_quantities(self.gold, {self.table: 5})
        lock = next(i for i, q in enumerate(queries) if "UPDATE preorder_campaign" in q)
        others = next(i for i, q in enumerate(queries) if "SUM" in q and "sale_order_line" in q)
        self.assertLess(lock, others)

    def _count_save_queries(self, order, quantities):
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.cr.sql_log_count
        self._set_quantities(order, quantities)
        self.env.flush_all()
        return self.cr.sql_log_count - start

    def test_a_save_without_capped_product_costs_no_extra_query(self):
        self.cap.product_id = self.parasol
        # Warm up the caches (a new line, then a changed one: the measured save)
        self._set_quantities(self.green, {self.chair: 1})
        self._set_quantities(self.green, {self.chair: 3})
        with_cap_elsewhere = self._count_save_queries(self.green, {self.chair: 2})
        self.cap.unlink()
        self._set_quantities(self.green, {self.chair: 3})
        without_caps = self._count_save_queries(self.green, {self.chair: 2})
        self.assertEqual(with_cap_elsewhere, without_caps)

    def test_rows_show_what_is_still_available(self):
        self._set_quantities(self.green, {self.table: 12})
        self._set_quantities(self.gold, {self.table: 8})
        rows = {
            row["product_id"]: row
            for row in self.campaign._preorder_get_rows(self.customer, self.table | self.chair)
        }
        self.assertEqual(rows[self.table.id]["cap_remaining"], 10)
        self.assertEqual(rows[self.table.id]["quantity"], 12)
        self.assertIsNone(rows[self.chair.id]["cap_remaining"])

    def test_cap_cannot_be_negative_nor_twice_for_a_product(self):
        with mute_logger("odoo.sql_db"):
            with self.assertRaises(IntegrityError), self.cr.savepoint():
                self.cap.cap_qty = -1
                self.env.flush_all()
            with self.assertRaises(IntegrityError), self.cr.savepoint():
                self.env["preorder.campaign.cap"].create(
                    {"campaign_id": self.campaign.id, "product_id": self.table.id, "cap_qty": 5}
                )
                self.env.flush_all()

    def test_rep_grid_shows_what_is_still_available(self):
        """The backoffice grid shows the cap's rest on a capped row, and after the
        rep's save the other customers' orders count in it too."""
        self._set_quantities(self.gold, {self.table: 8})
        self.green.user_id = self.preorder_user  # the rep's customer
        grid = (
            self.env["preorder.order.grid"]
            .with_user(self.preorder_user)
            .create({"campaign_id": self.campaign.id, "partner_id": self.customer.id})
        )
        grid.action_open_grid()
        table_line = grid.line_ids.filtered(lambda line: line.product_id == self.table)
        chair_line = grid.line_ids.filtered(lambda line: line.product_id == self.chair)
        self.assertEqual((table_line.is_capped, table_line.cap_remaining), (True, 22))
        self.assertFalse(chair_line.is_capped)
        self._set_quantities(self.gold, {self.table: 10})
        table_line.quantity = 5
        self.assertEqual(table_line.cap_remaining, 15)

    def test_import_preview_marks_rows_above_the_cap_with_the_save_message(self):
        """The preview refuses a customer's row above what the cap leaves him with the
        save's own message; a salesperson, whom the save lets through, sees it on a
        row still recognised. Both see what is still available."""
        self._set_quantities(self.gold, {self.table: 25})
        entries = [("PO-TABLE", "6"), ("PO-CHAIR", "2")]
        campaign = self.campaign.with_user(self.portal_user).sudo()
        preview = campaign._preorder_import(self.customer, entries, rules="customer")
        rows = {row["reference"]: row for row in preview["rows"]}
        with self.assertRaisesMessage(UserError, "only 5 still available") as caught:
            self._set_quantities(self.green, {self.table: 6})
        message = caught.exception.args[0]
        self.assertEqual((rows["PO-TABLE"]["ok"], rows["PO-TABLE"]["reason"]), (False, message))
        self.assertEqual(rows["PO-TABLE"]["cap_remaining"], 5)
        self.assertTrue(rows["PO-CHAIR"]["ok"])
        self.assertIsNone(rows["PO-CHAIR"]["cap_remaining"])
        # Within the cap the row is recognised.
        preview = campaign._preorder_import(self.customer, [("PO-TABLE", "5")], rules="customer")
        self.assertEqual(preview["refused_count"], 0)
        # The backoffice wizard of a salesperson: marked, not refused.
        self.green.user_id = self.preorder_user  # the rep's customer
        wizard = (
            self.env["preorder.order.import"]
            .with_user(self.preorder_user)
            .create(
                {
                    "campaign_id": self.campaign.id,
                    "partner_id": self.customer.id,
                    "file": base64.b64encode(b"PO-TABLE;6\nPO-CHAIR;2\n"),
                    "filename": "order.csv",
                }
            )
        )
        wizard.action_preview()
        table_line = wizard.line_ids.filtered(lambda line: line.product_id == self.table)
        self.assertEqual((table_line.status, table_line.reason), ("ok", message))
        self.assertEqual((table_line.is_capped, table_line.cap_remaining), (True, 5))
        self.assertEqual(wizard.refused_count, 0)
