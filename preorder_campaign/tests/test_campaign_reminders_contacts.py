from datetime import timedelta

from odoo.fields import Command
from odoo.tests import freeze_time, new_test_user, tagged

from odoo.addons.preorder_campaign.models.preorder_campaign import PreorderCampaign

from .common import PreorderCommon


@tagged("post_install", "-at_install")
class TestCampaignRemindersContacts(PreorderCommon):
    """Reminders go to each ordering contact that may order and did not finalize
    (a branch with its own login is reminded on its own), only for published
    campaigns, once per contact and reminder day, with a link the installed addons
    can open."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.deadline = cls.campaign.date_end  # in 10 days; reminders 7 and 1 days before
        # Both branches of Garden Center Green order with a login of their own.
        for branch in (cls.branch_a, cls.branch_b):
            new_test_user(
                cls.env,
                login=branch.email,
                groups="base.group_portal",
                partner_id=branch.id,
            )

    def _run_cron(self, days_before_deadline):
        with freeze_time(self.deadline - timedelta(days=days_before_deadline)):
            self.env["preorder.campaign"]._cron_send_reminders()

    def _reminders(self, campaign=None):
        return self.env["preorder.campaign.reminder"].search(
            [("campaign_id", "=", (campaign or self.campaign).id)]
        )

    def _mails_to(self, partner):
        return self.env["mail.mail"].search(
            [
                ("model", "=", "preorder.campaign.reminder"),
                ("recipient_ids", "in", partner.ids),
            ]
        )

    def test_unpublished_campaign_sends_nothing(self):
        self.campaign.is_published = False
        self._run_cron(6)
        self.assertFalse(self._reminders())
        self.campaign.is_published = True
        self._run_cron(6)
        self.assertTrue(self._reminders())

    def test_branch_logins_are_reminded_each(self):
        self._run_cron(6)
        self.assertEqual(
            self._reminders().partner_id,
            self.customer | self.customer_gold | self.branch_a | self.branch_b,
        )
        self.assertEqual(len(self._mails_to(self.branch_a)), 1)
        self.assertEqual(len(self._mails_to(self.customer)), 1, "the company at its own address")

    def test_a_branch_finalizing_does_not_silence_the_others(self):
        self._new_preorder(self.branch_a).action_quotation_sent()  # finalized
        self._new_preorder(self.branch_b)  # still being entered
        self._run_cron(6)
        self.assertEqual(
            self._reminders().partner_id, self.customer | self.customer_gold | self.branch_b
        )
        self.assertFalse(self._mails_to(self.branch_a))

    def test_finalized_and_started_again_is_reminded(self):
        self._new_preorder(self.branch_a).action_quotation_sent()
        self._new_preorder(self.branch_a)  # a second order (multiple orders) in progress
        self._run_cron(6)
        self.assertIn(self.branch_a, self._reminders().partner_id)

    def test_contacts_that_may_not_order_are_not_reminded(self):
        # an excluded branch, and a contact whose order predates its exclusion
        self._new_preorder(self.branch_b)
        self.campaign.excluded_partner_ids = self.branch_a | self.branch_b
        self._run_cron(6)
        self.assertEqual(self._reminders().partner_id, self.customer | self.customer_gold)

    def test_contact_without_email_is_not_reminded(self):
        self.branch_a.email = False
        self._run_cron(6)
        self.assertNotIn(self.branch_a, self._reminders().partner_id)

    def test_one_mail_per_contact_per_reminder_day(self):
        self._run_cron(6)
        self._run_cron(5)
        self.assertEqual(len(self._mails_to(self.branch_a)), 1)
        self._run_cron(0.5)
        self._run_cron(0.25)
        self.assertEqual(len(self._mails_to(self.branch_a)), 2)
        branch_days = self._reminders().filtered(lambda r: r.partner_id == self.branch_a)
        self.assertEqual(sorted(branch_days.mapped("days")), [1, 7])

    def test_audience_all_reminds_the_contact_that_started(self):
        self.campaign.audience = "all"
        branch_c = self.env["res.partner"].create(
            {"name": "Green Bruges", "parent_id": self.customer.id, "email": "bruges@example.com"}
        )
        self._new_preorder(branch_c)  # entered by a rep, the branch has no login
        self._run_cron(6)
        self.assertEqual(self._reminders().partner_id, branch_c)

    def test_reminder_partner_lookup_does_not_grow_with_branch_logins(self):
        Partner = self.env["res.partner"]

        def add_customers(count, prefix):
            companies = Partner.create(
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
            branches = Partner.create(
                [
                    {
                        "name": f"{company.name} shop",
                        "parent_id": company.id,
                        "email": f"shop.{company.email}",
                    }
                    for company in companies
                ]
            )
            for branch in branches:
                new_test_user(
                    self.env, login=branch.email, groups="base.group_portal", partner_id=branch.id
                )
                self._new_preorder(branch)

        def count_reminder_partners():
            # warm the caches outside of the count (creating users clears them)
            self.campaign._get_reminder_partners()
            self.env.invalidate_all()
            with self.assertQueryCount(15):
                return len(self.campaign._get_reminder_partners())

        add_customers(2, "Small")
        self.assertEqual(count_reminder_partners(), 4 + 2 * 2)
        add_customers(8, "More")
        self.assertEqual(count_reminder_partners(), 4 + 10 * 2)

    # ------------------------------------------------------------------
    # The link of the mail
    # ------------------------------------------------------------------
    def test_without_the_website_the_link_is_the_portal(self):
        """This addon's own links (called past any override, as without the website):
        the contact's pre-order on the quotation portal, else the portal home."""
        base_url = self.campaign.get_base_url()
        sent = self._new_preorder(self.branch_a)
        sent.action_quotation_sent()
        in_progress = self._new_preorder(self.branch_a)
        finalized_only = self._new_preorder(self.branch_b)
        finalized_only.action_quotation_sent()
        urls = PreorderCampaign._get_reminder_urls(
            self.campaign, self.branch_a | self.branch_b | self.customer
        )
        self.assertEqual(urls[self.branch_a.id], base_url + in_progress.get_portal_url())
        self.assertIn(f"/my/orders/{in_progress.id}?access_token=", urls[self.branch_a.id])
        self.assertEqual(urls[self.branch_b.id], base_url + finalized_only.get_portal_url())
        self.assertEqual(urls[self.customer.id], f"{base_url}/my")

    def test_mail_links_where_the_installed_addons_say(self):
        self._new_preorder(self.branch_a)
        self._run_cron(6)
        for partner in (self.branch_a, self.customer):
            reminder = self._reminders().filtered(lambda r, p=partner: r.partner_id == p)
            self.assertEqual(reminder.campaign_url, self.campaign._get_reminder_url(partner))
            self.assertIn(f'href="{reminder.campaign_url}"', str(self._mails_to(partner).body_html))
