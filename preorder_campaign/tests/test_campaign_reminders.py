from datetime import timedelta

from odoo.fields import Command
from odoo.tests import freeze_time, tagged

from .common import PreorderCommon


@tagged("post_install", "-at_install")
class TestCampaignReminders(PreorderCommon):
    """Customers who did not finalize their pre-order are reminded once per
    reminder day; the responsible gets one activity listing them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # deadline in 10 days; reminders 7 and 1 days before it
        cls.deadline = cls.campaign.date_end
        cls.no_email = cls.env["res.partner"].create(
            {
                "name": "Mailless Garden",
                "is_company": True,
                "category_id": [Command.set(cls.label_vip.ids)],
            }
        )

    def _run_cron(self, days_before_deadline):
        with freeze_time(self.deadline - timedelta(days=days_before_deadline)):
            self.env["preorder.campaign"]._cron_send_reminders()

    def _mails_to(self, partner):
        return self.env["mail.mail"].search(
            [
                ("model", "=", "preorder.campaign.reminder"),
                ("recipient_ids", "in", partner.ids),
            ]
        )

    def _reminded(self):
        return (
            self.env["preorder.campaign.reminder"]
            .search([("campaign_id", "=", self.campaign.id)])
            .partner_id
        )

    def test_nothing_before_the_first_reminder_day(self):
        self._run_cron(8)
        self.assertFalse(self._reminded())
        self.assertFalse(self._mails_to(self.customer))

    def test_reminds_allowed_customers_not_finalized(self):
        self._new_preorder(self.customer_gold)  # started, still draft
        finalized = self._new_preorder(self.branch_a)  # a branch's order, sent
        finalized.action_quotation_sent()
        self._run_cron(6)
        # VIP label: customer, gold (child label); finalizing is per ordering contact,
        # so the branch that finalized is left out, not its company; the partner
        # without email and the outsider are left out too
        self.assertEqual(self._reminded(), self.customer | self.customer_gold)
        mail = self._mails_to(self.customer_gold)
        self.assertEqual(len(mail), 1)
        self.assertIn(self.campaign._get_reminder_url(self.customer_gold), str(mail.body_html))
        self.assertIn(self.campaign.name, mail.subject)
        self.assertFalse(self._mails_to(self.branch_a))
        self.assertFalse(self._mails_to(self.no_email))
        self.assertFalse(self._mails_to(self.outsider))

    def test_customer_without_order_is_reminded(self):
        self._run_cron(6)
        self.assertEqual(self._reminded(), self.customer | self.customer_gold)

    def test_added_and_excluded_customers(self):
        self.campaign.write(
            {
                "partner_ids": [Command.set(self.outsider.ids)],
                "excluded_partner_ids": [Command.set(self.customer_gold.ids)],
            }
        )
        self._run_cron(6)
        self.assertEqual(self._reminded(), self.customer | self.outsider)

    def test_sent_once_even_when_the_cron_runs_twice(self):
        self._run_cron(6)
        self._run_cron(6)
        self._run_cron(5)
        self.assertEqual(len(self._mails_to(self.customer)), 1)
        reminders = self.env["preorder.campaign.reminder"].search(
            [("campaign_id", "=", self.campaign.id), ("partner_id", "=", self.customer.id)]
        )
        self.assertEqual(reminders.mapped("days"), [7])
        # the last day brings the second reminder, once
        self._run_cron(0.5)
        self._run_cron(0.25)
        self.assertEqual(len(self._mails_to(self.customer)), 2)

    def test_late_start_sends_one_mail_for_all_days_due(self):
        self._run_cron(0.5)
        self.assertEqual(len(self._mails_to(self.customer)), 1)
        reminders = self.env["preorder.campaign.reminder"].search(
            [("campaign_id", "=", self.campaign.id), ("partner_id", "=", self.customer.id)]
        )
        self.assertEqual(sorted(reminders.mapped("days")), [1, 7])
        self._run_cron(0.25)
        self.assertEqual(len(self._mails_to(self.customer)), 1)

    def test_responsible_gets_one_activity(self):
        self._run_cron(6)
        activities = self.campaign.activity_ids
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, self.preorder_user)
        self.assertIn(self.customer.name, str(activities.note))
        self.assertIn(self.customer_gold.name, str(activities.note))
        self._run_cron(5)
        self.assertEqual(len(self.campaign.activity_ids), 1, "nothing sent, no new activity")

    def test_audience_all_reminds_only_started_drafts(self):
        self.campaign.audience = "all"
        self._new_preorder(self.outsider)
        self._run_cron(6)
        self.assertEqual(self._reminded(), self.outsider)

    def test_closed_or_not_started_campaign_sends_nothing(self):
        self.campaign.action_close()
        self._run_cron(6)
        self.assertFalse(self._reminded())
        self.campaign.write(
            {
                "state": "open",
                "date_start": self.deadline - timedelta(days=3),
            }
        )
        self._run_cron(6)  # before the start date
        self.assertFalse(self._reminded())

    def test_reminder_in_the_customer_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.customer.lang = "fr_FR"
        self.campaign.with_context(lang="fr_FR").name = "Jardin 2027"
        self._run_cron(6)
        self.assertIn("Jardin 2027", self._mails_to(self.customer).subject)
        self.assertIn("Garden 2027", self._mails_to(self.customer_gold).subject)

    def test_reminder_partner_lookup_does_not_grow_with_customers(self):
        Partner = self.env["res.partner"]

        def add_customers(count, prefix):
            Partner.create(
                [
                    {
                        "name": f"{prefix} {i}",
                        "is_company": True,
                        "email": f"{prefix.lower()}{i}@example.com",
                        "category_id": [Command.set(self.label_vip_gold.ids)],
                    }
                    for i in range(count)
                ]
            )

        def count_reminder_partners():
            self.env.invalidate_all()
            with self.assertQueryCount(14):
                return len(self.campaign._get_reminder_partners())

        add_customers(5, "Small")
        self.campaign._get_reminder_partners()  # warm the caches outside of the count
        self.assertEqual(count_reminder_partners(), 7)
        add_customers(10, "More")
        self.assertEqual(count_reminder_partners(), 17)
