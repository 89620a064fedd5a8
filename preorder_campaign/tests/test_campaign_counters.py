from datetime import timedelta

from odoo.fields import Command
from odoo.tests import tagged

from .common import PreorderCommon


@tagged("post_install", "-at_install")
class TestCampaignCounters(PreorderCommon):
    """Pre-orders made, confirmed sales and their net total, per campaign."""

    @classmethod
    def _new_order_with_lines(cls, partner, campaign=None, qty=1):
        order = cls._new_preorder(partner, campaign)
        order.order_line = [Command.create({"product_id": cls.table.id, "product_uom_qty": qty})]
        return order

    def test_counters_follow_the_order_states(self):
        draft = self._new_order_with_lines(self.customer, qty=1)
        confirmed = self._new_order_with_lines(self.customer_gold, qty=2)
        cancelled = self._new_order_with_lines(self.branch_a, qty=3)
        confirmed.action_confirm()
        cancelled.action_cancel()
        self.assertEqual(self.campaign.order_count, 2, "draft and confirmed, not cancelled")
        self.assertEqual(self.campaign.confirmed_order_count, 1)
        self.assertTrue(confirmed.amount_untaxed)
        self.assertAlmostEqual(self.campaign.amount_confirmed, confirmed.amount_untaxed)
        draft.action_confirm()
        self.assertEqual(self.campaign.confirmed_order_count, 2)
        self.assertAlmostEqual(
            self.campaign.amount_confirmed, draft.amount_untaxed + confirmed.amount_untaxed
        )

    def test_actions_open_the_campaign_orders(self):
        draft = self._new_order_with_lines(self.customer)
        confirmed = self._new_order_with_lines(self.customer_gold)
        cancelled = self._new_order_with_lines(self.branch_a)
        confirmed.action_confirm()
        cancelled.action_cancel()
        SaleOrder = self.env["sale.order"]
        action = self.campaign.action_view_orders()
        # the list matches the counter on the button: cancelled orders left out
        self.assertEqual(SaleOrder.search(action["domain"]), draft | confirmed)
        self.assertEqual(self.campaign.order_count, 2)
        self.assertEqual(action["context"]["default_preorder_campaign_id"], self.campaign.id)
        action = self.campaign.action_view_confirmed_orders()
        self.assertEqual(SaleOrder.search(action["domain"]), confirmed)

    def test_counters_need_no_access_to_the_orders(self):
        self._new_order_with_lines(self.customer).action_confirm()
        campaign = self.campaign.with_user(self.preorder_user)
        self.assertEqual(campaign.order_count, 1)
        self.assertEqual(campaign.confirmed_order_count, 1)

    def test_counters_cost_the_same_for_one_or_many_campaigns(self):
        def make_campaigns(count, prefix):
            campaigns = self.env["preorder.campaign"].create(
                [
                    {
                        "name": f"{prefix} {i}",
                        "code": f"{prefix}{i}",
                        "date_start": self.now - timedelta(days=1),
                        "date_end": self.now + timedelta(days=5),
                        "allow_multiple_orders": True,
                        "product_ids": [Command.set(self.table.ids)],
                    }
                    for i in range(count)
                ]
            )
            campaigns.write({"state": "open"})
            for campaign in campaigns:
                self._new_order_with_lines(self.customer, campaign).action_confirm()
                self._new_order_with_lines(self.customer_gold, campaign)
            return campaigns

        def read_counters(campaigns):
            self.env.invalidate_all()
            with self.assertQueryCount(4):
                for campaign in campaigns:
                    self.assertEqual(campaign.order_count, 2)
                    self.assertEqual(campaign.confirmed_order_count, 1)
                    self.assertTrue(campaign.amount_confirmed)

        one, four = make_campaigns(1, "ONE"), make_campaigns(4, "FOUR")
        self.assertEqual(self.campaign.order_count, 0)  # warms the caches outside of the count
        read_counters(one)
        read_counters(four)
