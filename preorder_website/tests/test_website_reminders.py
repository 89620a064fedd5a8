from odoo.tests import tagged

from .common import PreorderWebsiteCommon


@tagged("post_install", "-at_install")
class TestPreorderWebsiteReminders(PreorderWebsiteCommon):
    """With the website, the reminder links to the campaign page, where the
    pre-order is entered, whatever the campaign type."""

    def test_reminder_links_to_the_campaign_page(self):
        self._new_preorder(self.branch_a)
        # the outlet closes in 5 days: its 7-day reminder is due, the pre-order's is not
        self.env["preorder.campaign"]._cron_send_reminders()
        reminders = self.env["preorder.campaign.reminder"].search(
            [("campaign_id", "in", (self.campaign | self.outlet).ids)]
        )
        self.assertEqual(reminders.campaign_id, self.outlet)
        page = f"{self.outlet.get_base_url()}/outlet/{self.outlet.id}"
        self.assertEqual(set(reminders.mapped("campaign_url")), {page})
        mails = self.env["mail.mail"].search([("model", "=", "preorder.campaign.reminder")])
        self.assertTrue(mails)
        for mail in mails:
            self.assertIn(f'href="{page}"', str(mail.body_html))
        self.assertEqual(
            self.campaign._get_reminder_url(self.branch_a),
            self.campaign.get_base_url() + self.campaign.website_url,
        )
