from datetime import timedelta
from unittest.mock import call, patch

from odoo.fields import Command
from odoo.tests import freeze_time, tagged

from odoo.addons.base.models.ir_cron import IrCron

from .common import PreorderCommon


@tagged("post_install", "-at_install")
class TestCampaignReminderBatches(PreorderCommon):
    """The reminder cron mails its customers in committed batches and reports its
    progress (``ir.cron._commit_progress``): a run cut off resumes where it
    stopped, nobody is mailed twice."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.deadline = cls.campaign.date_end
        # with customer and customer_gold: 7 VIP customers to remind
        cls.env["res.partner"].create(
            [
                {
                    "name": f"Garden shop {i}",
                    "is_company": True,
                    "email": f"shop{i}@example.com",
                    "category_id": [Command.set(cls.label_vip.ids)],
                }
                for i in range(5)
            ]
        )
        cls.expected = cls.campaign._get_reminder_partners()

    def _run_cron(self, time_left=float("inf")):
        """Run the cron as Odoo's scheduler does (a progress record in the
        context), in batches of 3; `_commit_progress` (which commits) is replaced
        by a mock returning `time_left`, returned with its calls."""
        campaigns = self.env["preorder.campaign"].with_context(
            ir_cron_progress_id=1, preorder_batch_size=3
        )
        with (
            freeze_time(self.deadline - timedelta(days=6)),
            patch.object(IrCron, "_commit_progress", return_value=time_left) as commit,
        ):
            campaigns._cron_send_reminders()
        return commit

    def _mailed(self):
        return self.env["mail.mail"].search(
            [("model", "=", "preorder.campaign.reminder"), ("res_id", "!=", False)]
        )

    def test_batches_mail_everybody_once_and_report_progress(self):
        self.assertEqual(len(self.expected), 7)
        commit = self._run_cron()
        mails = self._mailed()
        self.assertEqual(len(mails), 7)
        self.assertEqual(mails.recipient_ids, self.expected)
        # 3 + 3 + 1 mails, each batch committed with what is left
        self.assertEqual(
            commit.call_args_list,
            [call(3, remaining=4), call(3, remaining=1), call(1, remaining=0)],
        )
        # one activity for the whole run, not one per batch
        self.assertEqual(len(self.campaign.activity_ids), 1)
        commit = self._run_cron()
        self.assertEqual(len(self._mailed()), 7, "a second run mails nobody again")
        self.assertFalse(commit.called)

    def test_run_out_of_time_resumes_without_mailing_twice(self):
        # the cron's time is up after the first batch: the run stops there
        commit = self._run_cron(time_left=0)
        self.assertEqual(commit.call_args_list, [call(3, remaining=4)])
        first = self._mailed()
        self.assertEqual(len(first), 3)
        # the next run (Odoo reschedules a partially done cron at once) does the rest
        commit = self._run_cron()
        self.assertEqual(commit.call_args_list, [call(3, remaining=1), call(1, remaining=0)])
        mails = self._mailed()
        self.assertEqual(len(mails), 7)
        self.assertEqual(mails.recipient_ids, self.expected)
        self.assertFalse((mails - first).recipient_ids & first.recipient_ids)

    def test_outside_a_cron_nothing_is_committed(self):
        with (
            freeze_time(self.deadline - timedelta(days=6)),
            patch.object(IrCron, "_commit_progress") as commit,
        ):
            self.env["preorder.campaign"].with_context(preorder_batch_size=3)._cron_send_reminders()
        self.assertFalse(commit.called, "a manual run stays in its own transaction")
        self.assertEqual(len(self._mailed()), 7)

    def test_scheduler_commits_each_batch_and_records_progress(self):
        """Through Odoo's scheduler itself (its cursor's commits become savepoints
        in the test): the progress record counts every contact mailed."""
        cron = self.env.ref("preorder_campaign.ir_cron_preorder_send_reminders")
        with (
            freeze_time(self.deadline - timedelta(days=6)),
            patch("odoo.addons.preorder_campaign.models.preorder_campaign.PREORDER_BATCH_SIZE", 3),
            self.enter_registry_test_mode(),
        ):
            cron.method_direct_trigger()
        progress = self.env["ir.cron.progress"].search(
            [("cron_id", "=", cron.id)], order="id desc", limit=1
        )
        self.assertEqual((progress.done, progress.remaining), (7, 0))
        self.assertEqual(self._mailed().recipient_ids, self.expected)
