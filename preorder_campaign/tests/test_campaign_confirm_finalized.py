from unittest.mock import call, patch

from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import tagged

from odoo.addons.base.models.ir_cron import IrCron

from .common import PreorderCommon


@tagged("post_install", "-at_install")
class TestCampaignConfirmFinalized(PreorderCommon):
    """Once a campaign is closed, a manager confirms every finalized pre-order
    (quotation sent) in one click; a batch at a time, the same queries per order
    for 20 orders or 200."""

    @classmethod
    def _sent_orders(cls, count):
        """`count` quotations sent, each of its own customer (one pre-order each)."""
        partners = cls.env["res.partner"].create(
            [{"name": f"Garden shop {index}"} for index in range(count)]
        )
        return cls.env["sale.order"].create(
            [
                {
                    "state": "sent",
                    "partner_id": partner.id,
                    "preorder_campaign_id": cls.campaign.id,
                    "order_line": [
                        Command.create({"product_id": cls.table.id, "product_uom_qty": 1})
                    ],
                }
                for partner in partners
            ]
        )

    def test_manager_confirms_the_finalized_orders_of_a_closed_campaign(self):
        sent = self._sent_orders(3)
        draft = self._new_preorder(self.customer_gold)
        campaign = self.campaign.with_user(self.preorder_manager)
        with self.assertRaises(UserError, msg="still open"):
            campaign.action_confirm_finalized_orders()
        campaign.action_close()
        self.assertEqual(campaign.finalized_order_count, 3)
        with self.assertRaises(AccessError):
            self.campaign.with_user(self.preorder_user).action_confirm_finalized_orders()
        self.assertEqual(set(sent.mapped("state")), {"sent"}, "refused: nothing changed")
        campaign.action_confirm_finalized_orders()
        self.assertEqual(set(sent.mapped("state")), {"sale"})
        self.assertEqual(draft.state, "draft", "a pre-order not finalized stays as it is")
        self.assertEqual(campaign.confirmed_order_count, 3)
        self.assertEqual(campaign.finalized_order_count, 0)
        self.assertIn("3 finalized pre-orders confirmed", campaign.message_ids[0].body)

    def test_batches_report_progress_in_a_cron(self):
        sent = self._sent_orders(5)
        self.campaign.action_close()
        campaign = self.campaign.with_context(ir_cron_progress_id=1, preorder_batch_size=2)
        with patch.object(IrCron, "_commit_progress", return_value=float("inf")) as commit:
            self.assertEqual(campaign._preorder_confirm_finalized_orders(), 5)
        self.assertEqual(
            commit.call_args_list,
            [call(2, remaining=3), call(2, remaining=1), call(1, remaining=0)],
        )
        self.assertEqual(set(sent.mapped("state")), {"sale"})

    def test_out_of_time_stops_after_the_batch_and_resumes(self):
        sent = self._sent_orders(5)
        self.campaign.action_close()
        campaign = self.campaign.with_context(ir_cron_progress_id=1, preorder_batch_size=2)
        with patch.object(IrCron, "_commit_progress", return_value=0):
            self.assertEqual(campaign._preorder_confirm_finalized_orders(), 2)
        self.assertEqual(sent.mapped("state").count("sale"), 2)
        with patch.object(IrCron, "_commit_progress", return_value=float("inf")):
            self.assertEqual(campaign._preorder_confirm_finalized_orders(), 3)
        self.assertEqual(set(sent.mapped("state")), {"sale"})

    def test_queries_per_order_do_not_grow_with_the_orders(self):
        """The batching's own queries (search and count) are the same per batch;
        a batch's confirmation (Odoo's, with its stock procurement) costs about
        the same per order for 20 orders or 200: no query that grows with the
        number of orders done before."""
        self.campaign.action_close()
        campaign = self.campaign.with_context(preorder_batch_size=10)
        # warm the caches (sequences, rules, routes) outside of the counts
        self._sent_orders(10)
        campaign._preorder_confirm_finalized_orders()
        SaleOrder = type(self.env["sale.order"])
        action_confirm = SaleOrder.action_confirm

        def measure(count):
            self._sent_orders(count)
            self.env.invalidate_all()
            in_confirm = [0]

            def counted_confirm(orders):
                start = self.cr.sql_log_count
                result = action_confirm(orders)
                orders.env.flush_all()
                in_confirm[0] += self.cr.sql_log_count - start
                return result

            start = self.cr.sql_log_count
            with patch.object(SaleOrder, "action_confirm", counted_confirm):
                self.assertEqual(campaign._preorder_confirm_finalized_orders(), count)
            total = self.cr.sql_log_count - start
            batches = count // 10
            return (total - in_confirm[0]) / batches, in_confirm[0] / count

        own_20, confirm_20 = measure(20)
        own_200, confirm_200 = measure(200)
        self.assertEqual(own_20, own_200, "the batching's queries per batch")
        self.assertEqual(own_200, 2, "one search and one count per batch")
        self.assertLess(abs(confirm_200 - confirm_20), 0.1 * confirm_20, "confirming, per order")

    def test_more_than_a_batch_is_confirmed_in_the_background(self):
        """Hundreds of orders would outlast a request's time limit: the button
        hands them to a scheduled action, which confirms them as the manager who
        asked, in committed batches, and says so when done."""
        sent = self._sent_orders(5)
        self.campaign.action_close()
        campaign = self.campaign.with_user(self.preorder_manager).with_context(
            preorder_batch_size=2
        )
        cron = self.env.ref("preorder_campaign.ir_cron_preorder_confirm_finalized_orders")
        triggers = self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])
        campaign.action_confirm_finalized_orders()
        self.assertEqual(set(sent.mapped("state")), {"sent"}, "nothing confirmed in the request")
        self.assertEqual(campaign.confirm_requested_uid, self.preorder_manager)
        self.assertIn("5 finalized pre-orders will be confirmed", campaign.message_ids[0].body)
        self.assertEqual(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]), triggers + 1
        )
        self.env["preorder.campaign"].with_context(
            preorder_batch_size=2
        )._cron_confirm_finalized_orders()
        self.assertEqual(set(sent.mapped("state")), {"sale"})
        self.assertFalse(campaign.confirm_requested_uid)
        self.assertIn("are confirmed", campaign.message_ids[0].body)
        # Nothing asked any more: the next run does nothing.
        self.env["preorder.campaign"]._cron_confirm_finalized_orders()
        self.assertIn("are confirmed", campaign.message_ids[0].body)

    def test_background_confirmation_cut_off_resumes(self):
        sent = self._sent_orders(5)
        self.campaign.action_close()
        self.campaign.with_user(self.preorder_manager).with_context(
            preorder_batch_size=2
        ).action_confirm_finalized_orders()
        Campaign = self.env["preorder.campaign"].with_context(
            ir_cron_progress_id=1, preorder_batch_size=2
        )
        with patch.object(IrCron, "_commit_progress", return_value=0):
            Campaign._cron_confirm_finalized_orders()
        self.assertEqual(sent.mapped("state").count("sale"), 2, "one batch, then out of time")
        self.assertEqual(self.campaign.confirm_requested_uid, self.preorder_manager)
        with patch.object(IrCron, "_commit_progress", return_value=float("inf")):
            Campaign._cron_confirm_finalized_orders()
        self.assertEqual(set(sent.mapped("state")), {"sale"})
        self.assertFalse(self.campaign.confirm_requested_uid)
