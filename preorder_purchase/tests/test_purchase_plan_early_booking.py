from datetime import timedelta

from odoo.tests import freeze_time, tagged

from .common import PreorderPurchaseCommon


@tagged("post_install", "-at_install")
class TestPurchasePlanEarlyBooking(PreorderPurchaseCommon):
    """The plan's pre-ordered amount is net of the line discounts: tier and
    early-booking reward included."""

    def test_pre_ordered_amount_is_net_of_the_early_booking_reward(self):
        early_date = self.now + timedelta(days=2)
        self.campaign.write(
            {"early_booking_date": early_date, "early_booking_discount_percent": 2.0}
        )
        # 5 tables at 200 = 1000: Bronze 2%; confirmed in time: 2% more, 960.40
        early = self._preorder(self.customer, {self.table: 5}, confirm=True)
        self.assertEqual(early.preorder_early_booking_percent, 2.0)
        with freeze_time(early_date + timedelta(hours=1)):
            late = self._preorder(self.customer_gold, {self.table: 5}, confirm=True)
        self.assertEqual(late.preorder_early_booking_percent, 0.0)
        self.assertAlmostEqual(early.amount_untaxed, 960.4)
        self.assertAlmostEqual(late.amount_untaxed, 980.0)
        row = self.env["preorder.purchase.plan"].search(
            [("campaign_id", "=", self.campaign.id), ("product_id", "=", self.table.id)]
        )
        self.assertEqual(row.total_qty, 10.0)
        self.assertAlmostEqual(row.sales_amount, 960.4 + 980.0)
        self.assertEqual(row.company_currency_id, self.env.company.currency_id)
