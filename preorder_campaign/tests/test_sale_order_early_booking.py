from datetime import timedelta

from psycopg2.errors import CheckViolation

from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import freeze_time, tagged
from odoo.tools import mute_logger

from .sale_order_common import PreorderOrderCommon

# The save's budget (a quantity change that keeps the tier stays far below it).
QUERIES_SAVE_BUDGET = 30


@tagged("post_install", "-at_install")
class TestSaleOrderEarlyBooking(PreorderOrderCommon):
    """A pre-order finalized at or before the early-booking date keeps 2% more,
    combined with the tier discount as successive discounts; later, nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.early_date = cls.now + timedelta(days=3)
        cls.campaign.write(
            {"early_booking_date": cls.early_date, "early_booking_discount_percent": 2.0}
        )
        cls.order = cls._new_preorder()
        cls.order.user_id = cls.preorder_user

    def _bronze_order(self):
        # 5 tables at 200 = 1000: Bronze, 2%
        self._set_quantities(self.order, {self.table: 5, self.display: 10})
        self.assertEqual(self.order.preorder_discount_percent, 2.0)
        return self.order

    def test_sent_before_the_date_locks_it_in(self):
        order = self._bronze_order()
        self.assertEqual(self._line(order, self.table).discount, 2.0)
        order.with_user(self.preorder_user).action_quotation_sent()
        self.assertEqual(order.preorder_early_booking_percent, 2.0)
        self.assertEqual(order.preorder_discount_percent, 2.0, "the tier is still the tier")
        table_line = self._line(order, self.table)
        # 1 - 0.98 * 0.98: 1000 -> 980 -> 960.40
        self.assertEqual(table_line.discount, 3.96)
        self.assertAlmostEqual(table_line.price_subtotal, 960.4)
        # the shop display earns no discount, neither tier nor early booking
        self.assertEqual(self._line(order, self.display).discount, 0.0)
        self.assertAlmostEqual(order.amount_untaxed, 960.4 + 100.0)

    def test_printed_order_explains_it(self):
        order = self._bronze_order()
        report = "sale.action_report_saleorder"
        html = str(self.env["ir.actions.report"]._render_qweb_html(report, order.ids)[0])
        self.assertNotIn("Early-booking reward", html)
        order.action_quotation_sent()
        html = str(self.env["ir.actions.report"]._render_qweb_html(report, order.ids)[0])
        self.assertIn("Early-booking reward", html)
        self.assertIn("2.00", html)

    def test_confirmed_at_the_date_itself_locks_it_in(self):
        order = self._bronze_order()
        with freeze_time(self.early_date):
            order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.preorder_early_booking_percent, 2.0)
        self.assertEqual(self._line(order, self.table).discount, 3.96)

    def test_finalized_after_the_date_gets_nothing(self):
        order = self._bronze_order()
        with freeze_time(self.early_date + timedelta(seconds=1)):
            order.action_quotation_sent()
        self.assertEqual(order.state, "sent")
        self.assertEqual(order.preorder_early_booking_percent, 0.0)
        self.assertEqual(self._line(order, self.table).discount, 2.0)

    def test_a_rep_cannot_set_or_backdate_it(self):
        order = self._bronze_order()
        with freeze_time(self.early_date + timedelta(days=1)):
            order.action_quotation_sent()
        rep_order = order.with_user(self.preorder_user)
        for context in ({}, {"preorder_early_booking_lock_in": True}):
            with self.assertRaisesMessage(UserError, "early-booking discount is set only"):
                rep_order.with_context(**context).write({"preorder_early_booking_percent": 2.0})
        with self.assertRaisesMessage(UserError, "early-booking discount is set only"):
            order.sudo().write({"preorder_early_booking_percent": 2.0})
        with self.assertRaisesMessage(UserError, "early-booking discount is set only"):
            self.env["sale.order"].with_user(self.preorder_user).create(
                {
                    "partner_id": self.customer_gold.id,
                    "preorder_campaign_id": self.campaign.id,
                    "preorder_early_booking_percent": 2.0,
                }
            )
        with self.assertRaisesMessage(UserError, "early-booking discount is set only"):
            self.env["sale.order"].with_user(self.preorder_user).with_context(
                default_preorder_early_booking_percent=2.0
            ).create({"partner_id": self.customer_gold.id})
        self.assertEqual(order.preorder_early_booking_percent, 0.0)
        self.assertEqual(self._line(order, self.table).discount, 2.0)
        # Writing the value it already has changes nothing and is allowed
        rep_order.write({"preorder_early_booking_percent": 0.0, "note": "checked"})

    def test_kept_when_reopened_and_on_later_quantities(self):
        order = self._bronze_order()
        order.action_quotation_sent()
        with freeze_time(self.early_date + timedelta(days=1)):
            order.action_draft()
            self.assertEqual(order.state, "draft")
            self.assertEqual(order.preorder_early_booking_percent, 2.0)
            # the rep corrects the order after the date: the reward stays
            order.with_user(self.preorder_user)._preorder_set_quantities(
                {self.table: 25}, rules="salesperson"
            )
            self.assertEqual(order.preorder_discount_percent, 5.0)  # Silver now
            # 1 - 0.95 * 0.98
            self.assertEqual(self._line(order, self.table).discount, 6.9)
            # sending again neither removes nor adds anything
            order.action_quotation_sent()
        self.assertEqual(order.preorder_early_booking_percent, 2.0)

    def test_a_save_costs_no_more_with_the_reward_locked_in(self):
        planters = self.env["product.product"].create(
            [
                {
                    "name": f"Planter {index}",
                    "categ_id": self.categ_garden.id,
                    "list_price": 1.0,
                    "type": "consu",
                    "taxes_id": [Command.clear()],
                }
                for index in range(40)
            ]
        )
        order = self._bronze_order()
        self._set_quantities(order, dict.fromkeys(planters, 1))

        def count(quantity):
            for warm_up in (quantity, quantity + 1):
                self._set_quantities(order, {planters[0]: warm_up})
            self.env.flush_all()
            self.env.invalidate_all()
            with self.assertQueryCount(QUERIES_SAVE_BUDGET):
                start = self.cr.sql_log_count
                self._set_quantities(order, {planters[0]: quantity + 2})
                self.env.flush_all()
                return self.cr.sql_log_count - start

        # Both measured on a quotation sent and set back to draft: without, then with
        # the reward (sent again in time with the campaign's percent back).
        percent = self.campaign.early_booking_discount_percent
        self.campaign.early_booking_discount_percent = 0.0
        order.action_quotation_sent()
        order.action_draft()
        without_reward = count(2)
        self.campaign.early_booking_discount_percent = percent
        order.action_quotation_sent()
        order.action_draft()
        self.assertEqual(order.preorder_early_booking_percent, 2.0)
        # no more (the first measure may pay a cache refill of sale_purchase's)
        self.assertLessEqual(count(5), without_reward)
        self.assertEqual(self._line(order, planters[0]).discount, 3.96)

    def test_a_copy_does_not_inherit_it(self):
        order = self._bronze_order()
        order.action_quotation_sent()
        copy = order.copy()
        self.assertEqual(copy.preorder_early_booking_percent, 0.0)

    def test_combined_with_the_override_and_exclusions(self):
        self.campaign.write({"discount_excluded_brand_ids": [Command.set(self.brand_sun.ids)]})
        self._set_quantities(self.order, {self.table: 5, self.parasol: 2})
        self.order.with_user(self.preorder_user).write(
            {"preorder_discount_override": True, "preorder_discount_override_percent": 10.0}
        )
        self.order.action_quotation_sent()
        # the salesperson's 10% replaces the tier, the reward still comes on top
        self.assertEqual(self._line(self.order, self.table).discount, 11.8)
        self.assertEqual(self._line(self.order, self.parasol).discount, 0.0)
        self.order.with_user(self.preorder_user).preorder_discount_override_percent = 0.0
        self.assertEqual(self._line(self.order, self.table).discount, 2.0)

    def test_no_reward_without_percent_or_date(self):
        self.campaign.early_booking_discount_percent = 0.0
        order = self._bronze_order()
        order.action_quotation_sent()
        self.assertEqual(order.preorder_early_booking_percent, 0.0)
        other = self._new_preorder(self.customer_gold)
        self.campaign.write({"early_booking_date": False, "early_booking_discount_percent": 3})
        self._set_quantities(other, {self.table: 5})
        other.action_quotation_sent()
        self.assertEqual(other.preorder_early_booking_percent, 0.0)

    def test_campaign_settings_are_checked(self):
        for vals in (
            {"early_booking_date": self.campaign.date_end},
            {"early_booking_discount_percent": 100.5},
        ):
            with (
                mute_logger("odoo.sql_db"),
                self.assertRaises(CheckViolation),
                self.env.cr.savepoint(),
            ):
                self.campaign.write(vals)
                self.campaign.flush_recordset()

    def test_time_left_while_it_runs(self):
        with freeze_time(self.early_date - timedelta(days=3)):
            self.campaign.invalidate_recordset(["early_booking_time_left"])
            self.assertEqual(self.campaign.early_booking_time_left, "3 days left")
            self.assertTrue(self.campaign._preorder_early_booking_running())
        with freeze_time(self.early_date + timedelta(minutes=1)):
            self.campaign.invalidate_recordset(["early_booking_time_left"])
            self.assertFalse(self.campaign.early_booking_time_left)
            self.assertFalse(self.campaign._preorder_early_booking_running())
