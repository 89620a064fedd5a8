from datetime import timedelta

from odoo.fields import Command
from odoo.tests import freeze_time, tagged

from .common import PreorderCommon


@tagged("post_install", "-at_install")
class TestCampaignRemindersEarlyBooking(PreorderCommon):
    """Before the early-booking date, customers who did not finalize get their own
    reminders, on the campaign's reminder days, with their own mail."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # deadline in 10 days, early booking in 4; reminders 7 and 1 days before each
        cls.early_date = cls.campaign.date_end - timedelta(days=6)
        cls.campaign.write(
            {
                "early_booking_date": cls.early_date,
                "early_booking_discount_percent": 2.0,
                "reminder_days": "7,1",
            }
        )

    def _run_cron(self, days_before_early_date):
        with freeze_time(self.early_date - timedelta(days=days_before_early_date)):
            self.env["preorder.campaign"]._cron_send_reminders()

    def _early_mails_to(self, partner):
        return self.env["mail.mail"].search(
            [
                ("model", "=", "preorder.campaign.reminder"),
                ("recipient_ids", "in", partner.ids),
                ("subject", "ilike", "early-booking"),
            ]
        )

    def _reminders(self, kind):
        return self.env["preorder.campaign.reminder"].search(
            [("campaign_id", "=", self.campaign.id), ("kind", "=", kind)]
        )

    def test_reminds_who_did_not_finalize_before_the_date(self):
        self._new_preorder(self.customer_gold)  # started, still draft
        finalized = self._new_preorder(self.branch_a)
        finalized.action_quotation_sent()
        # 2 days before the early date: its 7-day reminder; the deadline is 8 days away
        self._run_cron(2)
        self.assertEqual(
            self._reminders("early_booking").partner_id, self.customer | self.customer_gold
        )
        self.assertFalse(self._reminders("deadline"))
        mail = self._early_mails_to(self.customer_gold)
        self.assertEqual(len(mail), 1)
        self.assertIn(self.campaign.name, mail.subject)
        self.assertIn("extra <strong>2%</strong>", str(mail.body_html))
        self.assertIn(self.campaign._get_reminder_url(self.customer_gold), str(mail.body_html))
        self.assertFalse(self._early_mails_to(self.branch_a))
        self.assertIn("early-booking date", str(self.campaign.activity_ids.note))

    def test_each_day_once_and_apart_from_the_deadline_reminders(self):
        self._run_cron(2)
        self._run_cron(1.5)
        self.assertEqual(len(self._early_mails_to(self.customer)), 1)
        self._run_cron(0.5)  # the last day: the 1-day reminder, and the deadline's 7-day one
        self.assertEqual(len(self._early_mails_to(self.customer)), 2)
        self.assertEqual(sorted(self._reminders("early_booking").mapped("days")), [1, 1, 7, 7])
        self.assertEqual(self._reminders("deadline").mapped("days"), [7, 7])

    def test_nothing_after_the_date_or_without_reward(self):
        self._run_cron(-0.5)  # the date passed: only the deadline's reminders
        self.assertFalse(self._reminders("early_booking"))
        self.assertTrue(self._reminders("deadline"))
        self.campaign.write(
            {
                "early_booking_discount_percent": 0.0,
                "excluded_partner_ids": [Command.set(self.customer_gold.ids)],
            }
        )
        self._run_cron(0.5)
        self.assertFalse(self._reminders("early_booking"))
